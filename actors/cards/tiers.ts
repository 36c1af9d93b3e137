/**
 * Licence tiers. An organization holds one tier (free, pro or enterprise)
 * and any number of marketplace packs; a deck or card is usable when the
 * organization's licence covers it. Tiers nest (enterprise includes pro,
 * pro includes free); a marketplace item needs its own pack, whatever the tier.
 */
import { Schema } from "effect"
import { Id } from "../shared.ts"

export const ORG_TIERS = ["free", "pro", "enterprise"] as const
export const CONTENT_TIERS = [...ORG_TIERS, "marketplace"] as const

export const OrgTier = Schema.Literals(ORG_TIERS)
export type OrgTier = typeof OrgTier.Type
export const ContentTier = Schema.Literals(CONTENT_TIERS)
export type ContentTier = typeof ContentTier.Type

export const MAX_PACKS = 100
export const Licence = Schema.Struct({ tier: OrgTier, packs: Schema.Array(Id).check(Schema.isMaxLength(MAX_PACKS)) })
export type Licence = typeof Licence.Type

export const FREE_LICENCE: Licence = { tier: "free", packs: [] }

/** What a licence is asked about: a deck, or a card inside its deck (cards inherit the deck's pack). */
export interface Licensed {
  readonly tier: ContentTier
  readonly packId: string | null
}

const RANK: Record<OrgTier, number> = { free: 0, pro: 1, enterprise: 2 }

export const tierAllows = (licence: Licence, item: Licensed): boolean =>
  item.tier === "marketplace" ? item.packId !== null && licence.packs.includes(item.packId) : RANK[licence.tier] >= RANK[item.tier]

/** Free content is the only content whose use is not a licensed access (audit and royalties skip it). */
export const isLicensed = (item: Licensed): boolean => item.tier !== "free"

export const describeLicence = (licence: Licence): string =>
  licence.packs.length === 0 ? `${licence.tier} licence` : `${licence.tier} licence with packs ${licence.packs.join(", ")}`
