/**
 * The topic contract of transport.ts as scripts one test runs on every
 * transport (topics.contract.test.ts): a publish reaches every subscribed
 * socket in order with its own sends, and leaving a topic never loses what
 * was published to it before, even within the same tick and with more
 * published than the kernel takes at once.
 *
 * The server side is a scriptable socket handler: a client names itself with
 * the text frame `name:<who>`; any other text frame is a JSON list of
 * operations on the named sockets, run in one tick:
 * ["sub"|"unsub", who, topic], ["pub", who, topic, text], ["send", who, text].
 */
import type { LiveSocket, SocketHandler } from "../transport.ts"

export type Operation = ["sub" | "unsub", string, string] | ["pub", string, string, string] | ["send", string, string]

export interface TopicScenario {
  readonly name: string
  readonly operations: readonly Operation[]
  /** What each named socket receives, in order. */
  readonly expected: Readonly<Record<string, readonly string[]>>
}

/** Big enough for the largest script frame and what it queues at once. */
export const SCRIPT_LIMITS = { maxFrameBytes: 32 << 20, frameCeilingBytes: 32 << 20, maxBackpressureBytes: 64 << 20 } as const

/** A `live` callback for a transport's listen options that runs scripts. */
export const scriptedSockets = (): ((socket: LiveSocket) => SocketHandler) => {
  const named = new Map<string, LiveSocket>()
  const decoder = new TextDecoder()
  const encoder = new TextEncoder()
  const run = (operations: readonly Operation[]) => {
    for (const operation of operations) {
      const socket = named.get(operation[1])
      if (!socket) throw new Error(`no socket named ${operation[1]}`)
      if (operation[0] === "sub") socket.subscribe(operation[2])
      else if (operation[0] === "unsub") socket.unsubscribe(operation[2])
      else if (operation[0] === "pub") socket.publish(operation[2], encoder.encode(operation[3]))
      else socket.send(encoder.encode(operation[2]))
    }
  }
  return (socket) => ({
    onFrame: (bytes) => {
      const text = decoder.decode(bytes)
      if (!text.startsWith("name:")) return run(JSON.parse(text) as Operation[])
      named.set(text.slice(5), socket)
      socket.send(encoder.encode("named"))
    },
    onOversize: (length) => console.error(`script frame of ${length} bytes is over the limit`),
    onClose: () => undefined,
  })
}

const sameTick: TopicScenario = {
  name: "keeps publishes and sends in order, and delivers what was published before an unsubscribe in the same tick",
  operations: [
    ["sub", "a", "room"],
    ["sub", "b", "room"],
    ["pub", "a", "room", "p1"],
    ["send", "a", "s2"],
    ["pub", "a", "room", "p3"],
    ["unsub", "a", "room"],
    ["pub", "b", "room", "p4"],
    ["send", "a", "s5"],
  ],
  expected: { a: ["p1", "s2", "p3", "s5"], b: ["p1", "p3", "p4"] },
}

/** 20 rounds of 2,000 small frames (~9 MB in all): far more than the kernel takes in one tick. */
const manyQueued = (): TopicScenario => {
  const operations: Operation[] = [
    ["sub", "a", "r"],
    ["sub", "b", "r"],
  ]
  const a: string[] = []
  const b: string[] = []
  const padding = "x".repeat(200)
  for (let round = 0; round < 20; round++) {
    for (let i = 0; i < 2_000; i++) {
      const frame = `p${round}.${i}.${padding}`
      operations.push(["pub", "b", "r", frame])
      a.push(frame)
      b.push(frame)
    }
    operations.push(["unsub", "a", "r"], ["pub", "b", "r", `only-b${round}`], ["send", "a", `s${round}`], ["sub", "a", "r"])
    a.push(`s${round}`)
    b.push(`only-b${round}`)
  }
  return { name: "loses nothing published before an unsubscribe when many small frames are still queued", operations, expected: { a, b } }
}

export const topicScenarios: readonly TopicScenario[] = [sameTick, manyQueued()]
