/**
 * The runtime's edge API (engine/runtime/api.ts) over a cluster: a command
 * or a read sent to any node runs on the node that owns the actor's shard,
 * with the acks, rejections and idempotency of a single node. Each node runs
 * only the actors of shards it owns (shard-systems.ts); the event log's
 * expected-sequence check stays the last fence if two ever overlap.
 *
 * Joins and subscriptions are served for actors this node owns; for others
 * they are refused `unavailable` until events fan out across nodes (see the
 * README's design note): the gateway keeps its single-node wiring until then.
 *
 * The runtime takes over the cluster node's life: `shutdown` first lets the
 * owned actors finish and snapshot while new work for them waits, then gives
 * the leases up, so the next owner starts from everything this one wrote.
 */
import { Effect, Exit } from "effect"
import type { NatsConnection } from "@nats-io/transport-node"
import type { User } from "../../actor-kind.ts"
import type { Address } from "../../address.ts"
import { CommandRejected } from "../../errors.ts"
import type { Ack, ActorSystem, Joined } from "../../runtime/api.ts"
import type { ActorSystemOptions, ActorSystemStats, LocalActorSystem } from "../../runtime/runtime.ts"
import type { ClusterNode } from "../cluster-node.ts"
import { Owner } from "./owner.ts"
import { servePeers } from "./peer-service.ts"
import { DEFAULT_ROUTER_SETTINGS, makeRouter, type RouterSettings } from "./router.ts"
import { ShardSystems } from "./shard-systems.ts"
import type { RouteReply } from "./wire.ts"

export interface RoutedRuntimeOptions extends Partial<RouterSettings> {
  /** The connection routed requests travel on; the runtime never closes it. */
  readonly nc: NatsConnection
  /** Started on `nc` or another connection; stopped by `shutdown`. */
  readonly cluster: ClusterNode
  /** What each owned shard's local actor system is made with (the event log, the kinds, the actor settings). */
  readonly local: ActorSystemOptions
}

export interface RoutedRuntime extends LocalActorSystem {
  readonly nodeId: string
  stats(): ActorSystemStats & { readonly shardSystems: number }
  /** The shards whose actors may run here: a shard leaves the list as soon as this node sees it is no longer the owner. */
  activeShards(): number[]
}

const rejection = (reply: Extract<RouteReply, { t: "rejected" }>) => new CommandRejected({ code: reply.code, message: reply.message })
const unexpected = (reply: RouteReply) => new CommandRejected({ code: "internal", message: `a routed request got ${JSON.stringify(reply.t)}` })

export const startRoutedRuntime = async (options: RoutedRuntimeOptions): Promise<RoutedRuntime> => {
  const { nc, cluster } = options
  const router = makeRouter(nc, cluster, { ...DEFAULT_ROUTER_SETTINGS, ...options })
  const systems = new ShardSystems(options.local)
  const owner = new Owner(cluster, systems)
  const stopListening = cluster.onOwnershipChange((change) => {
    if (change.type === "lost") systems.retire(change.shard)
  })
  const subscription = await servePeers(nc, cluster, owner)

  const sendCallback: ActorSystem["sendCallback"] = (addr, user, commandId, command, done) => {
    const shard = cluster.shardOf(addr)
    router.route(
      shard,
      { t: "cmd", addr, user, id: commandId, cmd: command },
      (reply) => owner.command(shard, addr, user, commandId, command, reply),
      (reply) =>
        done(reply.t === "ack" ? Exit.succeed<Ack>({ seq: reply.seq }) : Exit.fail(reply.t === "rejected" ? rejection(reply) : unexpected(reply))),
    )
  }

  const inspect: LocalActorSystem["inspect"] = (addr) =>
    Effect.callback((resume) => {
      const shard = cluster.shardOf(addr)
      router.route(
        shard,
        { t: "inspect", addr },
        (reply) => owner.inspect(shard, addr, reply),
        (reply) =>
          resume(
            reply.t === "state"
              ? Effect.succeed({ seq: reply.seq, state: reply.state })
              : Effect.fail(reply.t === "rejected" ? rejection(reply) : unexpected(reply)),
          ),
      )
    })

  /** The owning system for a join or subscription, which must live where the actor does. */
  const servedHere = (addr: Address, user: User | undefined): LocalActorSystem | CommandRejected => {
    // Another tenant's actors do not exist for this caller, wherever they live (protocol.md, guarantee 6).
    if (user !== undefined && user.tenant !== addr.tenant)
      return new CommandRejected({ code: "not_found", message: `${addr.kind}/${addr.id} does not exist` })
    const entry = owner.systemIfOwned(cluster.shardOf(addr))
    if (entry !== undefined) return entry.system
    return new CommandRejected({
      code: "unavailable",
      message: `${addr.kind}/${addr.id} runs on another node, and joins do not cross nodes yet; try again on the owner`,
    })
  }

  const joinCallback: ActorSystem["joinCallback"] = (request, done) => {
    const system = servedHere(request.addr, request.user)
    if (system instanceof CommandRejected) return done(Exit.fail(system))
    system.joinCallback(request, done)
  }
  const subscribeCallback: ActorSystem["subscribeCallback"] = (addr, subscriber, done) => {
    const system = servedHere(addr, undefined)
    if (system instanceof CommandRejected) return done(Exit.fail(system))
    system.subscribeCallback(addr, subscriber, done)
  }
  const catchUpCallback: ActorSystem["catchUpCallback"] = (request, done) => {
    const system = servedHere(request.addr, request.user)
    if (system instanceof CommandRejected) return done(Exit.fail(system))
    system.catchUpCallback(request, done)
  }

  let stopped: Promise<void> | undefined
  const stop = async () => {
    owner.leave()
    await systems.retireAll()
    stopListening()
    await cluster.stop()
    router.stop()
    // Requests already on their way here are answered `moved` and find the next owner.
    await subscription.drain()
    await systems.settled()
  }

  return {
    nodeId: cluster.nodeId,
    sendCallback,
    joinCallback,
    subscribeCallback,
    catchUpCallback,
    send: (addr, user, commandId, command) => Effect.callback<Ack, CommandRejected>((resume) => sendCallback(addr, user, commandId, command, resume)),
    join: (request) => Effect.callback<Joined, CommandRejected>((resume) => joinCallback(request, resume)),
    inspect,
    stats: () => systems.stats(),
    activeShards: () => systems.shards(),
    shutdown: () => Effect.promise(() => (stopped ??= stop())),
  }
}
