/**
 * Which library events an organization's admins audit: licence changes,
 * accesses to licensed content, and changes to the decks themselves. Card
 * uses in sessions are audited from the session's own events.
 */
import type { AuditNote } from "../session/audit.ts"
import type { LibraryEvent } from "./protocol.ts"

export const auditLibraryEvent = (event: LibraryEvent): AuditNote | undefined => {
  switch (event.type) {
    case "tierChanged":
      return { category: "permission", summary: `licence changed from ${event.from} to ${event.to}`, subject: null }
    case "packGranted":
      return { category: "permission", summary: `marketplace pack ${event.packId} granted`, subject: null }
    case "packRevoked":
      return { category: "permission", summary: `marketplace pack ${event.packId} revoked`, subject: null }
    case "contentAccessed":
      return {
        category: "licensed-content",
        summary: `${event.userId} opened ${event.cards} ${event.tier} card(s) of ${event.deckId} (${event.purpose})`,
        subject: event.userId,
      }
    case "deckCreated":
      return { category: "catalogue", summary: `deck ${event.deckId} created (${event.tier})`, subject: null }
    case "deckUpdated":
      return { category: "catalogue", summary: `deck ${event.deckId} changed: ${Object.keys(event.changes).join(", ")}`, subject: null }
    case "deckRetired":
      return { category: "catalogue", summary: `deck ${event.deckId} retired`, subject: null }
    case "deckRestored":
      return { category: "catalogue", summary: `deck ${event.deckId} restored`, subject: null }
    case "cardRetired":
      return { category: "catalogue", summary: `card ${event.cardId} of ${event.deckId} retired`, subject: null }
    case "cardRestored":
      return { category: "catalogue", summary: `card ${event.cardId} of ${event.deckId} restored`, subject: null }
    default:
      return undefined
  }
}
