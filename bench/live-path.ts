/**
 * The live path's own JavaScript, without sockets or disks: a LiveServer over
 * the actor runtime and the in-memory log, R canvases of M members each,
 * every member a socket double that only counts frames. Commands go in as the
 * bytes a client sends (`cmd` moveElement), and the figure is main-thread CPU
 * per command (decode, runtime, decide, ack, fan-out to M-1 others). With the
 * kernel's send cost and the fsync out of the way, a change in the gateway or
 * the runtime shows here far above a shared machine's noise.
 *
 *   npx tsx bench/live-path.ts [--rooms 20] [--members 50] [--commands 20000] [--rounds 5] [--slice 200] [--log memory|embedded] [--rate OPS]
 *     [--snapshot-every N] [--concurrent-snapshots N]
 */
import { parseArgs } from "node:util"
import hdr from "hdr-histogram-js"
import { Effect } from "effect"
import { actorKinds } from "../actors/index.ts"
import { mkdtemp } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { openEmbeddedLog } from "../engine/eventlog/embedded/embedded-log.ts"
import { openMemoryLog } from "../engine/eventlog/testing/memory-log.ts"
import { makeActorSystem } from "../engine/runtime/runtime.ts"
import { makeTokens } from "../gateway/auth/tokens.ts"
import { LiveServer } from "../gateway/live/live-server.ts"
import { decodeServerFrame, encodeFrame, type ClientFrame } from "../gateway/protocol.ts"
import type { LiveSocket, SocketHandler } from "../gateway/transport/transport.ts"

const { values } = parseArgs({
  options: {
    rooms: { type: "string", default: "20" },
    members: { type: "string", default: "50" },
    commands: { type: "string", default: "20000" },
    rounds: { type: "string", default: "5" },
    slice: { type: "string", default: "200" },
    log: { type: "string", default: "memory" },
    rate: { type: "string", default: "0" },
    "snapshot-every": { type: "string" },
    "concurrent-snapshots": { type: "string" },
  },
})
const rooms = Number(values.rooms)
const members = Number(values.members)
const commands = Number(values.commands)
const rounds = Number(values.rounds)
/** Commands handed in per turn of the event loop: 1 is a lightly loaded node, where every command wakes the loop on its own. */
const slice = Number(values.slice)
/** With a rate, commands go in on an open-loop schedule and the figure to read is the ack latency (durable append to ack frame). */
const rate = Number(values.rate)

/** A socket that keeps nothing: frames are counted, topics are a set, publish reaches the set. */
const topics = new Map<string, Set<CountingSocket>>()
const ackLatency = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 })
class CountingSocket implements LiveSocket {
  readonly remoteAddress = "127.0.0.1"
  frames = 0
  last: Uint8Array | undefined
  /** Scheduled time of each command in flight from this socket, by ref. */
  readonly pending = new Map<number, number>()
  send(bytes: Uint8Array): void {
    this.frames++
    this.last = bytes
    if (this.pending.size === 0) return
    const decoded = decodeServerFrame(bytes)
    if (!decoded.ok || decoded.frame.t !== "ack") return
    const sentAt = this.pending.get(decoded.frame.ref)
    if (sentAt === undefined) return
    this.pending.delete(decoded.frame.ref)
    ackLatency.recordValue(Math.max(1, Math.round((performance.now() - sentAt) * 1000)))
  }
  bufferedAmount(): number {
    return 0
  }
  close(): void {}
  terminate(): void {}
  subscribe(topic: string): void {
    let set = topics.get(topic)
    if (!set) topics.set(topic, (set = new Set()))
    set.add(this)
  }
  unsubscribe(topic: string): void {
    topics.get(topic)?.delete(this)
  }
  publish(topic: string, bytes: Uint8Array): void {
    for (const socket of topics.get(topic) ?? []) socket.send(bytes)
  }
}

const quiet = { info: () => undefined, error: (message: string) => console.error(message) }
// `--log embedded`: the real log (a temporary directory, fsync before ack), to see its share of the cost.
const eventLog = values.log === "embedded" ? await openEmbeddedLog({ dir: await mkdtemp(join(tmpdir(), "live-path-")) }) : openMemoryLog()
const runtimeOverrides = {
  ...(values["snapshot-every"] ? { snapshotEvery: Number(values["snapshot-every"]) } : {}),
  ...(values["concurrent-snapshots"] ? { concurrentSnapshots: Number(values["concurrent-snapshots"]) } : {}),
}
const system = makeActorSystem({ log: eventLog, kinds: actorKinds, logger: quiet, ...runtimeOverrides })
const tokens = makeTokens({
  secret: new TextEncoder().encode("live-path bench secret that is long enough"),
  accessTtlSeconds: 3600,
  refreshTtlSeconds: 3600,
})
// Every member is the one bench user from one address: no per-user or per-address limit applies here.
const live = new LiveServer({
  system,
  tokens,
  nodeId: "bench",
  settings: {
    commandsPerSecond: 1e9,
    commandBurst: 1e9,
    userCommandsPerSecond: 1e9,
    userCommandBurst: 1e9,
    maxConnectionsPerUser: 1e9,
    maxConnectionsPerAddress: 1e9,
  },
})
const user = { id: "bench-user", tenant: "bench", roles: ["facilitator" as const] }
const token = await tokens.issue({ user }, "access")

interface Member {
  readonly socket: CountingSocket
  readonly handler: SocketHandler
}

const until = async (done: () => boolean) => {
  while (!done()) await new Promise((resolve) => setImmediate(resolve))
}
const frame = (value: ClientFrame) => encodeFrame(value)

const connect = async (): Promise<Member> => {
  const socket = new CountingSocket()
  const handler = live.accept(socket)
  handler.onFrame(frame({ t: "hello", token }), true)
  await until(() => socket.frames >= 1)
  return { socket, handler }
}

/** Sends a frame and waits for the reply with this ref. */
let nextRef = 1
const request = async (member: Member, make: (ref: number) => ClientFrame) => {
  const ref = nextRef++
  const before = member.socket.frames
  member.handler.onFrame(frame(make(ref)), true)
  for (;;) {
    await until(() => member.socket.frames > before)
    const decoded = decodeServerFrame(member.socket.last!)
    if (decoded.ok && "ref" in decoded.frame && decoded.frame.ref === ref) return decoded.frame
  }
}

const roomMembers: Member[][] = []
const elementIds: string[] = []
for (let r = 0; r < rooms; r++) {
  const addr = `canvas/live-path-${r}`
  const list: Member[] = []
  for (let m = 0; m < members; m++) list.push(await connect())
  await request(list[0]!, (ref) => ({ t: "cmd", ref, addr, id: `create-${r}`, cmd: { type: "create", title: "bench", privacy: "shared" } }))
  await request(list[0]!, (ref) => ({
    t: "cmd",
    ref,
    addr,
    id: `add-${r}`,
    cmd: { type: "addElement", element: { kind: "sticky", text: "n", colour: "#ffcc00", x: 0, y: 0, w: 10, h: 10 } },
  }))
  const joined = await request(list[0]!, (ref) => ({ t: "join", ref, addr }))
  elementIds.push((joined as { snapshot: { elements: Array<{ id: string }> } }).snapshot.elements[0]!.id)
  for (const member of list.slice(1)) await request(member, (ref) => ({ t: "join", ref, addr }))
  roomMembers.push(list)
}

const allSockets = roomMembers.flat().map((m) => m.socket)
const delivered = () => allSockets.reduce((sum, s) => sum + s.frames, 0)
let op = 0
const round = async () => {
  const before = delivered()
  // Each command: its ack, and its event to every member of the room (the sender included).
  const expected = before + commands * (members + 1)
  const cpu = process.cpuUsage()
  const started = performance.now()
  for (let i = 0; i < commands; i++) {
    const r = i % rooms
    const sender = roomMembers[r]![Math.floor(i / rooms) % members]!
    op++
    const due = started + (i * 1000) / rate
    if (rate > 0) {
      while (performance.now() < due) await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())))
    }
    const ref = nextRef++
    if (rate > 0) sender.socket.pending.set(ref, due)
    sender.handler.onFrame(
      frame({
        t: "cmd",
        ref,
        addr: `canvas/live-path-${r}`,
        id: `op-${op}`,
        cmd: { type: "moveElement", elementId: elementIds[r]!, x: op % 1000, y: op },
      }),
      true,
    )
    // Let the runtime work in slices, as a socket's frames would arrive.
    if (rate === 0 && i % slice === slice - 1) await new Promise((resolve) => setImmediate(resolve))
  }
  await until(() => delivered() >= expected)
  const used = process.cpuUsage(cpu)
  return { cpuMicrosPerCommand: (used.user + used.system) / commands, wallMs: performance.now() - started }
}

await round() // warm-up
ackLatency.reset()
const results = []
for (let i = 0; i < rounds; i++) results.push(await round())
const perCommand = results.map((r) => r.cpuMicrosPerCommand).sort((a, b) => a - b)
console.log(
  JSON.stringify({
    rooms,
    members,
    commands,
    rounds,
    slice,
    log: values.log,
    ...runtimeOverrides,
    cpuMicrosPerCommand: {
      median: Number(perCommand[Math.floor(rounds / 2)]!.toFixed(1)),
      min: Number(perCommand[0]!.toFixed(1)),
      max: Number(perCommand.at(-1)!.toFixed(1)),
    },
    cpuMicrosPerDelivery: Number((perCommand[Math.floor(rounds / 2)]! / (members - 1)).toFixed(2)),
    ...(rate > 0 ? { rate, ackMs: Object.fromEntries([50, 99, 99.9, 100].map((p) => [`p${p}`, ackLatency.getValueAtPercentile(p) / 1000])) } : {}),
  }),
)
await live.drain(0)
await Effect.runPromise(system.shutdown())
process.exit(0)
