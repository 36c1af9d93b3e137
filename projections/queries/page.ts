/**
 * Keyset pagination: a cursor is the sort key of the last item returned,
 * opaque to clients (base64url JSON), so pages stay stable while rows are
 * added and cost the same however deep the client goes.
 */
import { Data } from "effect"

export class InvalidQuery extends Data.TaggedError("InvalidQuery")<{ readonly message: string }> {
  readonly code = "bad_frame" as const
}

export interface Page<T> {
  readonly items: readonly T[]
  /** Pass as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null
}

export const MAX_PAGE = 200
export const DEFAULT_PAGE = 50

export const encodeCursor = (key: readonly (string | number)[]): string => Buffer.from(JSON.stringify(key)).toString("base64url")

/** The key a cursor holds, checked against the shape the list sorts by. */
export const decodeCursor = (cursor: string, shape: readonly ("time" | "id" | "text")[]): string[] => {
  let key: unknown
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"))
  } catch {
    throw new InvalidQuery({ message: "cursor is not one this API returned; start again without it" })
  }
  const valid =
    Array.isArray(key) &&
    key.length === shape.length &&
    key.every((part, i) =>
      typeof part === "string" && (shape[i] === "time" ? !Number.isNaN(Date.parse(part)) : shape[i] === "id" ? /^[A-Za-z0-9_-]{1,64}$/.test(part) : part.length <= 200),
    )
  if (!valid) throw new InvalidQuery({ message: "cursor is not one this API returned; start again without it" })
  return key as string[]
}

/** Splits the `limit + 1` rows a query fetched into a page. */
export const pageOf = <R, T>(rows: readonly R[], limit: number, item: (row: R) => T, key: (row: R) => readonly (string | number)[]): Page<T> => {
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return { items: items.map(item), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(key(last)) : null }
}

export const iso = (value: unknown): string | null => (value === null || value === undefined ? null : value instanceof Date ? value.toISOString() : String(value))
