/**
 * The local actor systems of the shards this node owns, one per shard, made
 * on first use and shut down when the shard is lost. One system per shard,
 * rather than one per node, is what lets a node stop exactly the actors of
 * a shard that moved away (the runtime passivates whole systems, not
 * chosen actors): after a loss nothing of that shard stays live here to
 * answer from a state that another owner has since moved past.
 *
 * The price: settings that bound a whole system (`concurrentSnapshots`) now
 * bound each owned shard, and each system runs its own idle sweep.
 */
import { Effect } from "effect"
import { makeActorSystem, type ActorSystemOptions, type ActorSystemStats, type LocalActorSystem } from "../../runtime/runtime.ts"

export interface ShardSystem {
  readonly system: LocalActorSystem
  /** Shut down (or shutting down) systems are never handed out again; a regained shard gets a new one. */
  retired: boolean
}

export class ShardSystems {
  private readonly live = new Map<number, ShardSystem>()
  private readonly retiring = new Set<Promise<void>>()

  constructor(private readonly options: ActorSystemOptions) {}

  /** The shard's system, made now if it has none; only call it while the node owns the shard. */
  forShard(shard: number): ShardSystem {
    let entry = this.live.get(shard)
    if (entry === undefined) {
      entry = { system: makeActorSystem(this.options), retired: false }
      this.live.set(shard, entry)
    }
    return entry
  }

  /** Passivates the shard's actors (their current message finishes, queued ones are refused) and forgets the system. */
  retire(shard: number): void {
    const entry = this.live.get(shard)
    if (entry === undefined) return
    this.live.delete(shard)
    entry.retired = true
    const done = Effect.runPromise(entry.system.shutdown()).finally(() => this.retiring.delete(done))
    this.retiring.add(done)
  }

  retireAll(): Promise<void> {
    for (const shard of [...this.live.keys()]) this.retire(shard)
    return this.settled()
  }

  /** Resolves once every retirement begun so far has finished. */
  async settled(): Promise<void> {
    await Promise.all([...this.retiring])
  }

  shards(): number[] {
    return [...this.live.keys()].sort((a, b) => a - b)
  }

  stats(): ActorSystemStats & { readonly shardSystems: number } {
    let liveActors = 0
    let queuedMessages = 0
    for (const { system } of this.live.values()) {
      const stats = system.stats()
      liveActors += stats.liveActors
      queuedMessages += stats.queuedMessages
    }
    return { liveActors, queuedMessages, shardSystems: this.live.size }
  }
}
