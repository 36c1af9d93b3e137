/**
 * The live room's Coach tab, driven as a facilitator would: reached with
 * the keyboard in the side column's tabs, it lists questions for the room
 * built on the card the group picked, the cards dealt and a card for the
 * phase, each naming its cards; it follows the session into its next phase;
 * the summary is drafted from the recap and downloads as Markdown; the tab
 * is remembered across a reload; and in Hebrew the tab, the questions and
 * the summary read in Hebrew, right to left, with the arrow keys mirrored;
 * once the session ends, the tab holds the summary, drafted at once.
 * The shared node runs no language model, so everything comes from the
 * cards and the recap (the extractive default), and the panel says so. A
 * node of its own pointed at the local OpenAI-compatible stand-in shows the
 * model's questions with their cards, and says plainly when the model is
 * unavailable or its wording could not be kept.
 */
import { readFile } from "node:fs/promises"
import { afterAll, describe, expect, it } from "vitest"
import { startOpenAiStandIn, type StandInReply, type StandInRequest } from "../../ml/testing/openai-standin.ts"
import { seriousViolations } from "../testing/axe.ts"
import { screenshot } from "../testing/browser.ts"
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

let ops = 0
const command = (on: { node: { url: string } }, sessionId: string, token: string, cmd: object) =>
  call(on, "POST", `/api/actors/session/${sessionId}/commands`, { id: `copilot-${Date.now()}-${++ops}`, cmd }, token)
const call = async (on: { node: { url: string } }, method: string, path: string, body?: unknown, token?: string) => {
  const response = await fetch(`${on.node.url}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return (await response.json()) as any
}

// The model a node of this file's own talks to: the local stand-in speaking the chat-completions wire format.
const standIn = await startOpenAiStandIn({ apiKey: "sk-standin" })
afterAll(() => standIn.close())

describe.skipIf(e2e.missing)("the facilitator copilot in the live room", () => {
  it("offers questions for the room from the session's cards, follows the phase, and drafts the summary, in English and Hebrew", async () => {
    const login = async (email: string) => (await api("POST", "/api/auth/login", { email, password: DEMO_PASSWORD })).token as string
    const token = await login("facilitator@demo.example")
    const participant = await login("participant2@demo.example")
    // Questions read the card library, which the read side builds after the node starts (slowly on a busy machine).
    await expect
      .poll(async () => (await api("GET", "/api/cards?limit=1", undefined, token)).items?.length ?? 0, { timeout: 90_000 })
      .toBeGreaterThan(0)
    // A session in Pause: one participant, four cards dealt face up, one picked and revealed.
    const session = await api("POST", "/api/sessions", { title: "Copilot in the room" }, token)
    const sessionId = (session.addr as string).slice("session/".length)
    await api("POST", `/api/sessions/${sessionId}/decks`, {}, token)
    expect(await command(e2e, sessionId, participant, { type: "join", joinCode: session.code, displayName: "Noa" })).toMatchObject({
      seq: expect.any(Number),
    })
    await command(e2e, sessionId, token, { type: "advancePhase" })
    await command(e2e, sessionId, token, { type: "drawCards", deckId: "studio-sample", count: 4, faceDown: false, picksPerPerson: 1 })
    const recap = await api("GET", `/api/sessions/${sessionId}/recap`, undefined, token)
    const draw = recap.draws[0] as { drawId: string }
    const cards = (await api("GET", `/api/sessions/${sessionId}/copilot/questions`, undefined, token)).sources as Array<{
      cardId: string
      word: string
    }>
    await command(e2e, sessionId, participant, { type: "pickCard", drawId: draw.drawId, cardId: cards[0]!.cardId })
    await command(e2e, sessionId, token, { type: "revealPicks", drawId: draw.drawId })
    const pickedWord = cards[0]!.word

    const page = await facilitatorSignedIn(e2e)
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: e2e.node.url })
    const copilotCalls: string[] = []
    page.on("request", (request) => request.url().includes("/copilot/") && copilotCalls.push(request.url()))
    await page.goto(`${e2e.node.url}/sessions/${sessionId}`)
    // The other panels ask as soon as the room opens; the copilot asks nothing before its tab is shown.
    await page.getByTestId("badge-suggestions").waitFor({ timeout: 30_000 })
    expect(copilotCalls).toEqual([])

    // The Coach tab is the last of the side column's tabs: End reaches it from the keyboard, arrows move between tabs.
    const tablist = page.getByRole("tablist")
    const peopleTab = tablist.getByRole("tab", { name: /^People/ })
    await peopleTab.waitFor({ timeout: 30_000 })
    await peopleTab.focus()
    await page.keyboard.press("End")
    const coachTab = tablist.getByRole("tab", { name: /^Coach/ })
    await expect.poll(() => coachTab.getAttribute("aria-selected")).toBe("true")
    await page.keyboard.press("ArrowLeft")
    await expect.poll(() => tablist.getByRole("tab", { name: /^Suggestions/ }).getAttribute("aria-selected")).toBe("true")
    await page.keyboard.press("ArrowRight")
    await expect.poll(() => coachTab.getAttribute("aria-selected")).toBe("true")
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/^Coach/)

    const panel = page.getByTestId("coach-tab")
    await panel.getByRole("heading", { name: "Questions for the room" }).waitFor()
    await panel.getByText("For Pause: from the cards this group picked and was dealt").waitFor()
    const questions = panel.getByTestId("copilot-questions").locator("li")
    await expect.poll(() => questions.count(), { timeout: 30_000 }).toBe(4)
    const first = await questions.nth(0).innerText()
    expect(first).toContain(`Someone picked “${pickedWord}”.`)
    expect(first).toMatch(new RegExp(`From ${pickedWord} \\(picked\\)`))
    expect(await questions.nth(1).innerText()).toMatch(/Look again at “.+”\.[\s\S]*\(dealt\)/)
    expect(await questions.nth(3).innerText()).toMatch(/\(suits the phase\)/)
    expect(await panel.getByTestId("copilot-questions-by").innerText()).toBe("Composed from the cards' own questions; nothing is invented.")

    // Copy puts the question's words on the clipboard, and says so.
    await questions.nth(0).getByRole("button", { name: "Copy question 1" }).click()
    await page.getByText("Copied.").waitFor({ timeout: 10_000 })
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await questions.nth(0).locator(".copilot-text").innerText())

    // Ask the room: the picked card goes in the spotlight on every screen while the question is asked, and comes out again.
    const banner = page.getByText(`In the spotlight: the card ${pickedWord}`)
    await questions
      .nth(0)
      .getByRole("button", { name: `Show the card “${pickedWord}” to everyone while you ask` })
      .click()
    await banner.first().waitFor({ timeout: 15_000 })
    await questions.nth(0).getByRole("button", { name: "End spotlight" }).click()
    await expect.poll(() => banner.count(), { timeout: 15_000 }).toBe(0)
    // A card that suits the phase but was not dealt cannot be shown.
    expect(
      await questions
        .nth(3)
        .getByRole("button", { name: /to everyone/ })
        .count(),
    ).toBe(0)

    // Moving on to Expand brings questions for Expand.
    await command(e2e, sessionId, token, { type: "advancePhase" })
    await panel.getByText("For Expand: from the cards this group picked and was dealt").waitFor({ timeout: 30_000 })
    await expect.poll(async () => (await questions.nth(3).innerText()).startsWith("Let the answers go wide"), { timeout: 30_000 }).toBe(true)

    // The summary, drafted from the recap while the session is open.
    await panel.getByRole("button", { name: "Draft the summary" }).click()
    const summary = panel.getByTestId("copilot-summary")
    await summary.waitFor({ timeout: 30_000 })
    const overview = await summary.locator(".copilot-overview").innerText()
    expect(overview).toMatch(
      /^The session has been open for (\d+ min|under a minute) with 1 participant\. It went through Pause and Expand\. 4 cards were dealt in 1 spread\./,
    )
    expect(overview).toContain(`1 pick was revealed: “${pickedWord}”.`)
    expect(await summary.innerText()).toContain("The session is still open: this is a draft so far.")
    expect(await summary.innerText()).not.toContain("Noa")
    const [download] = await Promise.all([page.waitForEvent("download"), summary.getByRole("button", { name: "Download Markdown" }).click()])
    expect(download.suggestedFilename()).toBe(`summary-${sessionId}.md`)
    const markdown = await readFile((await download.path())!, "utf8")
    expect(markdown).toMatch(/^# Session summary: Copilot in the room\n/)
    expect(markdown).toContain("## Cards picked")
    expect(markdown).toContain(`- ${pickedWord}: 1`)
    expect(markdown).not.toContain("Noa")
    await panel.getByRole("heading", { name: "Session summary" }).scrollIntoViewIfNeeded()
    await questions.nth(0).scrollIntoViewIfNeeded()
    await screenshot(page, "console-live-copilot")
    expect(await seriousViolations(page), "axe: the live room's Coach tab").toEqual([])

    // The tab is remembered for this session across a reload.
    await page.reload()
    await expect
      .poll(
        () =>
          page
            .getByRole("tablist")
            .getByRole("tab", { name: /^Coach/ })
            .getAttribute("aria-selected"),
        { timeout: 30_000 },
      )
      .toBe("true")
    await expect.poll(() => questions.count(), { timeout: 30_000 }).toBe(4)

    // In Hebrew: the tab, the questions' frames and the cards' own questions, and the summary.
    await page.getByLabel("Language", { exact: true }).selectOption("he")
    const hebrewTab = page.getByRole("tablist").getByRole("tab", { name: /^מאמן/ })
    await expect.poll(() => hebrewTab.getAttribute("aria-selected"), { timeout: 15_000 }).toBe("true")
    await panel.getByText("לשלב התרחבות:").waitFor({ timeout: 30_000 })
    await expect.poll(async () => (await questions.nth(0).innerText()).startsWith("מישהו בחר את „"), { timeout: 30_000 }).toBe(true)
    for (const text of await questions.allInnerTexts()) expect(text).toMatch(/[\u0590-\u05FF]{3}/)
    expect(await page.evaluate(() => document.documentElement.dir)).toBe("rtl")
    await panel.getByRole("button", { name: "ניסוח הסיכום" }).click()
    await expect
      .poll(
        async () =>
          (
            await summary
              .locator(".copilot-overview")
              .innerText()
              .catch(() => "")
          ).startsWith("המפגש פתוח כבר"),
        { timeout: 30_000 },
      )
      .toBe(true)
    expect(await summary.locator(".copilot-overview").innerText()).toContain("עצירה ו")
    // Right to left, the next tab sits to the left: ArrowLeft from the Suggestions tab comes back to the Coach tab.
    await page
      .getByRole("tablist")
      .getByRole("tab", { name: /^הצעות/ })
      .click()
    await page.keyboard.press("ArrowLeft")
    await expect.poll(() => hebrewTab.getAttribute("aria-selected")).toBe("true")
    await questions.nth(0).scrollIntoViewIfNeeded()
    await screenshot(page, "console-live-copilot-he")

    // After the session: the room stays, the questions give way, and the summary is drafted from the recap at once.
    await page.getByLabel("שפה", { exact: true }).selectOption("en")
    await command(e2e, sessionId, token, { type: "end" })
    await summary.locator(".copilot-overview").getByText("The session ran for", { exact: false }).waitFor({ timeout: 30_000 })
    expect(await panel.getByRole("heading", { name: "Questions for the room" }).count()).toBe(0)
    expect(await summary.innerText()).not.toContain("draft so far")
    expect(await summary.locator(".copilot-overview").innerText()).toMatch(
      /^The session ran for (\d+ min|under a minute) with 1 participant\. It went through Pause and Expand\./,
    )
    await summary.getByText("Show the Markdown").click()
    await expect.poll(() => summary.locator("pre").innerText()).toMatch(/^# Session summary: Copilot in the room/)
    await panel.getByRole("heading", { name: "Session summary" }).scrollIntoViewIfNeeded()
    await screenshot(page, "console-live-copilot-summary")
    expect(await seriousViolations(page), "axe: the Coach tab after the session").toEqual([])
    await page.context().close()
  }, 240_000)
})

describe.skipIf(e2e.missing)("the facilitator copilot with a language model (the local OpenAI-compatible stand-in)", () => {
  const modelled = browserTestEnvironment(
    {},
    { OPENAI_BASE_URL: standIn.baseURL, OPENAI_API_KEY: "sk-standin", STUDIO_COACH_MODEL: "copilot-standin" },
  )
  /** What the stand-in answers: questions citing the cards, a summary's wording, or a failure. */
  let questionsReply: StandInReply = { text: "What is this room standing at the edge of? [1]\nWhere do these two cards meet for you? [2][3]" }
  let summaryReply: StandInReply = { text: "Everyone felt lighter after the first phase." }
  standIn.script((request: StandInRequest) => (request.body.messages[0]?.content.startsWith("Reword these facts") ? summaryReply : questionsReply))

  it("shows the model's questions with the cards they cite, and says plainly when the model is unavailable or its wording cannot be kept", async () => {
    const token = (await call(modelled, "POST", "/api/auth/login", { email: "facilitator@demo.example", password: DEMO_PASSWORD })).token as string
    await expect
      .poll(async () => (await call(modelled, "GET", "/api/cards?limit=1", undefined, token)).items?.length ?? 0, { timeout: 90_000 })
      .toBeGreaterThan(0)
    const session = await call(modelled, "POST", "/api/sessions", { title: "Copilot with a model" }, token)
    const sessionId = (session.addr as string).slice("session/".length)
    await call(modelled, "POST", `/api/sessions/${sessionId}/decks`, {}, token)
    await command(modelled, sessionId, token, { type: "advancePhase" })
    await command(modelled, sessionId, token, { type: "drawCards", deckId: "studio-sample", count: 3, faceDown: false, picksPerPerson: 1 })
    const dealt = (await call(modelled, "GET", `/api/sessions/${sessionId}/recap`, undefined, token)).draws[0].cards as string[]

    const page = await facilitatorSignedIn(modelled)
    await page.goto(`${modelled.node.url}/sessions/${sessionId}`)
    await page
      .getByRole("tablist")
      .getByRole("tab", { name: /^Coach/ })
      .click()
    const panel = page.getByTestId("coach-tab")
    const questions = panel.getByTestId("copilot-questions").locator("li")
    await expect.poll(() => questions.count(), { timeout: 30_000 }).toBe(2)
    expect(await questions.nth(0).locator(".copilot-text").innerText()).toBe("What is this room standing at the edge of?")
    expect(dealt).toContain(await questions.nth(0).locator("cite").innerText())
    expect(await questions.nth(1).locator("cite").count()).toBe(2)
    expect(await panel.getByTestId("copilot-questions-by").innerText()).toBe(
      "Drafted by the language model (openai:copilot-standin) from these cards only.",
    )

    // The model fails: the panel says so, and the questions come straight from the cards.
    questionsReply = { status: 503, error: { message: "overloaded" } }
    await panel.getByRole("button", { name: "New questions" }).click()
    await panel.getByTestId("copilot-fallback").waitFor({ timeout: 30_000 })
    expect(await panel.getByTestId("copilot-fallback").innerText()).toBe(
      "The language model is unavailable right now, so these come straight from the cards.",
    )
    await expect.poll(() => questions.count(), { timeout: 30_000 }).toBe(4)
    expect(await panel.getByTestId("copilot-questions-by").innerText()).toBe("Composed from the cards' own questions; nothing is invented.")

    // The model's wording of the summary speaks of feelings: it is not kept, and the panel says why.
    await panel.getByRole("button", { name: "Draft the summary" }).click()
    const fallback = panel.getByTestId("copilot-summary-fallback")
    await fallback.waitFor({ timeout: 30_000 })
    expect(await fallback.innerText()).toBe(
      "The language model could not reword it (the model added something the recap does not hold), so this is the recap's own wording.",
    )
    expect(await panel.getByTestId("copilot-summary").locator(".copilot-overview").innerText()).not.toMatch(/felt/)
    await questions.nth(0).scrollIntoViewIfNeeded()
    await screenshot(page, "console-live-copilot-model-unavailable")
    await page.context().close()
  }, 240_000)
})
