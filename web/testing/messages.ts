/**
 * The apps' own words in a language, for browser tests that run one flow in
 * several: the same catalogue the screens use, filled in the way `t()` fills
 * it (numbers through Intl, one/other by the locale's plural rules).
 */
import { de } from "../src/i18n/messages/testing/de.ts"
import { en, type Messages } from "../src/i18n/messages/en.ts"
import { es } from "../src/i18n/messages/testing/es.ts"
import { fr } from "../src/i18n/messages/testing/fr.ts"
import { he } from "../src/i18n/messages/testing/he.ts"

export type TestLocale = "en" | "he" | "es" | "de" | "fr"
const CATALOGUES: Record<TestLocale, Partial<Messages>> = { en, he, es, de, fr }

export interface Words {
  (key: keyof Messages, params?: Readonly<Record<string, string | number>>): string
  /** `one` or `other` by the locale's plural rules, filled with `count`. */
  plural(count: number, one: keyof Messages, other: keyof Messages, params?: Readonly<Record<string, string | number>>): string
  readonly locale: TestLocale
}

export const wordsFor = (locale: TestLocale): Words => {
  const catalogue = CATALOGUES[locale]
  const number = new Intl.NumberFormat(locale)
  const words = ((key, params) => {
    const template = catalogue[key] ?? en[key]
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params?.[name]
      return value === undefined ? whole : typeof value === "number" ? number.format(value) : value
    })
  }) as Words
  const rules = new Intl.PluralRules(locale)
  return Object.assign(words, {
    locale,
    plural: (count: number, one: keyof Messages, other: keyof Messages, params = {}) =>
      words(rules.select(count) === "one" ? one : other, { count, ...params }),
  })
}
