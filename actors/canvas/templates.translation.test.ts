import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { TRANSLATED_LANGUAGES } from "../content-language.ts"
import { ElementInput } from "./elements.ts"
import { boardTexts, canvasTemplateIn, CANVAS_TRANSLATIONS } from "./template-translation.ts"
import { canvasKind } from "./index.ts"
import { CANVAS_TEMPLATE_IDS, TEMPLATES } from "./templates.ts"

const decodeElement = Schema.decodeUnknownSync(ElementInput)

/** Board words a language legitimately writes as English does. */
const SAME_WORD: Record<string, readonly string[]> = { he: [], es: [], de: [], fr: ["Pause", "Important"] }

describe("the canvas templates in every language", () => {
  it("lists every template id once, in the list's order", () => {
    expect(TEMPLATES.map((t) => t.id)).toEqual([...CANVAS_TEMPLATE_IDS])
  })

  for (const language of TRANSLATED_LANGUAGES) {
    it(`${language}: every title, purpose and board text is translated, and the layout is the template's`, () => {
      for (const english of TEMPLATES) {
        const translation = CANVAS_TRANSLATIONS[language][english.id]
        const translated = canvasTemplateIn(english.id, language)!
        expect(translated.title, english.id).not.toBe(english.title)
        expect(translated.purpose, english.id).not.toBe(english.purpose)
        const needed = new Set(english.elements.flatMap(boardTexts))
        expect(Object.keys(translation.board).sort(), english.id).toEqual([...needed].sort())
        for (const [text, word] of Object.entries(translation.board)) {
          expect(word.trim().length, `${english.id}: ${text}`).toBeGreaterThan(0)
          if (!SAME_WORD[language]!.includes(text)) expect(word, `${english.id}: ${text}`).not.toBe(text)
        }
        expect(translated.elements.length).toBe(english.elements.length)
        for (const [i, element] of translated.elements.entries()) {
          // A template's connector names its ends by place (`#2`) until applied; checked here with ids in their place.
          const placed = element.kind === "connector" ? { ...element, from: "a", to: "b" } : element
          expect(() => decodeElement(placed), `${english.id} #${i}: within the element's limits`).not.toThrow()
          const { text: _t, label: _l, ...layout } = element as Record<string, unknown>
          const { text: _et, label: _el, ...englishLayout } = english.elements[i] as Record<string, unknown>
          expect(layout, `${english.id} #${i}`).toEqual(englishLayout)
        }
      }
    })
  }

  it("English is the templates as written", () => {
    for (const template of TEMPLATES) expect(canvasTemplateIn(template.id, "en")).toBe(template)
  })
})

describe("a template put on a board", () => {
  const decide = (command: unknown) => {
    const addr = { tenant: "t1", kind: "canvas", id: "c1" }
    const state = canvasKind.initialState(addr)
    let n = 0
    const events = canvasKind.decide(state, Schema.decodeUnknownSync(canvasKind.commandSchema)(command), {
      addr,
      user: { id: "u1", tenant: "t1", roles: ["facilitator"] },
      now: 1,
      commandId: "c",
      newId: () => `e${++n}`,
    })
    if (!Array.isArray(events)) throw new Error(`refused: ${JSON.stringify(events)}`)
    return events.find((event) => event.type === "templateApplied")!
  }
  const words = (applied: ReturnType<typeof decide>): string[] =>
    applied.type === "templateApplied" ? applied.elements.flatMap((placed: { readonly element: ElementInput }) => boardTexts(placed.element)) : []

  it("writes its words in the language the command names, and in English without one", () => {
    const french = words(decide({ type: "create", title: "Météo", privacy: "shared", templateId: "check-in-weather", language: "fr" }))
    const english = words(decide({ type: "create", title: "Weather", privacy: "shared", templateId: "check-in-weather" }))
    expect(french).toEqual(canvasTemplateIn("check-in-weather", "fr")!.elements.flatMap(boardTexts))
    expect(english).toEqual(TEMPLATES.find((t) => t.id === "check-in-weather")!.elements.flatMap(boardTexts))
    expect(french).not.toEqual(english)
  })

  it("refuses a language Studio has no templates in", () => {
    expect(() =>
      Schema.decodeUnknownSync(canvasKind.commandSchema)({ type: "applyTemplate", templateId: "check-in-weather", language: "ja" }),
    ).toThrow()
  })
})
