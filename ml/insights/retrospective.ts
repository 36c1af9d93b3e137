/**
 * After a session ends: what happened in it, from the same tallies and the
 * findings as they came and went. Consent and anonymised mode apply exactly
 * as live (present.ts): nobody without consent is named.
 */
import type { Finding } from "./detect.ts"
import { present, type Insight, type InsightsView } from "./present.ts"
import type { RoomTally } from "./room.ts"

export interface Moment extends Insight {
  /** When it stopped holding (null: it held until the end). */
  readonly until: number | null
}

export interface Retrospective {
  readonly sessionId: string
  readonly startedAt: number
  readonly endedAt: number
  readonly durationSeconds: number
  readonly anonymised: boolean
  readonly room: InsightsView["room"]
  readonly people: InsightsView["people"]
  /** Every insight that held at some point, in the order it appeared. */
  readonly moments: readonly Moment[]
  /** Operations per phase or activity, in the order they ran. */
  readonly steps: ReadonlyArray<{ readonly label: string; readonly operations: number }>
  readonly notice: string
}

export const buildRetrospective = (room: RoomTally, history: Iterable<{ finding: Finding; until: number | null }>): Retrospective => {
  const records = [...history].sort((a, b) => a.finding.detectedAt - b.finding.detectedAt)
  const endedAt = room.endedAt ?? room.startedAt
  // Presented one at a time so each keeps its own until; present() drops those it may not show.
  const moments: Moment[] = []
  for (const record of records) {
    const [insight] = present(room, [{ ...record.finding, key: `${record.finding.key}@${record.finding.detectedAt}` }], endedAt).insights
    if (insight) moments.push({ ...insight, until: record.until })
  }
  const view = present(room, [], endedAt)
  return {
    sessionId: room.sessionId,
    startedAt: room.startedAt,
    endedAt,
    durationSeconds: Math.round((endedAt - room.startedAt) / 1000),
    anonymised: room.anonymised,
    room: view.room,
    people: view.people,
    moments,
    steps: [...room.operationsByStep].map(([label, operations]) => ({ label, operations })),
    notice: view.notice,
  }
}
