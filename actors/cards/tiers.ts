/**
 * Licence tiers. An organization holds one tier (free, pro or enterprise)
 * and any number of marketplace packs; a deck or card is usable when the
 * organization's licence covers it. Tiers nest (enterprise includes pro,
 * pro includes free); a marketplace item needs its own pack, whatever the tier.
 * The schemas are here; the tier lists and the checks are plain values in
 * licence.ts, re-exported here.
 */
import { Schema } from "effect"
import { Id } from "../shared.ts"
import { CONTENT_TIERS, ORG_TIERS } from "./licence.ts"

export { CONTENT_TIERS, describeLicence, FREE_LICENCE, isLicensed, ORG_TIERS, tierAllows, type Licensed } from "./licence.ts"

export const OrgTier = Schema.Literals(ORG_TIERS)
export type OrgTier = typeof OrgTier.Type
export const ContentTier = Schema.Literals(CONTENT_TIERS)
export type ContentTier = typeof ContentTier.Type

export const MAX_PACKS = 100
export const Licence = Schema.Struct({ tier: OrgTier, packs: Schema.Array(Id).check(Schema.isMaxLength(MAX_PACKS)) })
export type Licence = typeof Licence.Type
