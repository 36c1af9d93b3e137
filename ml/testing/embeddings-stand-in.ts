/**
 * A stand-in for an OpenAI-compatible embeddings server, for tests: it
 * speaks the real `POST /v1/embeddings` wire format (bearer key, `input`
 * as a string or a list, `dimensions`, `encoding_format` float or base64,
 * `data[].index`, `usage`, errors as `{ error: { message, type, code } }`)
 * and computes its vectors with the lexical hash. Listens on loopback only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { lexicalVector, wordsOf } from "../embeddings/lexical-hash.ts"

export interface EmbeddingsStandIn {
  /** `http://127.0.0.1:<port>/v1`, as OPENAI_BASE_URL takes it. */
  readonly baseURL: string
  readonly apiKey: string
  /** Input counts of the requests answered so far, in order. */
  readonly requests: number[]
  /** Answer every request with this HTTP status (and an OpenAI error body) until cleared with `undefined`. */
  failWith(status: number | undefined): void
  close(): Promise<void>
}

export interface StandInOptions {
  /** The length of a vector when the request asks for no `dimensions`. */
  readonly nativeDimension?: number
}

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString("utf8")
}

const send = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { "content-type": "application/json" })
  response.end(JSON.stringify(body))
}

const error = (response: ServerResponse, status: number, message: string, type: string, code: string | null = null) =>
  send(response, status, { error: { message, type, param: null, code } })

const base64Of = (vector: Float32Array) => Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString("base64")

export const startEmbeddingsStandIn = async (options: StandInOptions = {}): Promise<EmbeddingsStandIn> => {
  const apiKey = "stand-in-key"
  const requests: number[] = []
  let failing: number | undefined
  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request)
      if (failing !== undefined) return error(response, failing, "The server had an error while processing your request.", "server_error")
      if (request.method !== "POST" || request.url !== "/v1/embeddings")
        return error(response, 404, `Unknown request URL: ${request.method} ${request.url}`, "invalid_request_error", "unknown_url")
      if (request.headers.authorization !== `Bearer ${apiKey}`)
        return error(response, 401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key")
      let parsed: { model?: unknown; input?: unknown; dimensions?: unknown; encoding_format?: unknown }
      try {
        parsed = JSON.parse(body)
      } catch {
        return error(response, 400, "We could not parse the JSON body of your request.", "invalid_request_error")
      }
      const inputs = typeof parsed.input === "string" ? [parsed.input] : parsed.input
      if (
        typeof parsed.model !== "string" ||
        !Array.isArray(inputs) ||
        inputs.length === 0 ||
        !inputs.every((x) => typeof x === "string" && x !== "")
      ) {
        return error(response, 400, "'$.input' is invalid. Please check the API reference.", "invalid_request_error")
      }
      const dimension = typeof parsed.dimensions === "number" ? parsed.dimensions : (options.nativeDimension ?? 256)
      const base64 = parsed.encoding_format === "base64"
      requests.push(inputs.length)
      const tokens = inputs.reduce((sum: number, text: string) => sum + wordsOf(text).length, 0)
      send(response, 200, {
        object: "list",
        data: inputs.map((text: string, index: number) => {
          const vector = lexicalVector(text, dimension)
          return { object: "embedding", index, embedding: base64 ? base64Of(vector) : Array.from(vector) }
        }),
        model: parsed.model,
        usage: { prompt_tokens: tokens, total_tokens: tokens },
      })
    })().catch((cause: unknown) => error(response, 500, String(cause), "server_error"))
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    apiKey,
    requests,
    failWith: (status) => (failing = status),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** A loopback URL where nothing listens: a port that was just free. */
export const unreachableBaseURL = async (): Promise<string> => {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}/v1`
}
