/**
 * What the gateway's read routes call: a query as the caller, answered as
 * JSON text (serialized where the query ran, so an answer crosses a thread
 * boundary once and a cached one is sent as it is). The node's read side
 * (read-side/read-side.ts) serves it from its worker thread with a response
 * cache; `inProcessReads` runs the queries in the calling thread (tests, tools).
 */
import type { User } from "../../engine/actor-kind.ts"
import type { ReadAnswer, ReadOutcome, ReadQuery, ReadQueryName } from "./queries.ts"
import type { RunQuery } from "./run.ts"

/** JSON text of an answer of type A. */
export type Json<A> = string & { readonly answerType?: A }

export interface ReadService {
  read<K extends ReadQueryName>(caller: User, query: ReadQuery<K>): Promise<ReadOutcome<Json<ReadAnswer<K>>>>
  /**
   * The version of the tenant's read models that answers are read at now, for
   * HTTP validators; undefined where answers are not versioned (in process).
   */
  version(tenant: string): number | undefined
}

export const serialized = <A>(outcome: ReadOutcome<A>): ReadOutcome<Json<A>> =>
  outcome.ok ? { ok: true, value: JSON.stringify(outcome.value) } : outcome

export const inProcessReads = (run: RunQuery): ReadService => ({
  read: async (caller, query) => serialized(await run(caller, query)),
  version: () => undefined,
})
