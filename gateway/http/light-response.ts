/**
 * A Response that keeps its status, headers and text body as given and only
 * builds a real (undici) Response when something asks for more than a
 * transport needs. Building a Response with a string body costs a
 * ReadableStream, and reading it back another, which measured as a third of
 * the CPU time of a cached read behind the uWS bridge
 * (bench/gateway/http-servers.ts). The uWS bridge writes a light response's
 * parts directly (`lightParts`); anything else (tests, @hono/node-server, the
 * Bun transport) sees an ordinary Response: `instanceof Response` holds and
 * every other member is the real one's. The same approach as
 * @hono/node-server's own response.ts.
 */

const NativeResponse = globalThis.Response
const parts = Symbol("lightParts")
const materialized = Symbol("materialized")

export interface LightParts {
  readonly status: number
  /** Lower-case names in the order a Headers object lists them (sorted), as the bridge writes them. */
  readonly headers: readonly (readonly [string, string])[]
  readonly body: string | null
}

export interface LightResponse extends Response {
  [parts]?: LightParts
  [materialized]?: Response
}

const sortedHeaders = (headers: Readonly<Record<string, string>>): [string, string][] => {
  const out: [string, string][] = []
  for (const name in headers) out.push([name.toLowerCase(), headers[name]!])
  return out.length > 1 ? out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)) : out
}

function real(this: LightResponse): Response {
  const own = this[materialized]
  if (own) return own
  const p = this[parts]!
  // From here on the real Response is the answer (its headers may be changed): the bridge no longer writes the parts.
  delete this[parts]
  return (this[materialized] = new NativeResponse(p.body, { status: p.status, headers: p.headers as [string, string][] }))
}

function LightResponseImpl(this: LightResponse, body: string | null, status: number, headers: Readonly<Record<string, string>>) {
  this[parts] = { status, headers: sortedHeaders(headers), body }
}
LightResponseImpl.prototype = Object.create(NativeResponse.prototype, {
  status: {
    get(this: LightResponse) {
      return this[parts]?.status ?? real.call(this).status
    },
  },
  ok: {
    get(this: LightResponse) {
      const status = this.status
      return status >= 200 && status < 300
    },
  },
})
for (const key of ["headers", "body", "bodyUsed", "redirected", "statusText", "type", "url"] as const)
  Object.defineProperty(LightResponseImpl.prototype, key, {
    get(this: LightResponse) {
      return (real.call(this) as unknown as Record<string, unknown>)[key]
    },
  })
for (const key of ["arrayBuffer", "blob", "clone", "formData", "json", "text", "bytes"] as const)
  Object.defineProperty(LightResponseImpl.prototype, key, {
    value(this: LightResponse) {
      const response = real.call(this) as unknown as Record<string, () => unknown>
      return response[key]!.call(response)
    },
  })

/** Bun.serve writes Responses natively and mistakes a light one's body (it sent two Content-Lengths): there, a real one. */
const onBun = typeof (globalThis as { Bun?: unknown }).Bun !== "undefined"

/**
 * A response with a text body (or none), as the transport will write it. Where a server
 * put its own Response class in place (@hono/node-server does, with the same idea), one of
 * those: that server reads its own kind fastest.
 */
export const lightResponse = (body: string | null, status: number, headers: Readonly<Record<string, string>>): Response =>
  onBun || globalThis.Response !== NativeResponse
    ? new globalThis.Response(body, { status, headers })
    : new (LightResponseImpl as unknown as new (b: string | null, s: number, h: Readonly<Record<string, string>>) => Response)(body, status, headers)

/** `JSON.stringify(value)` as `application/json`, as Hono's `c.json` answers. */
export const jsonResponse = (value: unknown, status = 200, headers: Readonly<Record<string, string>> = {}): Response =>
  lightResponse(JSON.stringify(value), status, { ...headers, "content-type": "application/json" })

/** The parts of a light response nobody has turned into a real one yet, for a transport to write as they are. */
export const lightParts = (response: Response): LightParts | undefined => (response as LightResponse)[parts]
