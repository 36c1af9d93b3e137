/**
 * Socket.IO peer: the usual way rooms are done in Node. `join` puts the
 * socket in a room (acked); `op` is broadcast to the room's other members.
 * WebSocket transport only, so no long-polling handshake skews the figures.
 */
import { createServer } from "node:http"
import { Server } from "socket.io"
import { announceReady, portFromEnv } from "./ready.ts"

const port = portFromEnv()
const http = createServer()
const io = new Server(http, { transports: ["websocket"], serveClient: false, perMessageDeflate: false })

io.on("connection", (socket) => {
  socket.on("join", (room: unknown, ack: unknown) => {
    if (typeof room !== "string" || typeof ack !== "function") return
    void socket.join(room)
    ack("joined")
  })
  socket.on("op", (room: unknown, op: unknown) => {
    if (typeof room === "string" && socket.rooms.has(room)) socket.to(room).emit("op", op)
  })
})
http.listen(port, "127.0.0.1", () => announceReady(port))
