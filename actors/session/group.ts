/**
 * Group work in a session: polls and dot votes, and breakouts. An anonymous
 * poll shows results only once closed: a live tally that moves with each
 * vote would tell everyone who voted what, since each vote arrives as an
 * event naming its author. Breakout groups come from a seeded shuffle
 * recorded in the event, dealt round-robin so sizes differ by one at most.
 */
import { reject, unknownCommand, type CommandContext, type Decision } from "../../engine/actor-kind.ts"
import { seededShuffle } from "../cards/seeded-random.ts"
import type { Evolver, SessionHandler } from "./handler.ts"
import { needMember, needPower } from "./handler.ts"
import { MAX_BALLOTS, MAX_POLLS } from "./limits.ts"
import type { Room, SessionCommand, SessionEvent } from "./protocol.ts"
import { isFacilitator } from "./rules.ts"
import type { Poll, SessionState } from "./state.ts"

export const GROUP_COMMANDS = ["openPoll", "vote", "closePoll", "startBreakout", "reshuffleBreakout", "renameRoom", "endBreakout"] as const
type GroupCommand = Extract<SessionCommand, { type: (typeof GROUP_COMMANDS)[number] }>

const openPoll: SessionHandler<"openPoll"> = (state, command, ctx) => {
  const refused = needPower(state, ctx, "polls", "open a poll")
  if (refused) return refused
  if (command.anonymous && command.resultsWhen === "live") {
    return reject("invalid_command", "an anonymous poll shows its results when closed: a live tally would show who voted what")
  }
  if (state.polls.length >= MAX_POLLS) return reject("conflict", `a session holds at most ${MAX_POLLS} polls`)
  const { type: _type, ...settings } = command
  return [{ type: "pollOpened", pollId: ctx.newId(), ...settings }]
}

const choicesProblem = (poll: Poll, choices: readonly number[]): string | undefined => {
  if (choices.some((choice) => choice >= poll.options.length)) return `choose among options 0 to ${poll.options.length - 1}`
  if (poll.mode === "single" && choices.length !== 1) return "this poll takes exactly one choice"
  if (poll.mode === "multiple" && new Set(choices).size !== choices.length) return "choose each option at most once"
  if (poll.mode === "dots" && choices.length !== poll.dots) return `place exactly ${poll.dots} dots (several may go on one option)`
  return undefined
}

const vote: SessionHandler<"vote"> = (state, command, ctx) => {
  const refused = needMember(state, ctx, "vote")
  if (refused) return refused
  const poll = state.polls.find((p) => p.pollId === command.pollId)
  if (!poll) return reject("not_found", `no poll ${command.pollId} in this session`)
  if (poll.status === "closed") return reject("conflict", "the poll is closed")
  if (poll.ballots.some((ballot) => ballot.voterId === ctx.user.id)) return reject("conflict", "you already voted in this poll")
  const problem = choicesProblem(poll, command.choices)
  if (problem) return reject("invalid_command", problem)
  if (state.ballots >= MAX_BALLOTS) return reject("conflict", `a session holds at most ${MAX_BALLOTS} votes`)
  return [{ type: "voteCast", pollId: poll.pollId, voterId: ctx.user.id, choices: command.choices }]
}

const closePoll: SessionHandler<"closePoll"> = (state, command, ctx) => {
  const refused = needPower(state, ctx, "polls", "close a poll")
  if (refused) return refused
  const poll = state.polls.find((p) => p.pollId === command.pollId)
  if (!poll) return reject("not_found", `no poll ${command.pollId} in this session`)
  return poll.status === "closed" ? [] : [{ type: "pollClosed", pollId: poll.pollId, tally: [...(poll.tally ?? [])], voters: poll.voters }]
}

/** Who goes into breakout rooms: everyone present except the lead facilitators, in the order they joined. */
const breakoutPool = (state: SessionState) => state.participants.map((p) => p.userId).filter((id) => !isFacilitator(state, id))

export const dealRooms = (members: readonly string[], seed: string, roomCount: number, names: readonly string[]): Room[] => {
  const rooms = Array.from({ length: roomCount }, (_, i): { roomId: string; name: string; members: string[] } => ({
    roomId: `room-${i + 1}`,
    name: names[i] ?? `Room ${i + 1}`,
    members: [],
  }))
  seededShuffle(members, seed).forEach((userId, i) => rooms[i % roomCount]!.members.push(userId))
  return rooms
}

const startBreakout: SessionHandler<"startBreakout"> = (state, command, ctx) => {
  const refused = needPower(state, ctx, "breakouts", "start breakouts")
  if (refused) return refused
  if (state.breakout?.status === "open") return reject("conflict", "breakouts are already running; reshuffle or end them")
  if ((command.rooms === null) === (command.size === null)) return reject("invalid_command", "give either a number of rooms or a room size")
  const pool = breakoutPool(state)
  if (pool.length < 2) return reject("conflict", "breakouts need at least two participants")
  const wanted = command.rooms ?? Math.ceil(pool.length / command.size!)
  const seed = ctx.newId()
  return [{ type: "breakoutStarted", seed, rooms: dealRooms(pool, seed, Math.max(1, Math.min(wanted, pool.length)), command.names) }]
}

const reshuffleBreakout: SessionHandler<"reshuffleBreakout"> = (state, _command, ctx) => {
  const refused = needPower(state, ctx, "breakouts", "reshuffle breakouts")
  if (refused) return refused
  if (state.breakout?.status !== "open") return reject("conflict", "no breakouts are running")
  const pool = breakoutPool(state)
  if (pool.length < 2) return reject("conflict", "breakouts need at least two participants")
  const seed = ctx.newId()
  const rooms = state.breakout.rooms
  return [
    {
      type: "breakoutReshuffled",
      seed,
      rooms: dealRooms(
        pool,
        seed,
        Math.min(rooms.length, pool.length),
        rooms.map((room) => room.name),
      ),
    },
  ]
}

const renameRoom: SessionHandler<"renameRoom"> = (state, command, ctx) => {
  const refused = needPower(state, ctx, "breakouts", "rename rooms")
  if (refused) return refused
  const room = state.breakout?.status === "open" ? state.breakout.rooms.find((r) => r.roomId === command.roomId) : undefined
  if (!room) return reject("not_found", `no open breakout room ${command.roomId}`)
  return room.name === command.name ? [] : [{ type: "roomRenamed", roomId: room.roomId, name: command.name }]
}

const endBreakout: SessionHandler<"endBreakout"> = (state, _command, ctx) =>
  needPower(state, ctx, "breakouts", "call everyone back") ?? (state.breakout?.status === "open" ? [{ type: "breakoutEnded" }] : [])

export const decideGroup = (state: SessionState, command: GroupCommand, ctx: CommandContext): Decision<SessionEvent> => {
  switch (command.type) {
    case "openPoll":
      return openPoll(state, command, ctx)
    case "vote":
      return vote(state, command, ctx)
    case "closePoll":
      return closePoll(state, command, ctx)
    case "startBreakout":
      return startBreakout(state, command, ctx)
    case "reshuffleBreakout":
      return reshuffleBreakout(state, command, ctx)
    case "renameRoom":
      return renameRoom(state, command, ctx)
    case "endBreakout":
      return endBreakout(state, command, ctx)
    default:
      return unknownCommand(command, "session")
  }
}

const mapPoll = (state: SessionState, pollId: string, change: (poll: Poll) => Poll): SessionState => ({
  ...state,
  polls: state.polls.map((poll) => (poll.pollId === pollId ? change(poll) : poll)),
})

export const GROUP_EVENTS = ["pollOpened", "voteCast", "pollClosed", "breakoutStarted", "breakoutReshuffled", "roomRenamed", "breakoutEnded"] as const

export const groupEvolvers: { [T in (typeof GROUP_EVENTS)[number]]: Evolver<T> } = {
  pollOpened: (state, event, envelope) => {
    const { type: _type, tally: hidden, ...settings } = event
    const poll: Poll = {
      ...settings,
      status: "open",
      ballots: [],
      voters: 0,
      tally: hidden === null ? null : event.options.map(() => 0),
      openedAt: envelope.at,
      closedAt: null,
    }
    return { ...state, polls: [...state.polls, poll] }
  },
  // A ballot without choices (a member's redacted view) only counts a voter; a hidden tally (null) stays hidden.
  voteCast: (state, event) => {
    const choices = event.choices
    return {
      ...mapPoll(state, event.pollId, (poll) =>
        choices === undefined
          ? { ...poll, voters: poll.voters + 1 }
          : {
              ...poll,
              ballots: [...poll.ballots, { voterId: event.voterId, choices }],
              voters: poll.voters + 1,
              tally: poll.tally && poll.tally.map((count, option) => count + choices.filter((choice) => choice === option).length),
            },
      ),
      ballots: state.ballots + 1,
    }
  },
  pollClosed: (state, event, envelope) =>
    mapPoll(state, event.pollId, (poll) => ({
      ...poll,
      status: "closed",
      tally: event.tally,
      ballots: event.ballots ?? poll.ballots,
      closedAt: envelope.at,
    })),
  // Breakouts are a new stretch of work: "done" starts over when they start and when everyone is called back.
  breakoutStarted: (state, event, envelope) => ({
    ...state,
    done: [],
    breakout: { status: "open", seed: event.seed, rooms: event.rooms, startedAt: envelope.at },
  }),
  breakoutReshuffled: (state, event) => ({ ...state, breakout: state.breakout && { ...state.breakout, seed: event.seed, rooms: event.rooms } }),
  roomRenamed: (state, event) => ({
    ...state,
    breakout: state.breakout && {
      ...state.breakout,
      rooms: state.breakout.rooms.map((room) => (room.roomId === event.roomId ? { ...room, name: event.name } : room)),
    },
  }),
  breakoutEnded: (state) => ({ ...state, done: [], breakout: state.breakout && { ...state.breakout, status: "ended" } }),
}
