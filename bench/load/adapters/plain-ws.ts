/**
 * Client for the relay peers (ws, uWS, fault): the room goes in the URL and
 * each operation is one MessagePack frame that the server relays untouched.
 */
import { Packr, Unpackr } from "msgpackr"
import WebSocket from "ws"
import { ConnectError, withTimeout, type Adapter, type LiveConnection } from "./adapter.ts"

const packr = new Packr({ useRecords: false })
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true })

export const plainWsAdapter = (subject: string): Adapter => ({
  subject,
  connect: (target, member, onOp) =>
    withTimeout(
      new Promise<LiveConnection>((resolve, reject) => {
        const socket = new WebSocket(`ws://127.0.0.1:${target.port}/?room=${member.room}`, { perMessageDeflate: false })
        socket.binaryType = "nodebuffer"
        socket.once("error", (error) => reject(new ConnectError(`${subject}: ${error.message}`)))
        socket.on("message", (data: Buffer) => {
          const op = unpackr.unpack(data) as { id?: unknown }
          if (typeof op.id === "number") onOp(op.id)
        })
        socket.once("open", () =>
          resolve({
            send: (op) => socket.send(packr.pack(op)),
            close: () =>
              new Promise<void>((done) => {
                if (socket.readyState === WebSocket.CLOSED) return done()
                socket.once("close", () => done())
                socket.terminate()
              }),
          }),
        )
      }),
      10_000,
      `${subject} connect`,
    ),
})
