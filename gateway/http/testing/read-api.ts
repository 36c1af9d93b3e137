/**
 * The read routes as a node serves them, for tests of the read side: over
 * any ReadService (the worker's, or queries run in the test's own thread),
 * with the caller given as JSON in an `x-test-user` header in place of a
 * token. Without the header a request is `unauthorized`, as without a token.
 */
import { Hono } from "hono"
import type { User } from "../../../engine/actor-kind.ts"
import { lexicalHashEmbeddings } from "../../../projections/embeddings/lexical-hash.ts"
import { makeReadQueries, type ReadQueryOptions } from "../../../projections/reads/run.ts"
import { inProcessReads, type ReadService } from "../../../projections/reads/service.ts"
import type { ReadStore } from "../../../projections/store/port.ts"
import { ApiProblem, errorResponse } from "../problem.ts"
import { readRoutes } from "../read-routes.ts"

export const TEST_USER_HEADER = "x-test-user"

export const readApiFor = (reads: ReadService): Hono => {
  const app = new Hono()
  readRoutes(
    app,
    { specs: [] },
    {
      reads,
      authenticate: async (c) => {
        const header = c.req.header(TEST_USER_HEADER)
        if (!header) throw new ApiProblem("unauthorized", "send a valid access token as `Authorization: Bearer <token>`")
        return { user: JSON.parse(header) as User, use: "access", expiresAt: Number.MAX_SAFE_INTEGER }
      },
    },
  )
  app.onError(errorResponse)
  return app
}

/** The read routes over queries run on `store` in this thread, with the lexical hash unless told otherwise. */
export const readApiOver = (store: ReadStore, options: Partial<ReadQueryOptions> = {}): Hono =>
  readApiFor(inProcessReads(makeReadQueries(store, { embeddings: lexicalHashEmbeddings(), ...options })))

/** A GET as `user` (or as nobody): what a test compares. */
export const getAs = async (app: Hono, path: string, user?: User, headers: Record<string, string> = {}) => {
  const response = await app.request(path, { headers: { ...(user ? { [TEST_USER_HEADER]: JSON.stringify(user) } : {}), ...headers } })
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    etag: response.headers.get("etag"),
    body: response.status === 304 ? undefined : ((await response.json()) as any),
  }
}
