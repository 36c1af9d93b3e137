/**
 * What a licence covers, as plain values and pure checks: the tiers, the
 * free licence, `tierAllows`. No schemas here (tiers.ts declares them and
 * re-exports these), so the session's `evolve` and the browser can use them
 * without bundling Effect.
 */
import type { ContentTier, Licence, OrgTier } from "./tiers.ts"

export const ORG_TIERS = ["free", "pro", "enterprise"] as const
export const CONTENT_TIERS = [...ORG_TIERS, "marketplace"] as const

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
