/**
 * The coach panel in the console, against a real node (the extractive coach,
 * retrieval in the read-side worker): a question's answer streams in as
 * Server-Sent Events, its citations are links, a cited card opens beside the
 * answer, and "Helpful" is recorded. A journal entry reaches the coach
 * only after its writer lets the AI coach use it, and then its citation
 * opens the entry.
 */
import { describe, expect, it } from "vitest"
import { LAPTOP, newContext, screenshot } from "../testing/browser.ts"
import { browserTestEnvironment, facilitatorSignedIn } from "../testing/e2e.ts"
import { DEMO_PASSWORD } from "../testing/node.ts"

const e2e = browserTestEnvironment()

describe.skipIf(e2e.missing)("the coach panel", () => {
  it("streams an answer with working citations: a cited card opens, and feedback is kept", async () => {
    const page = await facilitatorSignedIn(e2e)
    // The coach reads the card library, which the read side builds after the node starts (slowly on a busy machine).
    const token = (JSON.parse(String(await page.evaluate('sessionStorage.getItem("studio.session.v1")'))) as { token: string }).token
    const libraryBuilt = async () =>
      ((await (await fetch(`${e2e.node.url}/api/cards?limit=1`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items?: unknown[] })
        .items?.length ?? 0
    await expect.poll(libraryBuilt, { timeout: 90_000 }).toBeGreaterThan(0)

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
    await expect.poll(() => cardLinks.count()).toBeGreaterThan(0)
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

  it("an entry is cited only once its writer lets the AI coach use it, and its citation opens the entry", async () => {
    const page = await (await newContext(e2e.browser, LAPTOP)).newPage()
    await page.goto(`${e2e.node.url}/journal`)
    await page.getByLabel("Email").fill("facilitator@demo.example")
    await page.getByLabel("Password").fill(DEMO_PASSWORD)
    await page.getByRole("button", { name: "Sign in" }).click()
    await expect.poll(() => page.locator(".journal-sync-state").innerText()).toContain("Synced")
    await page.getByRole("link", { name: "New entry" }).click()
    await page.getByLabel("Title").fill("Lighthouse mornings")
    await page.getByLabel("What's on your mind").fill("Every lighthouse morning I sprint between meetings and forget to breathe.")
    await page.getByRole("button", { name: "Save entry" }).click()
    // "Synced" showed before the save too, so it is no sign of it; the saved entry's own page says so.
    await page.getByText("Saved on this device").waitFor()
    expect(page.url()).toContain("/journal/entry/")
    await expect.poll(() => page.locator(".journal-sync-state").innerText()).toContain("Synced")
    const entryUrl = page.url()

    const ask = async () => {
      await page.goto(`${e2e.node.url}/coach`)
      if (await page.getByLabel("Password").isVisible()) {
        await page.getByLabel("Email").fill("facilitator@demo.example")
        await page.getByLabel("Password").fill(DEMO_PASSWORD)
        await page.getByRole("button", { name: "Sign in", exact: true }).click()
      }
      await page.getByLabel("Your question").waitFor()
      const fresh = page.getByRole("button", { name: "New conversation" })
      if (await fresh.isVisible()) await fresh.click()
      await page.getByLabel("Your question").fill("lighthouse mornings sprint between meetings forget to breathe")
      await page.getByRole("button", { name: "Ask", exact: true }).click()
      await page.getByRole("button", { name: "Helpful", exact: true }).waitFor({ timeout: 30_000 })
      return page.locator(".coach-sources a.coach-citation[data-ref^='entry:']")
    }
    expect(await (await ask()).count(), "not shared with the AI coach yet").toBe(0)

    await page.goto(entryUrl)
    // Consent needs the network and a confirmed entry: the reloaded journal syncs first.
    await expect.poll(() => page.locator(".journal-sync-state").innerText(), { timeout: 60_000 }).toContain("Synced")
    await page.getByRole("switch", { name: "Let the AI coach use this entry in its answers to me" }).check()
    await expect.poll(() => page.locator(".journal-consent [role=status]").innerText()).toContain("The AI coach may quote it")

    // The consent reaches the read side on its own schedule: ask again until the entry is there.
    await expect.poll(async () => (await ask()).count(), { timeout: 60_000 }).toBeGreaterThan(0)
    await page.locator(".coach-sources a.coach-citation[data-ref^='entry:']").first().click()
    // The journal opens the cited entry in its editor.
    await expect
      .poll(() =>
        page
          .getByLabel("Title")
          .inputValue()
          .catch(() => ""),
      )
      .toBe("Lighthouse mornings")
    expect(page.url()).toContain("/journal/entry/")
    await page.context().close()
  }, 180_000)
})
