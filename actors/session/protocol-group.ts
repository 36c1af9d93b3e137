/**
 * Session commands and events for group work: polls and dot votes (anonymous
 * when chosen, results hidden until closed when chosen) and breakouts
 * (random equal groups, reshuffle, named rooms, call everyone back).
 */
import { Schema } from "effect"
import { BreakoutSettings, MAX_OPTIONS, PollSettings } from "../journey/activity.ts"
import { Id, NonEmptyText } from "../shared.ts"

export const MAX_POLLS = 100
export const MAX_BALLOTS = 20_000

export const Choices = Schema.Array(Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: MAX_OPTIONS - 1 }))).check(
  Schema.isMinLength(1),
  Schema.isMaxLength(MAX_OPTIONS),
)

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
  message("pollOpened", { pollId: Id, ...PollSettings }),
  message("voteCast", { pollId: Id, voterId: Id, choices: Choices }),
  message("pollClosed", { pollId: Id, tally: Schema.Array(Schema.Int), voters: Schema.Int }),
  message("breakoutStarted", { seed: Schema.String.check(Schema.isMaxLength(128)), rooms: Schema.Array(Room) }),
  message("breakoutReshuffled", { seed: Schema.String.check(Schema.isMaxLength(128)), rooms: Schema.Array(Room) }),
  message("roomRenamed", { roomId: Id, name: NonEmptyText(60) }),
  message("breakoutEnded", {}),
] as const
