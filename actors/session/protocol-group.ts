/**
 * Session commands and events for group work: polls and dot votes (anonymous
 * when chosen, results hidden until closed when chosen) and breakouts
 * (random equal groups, reshuffle, named rooms, call everyone back).
 */
import { Schema } from "effect"
import { BreakoutSettings, MAX_OPTIONS, PollSettings } from "../journey/activity.ts"
import { Id, NonEmptyText } from "../shared.ts"

export { MAX_BALLOTS, MAX_POLLS } from "./limits.ts"

export const Choices = Schema.Array(Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: MAX_OPTIONS - 1 }))).check(
  Schema.isMinLength(1),
  Schema.isMaxLength(MAX_OPTIONS),
)

/** One member's ballot: what a closed named poll shows everyone. */
export const BallotRecord = Schema.Struct({ voterId: Id, choices: Choices })

export const Room = Schema.Struct({ roomId: Id, name: NonEmptyText(60), members: Schema.Array(Id) })
export type Room = typeof Room.Type

const message = <T extends string, F extends Schema.Struct.Fields>(type: T, fields: F) => Schema.Struct({ type: Schema.Literal(type), ...fields })

export const GroupCommands = [
  message("openPoll", PollSettings),
  message("vote", { pollId: Id, choices: Choices }),
  message("closePoll", { pollId: Id }),
  message("startBreakout", BreakoutSettings),
  message("reshuffleBreakout", {}),
  message("renameRoom", { roomId: Id, name: NonEmptyText(60) }),
  message("endBreakout", {}),
] as const

export const GroupEvents = [
  /** `tally: null` only in the view of a member who may not see results until the close (redact.ts); the log never holds it. */
  message("pollOpened", { pollId: Id, ...PollSettings, tally: Schema.optionalKey(Schema.Null) }),
  /** Without `choices` only in the view of a member who may not see the ballot (redact.ts): a vote was cast, not what. */
  message("voteCast", { pollId: Id, voterId: Id, choices: Schema.optionalKey(Choices) }),
  /**
   * `ballots` only in a member's view of a named poll whose results waited
   * for the close (redact.ts): the ballots they could not see before, so a
   * client folding events lands on the same poll as a fresh snapshot.
   */
  message("pollClosed", { pollId: Id, tally: Schema.Array(Schema.Int), voters: Schema.Int, ballots: Schema.optionalKey(Schema.Array(BallotRecord)) }),
  message("breakoutStarted", { seed: Schema.String.check(Schema.isMaxLength(128)), rooms: Schema.Array(Room) }),
  message("breakoutReshuffled", { seed: Schema.String.check(Schema.isMaxLength(128)), rooms: Schema.Array(Room) }),
  message("roomRenamed", { roomId: Id, name: NonEmptyText(60) }),
  message("breakoutEnded", {}),
] as const
