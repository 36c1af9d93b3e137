/**
 * 30 editors on one canvas: from an operation in one editor to the frame
 * that draws it in another (issue 14: p95 under 100 ms).
 *
 * One node as `npm start` runs it. A facilitator in the console (a laptop
 * in Debian's Chromium, WebGL through SwiftShader) starts a session whose
 * first activity is a canvas; a few guests join by code in their own
 * browser contexts, the rest as protocol clients (POST /api/live/join, one
 * WebSocket each); the facilitator opens "the canvas for everyone", which
 * gives every member edit access. Then, for `seconds`:
 *
 * - every protocol editor sends operations on its own schedule (open loop,
 *   `rate` a second, random phase): mostly moves of one of its own notes, a
 *   tenth adds of a new note, all inside what every screen shows;
 * - every guest in a browser drags its own note with the mouse now and then
 *   (the board sends coalesced moves while dragging, and a final one);
 * - every browser context records when each operation reaches its screen,
 *   and every protocol client when each event arrives (the baseline).
 *
 * "Render" is the pixi frame that drew the change. The outline the canvas
 * keeps for screen readers (`[data-testid=canvas-outline] li`, with
 * data-element-id and data-place) is written in the same Solid update that
 * hands the change to the scene (board.tsx: state -> diff -> scene.update),
 * and scene.update asks for an animation frame (scene.ts #requestFrame).
 * A MutationObserver on the outline runs at the microtask checkpoint after
 * that update, so the requestAnimationFrame it asks for is queued after the
 * scene's: animation-frame callbacks run in the order they were asked for,
 * so when ours runs, the scene's renderNow (cull, redraw the stale
 * elements, renderer.render) has just issued that frame's WebGL draws. The
 * page counts WebGL draw calls (a wrapper on WebGL2RenderingContext's draw
 * methods, installed by this bench, nothing in the app), and each sample
 * says whether a draw happened between the mutation and our callback: the
 * report gives the share that did. Three times are kept per sample: `seen`
 * (the outline changed: the fold), `drawn` (our rAF callback: the frame's
 * draws issued; the figure the aim is read on), `painted` (a MessageChannel
 * task posted from our callback: it runs after the frame's rendering steps
 * and after any tasks queued before it, so it is an upper bound on the
 * frame's main-thread end). The GPU process's SwiftShader raster and the
 * display after that are not visible from the page.
 *
 * Clocks: Node and Chromium both read the machine's wall clock through
 * `performance.timeOrigin + performance.now()`. The offset between them is
 * measured per page: `page.evaluate` of the page's clock bracketed by two
 * readings of Node's, 40 times, the one with the shortest round trip; its
 * half round trip bounds the error (reported, typically well under 1 ms).
 * Page times are corrected by that offset, measured before and after the run.
 *
 * A browser's own operations are timed from the page's WebSocket send (a
 * wrapper on WebSocket.prototype.send added by this bench before the app
 * loads; the frames are decoded here with msgpackr).
 *
 *   npx tsx bench/canvas-reach.ts [editors=30] [browsers=4] [seconds=30] [rate=3] [--no-pin] [--cursors=N] [--no-drags] [--profile]
 *
 * `browsers` counts the facilitator's console; `rate` is operations a
 * second per protocol editor; `--cursors=N` also sends each protocol
 * editor's cursor N times a second (presence, as a moving pointer does);
 * `--profile` records a CPU profile of one guest page (CDP) during the run
 * and writes its top functions into the report.
 * Writes bench/results/<timestamp>-canvas-reach/ (report.md, report.json).
 */
import { mkdir, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { unpack } from "msgpackr"
import type { Browser, CDPSession, Page } from "playwright-core"
import { LiveClient } from "../gateway/testing/live-client.ts"
import { LAPTOP, launchBrowser } from "../web/testing/browser.ts"
import { describeMachine } from "./harness/machine.ts"
import { planPinning, pinSelf } from "./harness/pinning.ts"
import { startStudio } from "./studio/gateway-process.ts"
import { timestampForPath } from "./report/write.ts"

const flags = process.argv.slice(2).filter((a) => a.startsWith("--"))
const positional = process.argv
  .slice(2)
  .filter((a) => !a.startsWith("--"))
  .map(Number)
const [EDITORS = 30, BROWSERS = 4, SECONDS = 30, RATE = 3] = positional
const flag = (name: string) => flags.find((f) => f === `--${name}` || f.startsWith(`--${name}=`))
const CURSORS = Number(flag("cursors")?.split("=")[1] ?? 0)
const DRAGS = !flag("no-drags")
const PROFILE = !!flag("profile")
const CANVAS_TEMPLATE = "Wellbeing check-in"
const ADD_SHARE = 0.1
const NOTE = { w: 110, h: 70 }

const now = () => performance.timeOrigin + performance.now()
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const log = (line: string) => console.log(`[canvas-reach] ${line}`)

/** Polls until `check` returns something other than undefined/false. */
const until = async <T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`)
    await sleep(50)
  }
}

// ---- In the page (as text: tsx names compiled functions with __name, which pages do not have) ----

/** Before the app loads: every WebSocket frame the page sends, with the time it was handed to the socket. */
const SEND_PROBE = `
(() => {
  const send = WebSocket.prototype.send
  globalThis.__reachSends = []
  WebSocket.prototype.send = function (data) {
    if (globalThis.__reachRecording) {
      const bytes = data instanceof ArrayBuffer ? new Uint8Array(data.slice(0)) : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)) : null
      if (bytes) globalThis.__reachSends.push([performance.timeOrigin + performance.now(), bytes])
    }
    return send.call(this, data)
  }
})()
`

/** Once the canvas is open: the outline watched, each change followed to the frame after it. */
const RENDER_PROBE = `
(() => {
  const R = globalThis.__reach = { marks: [], draws: 0, frames: 0 }
  const proto = WebGL2RenderingContext.prototype
  for (const name of ["drawElements", "drawArrays", "drawElementsInstanced", "drawArraysInstanced", "drawRangeElements"]) {
    const original = proto[name]
    if (typeof original !== "function") continue
    proto[name] = function () { R.draws++; return original.apply(this, arguments) }
  }
  const item = (li) => [li.getAttribute("data-element-id") ?? "", li.getAttribute("data-place") ?? "", li.textContent ?? ""]
  new MutationObserver((records) => {
    const seenAt = performance.timeOrigin + performance.now()
    const draws = R.draws
    const items = []
    for (const record of records) {
      if (record.type === "attributes") {
        if (record.target.closest && record.target.closest("[data-testid=canvas-outline]")) items.push(item(record.target))
        continue
      }
      for (const node of record.addedNodes) {
        if (node.nodeType !== 1) continue
        if (node.matches("[data-testid=canvas-outline] li")) items.push(item(node))
        else for (const li of node.querySelectorAll("[data-testid=canvas-outline] li")) items.push(item(li))
      }
    }
    if (items.length === 0) return
    requestAnimationFrame(() => {
      const mark = { seenAt, drawnAt: performance.timeOrigin + performance.now(), drew: R.draws > draws, paintedAt: 0, items }
      R.marks.push(mark)
      const channel = new MessageChannel()
      channel.port1.onmessage = () => { mark.paintedAt = performance.timeOrigin + performance.now() }
      channel.port2.postMessage(0)
    })
  }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-place"] })
  // Frame pacing while the run goes: the interval between animation frames.
  R.intervals = []
  let last = 0
  const tick = (t) => { if (last) R.intervals.push(t - last); last = t; if (!R.stop) requestAnimationFrame(tick) }
  requestAnimationFrame(tick)
})()
`

// ---- Clock offset ----

interface Offset {
  readonly offsetMs: number
  readonly errorMs: number
}
/** The page's clock minus Node's, from the probe with the shortest round trip; the error is half that round trip. */
const clockOffset = async (page: Page): Promise<Offset> => {
  let best: Offset = { offsetMs: 0, errorMs: Number.POSITIVE_INFINITY }
  for (let i = 0; i < 40; i++) {
    const before = now()
    const inPage = (await page.evaluate("performance.timeOrigin + performance.now()")) as number
    const after = now()
    const errorMs = (after - before) / 2
    if (errorMs < best.errorMs) best = { offsetMs: inPage - (before + after) / 2, errorMs }
  }
  return best
}

// ---- Figures ----

interface Summary {
  readonly count: number
  readonly p50: number
  readonly p95: number
  readonly p99: number
  readonly max: number
}
const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN
const summarise = (values: readonly number[]): Summary => {
  const sorted = [...values].sort((a, b) => a - b)
  return {
    count: sorted.length,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  }
}
const ms = (v: number) => (Number.isNaN(v) ? "-" : v < 10 ? v.toFixed(2) : v.toFixed(1))
const row = (name: string, s: Summary) => `| ${name} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} | ${ms(s.max)} | ${s.count} |`

// ---- The run ----

interface Op {
  readonly key: string
  readonly kind: "add" | "move" | "drag"
  readonly sentAt: number
  /** Which editor sent it: a protocol client's index, or `page:<n>` for a browser. */
  readonly from: string
}

const machine = describeMachine()
const pinning = flag("no-pin")
  ? { pinned: false, note: "not pinned: --no-pin (server, browser and clients share every core)" }
  : pinSelf(planPinning())
log(
  `${EDITORS} editors (${BROWSERS} in Chromium, ${EDITORS - BROWSERS} protocol clients), ${SECONDS} s at ${RATE} ops/s per protocol editor; ${pinning.note}; load ${machine.loadAverage.toFixed(2)}`,
)
const node = await startStudio(pinning)
const base = node.baseUrl
const wsUrl = `${base.replace(/^http/, "ws")}/live`
let browser: Browser | undefined
const protocolClients: LiveClient[] = []

const post = async <T>(path: string, body: unknown): Promise<T> => {
  const response = await fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

const openPage = async (): Promise<Page> => {
  const context = await browser!.newContext({ ...LAPTOP, locale: "en-US" })
  await context.addInitScript(SEND_PROBE)
  return context.newPage()
}
const bodyText = (page: Page) => page.locator("body").innerText()

try {
  browser = await launchBrowser({ webgl: true })
  const chromium = browser.version()

  // The facilitator: signs in, starts the canvas template's session and its first phase.
  const facilitator = await openPage()
  await facilitator.goto(base)
  await facilitator.getByLabel("Email").fill("facilitator@demo.example")
  await facilitator.getByLabel("Password").fill(node.password)
  await facilitator.getByRole("button", { name: "Sign in", exact: true }).click()
  await facilitator
    .getByRole("button", { name: `Start session: ${CANVAS_TEMPLATE}` })
    .first()
    .click()
  await until(async () => /\/sessions\/[^/]+$/.test(facilitator.url()), "the session page")
  const spelled = await facilitator.locator(".join-code").getAttribute("aria-label", { timeout: 30_000 })
  const code = spelled!.replace(/^[^:]*:\s*/, "").replace(/ /g, "")
  await facilitator.getByRole("region", { name: "Current activity" }).getByRole("button", { name: "Start with Pause" }).click()
  await until(async () => (await bodyText(facilitator)).includes("Open the canvas for everyone"), "the canvas activity")

  // Guests in browsers, then guests as protocol clients: all join by code before the canvas opens.
  const guests: Page[] = []
  for (let i = 0; i < BROWSERS - 1; i++) {
    const page = await openPage()
    await page.goto(`${base}/j/${code}`)
    await page.getByLabel("Your name").fill(`Laptop ${i + 1}`)
    await page.getByRole("button", { name: "Join", exact: true }).click()
    await until(async () => /Weather report|The facilitator will open the canvas/.test(await bodyText(page)), `laptop ${i + 1} in the session`)
    guests.push(page)
  }
  for (let i = 0; i < EDITORS - BROWSERS; i++) {
    const guest = await post<{ token: string; addr: string }>("/api/live/join", { code, name: `Editor ${i + 1}` })
    const client = await LiveClient.open(wsUrl, guest.token)
    const joined = await client.join(guest.addr)
    if (joined.t !== "joined") throw new Error(`editor ${i + 1} could not join the session: ${JSON.stringify(joined)}`)
    protocolClients.push(client)
  }
  const pages = [facilitator, ...guests]

  await facilitator.getByRole("button", { name: "Open the canvas for everyone" }).click()
  for (const page of pages) {
    await page.locator(".board-canvas canvas").waitFor({ timeout: 60_000 })
    await page.locator(".board-canvas[data-viewport]").waitFor()
  }
  const addr = `canvas/${(await facilitator.locator(".board-canvas").getAttribute("aria-describedby"))!.slice("outline-".length)}`
  log(`${addr} open on ${pages.length} screens`)

  // The world every screen shows: the intersection of their views.
  const views = await Promise.all(
    pages.map(async (page) => {
      const [x, y, zoom] = ((await page.locator(".board-canvas").getAttribute("data-viewport")) ?? "").split(",").map(Number)
      const box = (await page.locator(".board-canvas canvas").boundingBox())!
      return { minX: x!, minY: y!, maxX: x! + box.width / zoom!, maxY: y! + box.height / zoom! }
    }),
  )
  const area = {
    minX: Math.max(...views.map((v) => v.minX)),
    minY: Math.max(...views.map((v) => v.minY)),
    maxX: Math.min(...views.map((v) => v.maxX)) - NOTE.w,
    maxY: Math.min(...views.map((v) => v.maxY)) - NOTE.h,
  }
  if (!(area.maxX > area.minX && area.maxY > area.minY)) throw new Error(`the screens share no view: ${JSON.stringify(views)}`)
  const randomPlace = () => {
    const x = Math.round((area.minX + Math.random() * (area.maxX - area.minX)) * 100) / 100
    const y = Math.round((area.minY + Math.random() * (area.maxY - area.minY)) * 100) / 100
    return { x, y }
  }

  // Every protocol editor joins the canvas and keeps the ids of what it added; events are timed on arrival.
  const arrivals: { key: string; at: number; client: number }[] = []
  const addedAtSeq = new Map<number, string>()
  const keyOfEvent = (ev: { type: string; elementId?: string; x?: number; y?: number; element?: { text?: string } }): string | undefined =>
    ev.type === "elementMoved"
      ? `${ev.elementId}|${ev.x},${ev.y}`
      : ev.type === "elementAdded" && ev.element?.text?.startsWith("reach ")
        ? `add|${ev.element.text}`
        : undefined
  for (const [i, client] of protocolClients.entries()) {
    const joined = await client.join(addr)
    if (joined.t !== "joined") throw new Error(`editor ${i + 1} could not join ${addr}: ${JSON.stringify(joined)}`)
    client.onFrame((frame) => {
      if (frame.t !== "ev") return
      const at = now()
      const ev = (frame as unknown as { seq: number; ev: { type: string; elementId?: string } }).ev
      if (ev.type === "elementAdded") addedAtSeq.set((frame as unknown as { seq: number }).seq, ev.elementId!)
      const key = keyOfEvent(ev as never)
      if (key) arrivals.push({ key, at, client: i })
    })
  }
  const clearFrames = () => {
    for (const client of protocolClients) client.frames.length = 0
  }

  let opSeq = 0
  const ops = new Map<string, Op>()
  const owned: string[][] = protocolClients.map(() => [])
  const addNote = async (i: number, record: boolean): Promise<string> => {
    const text = `reach ${++opSeq}`
    const { x, y } = randomPlace()
    const sentAt = now()
    const reply = await protocolClients[i]!.cmd(addr, `add-${i}-${opSeq}`, {
      type: "addElement",
      element: { kind: "sticky", text, colour: "#fde68a", x, y, ...NOTE },
    })
    if (reply.t !== "ack") throw new Error(`editor ${i + 1}: addElement refused: ${JSON.stringify(reply)}`)
    if (record) ops.set(`add|${text}`, { key: `add|${text}`, kind: "add", sentAt, from: String(i) })
    const id = await until(async () => addedAtSeq.get(reply.seq), "the added note's id", 10_000)
    owned[i]!.push(id)
    return id
  }
  for (let i = 0; i < protocolClients.length; i++) await addNote(i, false)

  // Each guest in a browser gets a note of its own to drag (added with its own token), at its own place.
  const dragNotes: { page: Page; text: string; at: { x: number; y: number } }[] = []
  if (DRAGS) {
    for (const [n, page] of guests.entries()) {
      const token = (JSON.parse(String(await page.evaluate('sessionStorage.getItem("studio.session.v1")'))) as { token: string }).token
      const own = await LiveClient.open(wsUrl, token)
      await own.join(addr)
      const at = { x: area.minX + (n + 1) * ((area.maxX - area.minX) / (guests.length + 1)), y: area.minY + (area.maxY - area.minY) * 0.5 }
      const text = `drag ${n + 1}`
      const reply = await own.cmd(addr, `drag-note-${n}`, {
        type: "addElement",
        element: { kind: "sticky", text, colour: "#bbf7d0", ...at, ...NOTE },
      })
      if (reply.t !== "ack") throw new Error(`laptop ${n + 1}'s note refused: ${JSON.stringify(reply)}`)
      own.terminate()
      dragNotes.push({ page, text, at })
    }
  }
  for (const page of pages)
    await until(
      async () => (await page.locator("[data-testid=canvas-outline] li").count()) >= protocolClients.length + dragNotes.length,
      "every note on every screen",
    )
  await sleep(500)

  // Install the probes, measure the clocks.
  for (const page of pages) await page.evaluate(RENDER_PROBE)
  const offsetsBefore = await Promise.all(pages.map(clockOffset))
  arrivals.length = 0
  clearFrames()
  for (const page of pages) await page.evaluate("globalThis.__reachRecording = true")

  let cdp: CDPSession | undefined
  const profiled = guests[0] ?? facilitator
  if (PROFILE) {
    cdp = await profiled.context().newCDPSession(profiled)
    await cdp.send("Profiler.enable")
    await cdp.send("Profiler.setSamplingInterval", { interval: 200 })
    await cdp.send("Profiler.start")
  }

  // ---- The drive ----
  const started = now()
  const end = started + SECONDS * 1000
  const sendLag: number[] = []
  const nacks: string[] = []
  const drives = protocolClients.map(async (client, i) => {
    let due = started + Math.random() * (1000 / RATE)
    while (due < end) {
      const wait = due - now()
      if (wait > 0) await sleep(wait)
      sendLag.push(now() - due)
      due += (1000 / RATE) * (0.5 + Math.random())
      if (Math.random() < ADD_SHARE && owned[i]!.length < 12) {
        void addNote(i, true).catch((error: unknown) => nacks.push(String(error)))
        continue
      }
      const mine = owned[i]!
      const id = mine[Math.floor(Math.random() * mine.length)]!
      const { x, y } = randomPlace()
      const key = `${id}|${x},${y}`
      ops.set(key, { key, kind: "move", sentAt: now(), from: String(i) })
      void client.cmd(addr, `mv-${i}-${++opSeq}`, { type: "moveElement", elementId: id, x, y }).then((reply) => {
        if (reply.t !== "ack") nacks.push(JSON.stringify(reply))
      })
    }
  })
  // Cursors (presence), when asked: each protocol editor's pointer wandering over the board.
  const cursors =
    CURSORS > 0
      ? protocolClients.map(async (client) => {
          let due = started + Math.random() * (1000 / CURSORS)
          while (due < end) {
            const wait = due - now()
            if (wait > 0) await sleep(wait)
            due += 1000 / CURSORS
            const { x, y } = randomPlace()
            client.presence(addr, { cursor: [x, y], selection: [], view: { x, y, zoom: 1 }, idleMs: 0 })
          }
        })
      : []
  // Browser editors: a drag of about a second (a dozen pointer moves), then a pause, back and forth.
  const dragFailures: string[] = []
  const drags = dragNotes.map(async ({ page, text }, n) => {
    // No one pans or zooms during the run: the canvas's box and view are read once.
    const [vx, vy, zoom] = ((await page.locator(".board-canvas").getAttribute("data-viewport")) ?? "").split(",").map(Number)
    const box = (await page.locator(".board-canvas canvas").boundingBox())!
    await sleep(300 + n * 400)
    let out = true
    while (now() < end - 1500) {
      try {
        // Where the note is now, as this page's outline says (a swamped page may answer late: bounded, then skipped).
        const place = await page.locator("[data-testid=canvas-outline] li", { hasText: text }).first().getAttribute("data-place", { timeout: 5000 })
        const [px, py] = (place ?? "").split(",").map(Number)
        const from = { x: box.x + (px! + NOTE.w / 2 - vx!) * zoom!, y: box.y + (py! + NOTE.h / 2 - vy!) * zoom! }
        const dy = (out ? 1 : -1) * 60
        await page.mouse.move(from.x, from.y)
        await page.mouse.down()
        for (let step = 1; step <= 12; step++) {
          await page.mouse.move(from.x + (out ? step : 12 - step) * 2, from.y + (dy * step) / 12)
          await sleep(70)
        }
        await page.mouse.up()
        out = !out
      } catch (error) {
        dragFailures.push(`laptop ${n + 1}: ${String(error).split("\n")[0]}`)
      }
      await sleep(1000)
    }
  })
  await Promise.all([...drives, ...drags, ...cursors])
  log(`sent ${ops.size} protocol operations; draining`)
  await sleep(3000)
  for (const page of pages) await page.evaluate("globalThis.__reachRecording = false; globalThis.__reach.stop = true")

  let profileTop: string[] = []
  if (cdp) {
    const { profile } = (await cdp.send("Profiler.stop")) as {
      profile: {
        nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[]
        samples?: number[]
        timeDeltas?: number[]
      }
    }
    await writeFile("/tmp/canvas-reach-page.cpuprofile", JSON.stringify(profile))
    const self = new Map<string, number>()
    const total = profile.samples?.length ?? 0
    const byId = new Map(profile.nodes.map((n) => [n.id, n]))
    for (const id of profile.samples ?? []) {
      const n = byId.get(id)!
      const file = n.callFrame.url.split("/").pop() || "(native)"
      const name = `${n.callFrame.functionName || "(anonymous)"} ${file}:${n.callFrame.lineNumber + 1}`
      self.set(name, (self.get(name) ?? 0) + 1)
    }
    profileTop = [...self.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(([name, hits]) => `${((100 * hits) / total).toFixed(1)}% ${name}`)
  }

  // Browser-sent operations: decode each page's sent frames.
  const pageOps = new Map<string, Op>()
  for (const [n, page] of pages.entries()) {
    const sends = (await page.evaluate("globalThis.__reachSends.splice(0).map(([t, b]) => [t, Array.from(b)])")) as [number, number[]][]
    const offset = offsetsBefore[n]!.offsetMs
    for (const [t, bytes] of sends) {
      const frame = unpack(Buffer.from(bytes)) as { t?: string; cmd?: { type?: string; elementId?: string; x?: number; y?: number } }
      if (frame.t !== "cmd" || frame.cmd?.type !== "moveElement") continue
      const key = `${frame.cmd.elementId}|${frame.cmd.x},${frame.cmd.y}`
      if (!pageOps.has(key)) pageOps.set(key, { key, kind: "drag", sentAt: t - offset, from: `page:${n}` })
    }
  }
  await sleep(2000)
  const offsetsAfter = await Promise.all(pages.map(clockOffset))

  // ---- Matching ----
  type Mark = { seenAt: number; drawnAt: number; drew: boolean; paintedAt: number; items: [string, string, string][] }
  const perPage = await Promise.all(
    pages.map(async (page) => ({
      marks: (await page.evaluate("globalThis.__reach.marks")) as Mark[],
      intervals: (await page.evaluate("globalThis.__reach.intervals")) as number[],
    })),
  )
  const seen: Record<"protocol" | "drag", { seen: number[]; drawn: number[]; painted: number[] }> = {
    protocol: { seen: [], drawn: [], painted: [] },
    drag: { seen: [], drawn: [], painted: [] },
  }
  const byKind: Record<string, number[]> = { add: [], move: [] }
  let verified = 0
  let unverified = 0
  const missing: Record<string, number> = { protocol: 0, drag: 0 }
  const slowest: { key: string; page: number; drawn: number; seen: number }[] = []
  for (const [n, { marks }] of perPage.entries()) {
    // The probe with the shorter round trip (a page still busy after the run answers late).
    const offset = (offsetsAfter[n]!.errorMs < offsetsBefore[n]!.errorMs ? offsetsAfter[n]! : offsetsBefore[n]!).offsetMs
    const firstFor = new Map<string, Mark>()
    for (const mark of marks) {
      for (const [id, place, text] of mark.items) {
        const keys = [`${id}|${place}`]
        const at = text.indexOf("reach ")
        if (at >= 0) keys.push(`add|${text.slice(at).trim()}`)
        for (const key of keys) if (!firstFor.has(key)) firstFor.set(key, mark)
      }
    }
    const account = (op: Op, bucket: "protocol" | "drag") => {
      const mark = firstFor.get(op.key)
      if (!mark) {
        missing[bucket]!++
        return
      }
      const s = seen[bucket]
      s.seen.push(mark.seenAt - offset - op.sentAt)
      s.drawn.push(mark.drawnAt - offset - op.sentAt)
      if (mark.paintedAt) s.painted.push(mark.paintedAt - offset - op.sentAt)
      if (bucket === "protocol") byKind[op.kind]!.push(mark.drawnAt - offset - op.sentAt)
      if (mark.drew) verified++
      else unverified++
      slowest.push({ key: op.key, page: n, drawn: mark.drawnAt - offset - op.sentAt, seen: mark.seenAt - offset - op.sentAt })
    }
    for (const op of ops.values()) account(op, "protocol")
    for (const op of pageOps.values()) if (op.from !== `page:${n}`) account(op, "drag")
  }
  const baseline: number[] = []
  const dragToClients: number[] = []
  const baselineDelivered = new Map<string, number>()
  for (const arrival of arrivals) {
    const op = ops.get(arrival.key)
    if (op) {
      if (op.from === String(arrival.client)) continue
      baseline.push(arrival.at - op.sentAt)
      baselineDelivered.set(op.key, (baselineDelivered.get(op.key) ?? 0) + 1)
      continue
    }
    const pageOp = pageOps.get(arrival.key)
    if (pageOp) dragToClients.push(arrival.at - pageOp.sentAt)
  }
  const expectedBaseline = ops.size * (protocolClients.length - 1)

  // ---- Report ----
  const render = summarise(seen.protocol.drawn)
  const base_ = summarise(baseline)
  const intervals = summarise(perPage.flatMap((p) => p.intervals))
  const aimMet = render.p95 < 100
  const loadEnd = describeMachine().loadAverage
  const machineLine = `${machine.cores} cores (${machine.cpuModel}), ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB, Node ${machine.node}, ${machine.platform} ${machine.kernel}, Chromium ${chromium} headless with SwiftShader WebGL; commit ${machine.gitCommit.slice(0, 10)}${machine.gitDirty ? " (uncommitted changes in the tree)" : ""}; load average ${machine.loadAverage.toFixed(2)} at start, ${loadEnd.toFixed(2)} at the end; ${pinning.note}`
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(1)}x` : "-")
  const offsetText = pages
    .map(
      (_, n) =>
        `${offsetsBefore[n]!.offsetMs.toFixed(2)} -> ${offsetsAfter[n]!.offsetMs.toFixed(2)} ms (±${Math.max(offsetsBefore[n]!.errorMs, offsetsAfter[n]!.errorMs).toFixed(2)})`,
    )
    .join("; ")
  const lines = [
    `# Canvas reach: ${EDITORS} editors on one canvas, an operation to the frame that draws it`,
    "",
    `${new Date(started).toISOString()}, ${SECONDS} s. Machine: ${machineLine}.`,
    "",
    `Editors: ${BROWSERS} browser contexts (the facilitator's console and ${BROWSERS - 1} guests, laptops 1366x768) and ${protocolClients.length} protocol clients (guests joined by code). ` +
      `Each protocol editor sends ${RATE} operations a second (open loop, jittered): ${Math.round(ADD_SHARE * 100)}% adds of a note, the rest moves of its own notes${CURSORS > 0 ? `, and its cursor ${CURSORS} times a second (presence)` : ""}; ` +
      `${DRAGS ? `each guest in a browser drags its own note with the mouse (a dozen pointer moves over about a second, then a second's pause)` : "browsers only watch (--no-drags)"}. ` +
      `Ops sent: ${ops.size} from protocol clients (${Math.round(ops.size / SECONDS)}/s), ${pageOps.size} moves from browser drags. Send lag (protocol editors) p99 ${ms(summarise(sendLag).p99)} ms.`,
    "",
    `Aim (issue 14): operation to its render in another editor, p95 under 100 ms: **${aimMet ? "met" : "missed"}** (p95 ${ms(render.p95)} ms).`,
    "",
    "| from send to | p50 ms | p95 ms | p99 ms | max ms | count |",
    "|---|---|---|---|---|---|",
    row("**frame drawn** in a browser (protocol editor's op)", render),
    row("outline changed in a browser (the fold)", summarise(seen.protocol.seen)),
    row("first task after that frame (main thread free again)", summarise(seen.protocol.painted)),
    row("frame drawn, adds only", summarise(byKind["add"]!)),
    row("frame drawn, moves only", summarise(byKind["move"]!)),
    row("frame drawn in another browser (a browser's drag)", summarise(seen.drag.drawn)),
    row("event at a protocol client (a browser's drag)", summarise(dragToClients)),
    row("**baseline**: event at another protocol client", base_),
    "",
    `Ratio of render in a browser to the protocol baseline: p50 ${ratio(render.p50, base_.p50)}, p95 ${ratio(render.p95, base_.p95)}, p99 ${ratio(render.p99, base_.p99)} ` +
      `(what the browser's receive, fold, Solid update and frame add: p50 +${ms(render.p50 - base_.p50)} ms, p95 +${ms(render.p95 - base_.p95)} ms).`,
    "",
    `Animation-frame interval in the browsers during the run: p50 ${ms(intervals.p50)}, p95 ${ms(intervals.p95)}, p99 ${ms(intervals.p99)}, max ${ms(intervals.max)} ms (${intervals.count} frames over ${pages.length} pages).`,
    "",
    `Checks: ${verified} of ${verified + unverified} rendered samples had WebGL draws between the outline change and the measuring callback (the scene's frame ran first). ` +
      `Not seen on a screen: ${missing["protocol"]} protocol-op renders of ${ops.size * pages.length}, ${missing["drag"]} drag renders (a move overtaken by a later move of the same note before a fold draws only the later one). ` +
      `Baseline deliveries: ${baseline.length} of ${expectedBaseline} expected. Refusals: ${nacks.length}${nacks.length ? ` (first: ${nacks[0]})` : ""}. Drags skipped (a page too busy to answer): ${dragFailures.length}${dragFailures.length ? ` (first: ${dragFailures[0]})` : ""}.`,
    "",
    `Clocks: page minus Node offset per page, before -> after (± half the shortest round trip): ${offsetText}.`,
    "",
    "How it is measured: see the comment at the top of bench/canvas-reach.ts. Sent = `performance.timeOrigin + performance.now()` just before the op goes to the socket (Node) or is handed to the page's WebSocket (browser drags). Frame drawn = a requestAnimationFrame callback queued by a MutationObserver on the canvas outline, which runs right after the scene's own frame callback. First task after the frame = a MessageChannel task posted from that callback: it runs once the frame\'s rendering steps are done and the tasks queued before it (socket messages) have run, so it is an upper bound on the frame\'s main-thread end.",
  ]
  if (profileTop.length)
    lines.push("", `## Where a guest page's main thread went (CPU profile over the run, self time)`, "", ...profileTop.map((l) => `- ${l}`))
  const report = lines.join("\n")
  console.log(report)
  const dir = join(fileURLToPath(new URL("./results", import.meta.url)), `${timestampForPath(new Date(started))}-canvas-reach`)
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, "report.md"), `${report}\n`)
  slowest.sort((a, b) => b.drawn - a.drawn)
  await writeFile(
    join(dir, "report.json"),
    `${JSON.stringify(
      {
        editors: EDITORS,
        browsers: BROWSERS,
        seconds: SECONDS,
        rate: RATE,
        cursors: CURSORS,
        browserDrags: DRAGS,
        machine,
        chromium,
        pinning,
        loadAtEnd: loadEnd,
        aim: { p95Ms: 100, met: aimMet },
        render: {
          drawn: render,
          seen: summarise(seen.protocol.seen),
          painted: summarise(seen.protocol.painted),
          adds: summarise(byKind["add"]!),
          moves: summarise(byKind["move"]!),
        },
        drags: { drawn: summarise(seen.drag.drawn), toProtocolClients: summarise(dragToClients) },
        baseline: base_,
        frameIntervals: intervals,
        verified,
        unverified,
        missing,
        offsets: { before: offsetsBefore, after: offsetsAfter },
        slowest: slowest.slice(0, 20),
        profileTop,
      },
      null,
      2,
    )}\n`,
  )
  log(`report: ${join(dir, "report.md")}`)
} finally {
  for (const client of protocolClients) client.terminate()
  await browser?.close()
  await node.server.stop()
}
