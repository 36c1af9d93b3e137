/**
 * The coach panel in the console, against a real node (the extractive coach,
 * retrieval in the read-side worker): a question's answer streams in as
 * Server-Sent Events, its citations are links, a cited card opens beside the
 * answer, and "Helpful" is recorded.
 */
import { describe, expect, it } from "vitest"
import { LAPTOP, newContext, screenshot } from "../testing/browser.ts"
import { browserTestEnvironment } from "../testing/e2e.ts"
import { DEMO_PASSWORD } from "../testing/node.ts"

const e2e = browserTestEnvironment()

describe.skipIf(e2e.missing)("the coach panel", () => {
  it("streams an answer with working citations: a cited card opens, and feedback is kept", async () => {
    const page = await (await newContext(e2e.browser, LAPTOP)).newPage()
    await page.goto(e2e.node.url)
    await page.getByLabel("Email").fill("facilitator@demo.example")
    await page.getByLabel("Password").fill(DEMO_PASSWORD)
    await page.getByRole("button", { name: "Sign in", exact: true }).click()
    await page.getByRole("button", { name: "Sign out" }).waitFor()

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Coach" }).click()
    await page.getByRole("heading", { level: 2, name: "Ask the coach" }).waitFor()
    await page.getByLabel("Your question").fill("Where do I go when I need rest and to feel safe?")
    const answered = page.waitForResponse((response) => response.url().endsWith("/api/coach/ask"))
    await page.getByRole("button", { name: "Ask", exact: true }).click()
    const response = await answered
    expect(response.headers()["content-type"]).toContain("text/event-stream")

    // Done when the feedback buttons show; the answer's sentences cite cards as links.
    await page.getByRole("button", { name: "Helpful", exact: true }).waitFor({ timeout: 30_000 })
    const cardLinks = page.locator(".coach-sources a.coach-citation[data-ref^='card:']")
    expect(await cardLinks.count()).toBeGreaterThan(0)
    expect(await page.locator(".coach-answer-text a.coach-citation").count()).toBeGreaterThan(0)
    const first = cardLinks.first()
    const label = ((await first.textContent()) ?? "").replace(/^\d+\.\s*/, "")
    expect(await page.locator(".coach-answer-text").textContent()).toContain(label)

    await first.click()
    const card = page.getByRole("complementary", { name: "Cited card" })
    await card.getByRole("heading", { level: 3, name: label }).waitFor()
    expect(await card.locator(".coach-card-question").textContent()).toMatch(/\?$/)
    await card.getByRole("link", { name: "Open the library" }).waitFor()

    await page.getByRole("button", { name: "Helpful", exact: true }).click()
    await page.getByText("Thank you, noted.").waitFor()
    expect(await page.getByRole("button", { name: "Helpful", exact: true }).getAttribute("aria-pressed")).toBe("true")
    await screenshot(page, "console-coach")
    await page.context().close()
  })
})
