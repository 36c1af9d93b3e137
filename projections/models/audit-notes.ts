/**
 * Which events an organization's admins audit, and how each reads in the
 * trail: who leads and who was given powers, changes of role and licence,
 * locks, removals, reveals of picks and results, and accesses to licensed
 * content. Everything else is the ordinary course of a session. Never a
 * password or code hash: the notes name people by user id only.
 *
 * These folds lived beside the actors (actors/session/audit.ts,
 * actors/cards/audit.ts) and made session and cards import each other; the
 * audit trail is a read model now (audit.ts), so they live with it.
 */
import { isLicensed } from "../../actors/cards/tiers.ts"
import type { LibraryEvent } from "../../actors/cards/protocol.ts"
import type { OrganizationEvent } from "../../actors/organization/protocol.ts"
import type { SessionEvent } from "../../actors/session/protocol.ts"

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

/** Library events: licence changes, accesses to licensed content, changes to the decks. Card uses in sessions come from the session's events. */
export const auditLibraryEvent = (event: LibraryEvent): AuditNote | undefined => {
  switch (event.type) {
    case "tierChanged":
      return note("permission", `licence changed from ${event.from} to ${event.to}`)
    case "packGranted":
      return note("permission", `marketplace pack ${event.packId} granted`)
    case "packRevoked":
      return note("permission", `marketplace pack ${event.packId} revoked`)
    case "contentAccessed":
      return note(
        "licensed-content",
        `${event.userId} opened ${event.cards} ${event.tier} card(s) of ${event.deckId} (${event.purpose})`,
        event.userId,
      )
    case "deckCreated":
      return note("catalogue", `deck ${event.deckId} created (${event.tier})`)
    case "deckUpdated":
      return note("catalogue", `deck ${event.deckId} changed: ${Object.keys(event.changes).join(", ")}`)
    case "deckRetired":
      return note("catalogue", `deck ${event.deckId} retired`)
    case "deckRestored":
      return note("catalogue", `deck ${event.deckId} restored`)
    case "cardRetired":
      return note("catalogue", `card ${event.cardId} of ${event.deckId} retired`)
    case "cardRestored":
      return note("catalogue", `card ${event.cardId} of ${event.deckId} restored`)
    default:
      return undefined
  }
}

/** Organization events, described without their password or code hashes. */
export const auditOrganizationEvent = (event: OrganizationEvent): AuditNote | undefined => {
  switch (event.type) {
    case "memberAdded":
      return note("role", `${event.userId} joined with roles ${event.roles.join(", ")}`, event.userId)
    case "rolesChanged":
      return note("role", `${event.userId} now has roles ${event.roles.join(", ")}`, event.userId)
    case "memberDisabled":
      return note("permission", `${event.userId} was disabled`, event.userId)
    case "invited":
      return note("role", `an invitation with roles ${event.roles.join(", ")} was sent`)
    case "invitationRevoked":
      return note("role", `invitation ${event.invitationId} was revoked`)
    case "invitationAccepted":
      return note("role", `${event.userId} accepted invitation ${event.invitationId}`, event.userId)
    default:
      return undefined
  }
}
