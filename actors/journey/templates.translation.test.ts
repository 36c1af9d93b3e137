import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { TRANSLATED_LANGUAGES } from "../content-language.ts"
import { Plan } from "./activity.ts"
import { PHASES } from "./phases.ts"
import { activityTexts, journeyTemplateIn, TEMPLATE_TRANSLATIONS } from "./template-translation.ts"
import { JOURNEY_TEMPLATE_IDS, JOURNEY_TEMPLATES } from "./templates.ts"

const decodePlan = Schema.decodeUnknownSync(Plan)
const strings = (texts: object): string[] => Object.values(texts).flatMap((value) => (Array.isArray(value) ? value : [value]))

describe("the journey templates in every language", () => {
  it("lists every template id once, in the list's order", () => {
    expect(JOURNEY_TEMPLATES.map((t) => t.templateId)).toEqual([...JOURNEY_TEMPLATE_IDS])
  })

  for (const language of TRANSLATED_LANGUAGES) {
    it(`${language}: every activity has each text its English has, translated, and the plan stays valid`, () => {
      for (const english of JOURNEY_TEMPLATES) {
        const translation = TEMPLATE_TRANSLATIONS[language][english.templateId]
        const translated = journeyTemplateIn(english.templateId, language)!
        expect(translated.title, english.templateId).not.toBe(english.title)
        expect(translated.description, english.templateId).not.toBe(english.description)
        expect(() => decodePlan(translated.plan), english.templateId).not.toThrow()
        for (const phase of PHASES) {
          const where = `${english.templateId} ${phase}`
          expect(translation[phase].length, where).toBe(english.plan[phase].length)
          for (const [i, activity] of english.plan[phase].entries()) {
            const wanted = activityTexts(activity)
            const given = translation[phase][i]!
            // The same texts, as many options and room names: nothing missing, nothing the activity would not show.
            expect(Object.keys(given).sort(), `${where} #${i}`).toEqual(Object.keys(wanted).sort())
            expect(strings(given).length, `${where} #${i}`).toBe(strings(wanted).length)
            for (const text of strings(given)) expect(text.trim().length, `${where} #${i}`).toBeGreaterThan(0)
            expect(given.title, where).not.toBe(wanted.title)
            if (wanted.prompt) expect(given.prompt, where).not.toBe(wanted.prompt)
            if (wanted.question) expect(given.question, where).not.toBe(wanted.question)
            // Settings are the template's own, whatever the language.
            const { title: _t, prompt: _p, question: _q, options: _o, names: _n, ...settings } = translated.plan[phase][i] as Record<string, unknown>
            const { title: _et, prompt: _ep, question: _eq, options: _eo, names: _en, ...englishSettings } = activity as Record<string, unknown>
            expect(settings, where).toEqual(englishSettings)
          }
        }
      }
    })
  }

  it("English is the templates as written", () => {
    for (const template of JOURNEY_TEMPLATES) expect(journeyTemplateIn(template.templateId, "en")).toBe(template)
    expect(journeyTemplateIn("no-such-template", "fr")).toBeUndefined()
  })
})
