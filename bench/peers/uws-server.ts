/**
 * Floor peer: bare uWebSockets.js pub/sub. A socket subscribes to the room
 * in its URL and each frame is published to the room's other subscribers
 * (uWS's `ws.publish` skips the sender). Nothing is persisted or parsed:
 * nothing in JavaScript can fan out faster on this machine.
 */
import uWS from "uWebSockets.js"
import { announceReady, portFromEnv, roomOf } from "./ready.ts"

interface Member {
  room: string
}

const port = portFromEnv()
uWS
  .App()
  .ws<Member>("/*", {
    maxPayloadLength: 256 * 1024,
    maxBackpressure: 64 * 1024 * 1024,
    idleTimeout: 0,
    upgrade: (res, req, context) => {
      const room = roomOf(`/?${req.getQuery() ?? ""}`)
      if (!room) return void res.writeStatus("400 Bad Request").end("room required")
      res.upgrade<Member>(
        { room },
        req.getHeader("sec-websocket-key"),
        req.getHeader("sec-websocket-protocol"),
        req.getHeader("sec-websocket-extensions"),
        context,
      )
    },
    open: (ws) => void ws.subscribe(ws.getUserData().room),
    message: (ws, message, isBinary) => void ws.publish(ws.getUserData().room, message, isBinary),
  })
  .listen("127.0.0.1", port, (token) => {
    if (!token) {
      console.error(`uws peer: cannot listen on 127.0.0.1:${port}`)
      process.exit(1)
    }
    announceReady(port)
  })
