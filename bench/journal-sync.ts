/**
 * The offline journal catching up: a phone (Debian's Chromium) signs in at
 * /journal, loses the network, holds 1,000 new entries, and is reconnected.
 * Measured per round: from `setOffline(false)` to the status line saying
 * "Synced", and to each entry's event reaching a protocol client subscribed
 * to the same journal (the server has it: acked means durable). The aim
 * (issue 14): all 1,000 within 5 s, none lost; the check at the end compares
 * every title the phone wrote with the server's export.
 *
 * The 1,000 entries go into the phone's IndexedDB through the same
 * JournalReplica the app uses (read from the page, written in Node, put
 * back in the app's own layout, the page reloaded offline from its service
 * worker): typing 1,000
 * entries into the form would measure the typing. A few entries are also
 * typed through the form, timed from "Save entry" to "Saved on this device".
 * Each round is a new account (a journal holds at most 1,000 entries).
 *
 *   npx tsx bench/journal-sync.ts [entries=1000] [rounds=3]
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { cpus, hostname } from "node:os"
import { join } from "node:path"
import type { Page } from "playwright-core"
import { LiveClient } from "../gateway/testing/live-client.ts"
import { JournalReplica, type ReplicaParts, type ReplicaSnapshot } from "../web/journal-sync/replica.ts"
import { launchBrowser, newContext, PHONE } from "../web/testing/browser.ts"
import { newHistogram, recordMillis, valueAtMillis } from "./harness/histogram.ts"
import { planPinning, pinSelf } from "./harness/pinning.ts"
import { startStudio } from "./studio/gateway-process.ts"

const [entries = 1000, rounds = 3] = process.argv.slice(2).map(Number)
const TYPED = 10
const PROFILE_DIR = process.env["JOURNAL_BENCH_PROFILE"]
if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true })
// JOURNAL_BENCH_WEB_DIR=<dir>: serve another build of the web apps (an older commit's, for a before/after in one sitting).
const WEB_DIR = process.env["JOURNAL_BENCH_WEB_DIR"]
// The lexical embeddings: the read side's sentence-encoder model load is no part of a journal sync and would compete for the cores.
const node = await startStudio(pinSelf(planPinning()), { env: { STUDIO_EMBEDDINGS: "lexical", ...(WEB_DIR ? { STUDIO_WEB_DIR: WEB_DIR } : {}) } })
const base = node.baseUrl
const browser = await launchBrowser()

const api = async <T>(path: string, body: unknown, token?: string): Promise<T> => {
  const response = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

/** Polls the page from here (its CSP forbids waitForFunction's eval) until `check` holds; returns when it first did. */
const until = async (check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<number> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check()) return Date.now()
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

const statusOf = (page: Page) => page.locator(".journal-sync-state").innerText()
const typed = newHistogram()
const toSynced: number[] = []
const perEntry = newHistogram()
let lost = 0

for (let round = 1; round <= rounds; round++) {
  const email = `journal-bench-${round}@demo.example`
  const password = `bench-password-${round}-long-enough`
  await api("/api/users", { email, name: `Journal bench ${round}`, roles: ["participant"], password }, node.token)
  const session = await api<{ token: string; user: { id: string; tenant: string } }>("/api/auth/login", { email, password })

  const context = await newContext(browser, PHONE)
  const page = await context.newPage()
  await page.goto(`${base}/journal`)
  await page.getByLabel("Email").fill(email)
  await page.getByLabel("Password").fill(password)
  await page.getByRole("button", { name: "Sign in" }).click()
  await until(async () => (await statusOf(page)).includes("Synced"), 30_000, "the first sync")
  await until(() => page.evaluate("navigator.serviceWorker.controller !== null") as Promise<boolean>, 30_000, "the service worker taking the page")

  // The server side: a protocol client in the same journal notes when each entry arrives.
  const observer = await LiveClient.open(`${base.replace(/^http/, "ws")}/live`, session.token)
  const addr = `journal/${session.user.id}`
  await observer.join(addr)
  const arrivedAt = new Map<string, number>()
  observer.onFrame((frame) => {
    if (frame.t === "ev" && frame.addr === addr && (frame.ev as { type: string }).type === "entryWritten")
      arrivedAt.set((frame.ev as unknown as { title: string }).title, Date.now())
  })

  await context.setOffline(true)
  await until(async () => (await statusOf(page)).includes("Offline"), 10_000, "going offline")
  // A few typed through the form, timed as the writer sees them.
  for (let i = 0; i < TYPED; i++) {
    await page.getByRole("link", { name: "New entry" }).click()
    await page.getByLabel("Title").fill(`typed ${round}.${i}`)
    await page.getByLabel("What's on your mind").fill("Written offline, by hand.")
    const started = Date.now()
    await page.getByRole("button", { name: "Save entry" }).click()
    await page.getByText("Saved on this device").waitFor()
    recordMillis(typed, Date.now() - started)
    await page.getByRole("link", { name: "All entries" }).click()
  }
  // The rest straight into this device's replica, as the app stores it.
  const key = `${session.user.tenant}/${session.user.id}`
  // The layout of web/src/journal/local-store.ts: confirmed entries and pending operations one record each, the rest in `meta`;
  // a build from before that layout (JOURNAL_BENCH_WEB_DIR) keeps one snapshot per journal in `replicas`.
  const split = (await page.evaluate(`new Promise((done, fail) => {
    const open = indexedDB.open("studio-journal")
    open.onerror = () => fail(open.error)
    open.onsuccess = () => { const has = open.result.objectStoreNames.contains("meta"); open.result.close(); done(has) }
  })`)) as boolean
  const range = `IDBKeyRange.bound([${JSON.stringify(key)}], [${JSON.stringify(key)}, []])`
  const stored = split ? await readSplit() : await readSnapshot()
  const replica = JournalReplica.fromParts(stored.parts)
  const titles: string[] = Array.from({ length: TYPED }, (_, i) => `typed ${round}.${i}`)
  for (let i = TYPED; i < entries; i++) {
    const title = `entry ${round}.${i}`
    replica.write({
      title,
      body: `Offline entry number ${i}: a few sentences about the day, so the payload is not trivially small.`,
      tags: i % 3 === 0 ? ["calm"] : ["work", "late"],
      mood: 1 + (i % 5),
    })
    titles.push(title)
  }
  if (split) await writeSplit(replica, stored.version)
  else await writeSnapshot(replica, stored.version)
  async function readSplit() {
    return (await page.evaluate(`new Promise((done, fail) => {
    const open = indexedDB.open("studio-journal")
    open.onerror = () => fail(open.error)
    open.onsuccess = () => {
      const tx = open.result.transaction(["meta", "entries", "ops", "versions"])
      const meta = tx.objectStore("meta").get(${JSON.stringify(key)})
      const entries = tx.objectStore("entries").getAll(${range})
      const pending = tx.objectStore("ops").getAll(${range})
      const version = tx.objectStore("versions").get(${JSON.stringify(key)})
      tx.oncomplete = () => { open.result.close(); done({ parts: { meta: meta.result, entries: entries.result, pending: pending.result }, version: version.result }) }
    }
  })`)) as { parts: ReplicaParts; version: number }
  }
  async function writeSplit(replica: JournalReplica, version: number) {
    const parts = replica.parts()
    await page.evaluate(`new Promise((done, fail) => {
      const open = indexedDB.open("studio-journal")
      open.onerror = () => fail(open.error)
      open.onsuccess = () => {
        const tx = open.result.transaction(["meta", "ops", "versions"], "readwrite")
        const key = ${JSON.stringify(key)}
        tx.objectStore("meta").put(${JSON.stringify(parts.meta)}, key)
        for (const op of ${JSON.stringify(parts.pending)}) tx.objectStore("ops").put(op, [key, op.n])
        tx.objectStore("versions").put(${version + 1}, key)
        tx.oncomplete = () => { open.result.close(); done(null) }
      }
    })`)
  }
  async function readSnapshot() {
    const found = (await page.evaluate(`new Promise((done, fail) => {
      const open = indexedDB.open("studio-journal")
      open.onerror = () => fail(open.error)
      open.onsuccess = () => {
        const tx = open.result.transaction(["replicas", "versions"])
        const snapshot = tx.objectStore("replicas").get(${JSON.stringify(key)})
        const version = tx.objectStore("versions").get(${JSON.stringify(key)})
        tx.oncomplete = () => { open.result.close(); done({ snapshot: snapshot.result, version: version.result }) }
      }
    })`)) as { snapshot: ReplicaSnapshot; version: number }
    return { parts: JournalReplica.fromSnapshot(found.snapshot).parts(), version: found.version }
  }
  async function writeSnapshot(replica: JournalReplica, version: number) {
    await page.evaluate(`new Promise((done, fail) => {
      const open = indexedDB.open("studio-journal")
      open.onerror = () => fail(open.error)
      open.onsuccess = () => {
        const tx = open.result.transaction(["replicas", "versions"], "readwrite")
        tx.objectStore("replicas").put(${JSON.stringify(replica.snapshot())}, ${JSON.stringify(key)})
        tx.objectStore("versions").put(${version + 1}, ${JSON.stringify(key)})
        tx.oncomplete = () => { open.result.close(); done(null) }
      }
    })`)
  }
  await page.reload()
  const pendingText = entries === 1 ? "1 change" : `${entries.toLocaleString("en-US")} changes`
  await until(async () => (await statusOf(page)).includes(pendingText), 30_000, `the reloaded page showing ${pendingText} kept`)

  // JOURNAL_BENCH_PROFILE=<dir>: the page's CPU profile from reconnect to "Synced" (read it with bench/profile-top.ts).
  const profiler = PROFILE_DIR ? await context.newCDPSession(page) : undefined
  if (profiler) await profiler.send("Profiler.enable").then(() => profiler.send("Profiler.start"))
  const reconnectedAt = Date.now()
  await context.setOffline(false)
  const syncedAt = await until(async () => (await statusOf(page)).includes("Synced"), 60_000, `${entries} entries syncing`)
  if (profiler) {
    const { profile } = await profiler.send("Profiler.stop")
    const file = join(PROFILE_DIR!, `journal-sync-round-${round}.cpuprofile`)
    writeFileSync(file, JSON.stringify(profile))
    console.log(`round ${round}: the page's CPU profile is in ${file}`)
  }
  toSynced.push(syncedAt - reconnectedAt)
  await until(async () => titles.every((title) => arrivedAt.has(title)), 10_000, "every entry reaching the observer")
  for (const title of titles) recordMillis(perEntry, arrivedAt.get(title)! - reconnectedAt)

  const exported = (await (
    await fetch(`${base}/api/journal/export?format=json`, { headers: { authorization: `Bearer ${session.token}` } })
  ).json()) as { entries: Array<{ title: string }> }
  const onServer = new Set(exported.entries.map((entry) => entry.title))
  lost += titles.filter((title) => !onServer.has(title)).length
  observer.terminate()
  await context.close()
  console.log(`round ${round}: ${entries} entries synced in ${syncedAt - reconnectedAt} ms; on the server: ${onServer.size}`)
}

const line = (name: string, histogram: ReturnType<typeof newHistogram>) =>
  `${name}: ${[50, 95, 99, 100].map((p) => `p${p} ${valueAtMillis(histogram, p).toFixed(1)} ms`).join(", ")} (${histogram.totalCount} samples)`
const sorted = [...toSynced].sort((a, b) => a - b)
console.log(
  `journal sync on ${hostname()} (${cpus().length} cores, Node ${process.version}, ${browser.version()}): ${entries} entries written offline, ${rounds} rounds`,
)
console.log(
  `reconnect -> status "Synced": ${sorted.map((ms) => `${ms} ms`).join(", ")} (min ${sorted[0]} ms, median ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted.at(-1)} ms; aim 5000 ms)`,
)
console.log(line("reconnect -> each entry on the server", perEntry))
console.log(line('typed entry: Save -> "Saved on this device"', typed))
console.log(`lost: ${lost} of ${entries * rounds}`)

await browser.close()
await node.server.stop()
if (lost > 0 || sorted.at(-1)! > 5_000) process.exitCode = 1
