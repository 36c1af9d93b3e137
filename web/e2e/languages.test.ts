/**
 * Spanish, German and French, as a browser set to each language meets them:
 * the participant's join page on a phone and the console's sign-in and
 * sessions pages come up in that language (the browser's by default),
 * without sideways scrolling, with no serious or critical axe violation,
 * the built-in content (journey templates, the sample deck in the library)
 * comes in that language too, and the choice made on the picker is kept.
 * English and Hebrew run the whole session in whole-session.test.ts.
 */
import { describe, expect, it } from "vitest"
import { builtInCardTexts } from "../../actors/cards/sample-deck/localized.ts"
import { journeyTemplateIn } from "../../actors/journey/template-translation.ts"
import { browserTestEnvironment } from "../testing/e2e.ts"
import { seriousViolations } from "../testing/axe.ts"
import { LAPTOP, newContext, PHONE } from "../testing/browser.ts"
import { wordsFor, type TestLocale } from "../testing/messages.ts"
import { DEMO_PASSWORD } from "../testing/node.ts"

const e2e = browserTestEnvironment()
const missing = e2e.missing

const BROWSER_LOCALE = { es: "es-ES", de: "de-DE", fr: "fr-FR" } as const

describe.skipIf(missing)("languages", () => {
  for (const locale of Object.keys(BROWSER_LOCALE) as Array<keyof typeof BROWSER_LOCALE>) {
    it(`${locale}: the join page and the console speak it, fit, and pass axe`, async () => {
      const w = wordsFor(locale as TestLocale)
      const phone = await (await newContext(e2e.browser, PHONE, BROWSER_LOCALE[locale])).newPage()
      await phone.goto(`${e2e.node.url}/join`)
      await expect.poll(() => phone.locator("h1").innerText()).toBe(w("join.title"))
      expect(await phone.evaluate(() => document.documentElement.lang)).toBe(locale)
      expect(await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth), "no sideways scrolling").toBe(false)
      expect(await seriousViolations(phone), "axe on the join page").toEqual([])

      const laptop = await (await newContext(e2e.browser, LAPTOP, BROWSER_LOCALE[locale])).newPage()
      await laptop.goto(e2e.node.url)
      await laptop.getByLabel(w("console.signIn.email")).fill("facilitator@demo.example")
      await laptop.getByLabel(w("console.signIn.password")).fill(DEMO_PASSWORD)
      await laptop.getByRole("button", { name: w("console.signIn.submit"), exact: true }).click()
      await expect.poll(() => laptop.locator("body").innerText()).toContain(w("console.home.title"))
      await laptop
        .getByRole("button", { name: w("console.home.startOf", { title: journeyTemplateIn("first-meeting", locale)!.title }) })
        .first()
        .waitFor()
      expect(await seriousViolations(laptop), "axe on the sessions page").toEqual([])
      await laptop.goto(`${e2e.node.url}/library`)
      // The library's first page lists 64 pictures: on a machine with two busy neighbours that has taken over 30 s to appear.
      await laptop
        .locator(".library-grid")
        .getByText(builtInCardTexts("studio-sample", "sample-01", locale)!.word, { exact: true })
        .first()
        .waitFor({ timeout: 90_000 })

      // Switched on the picker, the language stays after a reload.
      await phone.getByLabel(w("language.label")).selectOption("en")
      await expect.poll(() => phone.locator("h1").innerText()).toBe(wordsFor("en")("join.title"))
      await phone.reload()
      await expect.poll(() => phone.locator("h1").innerText()).toBe(wordsFor("en")("join.title"))
      await phone.context().close()
      await laptop.context().close()
    }, 180_000)
  }
})
