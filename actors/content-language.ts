/**
 * The languages Studio's built-in content (sample decks, journey templates,
 * canvas templates) is written in, and how a request chooses one. Plain
 * values, no schemas: the web client imports the types too.
 *
 * English is the source: every other language translates it, and a reader
 * falls back to English text by text when a translation lacks one.
 */

export const CONTENT_LANGUAGES = ["en", "he", "es", "de", "fr"] as const
export type ContentLanguage = (typeof CONTENT_LANGUAGES)[number]
export type TranslatedLanguage = Exclude<ContentLanguage, "en">
export const TRANSLATED_LANGUAGES: readonly TranslatedLanguage[] = ["he", "es", "de", "fr"]

/** What a `?lang=` value must look like (a BCP 47 tag, loosely): anything else is a bad request, not a fallback. */
export const LANGUAGE_TAG_PATTERN = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8}){0,4}$/

export const isContentLanguage = (value: unknown): value is ContentLanguage => CONTENT_LANGUAGES.includes(value as ContentLanguage)

/** The content language a tag names (`fr-CA` is French; `iw` is the old code for Hebrew), or undefined when Studio has none. */
export const contentLanguageOf = (tag: string): ContentLanguage | undefined => {
  const base = tag.trim().toLowerCase().split("-")[0]
  if (base === "iw") return "he"
  return isContentLanguage(base) ? base : undefined
}

/** The tags of an Accept-Language header, most wanted first (by `q`, then by order); `q=0` and `*` are left out. */
export const acceptedTags = (header: string): string[] =>
  header
    .split(",")
    .map((part, order) => {
      const [tag = "", ...params] = part.split(";").map((piece) => piece.trim())
      const q = params.find((param) => /^q=/i.test(param))
      const weight = q === undefined ? 1 : Number(q.slice(2))
      return { tag, weight: Number.isFinite(weight) ? weight : 0, order }
    })
    .filter(({ tag, weight }) => tag !== "" && tag !== "*" && weight > 0)
    .sort((a, b) => b.weight - a.weight || a.order - b.order)
    .map(({ tag }) => tag)

/**
 * The language to answer in: an explicit `?lang=` when Studio has it, else
 * the first language of Accept-Language that Studio has, else English. An
 * unsupported language degrades to the next choice rather than failing: the
 * reader still gets the content, in English at worst.
 */
export const negotiateLanguage = (explicit: string | undefined, acceptLanguage: string | undefined): ContentLanguage => {
  const chosen = explicit === undefined ? undefined : contentLanguageOf(explicit)
  if (chosen) return chosen
  for (const tag of acceptedTags(acceptLanguage ?? "")) {
    const language = contentLanguageOf(tag)
    if (language) return language
  }
  return "en"
}
