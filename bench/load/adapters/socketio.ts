/** Client for the Socket.IO peer: `join` (acked), then `op` events to and from the room. */
import { io } from "socket.io-client"
import { ConnectError, withTimeout, type Adapter, type LiveConnection, type Op } from "./adapter.ts"

export const socketIoAdapter: Adapter = {
  subject: "socket.io",
  connect: (target, member, onOp) =>
    withTimeout(
      new Promise<LiveConnection>((resolve, reject) => {
        const socket = io(`http://127.0.0.1:${target.port}`, { transports: ["websocket"], forceNew: true, reconnection: false })
        socket.once("connect_error", (error) => reject(new ConnectError(`socket.io: ${error.message}`)))
        socket.on("op", (op: Op) => onOp(op.id))
        socket.once("connect", () => {
          socket.emit("join", member.room, () =>
            resolve({
              send: (op) => void socket.emit("op", member.room, op),
              close: async () => void socket.disconnect(),
            }),
          )
        })
      }),
      10_000,
      "socket.io connect",
    ),
}
