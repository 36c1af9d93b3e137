import { describe, expect, it } from "vitest"
import { makeRandom, replayHint, testSeed, type Random } from "../testing/random.ts"
import { planShards, targetShares, type ClusterView } from "./policy.ts"

const CASES = 200
const LIMITS = { maxReleasesPerRound: 16 }

/** A cluster state drawn at random: owners among members, departed nodes and nobody. */
const randomStart = (random: Random) => {
  const shardCount = random.pick([1, 7, 64, 100, 1024])
  const members = random.shuffle(["a", "b", "c", "d", "e", "f", "g"]).slice(0, 1 + random.int(7))
  const ghosts = ["gone-1", "gone-2"]
  const owners = new Map<number, string>()
  for (let shard = 0; shard < shardCount; shard++) {
    if (random.chance(0.3)) continue
    owners.set(shard, random.chance(0.2) ? random.pick(ghosts) : random.pick(members.slice(0, 1 + random.int(members.length))))
  }
  return { shardCount, members, owners }
}

/** Applies plans as the shell would: releases first, then acquisitions by compare-and-set (first writer wins). */
const applyPlans = (view: ClusterView, plans: Map<string, ReturnType<typeof planShards>>, order: readonly string[]) => {
  const owners = new Map(view.owners)
  for (const id of order) for (const shard of plans.get(id)!.release) owners.delete(shard)
  for (const id of order) for (const shard of plans.get(id)!.acquire) if (!owners.has(shard)) owners.set(shard, id)
  return owners
}

const counts = (view: ClusterView) => {
  const byMember = new Map(view.members.map((id) => [id, 0]))
  for (const owner of view.owners.values()) if (byMember.has(owner)) byMember.set(owner, byMember.get(owner)! + 1)
  return byMember
}

const surplusOf = (view: ClusterView) => {
  const targets = targetShares(view.shardCount, view.members)
  let total = 0
  for (const [id, count] of counts(view)) total += Math.max(0, count - targets.get(id)!)
  return total
}

const isBalanced = (view: ClusterView) => {
  const targets = targetShares(view.shardCount, view.members)
  const owned = [...counts(view).values()]
  return (
    view.owners.size === view.shardCount &&
    [...counts(view)].every(([id, count]) => count === targets.get(id)) &&
    Math.max(...owned) - Math.min(...owned) <= 1
  )
}

/** A plain check: `expect` costs too much in loops that run a million times. */
const check = (condition: boolean, message: () => string) => {
  if (!condition) throw new Error(message())
}

/** Rounds until balanced, every member planning from the same view; fails on a plan that breaks a rule. */
const runToBalance = (start: ClusterView, random: Random, context: string) => {
  let view = start
  let released = 0
  const bound = 3 + Math.ceil(start.shardCount / LIMITS.maxReleasesPerRound)
  for (let round = 0; round < bound; round++) {
    if (isBalanced(view)) return { view, rounds: round, released }
    const plans = new Map(view.members.map((id) => [id, planShards(view, id, LIMITS)]))
    const claimed = new Set<number>()
    for (const [id, plan] of plans) {
      for (const shard of plan.acquire) {
        check(!view.owners.has(shard), () => `${context}: ${id} plans to take shard ${shard}, which is held`)
        check(!claimed.has(shard), () => `${context}: shard ${shard} planned for two members`)
        claimed.add(shard)
      }
      for (const shard of plan.release)
        check(view.owners.get(shard) === id, () => `${context}: ${id} releases shard ${shard}, which it does not hold`)
      check(plan.release.length <= LIMITS.maxReleasesPerRound, () => `${context}: ${id} releases more than the limit`)
      released += plan.release.length
    }
    // Leases of departed nodes expire after the first round.
    const owners = applyPlans(view, plans, random.shuffle(view.members))
    for (const [shard, owner] of owners) if (round > 0 && !view.members.includes(owner)) owners.delete(shard)
    view = { ...view, owners }
  }
  throw new Error(`${context}: not balanced after ${bound} rounds: ${JSON.stringify([...counts(view)])}`)
}

describe("the shard assignment policy", () => {
  it("never plans one shard for two members, and reaches every member's target from any state", () => {
    const seed = testSeed("cluster policy")
    const random = makeRandom(seed)
    for (let run = 0; run < CASES; run++) {
      const start = randomStart(random)
      const context = `case ${run} (${replayHint(seed)})`
      const { view, released } = runToBalance(start, random, context)
      // No thrashing: only surplus is ever released, so nothing released comes back to its holder.
      expect(released, context).toBeLessThanOrEqual(surplusOf(start))
      // Balanced is stable: nobody plans anything more.
      for (const id of view.members) expect(planShards(view, id, LIMITS), context).toEqual({ acquire: [], release: [] })
    }
  })

  it("moves exactly the newcomer's share when a member joins a balanced cluster", () => {
    const seed = testSeed("cluster policy join")
    const random = makeRandom(seed)
    for (let run = 0; run < CASES; run++) {
      const context = `case ${run} (${replayHint(seed)})`
      const shardCount = random.pick([16, 100, 1024])
      const members = random.shuffle(["n1", "n2", "n3", "n4", "n5", "n6"]).slice(0, 1 + random.int(5))
      const { view: before } = runToBalance({ shardCount, members, owners: new Map() }, random, context)
      const joined = { ...before, members: [...members, random.pick(["n0", "n35", "n9"])] }
      const { view: after, released } = runToBalance(joined, random, context)
      expect(released, context).toBe(targetShares(shardCount, joined.members).get(joined.members.at(-1)!))
      let moved = 0
      for (const [shard, owner] of before.owners) if (after.owners.get(shard) !== owner) moved++
      expect(moved, context).toBe(released)
    }
  })

  it("keeps a member that is not in its own view of the members from acting", () => {
    const view: ClusterView = { shardCount: 8, members: ["a"], owners: new Map([[0, "b"]]) }
    expect(planShards(view, "b")).toEqual({ acquire: [], release: [] })
  })

  it("shares shards within one of each other, the first members by id taking the remainder", () => {
    expect([...targetShares(1024, ["c", "a", "b"])]).toEqual([
      ["a", 342],
      ["b", 341],
      ["c", 341],
    ])
  })
})
