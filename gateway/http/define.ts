/**
 * Declares one API route: its schemas feed both request decoding and the
 * OpenAPI document, and its handler gets a decoded body and, when the route
 * needs it, the caller's verified identity.
 */
import { Result, Schema } from "effect"
import type { Context, Hono } from "hono"
import type { Tokens, VerifiedToken } from "../auth/tokens.ts"
import { requestClientAddress } from "./client-address.ts"
import { ApiProblem } from "./problem.ts"

export interface RouteSpec<B = unknown> {
  readonly method: "get" | "post" | "patch" | "delete"
  /** OpenAPI style: `/api/users/{id}`. */
  readonly path: string
  readonly summary: string
  readonly auth: boolean
  readonly request?: Schema.Codec<B, unknown>
  readonly response?: Schema.Top
  readonly status?: number
}

export interface RouteInput<B> {
  readonly body: B
  readonly params: Record<string, string>
  readonly identity: VerifiedToken | undefined
  /** The client's address: the transport's peer, or X-Forwarded-For only from a trusted proxy (client-address.ts). */
  readonly ip: string
  readonly header: (name: string) => string | undefined
}

/** The header transports set to the socket's peer address; any client-sent copy is overwritten. */
export const PEER_HEADER = "x-studio-peer"

export class Routes {
  readonly specs: RouteSpec<any>[] = []

  constructor(private readonly app: Hono, private readonly tokens: Tokens) {}

  define<B>(spec: RouteSpec<B>, handler: (input: RouteInput<B>) => Promise<unknown> | unknown): void {
    this.specs.push(spec)
    const decode = spec.request ? Schema.decodeUnknownResult(spec.request) : undefined
    const honoPath = spec.path.replace(/\{(\w+)\}/g, ":$1")
    this.app[spec.method](honoPath, async (c: Context) => {
      const identity = spec.auth ? await this.authenticate(c) : undefined
      let body: unknown = undefined
      if (decode) {
        const raw = await c.req.json().catch(() => {
          throw new ApiProblem("bad_frame", "the body must be JSON")
        })
        const decoded = decode(raw)
        if (Result.isFailure(decoded)) throw new ApiProblem("bad_frame", `invalid body: ${decoded.failure.message.slice(0, 400)}`)
        body = decoded.success
      }
      const result = await handler({
        body: body as B,
        params: c.req.param() as Record<string, string>,
        identity,
        ip: requestClientAddress(c.req.header(PEER_HEADER), c.req.header("x-forwarded-for"), c.env),
        header: (name) => c.req.header(name),
      })
      return c.json(result as object, (spec.status ?? 200) as 200)
    })
  }

  private async authenticate(c: Context): Promise<VerifiedToken> {
    const header = c.req.header("authorization") ?? ""
    const token = header.startsWith("Bearer ") ? header.slice(7) : ""
    const identity = token ? await this.tokens.verify(token, "access") : undefined
    if (!identity) throw new ApiProblem("unauthorized", "send a valid access token as `Authorization: Bearer <token>`")
    return identity
  }
}
