/**
 * Drives actors through their real deciders, as the runtime would, and
 * keeps the commits they log and their states: the simulation's engine, and
 * a way for tests to build a log from a few named commands.
 */
import { Exit, Schema } from "effect"
import type { ActorKind, User } from "../../engine/actor-kind.ts"
import { isRejection } from "../../engine/actor-kind.ts"
import { addressKey, type Address } from "../../engine/address.ts"
import type { Commit } from "../../engine/eventlog/port.ts"

type AnyKind = ActorKind<any, any, any>

interface Actor {
  state: unknown
  seq: number
}

export interface Driver {
  readonly commits: Commit[]
  /** Events logged so far. */
  readonly events: () => number
  /** Sends one command; a rejection or an empty decision logs nothing and returns false. */
  send(kind: AnyKind, addr: Address, user: User, command: unknown): boolean
  state<S>(addr: Address): S | undefined
  /** Address keys of the actors of `kind` in `tenant`, in creation order. */
  keys(tenant: string, kind: string): readonly string[]
  states(): Map<string, unknown>
  nextId(): number
}

export const makeDriver = (now: () => number): Driver => {
  let ids = 0
  let events = 0
  const actors = new Map<string, Actor>()
  const keysByKind = new Map<string, string[]>()
  const commits: Commit[] = []
  const decoders = new Map<AnyKind, (command: unknown) => Exit.Exit<unknown, unknown>>()

  return {
    commits,
    events: () => events,
    nextId: () => ++ids,
    state: <S>(addr: Address) => actors.get(addressKey(addr))?.state as S | undefined,
    keys: (tenant, kind) => keysByKind.get(`${tenant}.${kind}`) ?? [],
    states: () => new Map([...actors].map(([key, actor]) => [key, actor.state])),
    send: (kind, addr, user, raw) => {
      // As the runtime does: commands reach `decide` only through the kind's schema. A refusal here is a generator bug.
      const decode = decoders.get(kind) ?? decoders.set(kind, Schema.decodeUnknownExit(kind.commandSchema)).get(kind)!
      const command = decode(raw)
      if (Exit.isFailure(command))
        throw new Error(`driver built a ${kind.kind} command its schema refuses: ${JSON.stringify(raw)}: ${String(command.cause)}`)
      const key = addressKey(addr)
      const actor = actors.get(key) ?? { state: kind.initialState(addr), seq: 0 }
      const at = now()
      const ctx = { addr, user, now: at, commandId: `c${++ids}`, newId: () => `id${++ids}` }
      const decided = kind.decide(actor.state, command.value as never, ctx)
      if (isRejection(decided) || decided.length === 0) return false
      const commit: Commit = {
        addr,
        firstSeq: actor.seq + 1,
        events: decided,
        by: user.id,
        at,
        commandKey: `${user.id}:${ctx.commandId}`,
        position: commits.length + 1,
      }
      let state = actor.state
      decided.forEach((event, i) => (state = kind.evolve(state, event, { seq: actor.seq + 1 + i, by: user.id, at })))
      if (!actors.has(key)) keysByKind.set(`${addr.tenant}.${addr.kind}`, [...(keysByKind.get(`${addr.tenant}.${addr.kind}`) ?? []), key])
      actors.set(key, { state, seq: actor.seq + decided.length })
      commits.push(commit)
      events += decided.length
      return true
    },
  }
}
