/**
 * Baseline peer: a plain `ws` server. A socket joins the room named in its
 * URL; every binary frame it sends is relayed, untouched, to every other
 * member of that room. No parsing, no persistence, no acks.
 */
import { WebSocketServer, type WebSocket } from "ws"
import { announceReady, portFromEnv, roomOf } from "./ready.ts"

const rooms = new Map<string, Set<WebSocket>>()
const server = new WebSocketServer({ host: "127.0.0.1", port: portFromEnv(), perMessageDeflate: false })

server.on("connection", (socket, request) => {
  const room = roomOf(request.url)
  if (!room) return socket.close(4000, "room required")
  let members = rooms.get(room)
  if (!members) rooms.set(room, (members = new Set()))
  members.add(socket)
  socket.on("message", (data, isBinary) => {
    for (const member of members) if (member !== socket) member.send(data, { binary: isBinary })
  })
  socket.on("close", () => {
    members.delete(socket)
    if (members.size === 0) rooms.delete(room)
  })
})
server.on("listening", () => announceReady((server.address() as { port: number }).port))
