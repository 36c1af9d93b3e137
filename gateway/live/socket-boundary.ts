/**
 * The boundary around everything a transport calls for one socket. A throw
 * while handling one client's frame is a bug of ours, never a reason to end
 * the process and every other session on it: it is logged, and the client
 * hears `internal` (without a stack) and keeps its connection.
 */
import { encodeFrame, unpackMap } from "../protocol.ts"
import type { LiveSocket, SocketHandler } from "../transport/transport.ts"

const INTERNAL_MESSAGE = "internal error; the incident was logged"

/** The failed frame's `ref`, so the client's pending request is answered instead of left waiting. */
const refOf = (bytes: Uint8Array | undefined): number | undefined => {
  if (!bytes) return undefined
  const decoded = unpackMap(bytes)
  const ref = decoded.ok ? decoded.frame["ref"] : undefined
  return typeof ref === "number" && Number.isSafeInteger(ref) ? ref : undefined
}

const logFault = (step: string, socket: LiveSocket, error: unknown): void => {
  console.error(
    JSON.stringify({
      level: "error",
      message: `live ${step} failed`,
      peer: socket.remoteAddress,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    }),
  )
}

const answerFault = (step: string, socket: LiveSocket, error: unknown, bytes?: Uint8Array): void => {
  logFault(step, socket, error)
  try {
    const ref = refOf(bytes)
    socket.send(encodeFrame({ t: "error", code: "internal", message: INTERNAL_MESSAGE, ...(ref !== undefined ? { ref } : {}) }))
  } catch (sendError) {
    logFault("fault reply", socket, sendError)
  }
}

export const guardSocketHandler = (socket: LiveSocket, handler: SocketHandler): SocketHandler => ({
  onFrame(bytes, isBinary) {
    try {
      handler.onFrame(bytes, isBinary)
    } catch (error) {
      answerFault("frame", socket, error, bytes)
    }
  },
  onOversize(byteLength) {
    try {
      handler.onOversize(byteLength)
    } catch (error) {
      answerFault("oversize frame", socket, error)
    }
  },
  onClose(code) {
    try {
      handler.onClose(code)
    } catch (error) {
      logFault("close", socket, error)
    }
  },
})

/** Accepts a socket through `accept`; if even that throws, the socket is closed instead of the process. */
export const guardAccept =
  (accept: (socket: LiveSocket) => SocketHandler) =>
  (socket: LiveSocket): SocketHandler => {
    try {
      return guardSocketHandler(socket, accept(socket))
    } catch (error) {
      logFault("accept", socket, error)
      socket.close(4000, "internal")
      return { onFrame: () => undefined, onOversize: () => undefined, onClose: () => undefined }
    }
  }
