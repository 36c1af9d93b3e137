/**
 * Facilitator insights in the live room, end to end: a facilitator's browser
 * holds the room open while three guests join over the live protocol. Two
 * of them keep busy, the third (who agreed to be named) does nothing: the
 * insights panel names her as silent, and says that insights describe
 * activity, never emotions. The node measures over an 8-second window
 * (STUDIO_INSIGHTS_WINDOW_SECONDS) so the test takes seconds, not minutes.
 */
import { describe, expect, it } from "vitest"
import { LiveClient } from "../../gateway/testing/live-client.ts"
import { LAPTOP, newContext, screenshot } from "../testing/browser.ts"
import { browserTestEnvironment } from "../testing/e2e.ts"
import { DEMO_PASSWORD } from "../testing/node.ts"

const e2e = browserTestEnvironment({}, { STUDIO_INSIGHTS_WINDOW_SECONDS: "8" })

const api = async (method: string, path: string, body?: unknown, token?: string) => {
  const response = await fetch(`${e2e.node.url}${path}`, {
    method, headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return (await response.json()) as any
}

describe.skipIf(e2e.missing)("insights in the live room", () => {
  it("shows a participant who stays silent while the others work", async () => {
    const token = (await api("POST", "/api/auth/login", { email: "facilitator@demo.example", password: DEMO_PASSWORD })).token as string
    const session = await api("POST", "/api/sessions", { title: "Insights in the room" }, token)
    const addr = session.addr as string

    const page = await (await newContext(e2e.browser, LAPTOP)).newPage()
    await page.goto(e2e.node.url)
    await page.getByLabel("Email").fill("facilitator@demo.example")
    await page.getByLabel("Password").fill(DEMO_PASSWORD)
    await page.getByRole("button", { name: "Sign in", exact: true }).click()
    await page.getByRole("button", { name: "Sign out" }).waitFor()
    await page.goto(`${e2e.node.url}/sessions/${addr.slice("session/".length)}`)
    const panel = page.getByTestId("insights-panel")
    await panel.getByRole("heading", { name: "Insights" }).waitFor()
    expect(await panel.innerText()).toMatch(/does not infer emotions from canvas choices, faces or voices/)

    // Three guests over the live protocol; Ana and Cleo agree to be named, Ben does not.
    const ws = `${e2e.node.url.replace(/^http/, "ws")}/live`
    const guests = await Promise.all(["Ana", "Ben", "Cleo"].map(async (name) => {
      const joined = await api("POST", "/api/live/join", { code: session.code, name })
      const client = await LiveClient.open(ws, joined.token as string)
      await client.join(addr)
      return { name, client }
    }))
    const [ana, ben, cleo] = guests as [typeof guests[0], typeof guests[0], typeof guests[0]]
    let op = 0
    const send = async (guest: typeof ana, cmd: { type: string; [key: string]: unknown }) => expect(await guest.client.cmd(addr, `op-${op++}`, cmd)).toMatchObject({ t: "ack" })
    await send(ana, { type: "setInsightsConsent", given: true })
    await send(cleo, { type: "setInsightsConsent", given: true })
    await page.getByText("2 of 3 participants agreed to be named").waitFor()

    // Ana and Ben keep raising and lowering their hands until the panel names the silent one.
    const silent = panel.locator('li[data-kind="silent"]')
    const deadline = Date.now() + 60_000
    while ((await silent.count()) === 0 && Date.now() < deadline) {
      for (const guest of [ana, ben]) {
        await send(guest, { type: "raiseHand" })
        await send(guest, { type: "lowerHand" })
      }
    }
    expect(await silent.innerText()).toMatch(/^Cleo has not contributed for 8 s/)
    // Ben did not consent: no insight ever names him.
    expect(await panel.innerText()).not.toMatch(/Ben/)
    await silent.scrollIntoViewIfNeeded()
    await screenshot(page, "console-live-insights")
    for (const guest of guests) await guest.client.close()
    await page.context().close()
  }, 120_000)
})
