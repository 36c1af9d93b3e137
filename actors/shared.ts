/**
 * Wire building blocks every actor kind uses, so each bound is written once:
 * bounded strings, ids, coordinates, colours. The command schemas are the
 * wire validation, so nothing here is unbounded. The plain helpers
 * (`sameTenant`, `hasRole`, `definedOnly`) live in shared-values.ts, free of
 * Effect for the browser, and are re-exported here.
 */
import { Schema } from "effect"
import { NAME_PATTERN } from "../engine/address.ts"

export { definedOnly, hasRole, sameTenant } from "./shared-values.ts"

/** A string of at most `max` characters. */
export const Text = (max: number) => Schema.String.check(Schema.isMaxLength(max))

/** A string of 1 to `max` characters. */
export const NonEmptyText = (max: number) => Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(max))

/**
 * An opaque id (user, session, card): the address charset. `__proto__` is
 * refused because ids become object keys in clients and MessagePack mangles it.
 */
export const Id = Schema.String.check(
  Schema.isPattern(NAME_PATTERN, { message: "must be 1-64 characters of A-Z a-z 0-9 _ -" }),
  Schema.makeFilter((id: string) => id !== "__proto__" || "__proto__ is not a usable id"),
)

/** Canvas coordinates: finite and far beyond any screen, so a broken client cannot poison layouts. */
export const Coordinate = Schema.Finite.check(Schema.isBetween({ minimum: -1_000_000, maximum: 1_000_000 }))

export const Extent = Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 100_000 }))

/** `#rrggbb`; one spelling so insights can count colours. */
export const Colour = Schema.String.check(Schema.isPattern(/^#[0-9a-f]{6}$/, { message: "must be a lowercase #rrggbb colour" }))
