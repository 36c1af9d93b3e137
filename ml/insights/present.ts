/**
 * What the facilitator is shown: findings and per-person activity, with
 * consent applied. A participant who has not consented never appears by
 * name or id: they are left out of per-person insights and summaries and
 * counted only in aggregates. In the room's anonymised mode nobody is named:
 * per-person insights say "a participant" and summaries are aggregates only.
 */
import type { InsightKind } from "./activity.ts"
import type { Finding } from "./detect.ts"
import { isParticipant, type PersonTally, type RoomTally } from "./room.ts"

export interface Insight {
  readonly id: string
  readonly kind: InsightKind
  /** Participant ids it names; empty for the room, or when nobody may be named. */
  readonly who: readonly string[]
  /** Display names matching `who`. */
  readonly names: readonly string[]
  readonly since: number
  readonly detectedAt: number
  readonly evidence: Readonly<Record<string, number>>
  readonly theme?: string
  /** A plain English sentence; the console words it in the facilitator's language from kind and evidence. */
  readonly sentence: string
}

export interface PersonSummary {
  readonly userId: string
  readonly name: string
  readonly activeSeconds: number
  readonly operations: number
  /** How many different kinds of operation. */
  readonly variety: number
  readonly topThemes: readonly string[]
}

export interface RoomAggregate {
  readonly participants: number
  readonly consenting: number
  readonly operations: number
  readonly activeSeconds: number
}

export interface InsightsView {
  readonly sessionId: string
  readonly at: number
  readonly anonymised: boolean
  readonly insights: readonly Insight[]
  readonly people: readonly PersonSummary[]
  readonly room: RoomAggregate
  /** Said in the panel and the docs, always. */
  readonly notice: string
}

export const NO_EMOTIONS_NOTICE =
  "Insights describe activity only. Studio does not infer emotions from canvas choices, faces or voices (the EU AI Act prohibits emotion recognition at work and in education)."

const nameOf = (tally: PersonTally | undefined) => (tally?.name ? tally.name : "A participant")

const sentenceFor = (kind: InsightKind, subject: string, finding: Finding, room: string): string => {
  const e = finding.evidence
  switch (kind) {
    case "silent":
      return `${subject} has made no contribution in the last ${e["windowSeconds"]} s while the room made ${e["roomOperations"]}.`
    case "dominant":
      return `${subject} made ${e["sharePercent"]}% of the room's operations in the last minutes (${e["participants"]} participants).`
    case "sameTheme":
      return `${subject} chose ${e["withTheme"]} of ${e["cards"]} cards with the theme "${finding.theme}".`
    case "stuck":
      return `No activity for ${Math.round((e["quietSeconds"] ?? 0) / 60)} minutes in ${room}: the phase may be stuck.`
    case "phaseDone":
      return e["voted"] !== undefined ? "Everyone has voted: you could move on." : "Everyone is done: you could move on."
    case "collaboration":
      return `${e["builders"]} of ${e["participants"]} participants built on others' elements (${e["links"]} times).`
  }
}

const summary = (tally: PersonTally): PersonSummary => ({
  userId: tally.userId,
  name: nameOf(tally),
  activeSeconds: Math.round(tally.activeMs / 1000),
  operations: tally.operations,
  variety: tally.variety.size,
  topThemes: [...tally.themes]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 3)
    .map(([theme]) => theme),
})

export const present = (room: RoomTally, findings: Iterable<Finding>, at: number): InsightsView => {
  const mayName = (userId: string) => !room.anonymised && room.people.get(userId)?.consent === true
  const insights: Insight[] = []
  for (const finding of findings) {
    const base = {
      id: finding.key,
      kind: finding.kind,
      since: finding.since,
      detectedAt: finding.detectedAt,
      evidence: finding.evidence,
      ...(finding.theme ? { theme: finding.theme } : {}),
    }
    if (finding.userId !== null) {
      // Per-person: only about someone who consented, and unnamed in anonymised mode.
      if (room.people.get(finding.userId)?.consent !== true) continue
      const named = mayName(finding.userId)
      const subject = named ? nameOf(room.people.get(finding.userId)) : "A participant"
      insights.push({
        ...base,
        id: named ? finding.key : `${finding.kind}:anonymous:${anonymousIndex(room, finding.userId)}`,
        who: named ? [finding.userId] : [],
        names: named ? [subject] : [],
        sentence: sentenceFor(finding.kind, subject, finding, room.step ?? "the lobby"),
      })
    } else {
      const pair = finding.pair && mayName(finding.pair.from) && mayName(finding.pair.to) ? finding.pair : undefined
      const who = pair ? [pair.from, pair.to] : []
      const names = who.map((id) => nameOf(room.people.get(id)))
      const extra = pair ? ` Most often ${names[0]} built on ${names[1]}'s.` : ""
      insights.push({ ...base, who, names, sentence: sentenceFor(finding.kind, "", finding, room.step ?? "the lobby") + extra })
    }
  }
  const everyone = [...room.people.values()].filter((p) => !room.facilitators.has(p.userId) && !p.coFacilitator && (p.present || p.operations > 0))
  const people = room.anonymised ? [] : everyone.filter((p) => p.consent).map(summary)
  return {
    sessionId: room.sessionId,
    at,
    anonymised: room.anonymised,
    insights,
    people,
    room: {
      participants: [...room.people.values()].filter((p) => isParticipant(room, p)).length,
      consenting: everyone.filter((p) => p.consent).length,
      operations: everyone.reduce((sum, p) => sum + p.operations, 0),
      activeSeconds: Math.round(everyone.reduce((sum, p) => sum + p.activeMs, 0) / 1000),
    },
    notice: NO_EMOTIONS_NOTICE,
  }
}

/** A stable number for an unnamed participant (their order of arrival), so an anonymous insight keeps its id without an id in it. */
const anonymousIndex = (room: RoomTally, userId: string): number => [...room.people.keys()].indexOf(userId) + 1
