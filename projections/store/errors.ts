/**
 * Read store failures, split by what the caller should do: wait and retry
 * (ReadStoreUnavailable), or not retry the same statement (QueryFailed).
 */
import { Data } from "effect"

export class ReadStoreUnavailable extends Data.TaggedError("ReadStoreUnavailable")<{
  readonly message: string
  readonly cause?: unknown
}> {
  readonly code = "unavailable" as const
}

/** A statement or a transaction body that failed for a reason a retry will not fix. */
export class QueryFailed extends Data.TaggedError("QueryFailed")<{
  readonly message: string
  /** Postgres SQLSTATE when the database refused the statement; undefined for a throw from the body. */
  readonly sqlState: string | undefined
  readonly cause?: unknown
}> {
  /** 42501: insufficient privilege, which is also what a row-level security check raises. */
  get isPermissionDenied(): boolean {
    return this.sqlState === "42501"
  }
}

// Connection loss (08), resources (53), shutdown (57P), serialization and deadlock: a retry may succeed.
const TRANSIENT_SQLSTATE = /^(08|53|57P|40001$|40P01$)/
// Driver and socket codes of the `postgres` client (ECONNREFUSED, CONNECTION_CLOSED, CONNECT_TIMEOUT...).
const TRANSIENT_DRIVER_CODE = /^(E[A-Z]+|CONNECT_TIMEOUT|CONNECTION_[A-Z_]+)$/
const SQLSTATE = /^[0-9A-Z]{5}$/

export const classifyStoreError = (error: unknown): ReadStoreUnavailable | QueryFailed => {
  if (error instanceof ReadStoreUnavailable || error instanceof QueryFailed) return error
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined
  const message = error instanceof Error ? error.message : String(error)
  if (typeof code === "string" && SQLSTATE.test(code)) {
    return TRANSIENT_SQLSTATE.test(code)
      ? new ReadStoreUnavailable({ message: `read store: ${message}`, cause: error })
      : new QueryFailed({ message, sqlState: code, cause: error })
  }
  if (typeof code === "string" && TRANSIENT_DRIVER_CODE.test(code)) {
    return new ReadStoreUnavailable({ message: `read store unreachable: ${message} (${code})`, cause: error })
  }
  return new QueryFailed({ message, sqlState: undefined, cause: error })
}
