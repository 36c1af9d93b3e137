/** What an actor's mailbox holds, and how each message is answered. */
import type { Exit } from "effect"
import type { User } from "../actor-kind.ts"
import type { CommandRejected } from "../errors.ts"
import type { Ack, JoinRequest, Joined } from "./api.ts"

/** Called exactly once with the outcome of a message. */
export type Reply<A> = (exit: Exit.Exit<A, CommandRejected>) => void

export type Message =
  | { readonly _tag: "Command"; readonly user: User; readonly commandId: string; readonly command: unknown; readonly reply: Reply<Ack> }
  | { readonly _tag: "Join"; readonly request: JoinRequest; readonly reply: Reply<Joined> }
  | { readonly _tag: "Inspect"; readonly reply: Reply<{ seq: number; state: unknown }> }
  | { readonly _tag: "Stop" }
