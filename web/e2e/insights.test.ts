/**
 * Facilitator insights in the live room, end to end: a facilitator's browser
 * holds the room open while three guests join over the live protocol. Two
 * of them keep busy, the third (who agreed to be named) does nothing: the
 * Insights tab of the side column gets a badge, the facilitator opens it
 * from the keyboard, and the panel names her as silent and says that
 * insights describe activity, never emotions. The tab chosen survives a
 * reload, and in Hebrew the tabs mirror. A participant on a phone who turns
 * the consent switch on is named, and once she turns it off again nothing
 * derived from her reaches the facilitator: the server leaves her out, and
 * the panel follows.
 * The node measures over an 8-second window (STUDIO_INSIGHTS_WINDOW_SECONDS)
 * so the test takes seconds, not minutes.
 */
import { describe, expect, it } from "vitest"
import { LiveClient } from "../../gateway/testing/live-client.ts"
import { newContext, PHONE, screenshot } from "../testing/browser.ts"
import { browserTestEnvironment, facilitatorSignedIn } from "../testing/e2e.ts"
import { DEMO_PASSWORD } from "../testing/node.ts"

const e2e = browserTestEnvironment({}, { STUDIO_INSIGHTS_WINDOW_SECONDS: "8" })

const api = async (method: string, path: string, body?: unknown, token?: string) => {
  const response = await fetch(`${e2e.node.url}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return (await response.json()) as any
}

/** The facilitator signed in on a laptop, in the live room of a new session. */
const facilitatorInRoom = async (title: string) => {
  const token = (await api("POST", "/api/auth/login", { email: "facilitator@demo.example", password: DEMO_PASSWORD })).token as string
  const session = await api("POST", "/api/sessions", { title }, token)
  const page = await facilitatorSignedIn(e2e)
  await page.goto(`${e2e.node.url}/sessions/${(session.addr as string).slice("session/".length)}`)
  return { token, session, addr: session.addr as string, page }
}

describe.skipIf(e2e.missing)("insights in the live room", () => {
  it("shows a participant who stays silent while the others work", async () => {
    const { session, addr, page } = await facilitatorInRoom("Insights in the room")
    // The side column's panels are tabs; People is the first, and the one shown until another is chosen.
    const tab = (name: string | RegExp) => page.getByRole("tablist").getByRole("tab", { name })
    await tab("People").waitFor()
    expect(await page.getByRole("tablist").getByRole("tab").allInnerTexts()).toEqual([
      expect.stringMatching(/^People/),
      expect.stringMatching(/^Insights/),
      expect.stringMatching(/^Suggestions/),
      expect.stringMatching(/^Coach/),
    ])
    expect(await tab("People").getAttribute("aria-selected")).toBe("true")
    const panel = page.getByTestId("insights-panel")

    // Three guests over the live protocol; Ana and Cleo agree to be named, Ben does not.
    const ws = `${e2e.node.url.replace(/^http/, "ws")}/live`
    const guests = await Promise.all(
      ["Ana", "Ben", "Cleo"].map(async (name) => {
        const joined = await api("POST", "/api/live/join", { code: session.code, name })
        const client = await LiveClient.open(ws, joined.token as string)
        await client.join(addr)
        return { name, client }
      }),
    )
    const [ana, ben, cleo] = guests as [(typeof guests)[0], (typeof guests)[0], (typeof guests)[0]]
    let op = 0
    const send = async (guest: typeof ana, cmd: { type: string; [key: string]: unknown }) =>
      expect(await guest.client.cmd(addr, `op-${op++}`, cmd)).toMatchObject({ t: "ack" })
    await send(ana, { type: "setInsightsConsent", given: true })
    await send(cleo, { type: "setInsightsConsent", given: true })
    await expect.poll(() => panel.textContent()).toContain("2 of 3 participants agreed to be named")

    // Ana and Ben keep raising and lowering their hands until the panel, in its tab out of sight, names the silent one.
    const silent = panel.locator('li[data-kind="silent"]')
    const deadline = Date.now() + 60_000
    while ((await silent.count()) === 0 && Date.now() < deadline) {
      for (const guest of [ana, ben]) {
        await send(guest, { type: "raiseHand" })
        await send(guest, { type: "lowerHand" })
      }
    }
    // The Insights tab says it has something new; from the keyboard, the next tab is one arrow away.
    await page.getByTestId("badge-insights").waitFor()
    expect(await tab(/^Insights/).innerText()).toMatch(/Insights\s*\d+/)
    await tab("People").focus()
    await page.keyboard.press("ArrowRight")
    await expect.poll(() => tab(/^Insights/).getAttribute("aria-selected")).toBe("true")
    expect(await page.evaluate(() => document.activeElement?.getAttribute("role"))).toBe("tab")
    expect(await page.getByTestId("badge-insights").count()).toBe(0)
    expect(await panel.innerText()).toMatch(/does not infer emotions from canvas choices, faces or voices/)
    expect(await silent.innerText()).toMatch(/^Cleo has not contributed for 8 s/)
    // Ben did not consent: no insight ever names him.
    expect(await panel.innerText()).not.toMatch(/Ben/)
    await silent.scrollIntoViewIfNeeded()
    await screenshot(page, "console-live-insights")

    // The tab chosen is remembered for this session: a reload shows Insights again.
    await page.reload()
    await panel.getByText("2 of 3 participants agreed to be named").waitFor()
    expect(await tab(/^Insights/).getAttribute("aria-selected")).toBe("true")

    // In Hebrew the column mirrors: the tabs run right to left, and the left arrow goes to the next one.
    await page.getByLabel("Language", { exact: true }).selectOption("he")
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe("rtl")
    const hebrewTabs = page.getByRole("tablist").getByRole("tab")
    await expect
      .poll(() => hebrewTabs.allInnerTexts())
      .toEqual([expect.stringMatching(/^משתתפים/), expect.stringMatching(/^תובנות/), expect.stringMatching(/^הצעות/), expect.stringMatching(/^מאמן/)])
    const boxes = await Promise.all([0, 1, 2].map(async (i) => (await hebrewTabs.nth(i).boundingBox())!.x))
    expect(boxes[0]).toBeGreaterThan(boxes[1]!)
    expect(boxes[1]).toBeGreaterThan(boxes[2]!)
    await hebrewTabs.nth(1).focus()
    await page.keyboard.press("ArrowLeft")
    await expect.poll(() => hebrewTabs.nth(2).getAttribute("aria-selected")).toBe("true")
    await page.keyboard.press("ArrowRight")
    await expect.poll(() => hebrewTabs.nth(1).getAttribute("aria-selected")).toBe("true")
    await screenshot(page, "console-live-insights-he")
    await page.getByLabel("שפה", { exact: true }).selectOption("en")
    for (const guest of guests) await guest.client.close()
    await page.context().close()
  }, 120_000)

  it("leaves out a participant who turns the consent switch off on her phone", async () => {
    const { token, session, addr, page } = await facilitatorInRoom("Consent in the room")
    await page
      .getByRole("tablist")
      .getByRole("tab", { name: /^Insights/ })
      .click()
    const panel = page.getByTestId("insights-panel")

    // Dana joins on her phone and does nothing; Ana, over the live protocol, keeps the room busy.
    const phone = await (await newContext(e2e.browser, PHONE)).newPage()
    await phone.goto(`${e2e.node.url}/j/${session.code}`)
    await phone.getByLabel("Your name").fill("Dana")
    await phone.getByRole("button", { name: "Join", exact: true }).click()
    await phone.getByText("You're in").waitFor()
    const joined = await api("POST", "/api/live/join", { code: session.code, name: "Ana" })
    const ana = await LiveClient.open(`${e2e.node.url.replace(/^http/, "ws")}/live`, joined.token as string)
    await ana.join(addr)
    let op = 0
    const busy = async () => {
      for (const type of ["raiseHand", "lowerHand"]) {
        const reply = await ana.cmd(addr, `ana-${op++}`, { type })
        // On a quiet machine this loop outruns the connection's command allowance: slow down as the server asks.
        if (reply.t === "nack" && reply.code === "rate_limited") await new Promise((resume) => setTimeout(resume, 200))
        else expect(reply).toMatchObject({ t: "ack" })
      }
    }

    // The switch starts off; Dana turns it on, and the facilitator's panel names her as silent.
    const consent = phone.getByRole("switch", { name: "Let the facilitator's insights name me" })
    expect(await consent.isChecked()).toBe(false)
    await consent.check()
    await panel.getByText("1 of 2 participants agreed to be named").waitFor()
    const aboutDana = panel.locator("li", { hasText: "Dana" })
    const deadline = Date.now() + 60_000
    while ((await panel.locator('li[data-kind="silent"]', { hasText: "Dana" }).count()) === 0 && Date.now() < deadline) await busy()
    expect(await panel.locator('li[data-kind="silent"]').innerText()).toMatch(/^Dana has not contributed/)
    expect(await aboutDana.count()).toBeGreaterThan(1) // the silent insight and her line under "Activity, for those who agreed"
    const insightsNow = () => api("GET", `/api/sessions/${addr.slice("session/".length)}/insights`, undefined, token)
    const danaId = ((await insightsNow()).people as { userId: string; name: string }[]).find((person) => person.name === "Dana")!.userId

    // She turns it off: the server stops deriving anything from her, and the panel shows nothing about her.
    await consent.uncheck()
    await expect.poll(() => consent.isChecked()).toBe(false)
    await panel.getByText("0 of 2 participants agreed to be named").waitFor()
    await busy()
    await expect.poll(() => aboutDana.count()).toBe(0)
    expect(await panel.innerText()).not.toMatch(/Dana/)
    // What the server sends holds neither her name nor her id; she still counts in the room's totals.
    const view = await insightsNow()
    expect(JSON.stringify(view)).not.toContain("Dana")
    expect(JSON.stringify(view)).not.toContain(danaId)
    expect(view.room).toMatchObject({ participants: 2, consenting: 0 })
    await ana.close()
    await phone.context().close()
    await page.context().close()
  }, 120_000)
})
