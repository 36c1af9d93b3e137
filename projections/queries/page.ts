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

export type CursorShape = readonly ("time" | "id" | "text")[]

const ID = /^[A-Za-z0-9_-]{1,64}$/
/** Exactly what `iso` writes for a stored time: Postgres reads it back as the same instant. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
const isIsoTime = (text: string): boolean => {
  if (!ISO_TIME.test(text) || text.startsWith("0000")) return false
  // Date.parse alone takes "1" or "2024-02-30T..." (rolled over), which Postgres refuses.
  const time = Date.parse(text)
  return !Number.isNaN(time) && new Date(time).toISOString() === text
}

/**
 * The key a cursor holds when it has the shape the list sorts by, else
 * undefined: every part a string, times exactly as this API writes them, ids
 * as ids, text without NUL (Postgres text cannot hold it).
 */
export const cursorKey = (cursor: string, shape: CursorShape): string[] | undefined => {
  if (cursor.length > 600 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined
  let key: unknown
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"))
  } catch {
    return undefined
  }
  const valid =
    Array.isArray(key) &&
    key.length === shape.length &&
    key.every(
      (part, i) =>
        typeof part === "string" &&
        (shape[i] === "time" ? isIsoTime(part) : shape[i] === "id" ? ID.test(part) : part.length <= 200 && !part.includes("\u0000")),
    )
  return valid ? (key as string[]) : undefined
}

/** The key a cursor holds, checked against the shape the list sorts by. */
export const decodeCursor = (cursor: string, shape: CursorShape): string[] => {
  const key = cursorKey(cursor, shape)
  if (!key) throw new InvalidQuery({ message: "cursor is not one this API returned; start again without it" })
  return key
}

/** Splits the `limit + 1` rows a query fetched into a page. */
export const pageOf = <R, T>(rows: readonly R[], limit: number, item: (row: R) => T, key: (row: R) => readonly (string | number)[]): Page<T> => {
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return { items: items.map(item), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(key(last)) : null }
}

export const iso = (value: unknown): string | null =>
  value === null || value === undefined ? null : value instanceof Date ? value.toISOString() : String(value)
