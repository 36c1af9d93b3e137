/** Licence tiers in words. */
import { t, type MessageKey } from "../../i18n/i18n.ts"

const TIERS: Record<string, MessageKey> = {
  free: "console.tier.free",
  pro: "console.tier.pro",
  enterprise: "console.tier.enterprise",
  marketplace: "console.tier.marketplace",
}

export const tierWord = (tier: string): string => (TIERS[tier] ? t(TIERS[tier]) : tier)
