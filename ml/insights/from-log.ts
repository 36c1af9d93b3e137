/**
 * Log commits -> activities, keyed by session. Session events map one to
 * one; a canvas commit belongs to the session its canvas was created in
 * (canvases outside a session are not read). Who built on whose element
 * needs each element's author, and a card's themes come from the library
 * (the built-in decks, and each tenant's own cards from its library events):
 * both are kept here, a few strings per element and per card.
 */
import { BUILT_IN_DECKS } from "../../actors/cards/sample-deck/index.ts"
import type { Commit } from "../../engine/eventlog/port.ts"
import type { Activity } from "./activity.ts"

/** `tenant/sessionId`: how the engine keys a session. */
export const sessionKey = (tenant: string, sessionId: string): string => `${tenant}/${sessionId}`

type Loose = { readonly type: string } & Record<string, unknown>

interface CanvasLinks {
  readonly session: string
  /** Element id -> its author. */
  readonly authors: Map<string, string>
}

const BUILT_IN_THEMES = new Map<string, readonly string[]>(
  BUILT_IN_DECKS.flatMap((deck) => deck.cards.map((card) => [card.cardId, card.themes] as const)),
)

/** Element events that act on an existing element (the subject's author is the one built on). */
const ON_ELEMENT = new Set([
  "elementMoved",
  "elementUpdated",
  "elementReordered",
  "commentAdded",
  "elementLocked",
  "elementUnlocked",
  "elementRemoved",
])
const BUILDING = new Set(["elementMoved", "elementUpdated", "commentAdded"])

export class LogFeed {
  private readonly canvases = new Map<string, CanvasLinks>()
  private readonly libraryThemes = new Map<string, Map<string, readonly string[]>>()

  themesOf(tenant: string, cardId: string | undefined | null): readonly string[] {
    if (!cardId) return []
    return this.libraryThemes.get(tenant)?.get(cardId) ?? BUILT_IN_THEMES.get(cardId) ?? []
  }

  /** The activities a commit holds, with the session each belongs to. */
  read(commit: Commit): Array<readonly [string, Activity]> {
    const { addr } = commit
    if (addr.kind === "session") return this.session(commit).map((activity) => [sessionKey(addr.tenant, addr.id), activity] as const)
    if (addr.kind === "canvas") return this.canvas(commit)
    if (addr.kind === "library") this.library(commit)
    return []
  }

  private session(commit: Commit): Activity[] {
    const out: Activity[] = []
    const at = commit.at
    for (const raw of commit.events) {
      const ev = raw as Loose
      const userId = typeof ev["userId"] === "string" ? (ev["userId"] as string) : commit.by
      switch (ev.type) {
        case "created":
          out.push({ type: "opened", at, facilitatorId: ev["facilitatorId"] as string })
          break
        case "participantJoined":
          out.push({ type: "joined", at, userId, name: (ev["displayName"] as string) ?? "" })
          break
        case "participantLeft":
        case "participantRemoved":
          out.push({ type: "left", at, userId })
          break
        case "coFacilitatorAppointed":
          out.push({ type: "cofacilitator", at, userId, appointed: true })
          break
        case "coFacilitatorDismissed":
          out.push({ type: "cofacilitator", at, userId, appointed: false })
          break
        case "phaseAdvanced":
          out.push({ type: "step", at, label: ev["to"] as string })
          break
        case "activityAdvanced":
          out.push({ type: "step", at, label: `activity ${(ev["index"] as number) + 1}` })
          break
        case "cardPicked":
          out.push({ type: "action", at, userId, op: "pick", kind: "card", themes: this.themesOf(commit.addr.tenant, ev["cardId"] as string | null) })
          break
        case "handRaised":
          if (userId === commit.by) out.push({ type: "action", at, userId, op: "raiseHand" })
          break
        case "pollOpened":
          out.push({ type: "poll", at, pollId: ev["pollId"] as string, open: true })
          break
        case "pollClosed":
          out.push({ type: "poll", at, pollId: ev["pollId"] as string, open: false })
          break
        case "voteCast":
          out.push({ type: "vote", at, userId: ev["voterId"] as string, pollId: ev["pollId"] as string })
          break
        case "doneMarked":
          out.push({ type: "done", at, userId, done: true })
          break
        case "doneUnmarked":
          out.push({ type: "done", at, userId, done: false })
          break
        case "doneCleared":
          out.push({ type: "done", at, userId: null, done: false })
          break
        case "insightsConsentChanged":
          out.push({ type: "consent", at, userId, given: ev["given"] === true })
          break
        case "insightsModeChanged":
          out.push({ type: "anonymised", at, on: ev["anonymised"] === true })
          break
        case "ended":
          out.push({ type: "ended", at })
          break
      }
    }
    return out
  }

  private canvas(commit: Commit): Array<readonly [string, Activity]> {
    const { addr, by: userId, at } = commit
    const canvasKey = `${addr.tenant}/${addr.id}`
    const out: Array<readonly [string, Activity]> = []
    for (const raw of commit.events) {
      const ev = raw as Loose
      if (ev.type === "created") {
        if (typeof ev["sessionId"] === "string")
          this.canvases.set(canvasKey, { session: sessionKey(addr.tenant, ev["sessionId"]), authors: new Map() })
        continue
      }
      const links = this.canvases.get(canvasKey)
      if (!links) continue
      const push = (activity: Activity) => out.push([links.session, activity])
      if (ev.type === "elementAdded") {
        const element = ev["element"] as { kind: string; cardId?: string; from?: string; to?: string }
        links.authors.set(ev["elementId"] as string, userId)
        const ends = element.kind === "connector" ? [element.from, element.to].map((id) => (id ? links.authors.get(id) : undefined)) : []
        const buildsOn = ends.find((author) => author !== undefined && author !== userId)
        push({
          type: "action",
          at,
          userId,
          op: "add",
          kind: element.kind,
          themes: this.themesOf(addr.tenant, element.cardId),
          ...(buildsOn ? { buildsOn } : {}),
        })
      } else if (ON_ELEMENT.has(ev.type)) {
        const author = links.authors.get(ev["elementId"] as string)
        const buildsOn = BUILDING.has(ev.type) && author !== undefined && author !== userId ? author : undefined
        push({ type: "action", at, userId, op: ev.type, kind: ev["kind"] as string, ...(buildsOn ? { buildsOn } : {}) })
        if (ev.type === "elementRemoved") links.authors.delete(ev["elementId"] as string)
      } else if (ev.type === "groupMoved" || ev.type === "elementsGrouped" || ev.type === "elementsUngrouped") {
        push({ type: "action", at, userId, op: ev.type })
      } else if (ev.type === "templateApplied" || ev.type === "elementsImported") {
        for (const placed of (ev["elements"] as Array<{ elementId: string }>) ?? []) links.authors.set(placed.elementId, userId)
        push({ type: "action", at, userId, op: ev.type })
      }
    }
    return out
  }

  private library(commit: Commit): void {
    let themes = this.libraryThemes.get(commit.addr.tenant)
    for (const raw of commit.events) {
      const ev = raw as Loose
      const card = ev.type === "cardAdded" ? (ev["card"] as { cardId: string; themes?: readonly string[] }) : undefined
      const edited = ev.type === "cardEdited" ? (ev["changes"] as { themes?: readonly string[] }).themes : undefined
      if (!card && !edited) continue
      if (!themes) this.libraryThemes.set(commit.addr.tenant, (themes = new Map()))
      if (card) themes.set(card.cardId, card.themes ?? [])
      else themes.set(ev["cardId"] as string, edited!)
    }
  }
}
