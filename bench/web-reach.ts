/**
 * From a facilitator's action to the change on every participant's screen:
 * one node as `npm start` runs it, a few participants on phones in Debian's
 * Chromium (the participant app, timed by a MutationObserver in the page when
 * the new text appears) and the rest as protocol clients (timed when the
 * event frame arrives), all joined as guests by the session's code. Each
 * round the facilitator opens a poll with a new question, and the time to
 * each screen is measured from the moment the command was sent, on the same
 * machine clock. ui.md's aim: p95 under 100 ms on loopback.
 *
 *   npx tsx bench/web-reach.ts [participants=30] [browsers=3] [rounds=40]
 */
import { LiveClient } from "../gateway/client.ts"
import { hostname, cpus } from "node:os"
import { launchBrowser, newContext, PHONE } from "../web/testing/browser.ts"
import { newHistogram, recordMillis, valueAtMillis } from "./harness/histogram.ts"
import { planPinning, pinSelf } from "./harness/pinning.ts"
import { startStudio } from "./studio/gateway-process.ts"

const [participants = 30, browsers = 3, rounds = 40] = process.argv.slice(2).map(Number)
const node = await startStudio(pinSelf(planPinning()))
const base = node.baseUrl
const post = async <T>(path: string, body: unknown, token?: string): Promise<T> => {
  const response = await fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) })
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

const journey = await post<{ id: string }>("/api/journeys", { title: "Reach", templateId: "first-meeting" }, node.token)
const session = await post<{ addr: string; code: string }>(`/api/journeys/${journey.id}/sessions`, {}, node.token)
const facilitator = await LiveClient.open(`${base.replace(/^http/, "ws")}/live`, node.token)
await facilitator.join(session.addr)

// Participants beyond the browsers: guests on protocol clients, as the phones are.
const protocolClients: LiveClient[] = []
for (let i = 0; i < participants - browsers; i++) {
  const guest = await post<{ token: string }>("/api/live/join", { code: session.code, name: `Guest ${i + 1}` })
  const client = await LiveClient.open(`${base.replace(/^http/, "ws")}/live`, guest.token)
  await client.join(session.addr)
  protocolClients.push(client)
}

const browser = await launchBrowser()
const phones = await Promise.all(
  Array.from({ length: browsers }, async (_, i) => {
    const context = await newContext(browser, PHONE)
    const page = await context.newPage()
    await page.goto(`${base}/j/${session.code}`)
    await page.getByLabel("Your name").fill(`Phone ${i + 1}`)
    await page.getByRole("button", { name: "Join" }).click()
    await page.getByText("You're in").waitFor()
    // Records when each round's question first appears on this screen (the machine's clock, as the sender's).
    await page.evaluate(() => {
      const seen: Record<string, number> = {}
      ;(globalThis as unknown as { __seen: Record<string, number> }).__seen = seen
      new MutationObserver(() => {
        for (const match of document.body.innerText.matchAll(/Reach question (\d+)/g)) seen[match[1]!] ??= Date.now()
      }).observe(document.body, { childList: true, subtree: true, characterData: true })
    })
    return page
  }),
)

await post(`/api/actors/session/${session.addr.slice("session/".length)}/commands`, { id: "reach-phase", cmd: { type: "advancePhase", from: null } }, node.token)

const browserReach = newHistogram()
const clientReach = newHistogram()
for (let round = 1; round <= rounds; round++) {
  const question = `Reach question ${round}`
  const arrivals = protocolClients.map((client) => client.next((frame): frame is never => frame.t === "ev" && JSON.stringify((frame as { ev: unknown }).ev).includes(`"${question}"`), 10_000))
  const sentAt = Date.now()
  const ack = await facilitator.cmd(session.addr, `reach-open-${round}`, { type: "openPoll", question, options: ["Yes", "No"], mode: "single", dots: 1, anonymous: false, resultsWhen: "live" })
  if (ack.t !== "ack") throw new Error(`openPoll refused: ${JSON.stringify(ack)}`)
  await Promise.all(arrivals.map((arrival) => arrival.then(() => recordMillis(clientReach, Date.now() - sentAt))))
  for (const page of phones) {
    const seenAt = await page.waitForFunction((n) => (globalThis as unknown as { __seen: Record<string, number> }).__seen[n], String(round), { timeout: 10_000 }).then((h) => h.jsonValue() as Promise<number>)
    recordMillis(browserReach, seenAt - sentAt)
  }
  const pollId = (facilitator.events(session.addr).map((f) => f.ev as { type: string; pollId?: string; question?: string }).find((e) => e.type === "pollOpened" && e.question === question))!.pollId!
  await facilitator.cmd(session.addr, `reach-close-${round}`, { type: "closePoll", pollId })
}

const line = (name: string, histogram: ReturnType<typeof newHistogram>) =>
  `${name}: ${[50, 95, 99, 100].map((p) => `p${p} ${valueAtMillis(histogram, p).toFixed(1)} ms`).join(", ")} (${histogram.totalCount} samples)`
console.log(`web reach on ${hostname()} (${cpus().length} cores): ${participants} participants (${browsers} phones in Chromium, ${participants - browsers} protocol clients), ${rounds} rounds`)
console.log(line("phones (screen updated)", browserReach))
console.log(line("protocol clients (frame arrived)", clientReach))

await browser.close()
for (const client of [facilitator, ...protocolClients]) client.terminate()
await node.server.stop()
