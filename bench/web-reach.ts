/**
 * From a facilitator's click to the change on every participant's screen:
 * one node as `npm start` runs it, the facilitator in the console on a
 * laptop (Debian's Chromium), a few participants on phones in the
 * participant app, and the rest as protocol clients, all joined as guests by
 * the session's code. Each round the facilitator clicks "+1 min" on the
 * running timer; the click's time is taken in the console page, a phone's
 * when its countdown jumps up (a MutationObserver in the page), a protocol
 * client's when the `timeAdded` event arrives; all on the same machine
 * clock. ui.md's aim: p95 under 100 ms on loopback.
 *
 *   npx tsx bench/web-reach.ts [participants=30] [browsers=3] [rounds=40]
 */
import { LiveClient } from "../gateway/testing/live-client.ts"
import { hostname, cpus } from "node:os"
import type { Page } from "playwright-core"
import { LAPTOP, launchBrowser, newContext, PHONE } from "../web/testing/browser.ts"
import { newHistogram, recordMillis, valueAtMillis } from "./harness/histogram.ts"
import { planPinning, pinSelf } from "./harness/pinning.ts"
import { startStudio } from "./studio/gateway-process.ts"

const [participants = 30, browsers = 3, rounds = 40] = process.argv.slice(2).map(Number)
const node = await startStudio(pinSelf(planPinning()))
const base = node.baseUrl
const wsUrl = `${base.replace(/^http/, "ws")}/live`
const browser = await launchBrowser()

// The facilitator signs in to the console and starts "A first meeting" from the templates.
const console_ = await (await newContext(browser, LAPTOP)).newPage()
await console_.goto(base)
await console_.getByLabel("Email").fill("facilitator@demo.example")
await console_.getByLabel("Password").fill(node.password)
await console_.getByRole("button", { name: "Sign in" }).click()
await console_.getByRole("button", { name: "Start session: A first meeting" }).click()
const spelled = await console_.locator(".join-code").getAttribute("aria-label", { timeout: 30_000 })
const code = spelled!.replace(/^Join code: /, "").replace(/ /g, "")

const post = async <T>(path: string, body: unknown): Promise<T> => {
  const response = await fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

// Participants beyond the phones: guests on protocol clients, as the phones are.
const protocolClients: LiveClient[] = []
for (let i = 0; i < participants - browsers; i++) {
  const guest = await post<{ token: string; addr: string }>("/api/live/join", { code, name: `Guest ${i + 1}` })
  const client = await LiveClient.open(wsUrl, guest.token)
  await client.join(guest.addr)
  protocolClients.push(client)
}

const phones = await Promise.all(
  Array.from({ length: browsers }, async (_, i) => {
    const page = await (await newContext(browser, PHONE)).newPage()
    await page.goto(`${base}/j/${code}`)
    await page.getByLabel("Your name").fill(`Phone ${i + 1}`)
    await page.getByRole("button", { name: "Join" }).click()
    await page.getByText("You're in").waitFor()
    return page
  }),
)

await console_.getByRole("button", { name: "Start with Pause" }).first().click()
await console_
  .getByRole("button", { name: /^Start the timer/ })
  .first()
  .click()
for (const page of phones) await page.getByRole("timer").waitFor()

// Each "+1 min" click, timed in the console page; each phone's countdown jump, timed in the phone's page.
// Scripts as text: tsx names the functions it compiles (__name), which does not exist in the page.
await console_.evaluate(`
  globalThis.__clicks = []
  document.addEventListener("click", (event) => {
    if (event.target.closest("button")?.textContent?.trim() === "+1 min") globalThis.__clicks.push(Date.now())
  }, true)
`)
for (const page of phones) {
  await page.evaluate(`
    globalThis.__jumps = []
    const shown = () => {
      const match = /(\\d+):(\\d\\d) left/.exec(document.querySelector("[role=timer]")?.textContent ?? "")
      return match ? Number(match[1]) * 60 + Number(match[2]) : undefined
    }
    // From what the countdown shows now: the first change seen may already be the jump.
    let last = shown() ?? Number.POSITIVE_INFINITY
    new MutationObserver(() => {
      const now = shown()
      if (now === undefined) return
      if (now > last + 30) globalThis.__jumps.push(Date.now())
      last = now
    }).observe(document.body, { childList: true, subtree: true, characterData: true })
  `)
}

/** The time the page recorded for jump `n`: asked until it is there (the page's CSP forbids waitForFunction's eval; the time is the page's own). */
const seenInPage = async (page: Page, n: number): Promise<number> => {
  const deadline = Date.now() + 10_000
  for (;;) {
    const at = (await page.evaluate(`globalThis.__jumps[${n}] ?? null`)) as number | null
    if (at !== null) return at
    if (Date.now() > deadline)
      throw new Error(
        `jump ${n} never showed on a phone (it shows ${JSON.stringify(await page.evaluate("document.querySelector('[role=timer]')?.textContent"))}, jumps ${JSON.stringify(await page.evaluate("globalThis.__jumps"))})`,
      )
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

const browserReach = newHistogram()
const clientReach = newHistogram()
const clicks = () => console_.evaluate("globalThis.__clicks.slice()") as Promise<number[]>
for (let round = 1; round <= rounds; round++) {
  const arrivals = protocolClients.map((client) =>
    client
      .next((frame): frame is never => frame.t === "ev" && (frame as { ev: { type: string } }).ev.type === "timeAdded", 10_000)
      .then(() => Date.now()),
  )
  await console_.getByRole("button", { name: "+1 min" }).first().click()
  const arrived = await Promise.all(arrivals)
  const clickedAt = (await clicks())[round - 1]!
  for (const at of arrived) recordMillis(clientReach, at - clickedAt)
  for (const page of phones) {
    const seenAt = await seenInPage(page, round - 1)
    recordMillis(browserReach, seenAt - clickedAt)
  }
}

const line = (name: string, histogram: ReturnType<typeof newHistogram>) =>
  `${name}: ${[50, 95, 99, 100].map((p) => `p${p} ${valueAtMillis(histogram, p).toFixed(1)} ms`).join(", ")} (${histogram.totalCount} samples)`
console.log(
  `web reach on ${hostname()} (${cpus().length} cores): a click on "+1 min" in the console to ${participants} participants (${browsers} phones in Chromium, ${participants - browsers} protocol clients), ${rounds} rounds`,
)
console.log(line("phones (countdown jumped)", browserReach))
console.log(line("protocol clients (timeAdded arrived)", clientReach))

await browser.close()
for (const client of protocolClients) client.terminate()
await node.server.stop()
