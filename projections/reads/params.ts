/**
 * The read queries' parameters as schemas of their query-string form: the
 * gateway decodes each route's query string with one struct of these, and
 * its OpenAPI document lists the same struct, so the two cannot drift. A bad
 * value is one clear 400 naming the parameter, before any query reaches the
 * store: text Postgres cannot hold (NUL) and cursors the read side did not
 * write are refused there.
 */
import { Schema } from "effect"
import { NAME_PATTERN } from "../../engine/address.ts"
import { cursorKey, MAX_PAGE, type CursorShape } from "../queries/page.ts"

/** An id of a session, canvas, deck... (engine/address.ts). */
export const Id = Schema.String.check(Schema.isPattern(new RegExp(NAME_PATTERN.source, "u"), { expected: "1-64 characters of A-Z a-z 0-9 _ -" }))

/** A whole number from 1 to `max`; absent means the route's default. */
export const Limit = (max = MAX_PAGE) =>
  Schema.FiniteFromString.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: max })).annotate({ description: `page size, 1 to ${max}` })

/** Free text for the store: at most `max` characters, and no NUL (Postgres text cannot hold one). */
export const Text = (max: number, description: string) =>
  Schema.String.check(
    Schema.isMaxLength(max),
    Schema.makeFilter((text: string) => !text.includes("\u0000"), { expected: "text without NUL characters" }),
  ).annotate({ description })

/** A `nextCursor` this API returned for the same list; anything else is refused before the query. */
export const Cursor = (shape: CursorShape) =>
  Schema.String.check(
    Schema.makeFilter((cursor: string) => cursorKey(cursor, shape) !== undefined, {
      message: "is not a cursor this API returned; start again without it",
    }),
  ).annotate({ description: "the `nextCursor` of the previous page" })

export const optional = Schema.optionalKey
