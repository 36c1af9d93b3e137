/**
 * A `ws` relay (same wire as ws-server.ts) with injected faults, for the
 * harness's own tests:
 *   DELAY_PATTERN_MS=20,50,200  the n-th frame relayed is held for pattern[n % len] ms first
 *   STALL_AFTER_MS / STALL_FOR_MS  counting from the first frame, stop reading every socket for a while
 * With known delays in, the histogram must give them back; with a stall,
 * an open-loop generator must keep its schedule and report the stall as latency.
 */
import type { Socket } from "node:net"
import { WebSocketServer, type WebSocket } from "ws"
import { announceReady, portFromEnv, joinRoomOfUrl } from "./ready.ts"

const numbers = (name: string): number[] =>
  (process.env[name] ?? "")
    .split(",")
    .filter((s) => s.trim() !== "")
    .map((s) => {
      const value = Number(s)
      if (!Number.isFinite(value) || value < 0) {
        console.error(`fault peer: ${name} must be non-negative numbers separated by commas, got ${process.env[name]}`)
        process.exit(2)
      }
      return value
    })

const delayPattern = numbers("DELAY_PATTERN_MS")
const [stallAfterMs] = numbers("STALL_AFTER_MS")
const [stallForMs] = numbers("STALL_FOR_MS")

const rooms = new Map<string, Set<WebSocket>>()
const tcpOf = (socket: WebSocket): Socket => (socket as unknown as { _socket: Socket })._socket
let relayed = 0
let stallArmed = stallAfterMs !== undefined && stallForMs !== undefined

const stallEverything = () => {
  const sockets = [...rooms.values()].flatMap((members) => [...members])
  for (const socket of sockets) tcpOf(socket).pause()
  setTimeout(() => {
    for (const socket of sockets) tcpOf(socket).resume()
  }, stallForMs)
}

const server = new WebSocketServer({ host: "127.0.0.1", port: portFromEnv(), perMessageDeflate: false })
server.on("connection", (socket, request) => {
  const members = joinRoomOfUrl(rooms, socket, request.url)
  if (!members) return
  socket.on("message", (data, isBinary) => {
    if (stallArmed) {
      stallArmed = false
      setTimeout(stallEverything, stallAfterMs)
    }
    const relay = () => {
      for (const member of members) if (member !== socket) member.send(data, { binary: isBinary })
    }
    const delay = delayPattern.length > 0 ? delayPattern[relayed % delayPattern.length]! : 0
    relayed++
    if (delay > 0) setTimeout(relay, delay)
    else relay()
  })
})
server.on("listening", () => announceReady((server.address() as { port: number }).port))
