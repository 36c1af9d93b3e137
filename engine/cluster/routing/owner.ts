/**
 * This node as the owner of shards: it runs a routed command or read through
 * the shard's local actor system exactly as a command that arrived here
 * (same acks, same rejections, the same idempotency window), or answers
 * `moved` when it does not own the shard. It never forwards: a request that
 * reached the wrong node goes back to its sender, who asks the cluster again.
 */
import { Effect, Exit } from "effect"
import type { User } from "../../actor-kind.ts"
import type { Address } from "../../address.ts"
import { CommandRejected } from "../../errors.ts"
import type { ClusterNode } from "../cluster-node.ts"
import type { ShardSystem, ShardSystems } from "./shard-systems.ts"
import type { RouteReply } from "./wire.ts"

export const MOVED: RouteReply = { t: "moved" }

export class Owner {
  /** Set while the node hands its shards over: new work is answered `moved` so it waits for the next owner. */
  private leaving = false

  constructor(
    private readonly cluster: ClusterNode,
    private readonly systems: ShardSystems,
  ) {}

  leave(): void {
    this.leaving = true
  }

  /** The shard's system while this node may act for the shard; a shard it no longer owns has its actors stopped here. */
  systemIfOwned(shard: number): ShardSystem | undefined {
    if (!this.leaving && this.cluster.owns(shard)) return this.systems.forShard(shard)
    // The lease's deadline can pass before the `lost` event comes: stop serving from the old state now.
    this.systems.retire(shard)
    return undefined
  }

  command(shard: number, addr: Address, user: User, commandId: string, command: unknown, done: (reply: RouteReply) => void): void {
    const entry = this.systemIfOwned(shard)
    if (entry === undefined) return done(MOVED)
    entry.system.sendCallback(addr, user, commandId, command, (exit) =>
      done(Exit.isSuccess(exit) ? { t: "ack", seq: exit.value.seq } : this.refusal(exit, shard, entry)),
    )
  }

  inspect(shard: number, addr: Address, done: (reply: RouteReply) => void): void {
    const entry = this.systemIfOwned(shard)
    if (entry === undefined) return done(MOVED)
    Effect.runCallback(entry.system.inspect(addr), {
      onExit: (exit) => done(Exit.isSuccess(exit) ? { t: "state", ...exit.value } : this.refusal(exit, shard, entry)),
    })
  }

  /**
   * A refusal as the sender should see it. `unavailable` from a system that
   * was retired, or after the lease went, means the shard moved while the
   * message waited: nothing was acknowledged, so the sender may safely ask
   * the next owner with the same command id.
   */
  private refusal(exit: Exit.Exit<unknown, CommandRejected>, shard: number, entry: ShardSystem): RouteReply {
    const error = Exit.findErrorOption(exit)
    if (error._tag === "None" || !(error.value instanceof CommandRejected)) return { t: "rejected", code: "internal", message: "internal error" }
    const { code, message } = error.value
    if (code === "unavailable" && (entry.retired || !this.cluster.owns(shard))) return MOVED
    return { t: "rejected", code, message }
  }
}
