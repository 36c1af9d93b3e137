/**
 * Canvases outside a live session, in the console: the empty list says what
 * to do (another organization's admin, who has none), "New canvas" makes one from a template and opens it with the
 * template's elements on it, and back on the list it is there (once the
 * read model has it) and opens again. The list passes an axe scan.
 */
import { describe, expect, it } from "vitest"
import { boardTexts, canvasTemplateIn } from "../../actors/canvas/template-translation.ts"
import { seriousViolations } from "../testing/axe.ts"
import { LAPTOP, newContext, screenshot } from "../testing/browser.ts"
import { boardOutline, openedCanvas } from "../testing/canvas.ts"
import { browserTestEnvironment } from "../testing/e2e.ts"
import { DEMO_PASSWORD } from "../testing/node.ts"

const e2e = browserTestEnvironment({ webgl: true })

const TEMPLATE = canvasTemplateIn("stop-start-continue", "en")!
const TITLE = "Offsite follow-up"

const signedIn = async (email: string) => {
  const page = await (await newContext(e2e.browser, LAPTOP)).newPage()
  await page.goto(e2e.node.url)
  await page.getByLabel("Email").fill(email)
  await page.getByLabel("Password").fill(DEMO_PASSWORD)
  await page.getByRole("button", { name: "Sign in", exact: true }).click()
  await page.getByRole("button", { name: "Sign out" }).waitFor()
  return page
}

describe.skipIf(e2e.missing)("the console's canvases", () => {
  it("creates a canvas from a template, opens it with the template's elements, lists it and opens it again", async () => {
    // Nothing yet (an organization with no canvases): the empty list says how to start, and offers it.
    const empty = await signedIn("admin@other.example")
    await empty.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Canvases" }).click()
    await empty.getByText("No canvases yet.").waitFor()
    await empty.getByRole("button", { name: "Create your first canvas" }).waitFor()
    await screenshot(empty, "console-canvases-empty")
    expect(await seriousViolations(empty)).toEqual([])
    await empty.context().close()

    const page = await signedIn("facilitator@demo.example")
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Canvases" }).click()
    await page.getByRole("heading", { level: 1, name: "Canvases" }).waitFor()

    // New canvas from a template: its title fills in until one is typed; then it opens.
    await page.getByRole("button", { name: "New canvas" }).click()
    const dialog = page.getByRole("dialog", { name: "New canvas" })
    await dialog.getByRole("radio", { name: new RegExp(`^${TEMPLATE.title}`) }).check()
    expect(await dialog.getByLabel("Title").inputValue()).toBe(TEMPLATE.title)
    await dialog.getByLabel("Title").fill(TITLE)
    await screenshot(page, "console-canvases-new")
    await dialog.getByRole("button", { name: "Create and open" }).click()
    await expect.poll(() => page.url()).toMatch(/\/canvases\/c-[A-Za-z0-9_-]{16}$/)
    const address = new URL(page.url()).pathname

    await openedCanvas(page)
    const texts = TEMPLATE.elements.flatMap(boardTexts)
    await expect.poll(async () => (await boardOutline(page)).length, { timeout: 15_000 }).toBe(TEMPLATE.elements.length)
    const outline = await boardOutline(page)
    for (const text of texts) expect(outline).toContain(`Text: ${text}`)
    expect(await page.locator(".board-title").innerText()).toBe(TITLE)
    await screenshot(page, "console-canvases-canvas")

    // Back on the list: there once the read model has caught up (the list looks again by itself).
    await page.getByRole("link", { name: "All canvases" }).click()
    const row = page.locator(".canvas-row", { hasText: TITLE })
    await row.waitFor({ timeout: 15_000 })
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toContain(`${TEMPLATE.elements.length} elements`)
    expect(await row.innerText()).toContain("Private")
    await screenshot(page, "console-canvases")
    expect(await seriousViolations(page)).toEqual([])

    // And it opens again, as it was left, with the library's cards to put on it.
    await row.getByRole("link", { name: TITLE }).click()
    await expect.poll(() => new URL(page.url()).pathname).toBe(address)
    await openedCanvas(page)
    await expect.poll(async () => (await boardOutline(page)).length, { timeout: 15_000 }).toBe(TEMPLATE.elements.length)
    await page.getByRole("button", { name: "Cards", exact: true }).click()
    const card = page.locator(".board-cards li").first()
    const word = await card.locator(".board-card-word").innerText()
    const question = await card.locator(".board-card-question").innerText()
    await card.getByRole("button", { name: `Add the card ${word}` }).click()
    // A screen reader hears the card's question with its word, as the face shows both.
    await expect.poll(() => boardOutline(page)).toContain(`Card: ${word}. ${question}`)
    await page.context().close()
  })
})
