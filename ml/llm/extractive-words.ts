/**
 * The extractive coach's framing words, our own, in the UI's five languages.
 * Each frame holds exactly one source, so each sentence carries its citation.
 */
export interface ExtractiveFrames {
  readonly card: (word: string, question: string) => string
  readonly entry: (title: string, excerpt: string) => string
}

const frames: Record<string, ExtractiveFrames> = {
  en: { card: (w, q) => `The card “${w}” asks: ${q}`, entry: (t, e) => `In “${t}” you wrote: “${e}”` },
  he: { card: (w, q) => `הקלף „${w}” שואל: ${q}`, entry: (t, e) => `ב„${t}” כתבת: „${e}”` },
  es: { card: (w, q) => `La carta «${w}» pregunta: ${q}`, entry: (t, e) => `En «${t}» escribiste: «${e}»` },
  de: { card: (w, q) => `Die Karte „${w}“ fragt: ${q}`, entry: (t, e) => `In „${t}“ hast du geschrieben: „${e}“` },
  fr: { card: (w, q) => `La carte « ${w} » demande : ${q}`, entry: (t, e) => `Dans « ${t} », tu as écrit : « ${e} »` },
}

/** The frames for a BCP 47 tag, by its primary language; English when there are none. */
export const extractiveFrames = (language: string): ExtractiveFrames => frames[language.toLowerCase().split("-")[0] ?? "en"] ?? frames["en"]!
