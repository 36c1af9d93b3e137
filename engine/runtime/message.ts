/** What an actor's mailbox holds, and how each message is answered. */
import { Exit } from "effect"
import type { User } from "../actor-kind.ts"
import { CommandRejected, type ErrorCode } from "../errors.ts"
import type { Ack, CatchUp, CatchUpRequest, JoinRequest, Joined, Subscribed, Subscriber } from "./api.ts"

/** Called exactly once with the outcome of a message. */
export type Reply<A> = (exit: Exit.Exit<A, CommandRejected>) => void

export type Message =
  | { readonly _tag: "Command"; readonly user: User; readonly commandId: string; readonly command: unknown; readonly reply: Reply<Ack> }
  | { readonly _tag: "Join"; readonly request: JoinRequest; readonly reply: Reply<Joined> }
  | { readonly _tag: "Subscribe"; readonly subscriber: Subscriber; readonly reply: Reply<Subscribed> }
  | { readonly _tag: "CatchUp"; readonly request: CatchUpRequest; readonly reply: Reply<CatchUp> }
  | { readonly _tag: "Inspect"; readonly reply: Reply<{ seq: number; state: unknown }> }
  | { readonly _tag: "Stop" }

/** A message someone waits on; a Stop is the actor's own and means nothing to another instance. */
export type Answerable = Exclude<Message, { readonly _tag: "Stop" }>

export const isAnswerable = (message: Message): message is Answerable => message._tag !== "Stop"

export const refused = (code: ErrorCode, message: string): Exit.Exit<never, CommandRejected> => Exit.fail(new CommandRejected({ code, message }))
export const unavailable = (message: string) => refused("unavailable", message)
export const internal = () => refused("internal", "the actor failed; try again")

/** Answers each message that expects an answer (a Stop expects none). */
export const answerEach = (messages: Iterable<Message>, exit: Exit.Exit<never, CommandRejected>): void => {
  for (const message of messages) if (isAnswerable(message)) (message.reply as Reply<never>)(exit)
}
