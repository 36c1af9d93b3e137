/**
 * The uWS -> fetch bridge's own answers: a body over the limit gets a full
 * RFC 9457 problem document, whether its size was announced or only found
 * while reading it.
 */
import { connect } from "node:net"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startTestServer, type TestServer } from "../testing/harness.ts"
import { uwsTransport } from "./uws.ts"

const LIMIT = 1024 * 1024

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.dispose())

/** Sends raw request bytes and resolves with the status and the body of the answer. */
const exchange = (port: number, head: string, body: Buffer): Promise<{ status: number; contentType: string; json: Record<string, unknown> }> =>
  new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.write(head)
      // The server may answer and close before reading it all; what it did not read is not our concern.
      socket.write(body, () => undefined)
    })
    let raw = ""
    socket.on("data", (chunk) => {
      raw += chunk.toString("latin1")
      const split = raw.indexOf("\r\n\r\n")
      if (split < 0) return
      const headText = raw.slice(0, split)
      const length = Number(/content-length: (\d+)/i.exec(headText)?.[1] ?? NaN)
      const text = raw.slice(split + 4)
      if (Number.isNaN(length) || text.length < length) return
      socket.destroy()
      resolve({
        status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(headText)?.[1]),
        contentType: /content-type: ([^\r\n]+)/i.exec(headText)?.[1] ?? "",
        json: JSON.parse(text.slice(0, length)) as Record<string, unknown>,
      })
    })
    socket.on("error", (error) => (raw.includes("\r\n\r\n") ? undefined : reject(error)))
  })

describe("uWS HTTP bridge", () => {
  const port = () => Number(new URL(server.http).port)
  const expectTooLarge = (answer: Awaited<ReturnType<typeof exchange>>) => {
    expect(answer.status).toBe(413)
    expect(answer.contentType).toContain("application/problem+json")
    expect(answer.json).toMatchObject({
      status: 413,
      code: "too_large",
      type: expect.stringContaining("too_large"),
      title: expect.any(String),
      detail: expect.stringContaining(String(LIMIT)),
    })
  }

  it("answers a body announced over 1 MiB with a 413 problem document, without reading it", async () => {
    expectTooLarge(
      await exchange(
        port(),
        `POST /api/auth/login HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${LIMIT + 1}\r\n\r\n`,
        Buffer.from("{"),
      ),
    )
  })

  it("answers a chunked body that grows past 1 MiB with the same problem document", async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x20)
    const chunks = Array.from({ length: LIMIT / chunk.length + 2 }, () =>
      Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]),
    )
    expectTooLarge(
      await exchange(
        port(),
        `POST /api/auth/login HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n`,
        Buffer.concat([...chunks, Buffer.from("0\r\n\r\n")]),
      ),
    )
  })
})

describe("uWS listening", () => {
  it("refuses a PORT another node already listens on, instead of sharing its traffic", async () => {
    const port = Number(new URL(server.http).port)
    const second = uwsTransport.listen({
      port,
      host: "127.0.0.1",
      maxFrameBytes: 1024,
      frameCeilingBytes: 4096,
      maxBackpressureBytes: 1 << 20,
      idleTimeoutSeconds: 60,
      live: () => ({ onFrame: () => undefined, onOversize: () => undefined, onClose: () => undefined }),
      fetch: () => new Response("the second node"),
    })
    await expect(second).rejects.toThrow(/^PORT: cannot listen/)
  })
})
