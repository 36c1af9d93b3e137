/**
 * Which session events an organization's admins audit: who leads and who was
 * given powers, locks, removals, reveals of picks and results, and draws of
 * licensed cards. Everything else is the ordinary course of a session.
 */
import { isLicensed } from "../cards/tiers.ts"
import type { SessionEvent } from "./protocol.ts"

export type AuditCategory = "role" | "permission" | "removal" | "reveal" | "licensed-content" | "catalogue"

export interface AuditNote {
  readonly category: AuditCategory
  readonly summary: string
  /** The member the event is about, when it is about one. */
  readonly subject: string | null
}

const note = (category: AuditCategory, summary: string, subject: string | null = null): AuditNote => ({ category, summary, subject })

export const auditSessionEvent = (event: SessionEvent): AuditNote | undefined => {
  switch (event.type) {
    case "created":
      return note("role", `${event.facilitatorId} leads the session "${event.title}"`, event.facilitatorId)
    case "coFacilitatorAppointed":
      return note("role", `${event.userId} is a co-facilitator with ${event.powers.join(", ")}`, event.userId)
    case "coFacilitatorDismissed":
      return note("role", `${event.userId} is no longer a co-facilitator`, event.userId)
    case "locked":
      return note("permission", "the session was locked: nobody new may join")
    case "unlocked":
      return note("permission", "the session was unlocked")
    case "decksLoaded":
      return note(
        "permission",
        `decks loaded under a ${event.licence.tier} licence${event.licence.packs.length ? ` with packs ${event.licence.packs.join(", ")}` : ""}`,
      )
    case "participantRemoved":
      return note("removal", `${event.userId} was removed`, event.userId)
    case "participantReadmitted":
      return note("removal", `${event.userId} was readmitted`, event.userId)
    case "picksRevealed":
      return note(
        "reveal",
        `${event.picks.length} pick(s) revealed in draw ${event.drawId}: ${event.picks.map((p) => p.userId).join(", ")}`,
        event.picks.length === 1 ? event.picks[0]!.userId : null,
      )
    case "pollClosed":
      return note("reveal", `results of poll ${event.pollId} shown (${event.voters} voters)`)
    case "cardsDrawn":
      return isLicensed({ tier: event.deckTier, packId: event.packId })
        ? note(
            "licensed-content",
            `${event.count} ${event.deckTier} card(s) drawn from ${event.deckId}${event.packId ? ` (pack ${event.packId})` : ""}`,
          )
        : undefined
    default:
      return undefined
  }
}
