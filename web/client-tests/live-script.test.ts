/**
 * The live client against a scripted server (web/src/client/testing/fake-socket.ts),
 * for what a real node does rarely or not on demand: an actor closing under
 * a subscription, a gap in seqs, withheld events, close codes 4029 and 1009,
 * a silent socket, passing refusals, and another user signing in in the tab.
 */
import { describe, expect, it } from "vitest"
import { makeRandom, testSeed } from "../../engine/testing/random.ts"
import type { ClientFrame } from "../../gateway/protocol.ts"
import { createLive, presenceStatus, type Connection, type Live, type LiveAuth, type LiveOptions, type StorageLike } from "../src/client/index.ts"
import { fakeServer, type FakeServer, type FakeSocket } from "../src/client/testing/fake-socket.ts"
import { recordingReducer, until } from "../src/client/testing/index.ts"

const random = makeRandom(testSeed("client live script"))

/** An unsigned token with the claims the client reads (the fake server checks nothing). */
const tokenFor = (user: string, tenant = "t1") => {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url")
  const now = Math.floor(Date.now() / 1000)
  return `${encode({ alg: "none" })}.${encode({ sub: user, tenant, iat: now, exp: now + 900, n: random.int(1e9) })}.x`
}

const switchableAuth = (user = "bob") => {
  let token: string | undefined = tokenFor(user)
  const listeners = new Set<(token: string | undefined) => void>()
  const auth: LiveAuth & { become(user: string): void } = {
    token: () => token,
    refresh: async () => token,
    onToken: (listener) => {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    become: (next) => {
      token = tokenFor(next)
      for (const listener of [...listeners]) listener(token)
    },
  }
  return auth
}

const setup = (options: Partial<LiveOptions> = {}) => {
  const server = fakeServer()
  const auth = switchableAuth()
  const live = createLive({
    url: "ws://fake/live",
    WebSocket: server.WebSocket,
    auth,
    storage: new Map(),
    random: random.next,
    backoff: { baseMs: 1, capMs: 5, tooManyConnectionsMs: 60_000 },
    heartbeatMs: 0,
    ...options,
  })
  const states: Connection[] = []
  live.onConnection((c) => states.push(c))
  return { server, live, auth, states, socket: server.latest() }
}

const isJoin = (f: ClientFrame): f is Extract<ClientFrame, { t: "join" }> => f.t === "join"
const isCmd = (f: ClientFrame): f is Extract<ClientFrame, { t: "cmd" }> => f.t === "cmd"
const ev = (seq: number, type = "noted") => ({ seq, ev: { type }, by: "alice", at: 1_000 + seq })

/** Subscribes and answers the join with a snapshot at `seq`. */
const joinedAt = (live: Live, socket: FakeSocket, addr: string, seq: number) => {
  const handle = live.subscribe(addr, recordingReducer)
  const join = socket.last("join")!
  socket.deliver({ t: "joined", ref: join.ref, addr, seq, snapshot: { at: seq }, presence: [] })
  return handle
}

describe("subscriptions", () => {
  it("an actor that closes under the subscription is joined again with since, and nothing is seen twice", async () => {
    const { server, live, socket } = setup()
    socket.welcome()
    const handle = joinedAt(live, socket, "canvas/c1", 2)
    socket.deliver({ t: "ev", addr: "canvas/c1", ...ev(3) })
    const rejoin = server.nextFrame(isJoin)
    socket.deliver({ t: "error", code: "unavailable", message: "the actor restarted; join again with since", addr: "canvas/c1" })
    const join = await rejoin
    expect(join).toMatchObject({ addr: "canvas/c1", since: 3 })
    socket.deliver({ t: "joined", ref: join.ref, addr: "canvas/c1", seq: 4, events: [ev(3), ev(4)], presence: [] })
    expect(handle.state()!.calls).toEqual(["init", 3, 4])
    expect(handle.status).toBe("live")
    live.close()
  })

  it("a gap in seqs asks for the missing events instead of folding past them", async () => {
    const { server, live, socket } = setup()
    socket.welcome()
    const handle = joinedAt(live, socket, "canvas/c1", 2)
    const rejoin = server.nextFrame(isJoin)
    socket.deliver({ t: "ev", addr: "canvas/c1", ...ev(5) })
    const join = await rejoin
    expect(join.since).toBe(2)
    socket.deliver({ t: "joined", ref: join.ref, addr: "canvas/c1", seq: 5, events: [ev(3), ev(4), ev(5)], presence: [] })
    socket.deliver({ t: "ev", addr: "canvas/c1", ...ev(5) })
    expect(handle.state()!.calls).toEqual(["init", 3, 4, 5])
    live.close()
  })

  it("withheld events reach the reducer as they are", () => {
    const { live, socket } = setup()
    socket.welcome()
    const handle = joinedAt(live, socket, "canvas/c1", 0)
    socket.deliver({ t: "ev", addr: "canvas/c1", ...ev(1, "withheld") })
    expect(handle.state()!.events.map((e) => e.ev)).toEqual([{ type: "withheld" }])
    live.close()
  })

  it("a join refused for a passing reason is retried; refused for good, the handle fails", async () => {
    const { server, live, socket } = setup()
    socket.welcome()
    const handle = live.subscribe("canvas/busy", recordingReducer)
    const retry = server.nextFrame(isJoin)
    socket.deliver({ t: "error", code: "rate_limited", message: "slow down", ref: socket.last("join")!.ref, addr: "canvas/busy" })
    const again = await retry
    socket.deliver({ t: "joined", ref: again.ref, addr: "canvas/busy", seq: 0, presence: [] })
    expect(handle.status).toBe("live")

    const missing = live.subscribe("canvas/missing", recordingReducer)
    socket.deliver({ t: "error", code: "not_found", message: "no such canvas", ref: socket.last("join")!.ref, addr: "canvas/missing" })
    expect(missing.status).toBe("failed")
    expect(await missing.ready().catch((e: unknown) => e)).toMatchObject({ code: "not_found" })
    live.close()
  })

  it("a second handle on a live actor joins afresh, so both reducers start from one snapshot", () => {
    const { live, socket } = setup()
    socket.welcome()
    const first = joinedAt(live, socket, "canvas/c1", 2)
    const second = live.subscribe("canvas/c1", recordingReducer)
    expect(second.status).toBe("joining")
    const join = socket.last("join")!
    expect(join.since).toBeUndefined()
    socket.deliver({ t: "joined", ref: join.ref, addr: "canvas/c1", seq: 3, snapshot: { at: 3 }, presence: [] })
    expect([first.state()!.snapshot, second.state()!.snapshot]).toEqual([{ at: 3 }, { at: 3 }])
    second.close()
    expect(socket.last("leave")).toBeUndefined()
    first.close()
    expect(socket.last("leave")).toMatchObject({ addr: "canvas/c1" })
    live.close()
  })

  it("presence of others is kept by user with its arrival time, and removed when they leave", () => {
    const { live, socket } = setup()
    socket.welcome()
    const handle = live.subscribe("canvas/c1", recordingReducer)
    socket.deliver({ t: "joined", ref: socket.last("join")!.ref, addr: "canvas/c1", seq: 0, presence: [{ user: "alice", data: { x: 1 } }] })
    expect(handle.presence().get("alice")).toMatchObject({ data: { x: 1 } })
    socket.deliver({ t: "presence", addr: "canvas/c1", user: "carol", data: { typing: true } })
    const carol = handle.presence().get("carol")!
    expect(presenceStatus(carol, carol.at + 1_000)).toBe("active")
    expect(presenceStatus(carol, carol.at + 3_000)).toBe("idle")
    expect(presenceStatus(carol, carol.at + 60_000)).toBe("away")
    socket.deliver({ t: "presence", addr: "canvas/c1", user: "alice", data: null })
    expect([...handle.presence().keys()]).toEqual(["carol"])
    live.close()
  })
})

describe("commands", () => {
  it("a passing refusal (rate_limited) is retried with the same id; the caller only sees the ack", async () => {
    const { server, live, socket } = setup()
    socket.welcome()
    const sent = live.send("canvas/c1", { type: "noted" })
    const first = socket.last("cmd")!
    const retry = server.nextFrame(isCmd)
    socket.deliver({ t: "nack", ref: first.ref, code: "rate_limited", message: "slow down" })
    const second = await retry
    expect(second.id).toBe(first.id)
    socket.deliver({ t: "ack", ref: second.ref, seq: 7 })
    expect(await sent).toEqual({ id: first.id, seq: 7 })
    expect(live.rejections()).toEqual([])
    live.close()
  })

  it("a command larger than a frame may be is refused here, before it could close the socket (1009)", async () => {
    const { live, socket } = setup({ maxFrameBytes: 200 })
    socket.welcome()
    expect(await live.send("canvas/c1", { type: "noted", text: "x".repeat(500) }).catch((e: unknown) => e)).toMatchObject({ code: "too_large" })
    expect(socket.last("cmd")).toBeUndefined()
    expect(live.pending()).toBe(0)
    live.close()
  })

  it("another user signing in in the tab drops the previous user's queue and state", async () => {
    const { server, live, socket, auth } = setup()
    socket.welcome()
    const handle = joinedAt(live, socket, "canvas/c1", 2)
    const sent = live.send("canvas/c1", { type: "noted" }).catch((e: unknown) => e)
    auth.become("carol")
    expect(await sent).toMatchObject({ code: "unauthorized" })
    expect(handle.state()).toBeUndefined()
    expect(handle.status).toBe("joining")
    const next = await server.nextSocket(1)
    next.welcome({ id: "carol", tenant: "t1", roles: ["participant"] })
    expect(next.last("join")).toMatchObject({ addr: "canvas/c1" })
    expect(next.last("join")!.since).toBeUndefined()
    live.close()
  })
})

/** A storage that counts what is written to it: keys set or removed, and the characters set. */
const countingStorage = () => {
  const map = new Map<string, string>()
  const written = { calls: 0, chars: 0 }
  const storage: StorageLike = {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => {
      written.calls++
      written.chars += key.length + value.length
      map.set(key, value)
    },
    removeItem: (key) => {
      written.calls++
      map.delete(key)
    },
  }
  return { map, storage, written }
}

describe("the stored queue", () => {
  /** `n` commands sent at once, then each acked in order: what the storage was given to write. */
  const burst = async (n: number) => {
    const { storage, written, map } = countingStorage()
    const { live, socket } = setup({ storage })
    socket.welcome()
    const sends = Array.from({ length: n }, (_, i) => live.send("canvas/c1", { type: "noted", text: `note ${i}` }))
    const cmds = socket.sent.filter(isCmd)
    expect(cmds).toHaveLength(n)
    cmds.forEach((cmd, i) => socket.deliver({ t: "ack", ref: cmd.ref, seq: i + 1 }))
    expect((await Promise.all(sends)).map((ack) => ack.seq)).toEqual(cmds.map((_, i) => i + 1))
    expect(map.size, "nothing left in storage once every command is answered").toBe(0)
    live.close()
    return written
  }

  it("a burst of commands and their acks writes storage in proportion to the burst, not its square", async () => {
    const small = await burst(100)
    const large = await burst(1_000)
    // Rewriting the whole queue on each send and ack writes about n²/2 commands' worth: per command, 10x more at 1,000 than at 100.
    expect(large.chars / 1_000).toBeLessThan((small.chars / 100) * 1.5)
    expect(large.calls / 1_000).toBeLessThan((small.calls / 100) * 1.5)
    // A send sets the command and the page's index; an ack removes the command and moves the index.
    expect(large.calls).toBeLessThanOrEqual(4 * 1_000 + 4)
  })

  it("a reload restores the unanswered commands in order, and none that was answered", async () => {
    const storage = new Map<string, string>()
    const first = setup({ storage })
    first.socket.welcome()
    const sends = ["a", "b", "c", "d", "e"].map((text) => first.live.send("canvas/c1", { type: "noted", text }).catch((e: unknown) => e))
    const cmds = first.socket.sent.filter(isCmd)
    // b and d are answered, out of order; the page goes before the rest are.
    first.socket.deliver({ t: "ack", ref: cmds[3]!.ref, seq: 4 })
    first.socket.deliver({ t: "ack", ref: cmds[1]!.ref, seq: 2 })
    first.live.close()
    expect((await Promise.all(sends)).map((result) => (result as { code?: string }).code ?? "acked")).toEqual([
      "unavailable",
      "acked",
      "unavailable",
      "acked",
      "unavailable",
    ])

    const second = setup({ storage })
    expect(second.live.pending()).toBe(3)
    second.socket.welcome()
    const resent = second.socket.sent.filter(isCmd)
    expect(resent.map((cmd) => cmd.id)).toEqual([cmds[0]!.id, cmds[2]!.id, cmds[4]!.id])
    expect(resent.map((cmd) => (cmd.cmd as unknown as { text: string }).text)).toEqual(["a", "c", "e"])
    resent.forEach((cmd, i) => second.socket.deliver({ t: "ack", ref: cmd.ref, seq: 10 + i }))
    expect(second.live.pending()).toBe(0)
    expect(storage.size).toBe(0)
    second.live.close()
  })

  it("two pages sharing one storage keep each other's commands, and a reload takes in both", async () => {
    const storage = new Map<string, string>()
    const one = setup({ storage })
    const two = setup({ storage })
    one.socket.welcome()
    two.socket.welcome()
    void one.live.send("canvas/c1", { type: "noted", text: "one-a" }).catch(() => undefined)
    void two.live.send("canvas/c1", { type: "noted", text: "two-a" }).catch(() => undefined)
    void one.live.send("canvas/c1", { type: "noted", text: "one-b" }).catch(() => undefined)
    const [oneA, oneB] = one.socket.sent.filter(isCmd)
    const [twoA] = two.socket.sent.filter(isCmd)
    one.socket.deliver({ t: "ack", ref: oneA!.ref, seq: 1 })
    one.live.close()
    two.live.close()
    // Every value still reads as JSON: no page wrote over another's.
    for (const value of storage.values()) expect(() => JSON.parse(value)).not.toThrow()

    const three = setup({ storage })
    expect(three.live.pending()).toBe(2)
    three.socket.welcome()
    const resent = three.socket.sent.filter(isCmd)
    expect(resent.map((cmd) => cmd.id)).toEqual([oneB!.id, twoA!.id])
    resent.forEach((cmd, i) => three.socket.deliver({ t: "ack", ref: cmd.ref, seq: 2 + i }))
    expect(storage.size).toBe(0)
    three.live.close()
  })

  it("a queue stored by the previous version (one array) is taken in, resent with its ids, and its key removed", async () => {
    const storage = new Map<string, string>()
    const old = [{ id: "page1.0", addr: "canvas/c1", cmd: { type: "noted", text: "kept" }, at: 1 }, { broken: true }]
    storage.set("studio.pending.v1.t1/bob", JSON.stringify(old))
    const { live, socket } = setup({ storage })
    expect(live.pending()).toBe(1)
    expect(storage.has("studio.pending.v1.t1/bob")).toBe(false)
    socket.welcome()
    const [cmd] = socket.sent.filter(isCmd)
    expect(cmd).toMatchObject({ id: "page1.0", cmd: { text: "kept" } })
    socket.deliver({ t: "ack", ref: cmd!.ref, seq: 1 })
    expect(storage.size).toBe(0)
    live.close()
  })
})

describe("closes", () => {
  const closedWith = async (server: FakeServer, live: Live, states: Connection[], code: number) => {
    server.latest().drop(code)
    return states.at(-1)!
  }

  it("4029 (too many connections) waits long and says why; reconnect() tries at once", async () => {
    const { server, live, states, socket } = setup()
    socket.welcome()
    const state = await closedWith(server, live, states, 4029)
    expect(state).toMatchObject({ state: "reconnecting", reason: "too_many_connections" })
    expect(state.retryAt! - Date.now()).toBeGreaterThan(30_000)
    live.reconnect()
    expect(server.sockets).toHaveLength(2)
    live.close()
  })

  it("1009 is a server error, and the client reconnects", async () => {
    const { server, live, states, socket } = setup()
    socket.welcome()
    expect(await closedWith(server, live, states, 1009)).toMatchObject({ state: "reconnecting", reason: "server_error" })
    const next = await server.nextSocket(1)
    next.welcome()
    expect(live.connection()).toMatchObject({ state: "connected", attempt: 0 })
    expect(live.connection().reason).toBeUndefined()
    live.close()
  })

  it("a socket that stops answering pings is replaced", async () => {
    const { server, live, states, socket } = setup({ heartbeatMs: 5, heartbeatTimeoutMs: 20 })
    socket.welcome()
    const next = await server.nextSocket(1)
    expect(socket.sent.some((f) => f.t === "ping")).toBe(true)
    expect(socket.closedWith).toBe(1000)
    expect(states.some((s) => s.reason === "unresponsive")).toBe(true)
    next.welcome()
    await until(live.onConnection, (c) => c.state === "connected", { current: live.connection })
    live.close()
  })
})
