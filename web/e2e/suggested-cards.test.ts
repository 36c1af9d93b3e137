/**
 * The live room's "Suggested for this moment": on a node without a trained
 * model it says content similarity ranks the cards, lists cards with a
 * reason each, and follows the session into its next phase.
 */
import { describe, expect, it } from "vitest"
import { LAPTOP, newContext, screenshot } from "../testing/browser.ts"
import { browserTestEnvironment } from "../testing/e2e.ts"
import { DEMO_PASSWORD } from "../testing/node.ts"

const e2e = browserTestEnvironment()

const api = async (method: string, path: string, body?: unknown, token?: string) => {
  const response = await fetch(`${e2e.node.url}${path}`, {
    method, headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return (await response.json()) as any
}

describe.skipIf(e2e.missing)("suggested cards in the live room", () => {
  it("lists cards for this moment with their reasons, by content similarity without a model", async () => {
    const token = (await api("POST", "/api/auth/login", { email: "facilitator@demo.example", password: DEMO_PASSWORD })).token as string
    const session = await api("POST", "/api/sessions", { title: "Suggestions in the room" }, token)
    const sessionId = (session.addr as string).slice("session/".length)
    await api("POST", `/api/sessions/${sessionId}/decks`, {}, token)

    const page = await (await newContext(e2e.browser, LAPTOP)).newPage()
    await page.goto(e2e.node.url)
    await page.getByLabel("Email").fill("facilitator@demo.example")
    await page.getByLabel("Password").fill(DEMO_PASSWORD)
    await page.getByRole("button", { name: "Sign in", exact: true }).click()
    await page.getByRole("button", { name: "Sign out" }).waitFor()
    await page.goto(`${e2e.node.url}/sessions/${sessionId}`)

    const panel = page.getByTestId("suggested-cards")
    await panel.getByRole("heading", { name: "Suggested for this moment" }).waitFor()
    await panel.getByTestId("suggested-method").waitFor()
    expect(await panel.getByTestId("suggested-method").innerText()).toMatch(/content similarity/)
    await expect.poll(() => panel.locator("li").count(), { timeout: 15_000 }).toBe(5)

    await api("POST", `/api/actors/session/${sessionId}/commands`, { id: "advance-1", cmd: { type: "advancePhase" } }, token)
    await expect.poll(() => panel.locator("li").allInnerTexts(), { timeout: 15_000 }).toEqual(expect.arrayContaining([expect.stringMatching(/suits the Pause phase|close to this session's themes/)]))
    await panel.locator("li").last().scrollIntoViewIfNeeded()
    await screenshot(page, "console-live-suggested-cards")
    await page.context().close()
  }, 120_000)
})
