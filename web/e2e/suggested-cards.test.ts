/**
 * The live room's "Suggested for this moment", in the side column's
 * Suggestions tab: the tab says when there are cards to look at; on a node
 * without a trained model the panel says content similarity ranks the
 * cards, lists cards with a reason each, and follows the session into its
 * next phase; the facilitator ticks two suggestions and deals them, and the
 * stage shows exactly those. The reasons come from the server as codes with
 * parameters beside their English text, and read in Hebrew when the console
 * is in Hebrew. Dealt during an activity that is not a card draw, the spread
 * shows on the stage below the activity, and "Show everyone" brings a
 * participant's phone to it.
 */
import { describe, expect, it } from "vitest"
import { newContext, PHONE, screenshot } from "../testing/browser.ts"
import { browserTestEnvironment, facilitatorSignedIn } from "../testing/e2e.ts"
import { DEMO_PASSWORD } from "../testing/node.ts"

const e2e = browserTestEnvironment()

const api = async (method: string, path: string, body?: unknown, token?: string) => {
  const response = await fetch(`${e2e.node.url}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return (await response.json()) as any
}

describe.skipIf(e2e.missing)("suggested cards in the live room", () => {
  it("lists cards for this moment with their reasons, by content similarity without a model, and deals the ones ticked", async () => {
    const token = (await api("POST", "/api/auth/login", { email: "facilitator@demo.example", password: DEMO_PASSWORD })).token as string
    // Suggestions come from the card library, which the read side builds after the node starts (slowly on a busy machine).
    await expect
      .poll(async () => (await api("GET", "/api/cards?limit=1", undefined, token)).items?.length ?? 0, { timeout: 90_000 })
      .toBeGreaterThan(0)
    // Pause opens with a card draw, so the stage shows the deal.
    const plan = {
      Pause: [
        {
          kind: "cardDraw",
          title: "Cards for now",
          minutes: 10,
          deckId: "studio-sample",
          count: 6,
          faceDown: false,
          picksPerPerson: 1,
          prompt: null,
        },
      ],
      Expand: [],
      Focus: [],
      Doing: [],
    }
    const journey = await api("POST", "/api/journeys", { title: "Suggestions in the room", plan }, token)
    const session = await api("POST", `/api/journeys/${journey.id}/sessions`, {}, token)
    const sessionId = (session.addr as string).slice("session/".length)
    await api("POST", `/api/sessions/${sessionId}/decks`, {}, token)

    const page = await facilitatorSignedIn(e2e)
    await page.goto(`${e2e.node.url}/sessions/${sessionId}`)

    // The suggestions arrive while the People tab is shown: their tab counts them, and a click shows them.
    const suggestionsTab = page.getByRole("tablist").getByRole("tab", { name: /^Suggestions/ })
    await page.getByTestId("badge-suggestions").waitFor({ timeout: 15_000 })
    expect(await suggestionsTab.innerText()).toMatch(/^Suggestions\s*5\b/)
    await suggestionsTab.click()
    expect(await suggestionsTab.getAttribute("aria-selected")).toBe("true")
    expect(await page.getByTestId("badge-suggestions").count()).toBe(0)
    const panel = page.getByTestId("suggested-cards")
    await panel.getByRole("heading", { name: "Suggested for this moment" }).waitFor()
    await panel.getByTestId("suggested-method").waitFor()
    expect(await panel.getByTestId("suggested-method").innerText()).toMatch(/content similarity/)
    await expect.poll(() => panel.locator("li").count(), { timeout: 15_000 }).toBe(5)

    await api("POST", `/api/actors/session/${sessionId}/commands`, { id: "advance-1", cmd: { type: "advancePhase" } }, token)
    await expect
      .poll(() => panel.locator("li").allInnerTexts(), { timeout: 15_000 })
      .toEqual(expect.arrayContaining([expect.stringMatching(/suits the Pause phase|close to this session's themes/)]))
    expect(await panel.getByText("needs a session command").count()).toBe(0)

    // Tick two suggestions and deal them face up: the stage shows exactly those two cards.
    const dealUp = panel.getByRole("button", { name: "Deal these face up" })
    expect(await dealUp.isDisabled()).toBe(true)
    // The first suggestion, then the next one that may join it (a deal takes its cards from one deck).
    const items = panel.locator("li")
    await items.nth(0).getByRole("checkbox").check()
    let second = 1
    while (second < 5 && (await items.nth(second).getByRole("checkbox").isDisabled())) second++
    expect(second, "a second suggestion from the same deck").toBeLessThan(5)
    await items.nth(second).getByRole("checkbox").check()
    const words = [await items.nth(0).locator("strong").innerText(), await items.nth(second).locator("strong").innerText()]
    await expect.poll(() => panel.innerText()).toMatch(/2 cards chosen from/)
    await dealUp.click()

    const stage = page.getByRole("region", { name: "Current activity" })
    await stage.getByText("2 cards dealt face up").waitFor({ timeout: 15_000 })
    await expect.poll(() => stage.locator(".card-grid-small .word").allInnerTexts()).toHaveLength(2)
    expect((await stage.locator(".card-grid-small .word").allInnerTexts()).sort()).toEqual([...words].sort())
    // The next suggestions leave out the cards just dealt, and nothing is ticked.
    await expect.poll(() => panel.locator("li strong").allInnerTexts(), { timeout: 15_000 }).not.toEqual(expect.arrayContaining(words))
    expect(await panel.getByRole("checkbox", { checked: true }).count()).toBe(0)
    await panel.locator("li").last().scrollIntoViewIfNeeded()
    await screenshot(page, "console-live-suggested-cards")

    // Each reason is a code with its parameters, beside the English sentence the API has always sent.
    const reply = await api("GET", `/api/sessions/${sessionId}/recommendations/cards?limit=5`, undefined, token)
    for (const item of reply.items)
      expect(item.reason).toMatchObject({
        code: expect.stringMatching(/^(group-phase|session-themes|phase-themes|often-picked|no-themes-yet|other-themes)$/),
        text: expect.stringMatching(/\S/),
        params: expect.any(Object),
      })
    // In Hebrew the console words the reasons itself, with the phase and the themes in Hebrew.
    await page.getByLabel("Language", { exact: true }).selectOption("he")
    const reasons = panel.locator("[data-reason]")
    await expect.poll(async () => (await reasons.allInnerTexts()).join("\n"), { timeout: 15_000 }).toMatch(/\([\u0590-\u05FF]/)
    // And the built-in cards' words with them (every built-in card has its Hebrew word).
    const shownWords = panel.locator("li strong")
    const allHebrew = async () => {
      const shown = await shownWords.allInnerTexts()
      return shown.length > 0 && shown.every((word) => /[\u0590-\u05FF]/.test(word))
    }
    await expect.poll(allHebrew, { timeout: 15_000 }).toBe(true)
    for (const reason of await reasons.allInnerTexts()) {
      expect(reason).toMatch(/קרוב לנושאי המפגש|מתאים לשלב עצירה|בשלב עצירה|נקודת פתיחה|כיוון אחר/)
      expect(reason).not.toMatch(/close to|suits the|often picked|a start|another direction/)
    }
    await reasons.first().scrollIntoViewIfNeeded()
    await screenshot(page, "console-live-suggested-cards-he")
    await page.context().close()
  }, 120_000)

  it("deals suggestions during an activity that is not a card draw: the stage shows the spread, and Show everyone brings a phone to it", async () => {
    const token = (await api("POST", "/api/auth/login", { email: "facilitator@demo.example", password: DEMO_PASSWORD })).token as string
    await expect
      .poll(async () => (await api("GET", "/api/cards?limit=1", undefined, token)).items?.length ?? 0, { timeout: 90_000 })
      .toBeGreaterThan(0)
    const plan = { Pause: [{ kind: "timer", title: "Arrive", minutes: 5, seconds: 300 }], Expand: [], Focus: [], Doing: [] }
    const journey = await api("POST", "/api/journeys", { title: "Suggestions beside a timer", plan }, token)
    const session = await api("POST", `/api/journeys/${journey.id}/sessions`, {}, token)
    const sessionId = (session.addr as string).slice("session/".length)
    await api("POST", `/api/sessions/${sessionId}/decks`, {}, token)
    await api("POST", `/api/actors/session/${sessionId}/commands`, { id: "advance-timer", cmd: { type: "advancePhase" } }, token)

    const phone = await (await newContext(e2e.browser, PHONE)).newPage()
    await phone.goto(`${e2e.node.url}/j/${session.code}`)
    await phone.getByLabel("Your name").fill("Maya")
    await phone.getByRole("button", { name: "Join", exact: true }).click()
    await expect.poll(() => phone.locator("main").innerText()).toContain("Arrive")

    const page = await facilitatorSignedIn(e2e)
    await page.goto(`${e2e.node.url}/sessions/${sessionId}`)
    await page
      .getByRole("tablist")
      .getByRole("tab", { name: /^Suggestions/ })
      .click()
    const panel = page.getByTestId("suggested-cards")
    await expect.poll(() => panel.locator("li").count(), { timeout: 15_000 }).toBe(5)
    await panel.locator("li").nth(0).getByRole("checkbox").check()
    const word = await panel.locator("li").nth(0).locator("strong").innerText()
    await panel.getByRole("button", { name: "Deal these face up" }).click()

    const dealt = page.getByRole("region", { name: "Cards dealt now" })
    await expect.poll(() => dealt.locator(".card-grid-small .word").allInnerTexts(), { timeout: 15_000 }).toEqual([word])
    expect(await dealt.getByRole("status").innerText()).toBe("Participants see this spread once you show it to everyone.")
    expect(await dealt.innerText()).toContain("1 card dealt face up")
    const phoneCards = () => phone.locator(".card-grid .word").allInnerTexts()
    expect(await phoneCards()).toEqual([])
    await dealt.getByRole("button", { name: "Show everyone" }).click()
    await expect.poll(() => dealt.getByRole("status").innerText()).toBe("Every screen shows this spread.")
    await expect.poll(phoneCards, { timeout: 15_000 }).toEqual([word])
    await dealt.scrollIntoViewIfNeeded()
    await screenshot(page, "console-live-dealt-beside-activity")
    await phone.context().close()
    await page.context().close()
  }, 120_000)
})
