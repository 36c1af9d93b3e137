/**
 * The canvas templates in the reader's language: the title, the purpose, and
 * the words the template writes on the board (headings, labels, sticky
 * notes, connector labels), each keyed by its English text. Keyed by
 * template id, so a template missing from a language is a type error; a
 * board text missing inside one fails templates.translation.test.ts and
 * stays English meanwhile. Positions, colours and shapes never change.
 *
 * Applying a template copies its elements into the canvas's event, so a
 * board keeps the words it was made with whatever language reads it later.
 */
import type { ContentLanguage, TranslatedLanguage } from "../content-language.ts"
import type { ElementInput } from "./elements.ts"
import { TEMPLATES, type CanvasTemplateId, type Template } from "./templates.ts"
import { DE } from "./templates.de.ts"
import { ES } from "./templates.es.ts"
import { FR } from "./templates.fr.ts"
import { HE } from "./templates.he.ts"

export interface CanvasTemplateTranslation {
  readonly title: string
  readonly purpose: string
  /** English board text -> this language's. */
  readonly board: Readonly<Record<string, string>>
}

export type CanvasTemplateTranslations = Readonly<Record<CanvasTemplateId, CanvasTemplateTranslation>>

export const CANVAS_TRANSLATIONS: Readonly<Record<TranslatedLanguage, CanvasTemplateTranslations>> = { he: HE, es: ES, de: DE, fr: FR }

/** The words an element writes on the board, where it writes any: what a translation's `board` must cover. */
export const boardTexts = (element: ElementInput): string[] => {
  const texts: string[] = []
  if ("text" in element && typeof element.text === "string") texts.push(element.text)
  if ("label" in element && typeof element.label === "string") texts.push(element.label)
  // Empty notes and bare numbers ("1.") read the same in every language.
  return texts.filter((text) => /\p{L}/u.test(text))
}

const translateElement = (element: ElementInput, board: Readonly<Record<string, string>>): ElementInput => {
  const translated = (text: string) => board[text] || text
  let next = element
  if ("text" in next && typeof next.text === "string") next = { ...next, text: translated(next.text) } as ElementInput
  if ("label" in next && typeof next.label === "string") next = { ...next, label: translated(next.label) } as ElementInput
  return next
}

/** A template as a reader of `language` sees and applies it (English when the language is English or a text is missing). */
export const translateCanvasTemplate = (template: Template, language: ContentLanguage): Template => {
  if (language === "en") return template
  const translation = CANVAS_TRANSLATIONS[language][template.id]
  return {
    ...template,
    title: translation.title || template.title,
    purpose: translation.purpose || template.purpose,
    elements: template.elements.map((element) => translateElement(element, translation.board)),
  }
}

/** Every canvas template in `language`, in the English list's order. */
export const canvasTemplatesIn = (language: ContentLanguage): readonly Template[] =>
  TEMPLATES.map((template) => translateCanvasTemplate(template, language))

/** One canvas template in `language`, or undefined when there is none by that id. */
export const canvasTemplateIn = (id: string, language: ContentLanguage): Template | undefined => {
  const template = TEMPLATES.find((t) => t.id === id)
  return template && translateCanvasTemplate(template, language)
}
