/**
 * The live client against a real node (gateway/testing/harness.ts) over real
 * sockets (the `ws` package): hello, commands and their acks, optimistic
 * changes rolled back on a nack, retries that apply once, resume with
 * `since`, token expiry, revocation, the offline queue, presence.
 */
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeAddress } from "../../engine/address.ts"
import { makeRandom, testSeed } from "../../engine/testing/random.ts"
import type { LiveClient } from "../../gateway/testing/live-client.ts"
import type { ServerFrameOf } from "../../gateway/protocol.ts"
import { freshId, startTestServer, sticky, type TestServer } from "../../gateway/testing/harness.ts"
import { CommandError, createLive, type ActorEvent, type Live, type LiveOptions, type Reducer } from "../src/client/index.ts"
import { manualNetwork, recordingReducer, until } from "../src/client/testing/index.ts"
import { testAuth, watchSockets, type SocketWatch, type TestUser } from "./support.ts"

const random = makeRandom(testSeed("client live"))
let server: TestServer
const lives: Live[] = []
beforeAll(async () => {
  server = await startTestServer({ runtime: { catchUpLimit: 20 } })
})
afterAll(async () => {
  for (const live of lives) live.close()
  await server.dispose()
})

/** A board as a screen might fold it: sticky texts in order, and every seq seen. */
interface Board {
  readonly texts: readonly string[]
  readonly seqs: readonly number[]
}
const board: Reducer<Board> = {
  init: (snapshot, events) => {
    const elements = (snapshot as { elements?: { kind: string; text?: string }[] } | undefined)?.elements ?? []
    const start: Board = { texts: elements.filter((e) => e.kind === "sticky").map((e) => e.text ?? ""), seqs: [] }
    return events.reduce(board.apply, start)
  },
  apply: (state, event: ActorEvent) => {
    const ev = event.ev as { type: string; element?: { kind: string; text?: string } }
    const texts = ev.type === "elementAdded" && ev.element?.kind === "sticky" ? [...state.texts, ev.element.text ?? ""] : state.texts
    return { texts, seqs: [...state.seqs, event.seq] }
  },
}

interface Started {
  readonly live: Live
  readonly sockets: SocketWatch
  readonly auth: Awaited<ReturnType<typeof testAuth>>
}
const start = async (user: TestUser, options: Partial<LiveOptions> & { ttlSeconds?: number } = {}): Promise<Started> => {
  const sockets = watchSockets()
  const auth = await testAuth(user, options.ttlSeconds)
  const live = createLive({
    url: server.url,
    WebSocket: sockets.WebSocket,
    auth,
    storage: new Map(),
    random: random.next,
    backoff: { baseMs: 20, capMs: 200 },
    ...options,
  })
  lives.push(live)
  return { live, sockets, auth }
}
const connected = (live: Live) => until(live.onConnection, (c) => c.state === "connected", { current: live.connection, what: "connected" })
const newCanvas = async (owner: LiveClient, share: Record<string, "view" | "edit"> = {}, privacy: "private" | "shared" = "shared") => {
  const addr = `canvas/${freshId("c")}`
  await owner.cmd(addr, freshId("op"), { type: "create", title: "t", privacy })
  for (const [userId, access] of Object.entries(share)) await owner.cmd(addr, freshId("op"), { type: "shareWith", userId, access })
  return addr
}
const lastSeqInLog = (addr: string) => Effect.runPromise(server.log.lastSeq(makeAddress("t1", "canvas", addr.split("/")[1]!)))
const reached = <S>(handle: { onChange(cb: (s: S | undefined) => void): () => void; seq: number }, seq: number) =>
  until(handle.onChange, () => handle.seq >= seq, { current: () => undefined, what: `seq ${seq}` })

describe("connecting", () => {
  it("says hello with the token and the client's name, and shows connected with the user", async () => {
    const { live, sockets, auth } = await start({ id: "bob" })
    const connection = await connected(live)
    expect(connection.user).toMatchObject({ id: "bob", tenant: "t1" })
    expect(sockets.sent[0]).toMatchObject({ t: "hello", token: auth.token(), client: { name: "studio-web", version: "1" } })
    expect(await live.ping()).toBeGreaterThanOrEqual(0)
    expect(live.rtt()).toEqual(expect.any(Number))
    live.close()
  })
})

describe("commands", () => {
  it("send resolves with the ack; the event then shows in the subscribed state", async () => {
    const alice = await server.client({ id: "alice" })
    const addr = await newCanvas(alice, { bob: "edit" })
    const { live } = await start({ id: "bob" })
    const canvas = live.subscribe(addr, board)
    expect(canvas.status).toBe("joining")
    await canvas.ready()
    expect(canvas.status).toBe("live")
    const counts: number[] = []
    live.onPending((n) => counts.push(n))
    const ack = await canvas.send({ type: "addElement", element: sticky("hello") })
    expect(ack).toEqual({ id: expect.stringMatching(/^[A-Za-z0-9_:.-]{1,128}$/), seq: 3 })
    expect(counts).toEqual([1, 0])
    await reached(canvas, 3)
    expect(canvas.state()?.texts).toEqual(["hello"])
    await alice.close()
    live.close()
  })

  it("a nack rolls the optimistic change back and keeps the reason for the screen", async () => {
    const alice = await server.client({ id: "alice" })
    const addr = await newCanvas(alice, { bob: "edit" })
    const { live } = await start({ id: "bob" })
    const canvas = live.subscribe(addr, board)
    await canvas.ready()
    const rejected: string[] = []
    live.onRejected((r) => rejected.push(r.error.code))
    const sent = canvas.send(
      { type: "moveElement", elementId: "missing", x: 1, y: 1 },
      { optimistic: (s) => ({ ...s, texts: [...s.texts, "moved"] }) },
    )
    expect(canvas.state()?.texts).toEqual(["moved"])
    const error = await sent.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CommandError)
    expect(error).toMatchObject({ code: "not_found" })
    expect(canvas.state()?.texts).toEqual([])
    expect(rejected).toEqual(["not_found"])
    expect(live.rejections()).toMatchObject([{ addr, cmd: { type: "moveElement" }, error: { code: "not_found" } }])
    expect(live.pending()).toBe(0)
    // A change that succeeds stays visible until its event replaces it, never twice.
    await canvas.send({ type: "addElement", element: sticky("kept") }, { optimistic: (s) => ({ ...s, texts: [...s.texts, "kept"] }) })
    await reached(canvas, 3)
    expect(canvas.state()?.texts).toEqual(["kept"])
    await alice.close()
    live.close()
  })

  it("a command whose ack was lost is resent on the next connection with the same id: one ack, one event", async () => {
    const alice = await server.client({ id: "alice" })
    const addr = await newCanvas(alice, { bob: "edit" })
    await alice.join(addr)
    const { live, sockets } = await start({ id: "bob" })
    const canvas = live.subscribe(addr, board)
    await canvas.ready()
    sockets.muted = true
    const sent = live.send(addr, { type: "addElement", element: sticky("once") })
    const frame = sockets.sent.find(isCmd)!
    await until(sockets.onReceived, (f) => f.t === "ack" && f.ref === frame.ref, { what: "the ack, muted" })
    sockets.cut()
    sockets.muted = false
    const ack = await sent
    expect(ack.seq).toBe(3)
    const resent = sockets.sent.filter(isCmd)
    expect(resent.map((f) => f.id)).toEqual([frame.id, frame.id])
    expect(sockets.all.length).toBe(2)
    await reached(canvas, 3)
    expect(canvas.state()?.texts).toEqual(["once"])
    await alice.ping()
    expect(alice.events(addr).map((e) => e.seq)).toEqual([3])
    expect(await lastSeqInLog(addr)).toBe(3)
    await alice.close()
    live.close()
  })

  it("a page reloaded mid-flight resends the stored command with the same id and gets the first ack", async () => {
    const alice = await server.client({ id: "alice" })
    const addr = await newCanvas(alice, { bob: "edit" })
    const storage = new Map<string, string>()
    const first = await start({ id: "bob" }, { storage })
    await connected(first.live)
    first.sockets.muted = true
    const sent = first.live.send(addr, { type: "addElement", element: sticky("reload") }).catch((e: unknown) => e)
    const original = (await until(first.sockets.onReceived, (f): boolean => f.t === "ack", { what: "the ack, muted" })) as ServerFrameOf<"ack">
    first.live.close()
    expect(await sent).toMatchObject({ code: "unavailable" })
    // One key for the command, one for the page's index, one listing the pages that hold commands.
    const page = first.sockets.sent.filter(isCmd)[0]!.id.split(".")[0]
    expect([...storage.keys()].sort()).toEqual([`studio.pending.v2.t1/bob`, `studio.pending.v2.t1/bob.${page}`, `studio.pending.v2.t1/bob.${page}.0`])

    const second = await start({ id: "bob" }, { storage })
    expect(second.live.pending()).toBe(1)
    await until(second.live.onPending, (n) => n === 0, { current: second.live.pending, what: "queue empty" })
    const [cmd] = second.sockets.sent.filter(isCmd)
    expect(cmd!.id).toBe(first.sockets.sent.filter(isCmd)[0]!.id)
    expect(second.sockets.received.find((f) => f.t === "ack")).toMatchObject({ seq: original.seq })
    expect(await lastSeqInLog(addr)).toBe(original.seq)
    expect(storage.size).toBe(0)
    await alice.close()
    second.live.close()
  })

  it("commands queued while offline are sent, in order, once the network is back", async () => {
    const alice = await server.client({ id: "alice" })
    const addr = await newCanvas(alice, { bob: "edit" })
    const network = manualNetwork(true)
    const { live } = await start({ id: "bob" }, { network })
    const canvas = live.subscribe(addr, board)
    await canvas.ready()
    network.set(false)
    expect(live.connection().state).toBe("offline")
    const sends = ["a", "b", "c"].map((text) =>
      canvas.send({ type: "addElement", element: sticky(text) }, { optimistic: (s) => ({ ...s, texts: [...s.texts, text] }) }),
    )
    expect(live.pending()).toBe(3)
    expect(canvas.state()?.texts).toEqual(["a", "b", "c"])
    network.set(true)
    const acks = await Promise.all(sends)
    expect(acks.map((a) => a.seq)).toEqual([3, 4, 5])
    await reached(canvas, 5)
    expect(canvas.state()?.texts).toEqual(["a", "b", "c"])
    expect(await lastSeqInLog(addr)).toBe(5)
    await alice.close()
    live.close()
  })

  it("signing out rejects what is still queued and shows signedOut", async () => {
    const network = manualNetwork(false)
    const { live, auth } = await start({ id: "bob" }, { network })
    expect(live.connection().state).toBe("offline")
    const sent = live.send("canvas/nowhere", { type: "addElement", element: sticky("x") }).catch((e: unknown) => e)
    auth.signOut()
    expect(await sent).toMatchObject({ code: "unauthorized" })
    expect(live.connection().state).toBe("signedOut")
    expect(live.pending()).toBe(0)
    live.close()
  })
})

describe("subscriptions", () => {
  it("events arrive in order, each once, whoever sends them", async () => {
    const alice = await server.client({ id: "alice" })
    const addr = await newCanvas(alice, { bob: "edit" })
    const { live } = await start({ id: "bob" })
    const canvas = live.subscribe(addr, recordingReducer)
    await canvas.ready()
    const sends = Array.from({ length: 20 }, (_, i) =>
      i % 2
        ? alice.cmd(addr, freshId("op"), { type: "addElement", element: sticky(`a${i}`) })
        : live.send(addr, { type: "addElement", element: sticky(`b${i}`) }),
    )
    await Promise.all(sends)
    await reached(canvas, 22)
    expect(canvas.state()!.calls).toEqual(["init", ...Array.from({ length: 20 }, (_, i) => i + 3)])
    await alice.close()
    live.close()
  })

  it("after a reconnect, a join with since brings exactly the missed events", async () => {
    const alice = await server.client({ id: "alice" })
    const addr = await newCanvas(alice, { bob: "view" })
    const network = manualNetwork(true)
    const { live, sockets } = await start({ id: "bob" }, { network })
    const canvas = live.subscribe(addr, recordingReducer)
    await canvas.ready()
    await alice.cmd(addr, freshId("op"), { type: "addElement", element: sticky("seen") })
    await reached(canvas, 3)
    network.set(false)
    for (const text of ["m1", "m2", "m3"]) await alice.cmd(addr, freshId("op"), { type: "addElement", element: sticky(text) })
    network.set(true)
    await reached(canvas, 6)
    const joins = sockets.sent.filter((f) => f.t === "join")
    expect(joins).toMatchObject([{ addr }, { addr, since: 3 }])
    expect("since" in joins[0]!).toBe(false)
    const rejoined = sockets.received.filter((f): f is ServerFrameOf<"joined"> => f.t === "joined").at(-1)!
    expect(rejoined.events?.map((e) => e.seq)).toEqual([4, 5, 6])
    expect(rejoined.snapshot).toBeUndefined()
    expect(canvas.state()!.calls).toEqual(["init", 3, 4, 5, 6])
    await alice.close()
    live.close()
  })

  it("a client too far behind gets a snapshot and starts again from it", async () => {
    const alice = await server.client({ id: "alice" })
    const addr = await newCanvas(alice, { bob: "view" })
    const network = manualNetwork(true)
    const { live } = await start({ id: "bob" }, { network })
    const canvas = live.subscribe(addr, board)
    await canvas.ready()
    network.set(false)
    for (let i = 0; i < 25; i++) await alice.cmd(addr, freshId("op"), { type: "addElement", element: sticky(`n${i}`) })
    network.set(true)
    await reached(canvas, 27)
    expect(canvas.state()!.texts).toEqual(Array.from({ length: 25 }, (_, i) => `n${i}`))
    expect(canvas.state()!.seqs).toEqual([])
    await alice.close()
    live.close()
  })

  it("revoked access shows on the handle, and a refused join too", async () => {
    const alice = await server.client({ id: "alice" })
    const addr = await newCanvas(alice, { bob: "view" })
    const { live } = await start({ id: "bob" })
    const canvas = live.subscribe(addr, board)
    await canvas.ready()
    await alice.cmd(addr, freshId("op"), { type: "revokeAccess", userId: "bob" })
    await until(canvas.onChange, () => canvas.revoked, { current: () => undefined, what: "revoked" })
    expect(canvas.status).toBe("revoked")
    expect(canvas.error).toMatchObject({ code: "forbidden" })

    const secret = await newCanvas(alice, {}, "private")
    const refused = live.subscribe(secret, board)
    expect(await refused.ready().catch((e: unknown) => e)).toMatchObject({ code: "forbidden" })
    expect(refused.revoked).toBe(true)
    await alice.close()
    live.close()
  })

  it("presence is throttled, the latest kept, and shown to the others by user", async () => {
    const alice = await server.client({ id: "alice" })
    const addr = await newCanvas(alice, { bob: "edit", carol: "view" })
    const bob = await start({ id: "bob" })
    const carol = await start({ id: "carol" })
    const bobView = bob.live.subscribe(addr, board)
    const carolView = carol.live.subscribe(addr, board)
    await Promise.all([bobView.ready(), carolView.ready()])
    for (let x = 0; x < 50; x++) bobView.setPresence({ x })
    const peers = await until(carolView.onPresence, (p) => (p.get("bob")?.data as { x?: number } | undefined)?.x === 49, {
      what: "bob's last cursor",
    })
    expect(peers.get("bob")).toMatchObject({ user: "bob", data: { x: 49 }, at: expect.any(Number) })
    const sent = bob.sockets.sent.filter((f) => f.t === "presence")
    expect(sent.length).toBeLessThan(50)
    expect(sent.at(-1)).toMatchObject({ addr, data: { x: 49 } })
    expect(bobView.presence().size).toBe(0)
    await alice.close()
    bob.live.close()
    carol.live.close()
  })
})

describe("tokens", () => {
  it("a renewed token goes out as a second hello on the same socket", async () => {
    const { live, sockets, auth } = await start({ id: "bob" })
    await connected(live)
    const token = await auth.renew()
    await until(sockets.onReceived, () => sockets.received.filter((f) => f.t === "welcome").length === 2, { what: "second welcome" })
    expect(
      sockets.sent
        .filter((f) => f.t === "hello")
        .map((f) => (f as { token: string }).token)
        .at(-1),
    ).toBe(token)
    expect(sockets.all.length).toBe(1)
    expect(await live.ping()).toBeGreaterThanOrEqual(0)
    live.close()
  })

  it("4001 at token expiry: the client refreshes, reconnects with a hello and resumes", async () => {
    const alice = await server.client({ id: "alice" })
    const addr = await newCanvas(alice, { bob: "view" })
    const { live, sockets, auth } = await start({ id: "bob" }, { ttlSeconds: 2 })
    const canvas = live.subscribe(addr, recordingReducer)
    await canvas.ready()
    await until(live.onConnection, (c) => c.reason === "token_expired", { what: "a 4001" })
    await connected(live)
    expect(auth.refreshes).toBeGreaterThanOrEqual(1)
    const hellos = sockets.sent.filter((f): f is Extract<typeof f, { t: "hello" }> => f.t === "hello")
    expect(new Set(hellos.map((h) => h.token)).size).toBeGreaterThanOrEqual(2)
    await alice.cmd(addr, freshId("op"), { type: "addElement", element: sticky("after") })
    await reached(canvas, 3)
    expect(canvas.state()!.calls).toEqual(["init", 3])
    await alice.close()
    live.close()
  })
})

describe("server restarts", () => {
  it("4009 on shutdown shows reconnecting with the reason", async () => {
    const local = await startTestServer()
    try {
      const auth = await testAuth({ id: "bob" })
      const live = createLive({
        url: local.url,
        WebSocket: watchSockets().WebSocket,
        auth,
        storage: new Map(),
        random: random.next,
        backoff: { baseMs: 20, capMs: 200 },
      })
      lives.push(live)
      await connected(live)
      const seen = until(live.onConnection, (c) => c.state === "reconnecting" && c.reason === "server_restarting", { what: "4009" })
      await local.gateway.stop(1_000)
      await seen
      live.close()
    } finally {
      await local.dispose()
    }
  })
})

type ClientFrameCmd = Extract<SocketWatch["sent"][number], { t: "cmd" }>
const isCmd = (f: SocketWatch["sent"][number]): f is ClientFrameCmd => f.t === "cmd"
