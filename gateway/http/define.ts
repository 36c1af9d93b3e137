/**
 * Declares one API route: its schemas feed both request decoding and the
 * OpenAPI document, and its handler gets a decoded body, decoded path and
 * query parameters and, when the route needs it, the caller's verified
 * identity. Nothing a client sends reaches a handler undecoded: a path
 * segment that is not an id, a query value or a body of the wrong shape is a
 * 400 naming the field, before any lookup.
 */
import { Result, Schema } from "effect"
import type { Context, Hono } from "hono"
import { decodeParameters, describeSchemaFailure, type ParameterStruct } from "../../engine/schema-issues.ts"
import { bearerToken } from "../auth/bearer.ts"
import type { Tokens, VerifiedToken } from "../auth/tokens.ts"
import { requestClientAddress } from "./client-address.ts"
import { jsonResponse } from "./light-response.ts"
import { ApiProblem } from "./problem.ts"
import { Id } from "./schemas.ts"

export interface RouteSpec<B = unknown, Q = unknown> {
  readonly method: "get" | "post" | "patch" | "delete"
  /** OpenAPI style: `/api/users/{id}`. */
  readonly path: string
  readonly summary: string
  readonly auth: boolean
  readonly request?: Schema.Codec<B, unknown>
  readonly response?: Schema.Top
  readonly status?: number
  /** Path parameters; without it every `{name}` of the path is an id (engine/address.ts NAME_PATTERN). */
  readonly params?: ParameterStruct<Record<string, string>>
  /** Query parameters, decoded before the handler runs. */
  readonly query?: ParameterStruct<Q>
  /** Whether a guest (a token for one live session) may call it; any other authenticated route answers guests 403. */
  readonly guests?: boolean
}

/** The path's parameters as the route declares them, or each one an id. */
export const pathParameters = (spec: Pick<RouteSpec, "path" | "params">): ParameterStruct<Record<string, string>> =>
  spec.params ?? Schema.Struct(Object.fromEntries([...spec.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name!, Id])))

/** Path parameters decoded, or a 400 problem naming the first wrong one. */
export const decodePath = (spec: Pick<RouteSpec, "path" | "params">, param: (name: string) => string | undefined): Record<string, string> => {
  const decoded = decodeParameters(pathParameters(spec), param)
  if (!decoded.ok) throw new ApiProblem("bad_frame", `invalid path: ${decoded.detail}`)
  return decoded.value
}

/** Query parameters decoded, or a 400 problem naming the first wrong one. */
export const decodeQuery = <Q>(schema: ParameterStruct<Q>, query: (name: string) => string | undefined): Q => {
  const decoded = decodeParameters(schema, query, { trim: true })
  if (!decoded.ok) throw new ApiProblem("bad_frame", `invalid query: ${decoded.detail}`)
  return decoded.value
}

/** The caller's verified access token from `Authorization: Bearer`, or an `unauthorized` problem: every authenticated route checks it here. */
export const authenticate = async (tokens: Tokens, c: Context): Promise<VerifiedToken> => {
  const token = bearerToken(c.req.header("authorization"))
  const identity = token ? await tokens.verify(token, "access") : undefined
  if (!identity) throw new ApiProblem("unauthorized", "send a valid access token as `Authorization: Bearer <token>`")
  return identity
}

/** Guests hold a token for one live session; only routes that say so serve them. */
export const refuseGuest = (identity: VerifiedToken): void => {
  if (identity.scope !== undefined) throw new ApiProblem("forbidden", `a guest may only use ${identity.scope} and the canvases made for it`)
}

export interface RouteInput<B, Q = unknown> {
  readonly body: B
  readonly params: Record<string, string>
  readonly query: Q
  readonly identity: VerifiedToken | undefined
  /** The client's address: the transport's peer, or X-Forwarded-For only from a trusted proxy (client-address.ts). */
  readonly ip: string
  readonly header: (name: string) => string | undefined
}

/** The header transports set to the socket's peer address; any client-sent copy is overwritten. */
export const PEER_HEADER = "x-studio-peer"

export class Routes {
  readonly specs: RouteSpec<any>[] = []

  constructor(
    private readonly app: Hono,
    private readonly tokens: Tokens,
  ) {}

  define<B, Q = unknown>(spec: RouteSpec<B, Q>, handler: (input: RouteInput<B, Q>) => Promise<unknown> | unknown): void {
    this.specs.push(spec)
    const decode = spec.request ? Schema.decodeUnknownResult(spec.request) : undefined
    const honoPath = spec.path.replace(/\{(\w+)\}/g, ":$1")
    // Built once: a schema made per request would also miss the decoder cache (schema-issues.ts).
    const pathSchema = pathParameters(spec)
    const hasPathParameters = Object.keys(pathSchema.fields).length > 0
    const status = spec.status ?? 200
    this.app[spec.method](honoPath, async (c: Context) => {
      const identity = spec.auth ? await authenticate(this.tokens, c) : undefined
      if (identity && !spec.guests) refuseGuest(identity)
      const params = hasPathParameters ? decodePath({ path: spec.path, params: pathSchema }, (name) => c.req.param(name)) : {}
      const query = spec.query ? decodeQuery(spec.query, (name) => c.req.query(name)) : (undefined as Q)
      let body: unknown = undefined
      if (decode) {
        const raw = await c.req.json().catch(() => {
          throw new ApiProblem("bad_frame", "the body must be JSON")
        })
        const decoded = decode(raw)
        if (Result.isFailure(decoded)) throw new ApiProblem("bad_frame", `invalid body: ${describeSchemaFailure(decoded.failure, { input: raw })}`)
        body = decoded.success
      }
      const result = await handler({
        body: body as B,
        params,
        query,
        identity,
        // Only the handlers that limit per address read it.
        get ip() {
          return requestClientAddress(c.req.header(PEER_HEADER), c.req.header("x-forwarded-for"), c.env)
        },
        header: (name) => c.req.header(name),
      })
      return jsonResponse(result, status)
    })
  }
}
