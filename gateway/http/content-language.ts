/**
 * Which language a request reads Studio's built-in content in (sample decks,
 * journey and canvas templates): `?lang=` when Studio has that language,
 * else the first language of Accept-Language it has, else English. A
 * language Studio lacks degrades to the next choice; a `lang` that is not a
 * language tag at all is a 400 naming it, before anything is read.
 *
 * The client sends the UI's chosen language as Accept-Language on every
 * request (web/src/client/api.ts), so switching language in the app changes
 * the content with it, whatever the browser's own header says.
 */
import { Schema } from "effect"
import { LANGUAGE_TAG_PATTERN, negotiateLanguage, type ContentLanguage } from "../../actors/content-language.ts"

export const LanguageTag = Schema.String.check(
  Schema.isPattern(LANGUAGE_TAG_PATTERN, { message: "must be a language tag such as en, he, es, de or fr" }),
).annotate({ description: "the language to read built-in content in (en, he, es, de, fr); overrides Accept-Language; others fall back to English" })

/** The query string of a route that answers in the caller's language. */
export const LanguageQuery = Schema.Struct({ lang: Schema.optionalKey(LanguageTag) })
export type LanguageQuery = typeof LanguageQuery.Type

export const requestLanguage = (input: { readonly query: LanguageQuery; readonly header: (name: string) => string | undefined }): ContentLanguage =>
  negotiateLanguage(input.query.lang, input.header("accept-language"))
