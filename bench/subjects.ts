/**
 * The servers the live and connections suites measure side by side: Studio
 * (when the gateway is in the checkout) and the peers in bench/peers/, each
 * started as its own process and spoken to through its own client adapter.
 */
import { fileURLToPath } from "node:url"
import type { Pinning } from "./harness/pinning.ts"
import { startServer, type ServerProcess } from "./harness/processes.ts"
import type { Adapter, Target } from "./load/adapters/adapter.ts"
import { plainWsAdapter } from "./load/adapters/plain-ws.ts"
import { socketIoAdapter } from "./load/adapters/socketio.ts"
import { yjsAdapter } from "./load/adapters/yjs.ts"
import { studioLiveSubject, studioSubject } from "./studio/subject.ts"

export interface Running {
  readonly server: ServerProcess
  readonly target: Target
}

export interface Subject {
  readonly name: string
  /** One line for the report: what this subject is. */
  readonly about: string
  readonly adapter: Adapter
  /** Why it cannot run in this checkout, or undefined when it can. */
  unavailableReason(): string | undefined
  start(pinning: Pinning): Promise<Running>
}

export const peerScript = (file: string): string => fileURLToPath(new URL(`./peers/${file}`, import.meta.url))

const peer = (name: string, file: string, adapter: Adapter, about: string): Subject => ({
  name,
  about,
  adapter,
  unavailableReason: () => undefined,
  start: async (pinning) => {
    const server = await startServer({ script: peerScript(file), pinning })
    return { server, target: { port: server.port } }
  },
})

export const PEERS: readonly Subject[] = [
  peer("uws", "uws-server.ts", plainWsAdapter("uws"), "floor: bare uWebSockets.js pub/sub, nothing parsed or stored"),
  peer("ws", "ws-server.ts", plainWsAdapter("ws"), "baseline: plain `ws` relay to the other members of the room"),
  peer("socket.io", "socketio-server.ts", socketIoAdapter, "Socket.IO rooms, `socket.to(room).emit`"),
  peer("yjs", "yjs-server.ts", yjsAdapter, "Yjs over Hocuspocus (no persistence): one Y.Map update per op"),
]

export const SUBJECTS: readonly Subject[] = [studioSubject, ...PEERS]

/** Subjects a suite runs only when named: variants of Studio for isolating one part's cost. */
export const EXTRA_SUBJECTS: readonly Subject[] = [studioLiveSubject]
