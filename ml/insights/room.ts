/**
 * One session's running tally for the detectors: small state per participant
 * (counts, the last window's operation times, themes chosen) and per room.
 * `applyActivity` is incremental: each activity updates it in O(1) apart
 * from pruning the window, which only drops what has aged out.
 */
import { THRESHOLDS, type Activity } from "./activity.ts"

export interface PersonTally {
  readonly userId: string
  /** The keys of this person's findings, made once. */
  readonly keys: { readonly silent: string; readonly dominant: string; readonly sameTheme: string }
  name: string
  present: boolean
  /** When they last joined (a rejoin starts their presence again). */
  joinedAt: number
  consent: boolean
  coFacilitator: boolean
  operations: number
  /** Operation kinds (event type, plus the element's kind) and how often. */
  readonly variety: Map<string, number>
  activeMs: number
  lastActionAt: number | null
  /** Operation times within the window, oldest first. */
  readonly recent: number[]
  cards: number
  readonly themes: Map<string, number>
  /** Times they built on each other member's elements. */
  readonly buildsOn: Map<string, number>
}

export interface RoomTally {
  readonly sessionId: string
  facilitators: Set<string>
  readonly people: Map<string, PersonTally>
  step: string | null
  stepStartedAt: number
  /** Last participant activity of any kind (not the facilitator's). */
  lastActivityAt: number
  readonly openPolls: Map<string, Set<string>>
  readonly done: Set<string>
  anonymised: boolean
  ended: boolean
  endedAt: number | null
  startedAt: number
  /** Operations per step label, for the retrospective. */
  readonly operationsByStep: Map<string, number>
}

export const newRoom = (sessionId: string, at: number): RoomTally => ({
  sessionId,
  facilitators: new Set(),
  people: new Map(),
  step: null,
  stepStartedAt: at,
  lastActivityAt: at,
  openPolls: new Map(),
  done: new Set(),
  anonymised: false,
  ended: false,
  endedAt: null,
  startedAt: at,
  operationsByStep: new Map(),
})

const person = (room: RoomTally, userId: string, at: number): PersonTally => {
  let tally = room.people.get(userId)
  if (!tally) {
    tally = {
      userId,
      keys: { silent: `silent:${userId}`, dominant: `dominant:${userId}`, sameTheme: `sameTheme:${userId}` },
      name: "",
      present: false,
      joinedAt: at,
      consent: false,
      coFacilitator: false,
      operations: 0,
      variety: new Map(),
      activeMs: 0,
      lastActionAt: null,
      recent: [],
      cards: 0,
      themes: new Map(),
      buildsOn: new Map(),
    }
    room.people.set(userId, tally)
  }
  return tally
}

/** Whether a member is measured as a participant: present, not a facilitator, not running the room. */
export const isParticipant = (room: RoomTally, tally: PersonTally): boolean =>
  tally.present && !tally.coFacilitator && !room.facilitators.has(tally.userId)

const bump = (map: Map<string, number>, key: string, by = 1) => map.set(key, (map.get(key) ?? 0) + by)

export const pruneWindow = (room: RoomTally, now: number, windowMs: number = THRESHOLDS.windowMs): void => {
  const from = now - windowMs
  for (const tally of room.people.values()) {
    let drop = 0
    while (drop < tally.recent.length && tally.recent[drop]! <= from) drop++
    if (drop > 0) tally.recent.splice(0, drop)
  }
}

const recordAction = (room: RoomTally, userId: string, at: number) => {
  const tally = person(room, userId, at)
  if (tally.lastActionAt !== null) tally.activeMs += Math.min(Math.max(0, at - tally.lastActionAt), THRESHOLDS.activeGapMs)
  tally.lastActionAt = at
  if (!room.facilitators.has(userId) && !tally.coFacilitator) room.lastActivityAt = Math.max(room.lastActivityAt, at)
  return tally
}

export const applyActivity = (room: RoomTally, activity: Activity): void => {
  switch (activity.type) {
    case "opened":
      room.facilitators.add(activity.facilitatorId)
      room.startedAt = activity.at
      room.stepStartedAt = activity.at
      room.lastActivityAt = activity.at
      return
    case "joined": {
      const tally = person(room, activity.userId, activity.at)
      tally.name = activity.name
      tally.present = true
      tally.joinedAt = activity.at
      tally.recent.length = 0
      return
    }
    case "left": {
      const tally = room.people.get(activity.userId)
      if (tally) tally.present = false
      room.done.delete(activity.userId)
      return
    }
    case "cofacilitator":
      person(room, activity.userId, activity.at).coFacilitator = activity.appointed
      return
    case "step":
      room.step = activity.label
      room.stepStartedAt = activity.at
      room.lastActivityAt = activity.at
      room.done.clear()
      return
    case "action": {
      const tally = recordAction(room, activity.userId, activity.at)
      tally.operations++
      tally.recent.push(activity.at)
      bump(tally.variety, activity.kind ? `${activity.op}:${activity.kind}` : activity.op)
      if (activity.themes && activity.themes.length > 0) {
        tally.cards++
        for (const theme of new Set(activity.themes)) bump(tally.themes, theme)
      }
      if (activity.buildsOn && activity.buildsOn !== activity.userId) bump(tally.buildsOn, activity.buildsOn)
      bump(room.operationsByStep, room.step ?? "lobby")
      return
    }
    case "poll":
      if (activity.open) room.openPolls.set(activity.pollId, new Set())
      else room.openPolls.delete(activity.pollId)
      return
    case "vote":
      recordAction(room, activity.userId, activity.at)
      room.openPolls.get(activity.pollId)?.add(activity.userId)
      return
    case "done":
      if (activity.userId === null) room.done.clear()
      else {
        if (activity.done) recordAction(room, activity.userId, activity.at)
        if (activity.done) room.done.add(activity.userId)
        else room.done.delete(activity.userId)
      }
      return
    case "consent":
      person(room, activity.userId, activity.at).consent = activity.given
      return
    case "anonymised":
      room.anonymised = activity.on
      return
    case "ended":
      room.ended = true
      room.endedAt = activity.at
      return
  }
}
