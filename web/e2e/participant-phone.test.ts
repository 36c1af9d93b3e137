/**
 * A participant on a phone, in Debian's Chromium, against a real node started
 * as `npm start` starts it. The facilitator's side is a protocol client here
 * (the console has its own browser test): it starts a session from a journey
 * template, moves through the phases, deals face down, reveals and polls,
 * while each step is checked on the phone's screen. The network is cut in
 * the middle of an activity and restored: what the participant did while
 * offline arrives, once.
 */
import type { Page } from "playwright-core"
import { describe, expect, it } from "vitest"
import { browserTestEnvironment } from "../testing/e2e.ts"
import { LiveClient } from "../../gateway/testing/live-client.ts"
import type { ServerFrameOf } from "../../gateway/protocol.ts"
import { seriousViolations } from "../testing/axe.ts"
import { newContext, PHONE, screenshot } from "../testing/browser.ts"
import { DEMO_PASSWORD } from "../testing/node.ts"

const e2e = browserTestEnvironment()
const missing = e2e.missing

const api = async <T>(path: string, body: unknown, token?: string): Promise<T> => {
  const response = await fetch(`${e2e.node.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

/** The facilitator, as a protocol client joined to the session, sending commands and keeping the session's events. */
const facilitate = async () => {
  const { token } = await api<{ token: string }>("/api/auth/login", { email: "facilitator@demo.example", password: DEMO_PASSWORD })
  const journey = await api<{ id: string }>("/api/journeys", { title: "Circle", templateId: "first-meeting" }, token)
  const started = await api<{ addr: string; code: string }>(`/api/journeys/${journey.id}/sessions`, {}, token)
  const client = await LiveClient.open(`ws://127.0.0.1:${e2e.node.port}/live`, token)
  const joined = (await client.join(started.addr)) as ServerFrameOf<"joined">
  const snapshot = joined.snapshot as { decks: Array<{ deckId: string; cards: Array<{ cardId: string; word: string }> }> }
  let op = 0
  const cmd = async (command: { type: string; [k: string]: unknown }) => {
    const reply = await client.cmd(started.addr, `e2e-${++op}`, command)
    expect(reply, JSON.stringify(command)).toMatchObject({ t: "ack" })
  }
  const events = () => client.events(started.addr).map((frame) => frame.ev as { type: string; [k: string]: unknown })
  return { ...started, client, snapshot, cmd, events }
}

const text = (page: Page) => page.locator("main").innerText()

describe.skipIf(missing)("participant on a phone", () => {
  it("joins by code with a name, follows the phases, picks face down, votes, and keeps what it did across a network cut", async () => {
    const session = await facilitate()
    const context = await newContext(e2e.browser, PHONE)
    const phone = await context.newPage()

    // Join by the deep link: only the name is asked.
    await phone.goto(`${e2e.node.url}/j/${session.code}`)
    await expect.poll(() => text(phone)).toContain(session.code)
    expect(await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth), "no sideways scrolling").toBe(false)
    await screenshot(phone, "participant-join")
    expect(await seriousViolations(phone), "axe on the join page").toEqual([])
    await phone.getByLabel("Your name").fill("Dana")
    await phone.getByRole("button", { name: "Join" }).click()
    await expect.poll(() => text(phone)).toContain("You're in")
    await expect.poll(() => text(phone)).toContain("Connected")
    await screenshot(phone, "participant-lobby")
    expect(await seriousViolations(phone), "axe in the lobby").toEqual([])

    // Pause: the timer activity first, then the card draw.
    await session.cmd({ type: "advancePhase", from: null })
    await expect.poll(() => phone.locator(".phase").innerText()).toBe("Pause")
    await expect.poll(() => text(phone)).toContain("One quiet minute")
    await session.cmd({ type: "startTimer", seconds: 60 })
    await expect.poll(() => phone.getByRole("timer").innerText()).toMatch(/left/)
    await session.cmd({ type: "advanceActivity", from: 0 })
    await expect.poll(() => text(phone)).toContain("How I arrive")

    const deck = session.snapshot.decks[0]!
    await session.cmd({ type: "drawCards", deckId: deck.deckId, count: 4, faceDown: true, picksPerPerson: 1 })
    await expect.poll(() => phone.getByRole("button", { name: /Face-down card/ }).count()).toBe(4)
    await expect.poll(() => text(phone)).toContain("You can pick 1 more card")

    // The network drops before the pick; the pick waits and arrives once it is back.
    await context.setOffline(true)
    await expect.poll(() => text(phone)).toMatch(/Offline|Reconnecting/)
    await phone.getByRole("button", { name: "Face-down card 2" }).click()
    await expect.poll(() => phone.getByRole("button", { name: /Face-down card 2/ }).getAttribute("aria-pressed")).toBe("true")
    await context.setOffline(false)
    await expect.poll(() => text(phone)).toContain("Connected")
    await expect.poll(() => text(phone)).toContain("Your pick stays private")
    await expect.poll(() => session.events().filter((e) => e.type === "cardPicked" || e.type === "withheld").length).toBe(1)
    await screenshot(phone, "participant-picked")
    expect(await seriousViolations(phone), "axe on the cards").toEqual([])

    // The reveal turns the card over on the phone.
    const drawId = String(session.events().find((e) => e.type === "cardsDrawn")?.["drawId"])
    await session.cmd({ type: "revealPicks", drawId })
    await expect.poll(() => text(phone)).toContain("Revealed")

    // "I'm done" reaches the facilitator's counter.
    await phone.getByRole("button", { name: "I'm done" }).click()
    await expect.poll(() => session.events().some((e) => e.type === "doneMarked")).toBe(true)
    await expect.poll(() => text(phone)).toContain("1 of 1 done")

    // An anonymous poll: the vote is in, results only at the close.
    await session.cmd({
      type: "openPoll",
      question: "What do you want most?",
      options: ["Learning", "Support"],
      mode: "single",
      dots: 1,
      anonymous: true,
      resultsWhen: "closed",
    })
    await expect.poll(() => text(phone)).toContain("What do you want most?")
    await phone.getByRole("button", { name: "Support" }).click()
    await phone.getByRole("button", { name: "Vote" }).click()
    await expect.poll(() => text(phone)).toContain("Your vote is in")
    const pollId = String(session.events().find((e) => e.type === "pollOpened")?.["pollId"])
    await session.cmd({ type: "closePoll", pollId })
    await expect.poll(() => text(phone)).toContain("Results")
    await screenshot(phone, "participant-poll-results")
    expect(await seriousViolations(phone), "axe on the poll").toEqual([])

    // The facilitator puts the participant in the spotlight, then sends everyone to breakouts and calls them back.
    const dana = String(session.events().find((e) => e.type === "participantJoined")?.["userId"])
    await session.cmd({ type: "spotlight", target: { kind: "participant", userId: dana } })
    await expect.poll(() => phone.getByRole("region", { name: "In the spotlight" }).innerText()).toContain("Dana")
    await session.cmd({ type: "spotlight", target: null })
    await session.cmd({ type: "bringToView", view: { kind: "draw", id: drawId } })
    await expect.poll(() => phone.locator(".toasts").innerText()).toContain("Your facilitator brought everyone here.")
    // Breakouts need two people: a second guest joins by the code.
    await api("/api/live/join", { code: session.code, name: "Eli" })
    await expect.poll(() => text(phone)).toContain("1 of 2 done")
    await session.cmd({ type: "startBreakout", rooms: 2, size: null, names: ["Garden", "Harbour"] })
    await expect.poll(() => text(phone)).toMatch(/Breakout: (Garden|Harbour)/)
    await session.cmd({ type: "endBreakout" })
    await expect.poll(() => text(phone)).toContain("Everyone is back together.")

    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)
    expect(overflow, "no sideways scrolling on a 360 px phone").toBe(false)
    await context.close()
    await session.client.close()
  })

  it("in Hebrew the join page is right to left and in Hebrew", async () => {
    const context = await newContext(e2e.browser, PHONE, "he-IL")
    const phone = await context.newPage()
    await phone.goto(`${e2e.node.url}/join`)
    await expect.poll(() => phone.evaluate(() => document.documentElement.dir)).toBe("rtl")
    await expect.poll(() => text(phone)).toContain("הצטרפות למפגש")
    expect(await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth), "no sideways scrolling").toBe(false)
    // Right to left: the page's start (the brand) is on the right.
    const brand = await phone.locator(".brand").boundingBox()
    expect(brand!.x).toBeGreaterThan(180)
    await screenshot(phone, "participant-join-he")
    expect(await seriousViolations(phone), "axe on the Hebrew join page").toEqual([])
    await context.close()
  })
})
