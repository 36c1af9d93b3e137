/**
 * Which shards a node should acquire and release: a pure function of one view
 * of the cluster, so every node that sees the same view makes plans that fit
 * together, and the plans can be property-tested (policy.property.test.ts).
 *
 * - Targets: with N live members, members sorted by id, each aims for
 *   floor(S/N) shards and the first S mod N members for one more. Everyone
 *   computes the same targets from the same member list, so shares end within
 *   one of each other.
 * - Releasing: a member above its target releases exactly its surplus (its
 *   highest-numbered shards), at most `maxReleasesPerRound` at a time so a
 *   join moves shards gently. Since sum(surplus) + free = sum(deficit), exact
 *   surpluses free exactly what the members below target need: no shard is
 *   released that nobody wants, so nothing moves back and forth.
 * - Acquiring: free shards are dealt round-robin, in shard order, to the
 *   members below target (in id order), each up to its deficit. Plans made
 *   from one view never claim the same shard twice; when views differ, the
 *   lease's compare-and-set decides and the loser tries again next round.
 *
 * A shard held by someone who is not a live member is neither free nor
 * counted: it waits for its lease to expire (the shell judges that).
 */

export interface ClusterView {
  readonly shardCount: number
  /** Ids of the live members. */
  readonly members: readonly string[]
  /** Holder of every shard whose lease is live; a shard missing here is free. */
  readonly owners: ReadonlyMap<number, string>
}

export interface ShardPlan {
  readonly acquire: readonly number[]
  readonly release: readonly number[]
}

export interface PlanLimits {
  readonly maxReleasesPerRound: number
}

export const DEFAULT_PLAN_LIMITS: PlanLimits = { maxReleasesPerRound: 32 }

const NOTHING: ShardPlan = { acquire: [], release: [] }

/** Each live member's target share, in id order. */
export const targetShares = (shardCount: number, members: readonly string[]): Map<string, number> => {
  const sorted = [...new Set(members)].sort()
  const base = Math.floor(shardCount / Math.max(1, sorted.length))
  const extra = shardCount - base * sorted.length
  return new Map(sorted.map((id, index) => [id, base + (index < extra ? 1 : 0)]))
}

export const planShards = (view: ClusterView, me: string, limits: PlanLimits = DEFAULT_PLAN_LIMITS): ShardPlan => {
  const targets = targetShares(view.shardCount, view.members)
  const myTarget = targets.get(me)
  // Not (yet) a live member in this view: acting on it could only fight the members that are.
  if (myTarget === undefined) return NOTHING

  const held = new Map<string, number[]>([...targets.keys()].map((id) => [id, []]))
  const free: number[] = []
  for (let shard = 0; shard < view.shardCount; shard++) {
    const owner = view.owners.get(shard)
    if (owner === undefined) free.push(shard)
    else held.get(owner)?.push(shard)
  }

  const mine = held.get(me) ?? []
  const surplus = mine.length - myTarget
  if (surplus > 0) return { acquire: [], release: mine.slice(-Math.min(surplus, limits.maxReleasesPerRound)) }

  const deficits = [...targets].map(([id, target]) => ({ id, missing: target - (held.get(id)?.length ?? 0) })).filter((d) => d.missing > 0)
  const acquire: number[] = []
  let turn = 0
  for (const shard of free) {
    if (deficits.length === 0) break
    turn %= deficits.length
    const taker = deficits[turn]!
    if (taker.id === me) acquire.push(shard)
    taker.missing--
    if (taker.missing === 0) deficits.splice(turn, 1)
    else turn++
  }
  return { acquire, release: [] }
}
