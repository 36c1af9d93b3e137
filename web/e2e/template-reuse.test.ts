/**
 * Starting the same template twice from the console (its own button under
 * "Journey templates") runs two sessions through one journey, the
 * facilitator's untouched copy of the template, instead of filling the
 * journeys list with copies.
 */
import { describe, expect, it } from "vitest"
import { browserTestEnvironment } from "../testing/e2e.ts"
import { LAPTOP, newContext } from "../testing/browser.ts"
import { DEMO_PASSWORD } from "../testing/node.ts"

const e2e = browserTestEnvironment()
const missing = e2e.missing

const TITLE = "Team retrospective"

describe.skipIf(missing)("starting a template again", () => {
  it("reuses the facilitator's untouched copy of the template for the second session", async () => {
    const { token } = (await (
      await fetch(`${e2e.node.url}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "facilitator@demo.example", password: DEMO_PASSWORD }),
      })
    ).json()) as { token: string }
    const copies = async () => {
      const listed = (await (
        await fetch(`${e2e.node.url}/api/journeys?q=${encodeURIComponent(TITLE)}`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as { items: Array<{ id: string; title: string }> }
      return listed.items.filter((j) => j.title === TITLE).map((j) => j.id)
    }

    const page = await (await newContext(e2e.browser, LAPTOP)).newPage()
    await page.goto(e2e.node.url)
    await page.getByLabel("Email").fill("facilitator@demo.example")
    await page.getByLabel("Password").fill(DEMO_PASSWORD)
    await page.getByRole("button", { name: "Sign in", exact: true }).click()

    const start = async () => {
      // The template's own button: the last list (the facilitator's journeys, when there are any, come first).
      await page
        .locator("ul.template-grid")
        .last()
        .getByRole("button", { name: `Start session: ${TITLE}` })
        .click()
      await expect.poll(() => page.url()).toMatch(/\/sessions\/[^/]+$/)
      return new URL(page.url()).pathname
    }
    const first = await start()
    // The read model shows the new journey within a moment; a facilitator coming back later always finds it.
    await expect.poll(copies).toHaveLength(1)
    await page.getByRole("link", { name: "Sessions" }).first().click()
    const second = await start()
    expect(second).not.toBe(first)
    // Once the read side shows both sessions it has applied everything before them (projections move as one group), journeys included.
    const sessions = async () => {
      const listed = (await (await fetch(`${e2e.node.url}/api/sessions`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
        items: Array<{ title: string }>
      }
      return listed.items.filter((s) => s.title === TITLE).length
    }
    await expect.poll(sessions).toBe(2)
    expect(await copies()).toHaveLength(1)
    await page.context().close()
  })
})
