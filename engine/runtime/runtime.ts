/**
 * The actor system of one process: at most one live actor per address, each
 * started on first use and passivated when idle. It routes commands and joins
 * to the owning actor and never lets one actor's failure reach another.
 */
import { Effect, Exit, Semaphore } from "effect"
import type { AnyActorKind, User } from "../actor-kind.ts"
import { addressKey, type Address } from "../address.ts"
import { CommandRejected } from "../errors.ts"
import type { EventLog } from "../eventlog/port.ts"
import { Actor } from "./actor.ts"
import type { Ack, ActorSystem, CatchUp, JoinRequest, Joined } from "./api.ts"
import type { Answerable, Reply } from "./message.ts"
import { defaultActorSettings, type ActorSettings } from "./settings.ts"

export interface ActorSystemOptions extends Partial<ActorSettings> {
  readonly log: EventLog
  /** How long shutdown waits for actors to finish their current command and snapshot. */
  readonly shutdownGraceMs?: number
  readonly kinds: Readonly<Record<string, AnyActorKind>>
}

export interface ActorSystemStats {
  readonly liveActors: number
  readonly queuedMessages: number
}

export interface LocalActorSystem extends ActorSystem {
  stats(): ActorSystemStats
  /** The live state of an actor, unredacted: for operations tooling and tests, never for the edge. */
  inspect(addr: Address): Effect.Effect<{ seq: number; state: unknown }, CommandRejected>
}

export const makeActorSystem = (options: ActorSystemOptions): LocalActorSystem => {
  const { log, shutdownGraceMs = 10_000, ...overrides } = options
  const settings: ActorSettings = { ...defaultActorSettings, ...overrides }
  // A Map, not the options object: a kind named by a client (`toString`, `constructor`, `__proto__`) must not find Object.prototype's members.
  const kinds = new Map(Object.entries(options.kinds))
  const actors = new Map<string, Actor>()
  const snapshotPermits = Semaphore.makeUnsafe(Math.max(1, settings.concurrentSnapshots))
  /** Actors not yet retired, including those saving their last snapshot. */
  const running = new Set<Actor>()
  let accepting = true

  // One sweep instead of a timer per actor: passivate those idle past the limit with no one joined.
  const sweeper = setInterval(
    () => {
      const cutoff = performance.now() - settings.passivateAfterMs
      for (const actor of actors.values()) if (actor.isIdleSince(cutoff)) actor.requestStop()
    },
    Math.max(5, Math.min(settings.passivateAfterMs / 4, 30_000)),
  )
  sweeper.unref()

  const retire = (actor: Actor, leftover: Answerable[]) => {
    if (actors.get(actor.key) === actor) actors.delete(actor.key)
    running.delete(actor)
    // Messages that reached the mailbox after the actor decided to stop go to its successor.
    for (const message of leftover) deliver(actor.addr, message)
  }

  const actorFor = (addr: Address): Actor | CommandRejected => {
    const key = addressKey(addr)
    const live = actors.get(key)
    if (live && !live.isStopped) return live
    const kind = kinds.get(addr.kind)
    if (!kind) return new CommandRejected({ code: "not_found", message: `no actor kind ${JSON.stringify(addr.kind)}` })
    const actor = new Actor(addr, kind, log, settings, retire, snapshotPermits)
    actors.set(key, actor)
    running.add(actor)
    actor.start()
    return actor
  }

  const deliver = (addr: Address, message: Answerable): void => {
    const refuse = (error: CommandRejected) => (message.reply as Reply<never>)(Exit.fail(error))
    if (!accepting) return refuse(new CommandRejected({ code: "unavailable", message: "the node is shutting down" }))
    let actor: Actor | CommandRejected
    try {
      actor = actorFor(addr)
    } catch (error) {
      // Starting an actor is the runtime's own code: a throw there is a bug, answered for this message alone.
      settings.logger.error("actor could not start", { addr: addressKey(addr), error: String(error) })
      return refuse(new CommandRejected({ code: "internal", message: "internal error; the incident was logged" }))
    }
    if (actor instanceof CommandRejected) return refuse(actor)
    if (!actor.offer(message)) refuse(new CommandRejected({ code: "unavailable", message: "the actor is busy; try again shortly" }))
  }

  const tenantCheck = (addr: Address, user: User): CommandRejected | undefined =>
    // Another tenant's actors do not exist for this caller (protocol.md, guarantee 6).
    addr.tenant === user.tenant ? undefined : new CommandRejected({ code: "not_found", message: `${addr.kind}/${addr.id} does not exist` })

  /** The reply runs inside the actor's pump: a caller's bug there must not stop the actor for everyone else. */
  const guardedReply =
    <A>(addr: Address, done: Reply<A>): Reply<A> =>
    (exit) => {
      try {
        done(exit)
      } catch (error) {
        settings.logger.error("a reply handler threw", { addr: addressKey(addr), error: String(error) })
      }
    }

  const ask = <A>(addr: Address, user: User, make: (reply: Reply<A>) => Answerable, done: Reply<A>): void => {
    const denied = tenantCheck(addr, user)
    if (denied) return done(Exit.fail(denied))
    deliver(addr, make(guardedReply(addr, done)))
  }

  const sendCallback: LocalActorSystem["sendCallback"] = (addr, user, commandId, command, done) =>
    ask<Ack>(addr, user, (reply) => ({ _tag: "Command", user, commandId, command, reply }), done)
  const joinCallback: LocalActorSystem["joinCallback"] = (request, done) =>
    ask<Joined>(request.addr, request.user, (reply) => ({ _tag: "Join", request, reply }), done)

  const subscribeCallback: LocalActorSystem["subscribeCallback"] = (addr, subscriber, done) =>
    // No user to check: the subscription carries no view; each member's catch-up checks its tenant and access.
    deliver(addr, { _tag: "Subscribe", subscriber, reply: guardedReply(addr, done) })
  const catchUpCallback: LocalActorSystem["catchUpCallback"] = (request, done) =>
    ask<CatchUp>(request.addr, request.user, (reply) => ({ _tag: "CatchUp", request, reply }), done)

  return {
    sendCallback,
    joinCallback,
    subscribeCallback,
    catchUpCallback,
    send: (addr, user, commandId, command) => Effect.callback<Ack, CommandRejected>((resume) => sendCallback(addr, user, commandId, command, resume)),
    join: (request) => Effect.callback<Joined, CommandRejected>((resume) => joinCallback(request, resume)),

    shutdown: () =>
      Effect.gen(function* () {
        accepting = false
        clearInterval(sweeper)
        const stopping = [...running]
        for (const actor of stopping) actor.requestStop()
        const finished = yield* Effect.promise(() => Promise.all(stopping.map((actor) => actor.finished))).pipe(Effect.timeoutOption(shutdownGraceMs))
        // An actor stuck in an append past the grace period is cut off; its command was never acknowledged.
        if (finished._tag === "None") for (const actor of stopping) actor.abandon()
      }),

    inspect: (addr) =>
      Effect.callback<{ seq: number; state: unknown }, CommandRejected>((resume) => deliver(addr, { _tag: "Inspect", reply: resume })),

    stats: () => {
      let queuedMessages = 0
      for (const actor of actors.values()) queuedMessages += actor.queued
      return { liveActors: actors.size, queuedMessages }
    },
  }
}
