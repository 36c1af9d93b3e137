/**
 * A local stand-in for an OpenAI-compatible server, for tests and benches
 * only: it speaks the chat-completions wire format, streaming included
 * (`data: {chunk}\n\n` ... a usage chunk with empty choices when asked for
 * ... `data: [DONE]\n\n`), so the code under test is the real `openai`
 * client. What it answers is scripted per test; by default it cites every
 * numbered source the prompt lists (`[n] ...` lines).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"

export interface StandInRequest {
  readonly path: string
  readonly authorization: string | undefined
  readonly body: {
    readonly model: string
    readonly messages: readonly { role: string; content: string }[]
    readonly stream?: boolean
    readonly stream_options?: { include_usage?: boolean }
    readonly max_tokens?: number
    readonly [key: string]: unknown
  }
}

export interface StandInReply {
  /** The answer, sent in chunks of a few words. */
  readonly text?: string
  readonly finishReason?: "stop" | "length" | "content_filter"
  /** An HTTP error instead of an answer, with OpenAI's error body. */
  readonly status?: number
  readonly error?: { readonly message: string; readonly type?: string; readonly code?: string }
  /** Wait this long before the first byte (a stalled server). */
  readonly stallMs?: number
  /** Wait this long between chunks. */
  readonly chunkDelayMs?: number
}

export interface OpenAiStandIn {
  /** The base URL a client takes (`.../v1`). */
  readonly baseURL: string
  readonly requests: StandInRequest[]
  /** Scripts the answers from now on. */
  script(reply: (request: StandInRequest) => StandInReply): void
  close(): Promise<void>
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const tokens = (text: string) => Math.ceil(text.length / 4)

/** The default answer: one short sentence per source the prompt lists, each citing it. */
export const citeEverySource = (request: StandInRequest): StandInReply => {
  const prompt = request.body.messages.map((message) => message.content).join("\n")
  const numbers = [...prompt.matchAll(/^\[(\d+)\]/gm)].map((match) => match[1])
  const text = numbers.length === 0 ? "I have nothing to draw on for this." : numbers.map((n) => `Sit for a moment with source [${n}].`).join(" ")
  return { text }
}

const readBody = async (request: IncomingMessage): Promise<string> => {
  const parts: Buffer[] = []
  for await (const part of request) parts.push(part as Buffer)
  return Buffer.concat(parts).toString("utf8")
}

const chunksOf = (text: string): string[] => text.match(/\S+(?:\s+\S+){0,2}\s*/g) ?? []

const answer = async (reply: StandInReply, request: StandInRequest, response: ServerResponse): Promise<void> => {
  if (reply.stallMs) await sleep(reply.stallMs)
  if (response.destroyed) return
  if (reply.status !== undefined && reply.status >= 400) {
    response.writeHead(reply.status, { "content-type": "application/json" })
    response.end(
      JSON.stringify({
        error: {
          message: reply.error?.message ?? "stand-in error",
          type: reply.error?.type ?? "invalid_request_error",
          code: reply.error?.code ?? null,
          param: null,
        },
      }),
    )
    return
  }
  const id = `chatcmpl-standin-${Date.now()}`
  const created = Math.floor(Date.now() / 1000)
  const text = reply.text ?? ""
  const chunk = (choices: unknown[], extra: object = {}) => ({
    id,
    object: "chat.completion.chunk",
    created,
    model: request.body.model,
    choices,
    ...extra,
  })
  const usage = { prompt_tokens: tokens(request.body.messages.map((m) => m.content).join("\n")), completion_tokens: tokens(text) }
  const fullUsage = { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens }
  if (!request.body.stream) {
    response.writeHead(200, { "content-type": "application/json" })
    response.end(
      JSON.stringify({
        id,
        object: "chat.completion",
        created,
        model: request.body.model,
        choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: reply.finishReason ?? "stop" }],
        usage: fullUsage,
      }),
    )
    return
  }
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" })
  const send = (data: unknown) => response.write(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`)
  send(chunk([{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }]))
  for (const piece of chunksOf(text)) {
    if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs)
    if (response.destroyed) return
    send(chunk([{ index: 0, delta: { content: piece }, finish_reason: null }]))
  }
  send(chunk([{ index: 0, delta: {}, finish_reason: reply.finishReason ?? "stop" }]))
  if (request.body.stream_options?.include_usage) send(chunk([], { usage: fullUsage }))
  send("[DONE]")
  response.end()
}

export const startOpenAiStandIn = async (options: { apiKey?: string } = {}): Promise<OpenAiStandIn> => {
  const requests: StandInRequest[] = []
  let reply: (request: StandInRequest) => StandInReply = citeEverySource
  const server: Server = createServer(async (incoming, response) => {
    const path = incoming.url ?? "/"
    if (incoming.method !== "POST" || path !== "/v1/chat/completions") {
      response.writeHead(404, { "content-type": "application/json" })
      response.end(
        JSON.stringify({
          error: { message: `the stand-in serves POST /v1/chat/completions only, not ${incoming.method} ${path}`, type: "invalid_request_error" },
        }),
      )
      return
    }
    const authorization = incoming.headers.authorization
    const request: StandInRequest = { path, authorization, body: JSON.parse(await readBody(incoming)) }
    requests.push(request)
    if (options.apiKey !== undefined && authorization !== `Bearer ${options.apiKey}`) {
      await answer(
        { status: 401, error: { message: "Incorrect API key provided", type: "invalid_request_error", code: "invalid_api_key" } },
        request,
        response,
      )
      return
    }
    await answer(reply(request), request, response)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (next) => (reply = next),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
