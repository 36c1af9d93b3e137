/**
 * Baseline peer: a plain `ws` server. A socket joins the room named in its
 * URL; every binary frame it sends is relayed, untouched, to every other
 * member of that room. No parsing, no persistence, no acks.
 */
import { WebSocketServer, type WebSocket } from "ws"
import { announceReady, portFromEnv, joinRoomOfUrl } from "./ready.ts"

const rooms = new Map<string, Set<WebSocket>>()
const server = new WebSocketServer({ host: "127.0.0.1", port: portFromEnv(), perMessageDeflate: false })

server.on("connection", (socket, request) => {
  const members = joinRoomOfUrl(rooms, socket, request.url)
  if (!members) return
  socket.on("message", (data, isBinary) => {
    for (const member of members) if (member !== socket) member.send(data, { binary: isBinary })
  })
})
server.on("listening", () => announceReady((server.address() as { port: number }).port))
