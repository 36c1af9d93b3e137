/**
 * Failover detection: from SIGKILL of a cluster member to the moment the
 * survivors hold every shard it held, over several kills, with the real
 * settings (1,024 shards, the default lease expiry). Three bare members run
 * as child processes (`engine/cluster/cli.ts join`) on a private nats-server;
 * after each kill a fresh member joins and the cluster rebalances before the
 * next kill. Times are taken in this process when the survivors' `gained`
 * lines arrive, so they include the pipe, a few tenths of a millisecond.
 *
 *   npx tsx bench/cluster/failover-detect.ts [--kills 10] [--shards 1024] [--ttl 2000]
 */
import { execFileSync } from "node:child_process"
import { cpus, loadavg } from "node:os"
import { parseArgs } from "node:util"
import { targetShares } from "../../engine/cluster/policy.ts"
import { DEFAULT_LEASE_TTL_MS } from "../../engine/cluster/settings.ts"
import { DEFAULT_SHARD_COUNT } from "../../engine/cluster/shards.ts"
import { uniqueBuckets } from "../../engine/cluster/testing/cluster-fixture.ts"
import { bundleMemberCli, spawnMember, type MemberProcess } from "../../engine/cluster/testing/member-process.ts"
import { natsServerBinary, startPrivateServer } from "../../engine/eventlog/jetstream/testing/private-server.ts"

const { values } = parseArgs({
  options: {
    kills: { type: "string", default: "10" },
    shards: { type: "string", default: String(DEFAULT_SHARD_COUNT) },
    ttl: { type: "string", default: String(DEFAULT_LEASE_TTL_MS) },
  },
})
const kills = Number(values.kills)
const shardCount = Number(values.shards)
const ttlMs = Number(values.ttl)
const MEMBERS = 3
const REBALANCE_DEADLINE_MS = 120_000

/** Resolves once `condition` holds, checked on every line any member prints. */
const whenever = (members: () => readonly MemberProcess[], condition: () => boolean, what: string) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${what} within ${REBALANCE_DEADLINE_MS} ms`)), REBALANCE_DEADLINE_MS)
    const check = () => {
      if (condition()) {
        clearTimeout(timer)
        resolve()
      }
    }
    for (const member of members()) member.onLine(check)
    check()
  })

const balanced = (members: readonly MemberProcess[]) => {
  const targets = targetShares(
    shardCount,
    members.map((m) => m.nodeId),
  )
  const holders = new Array<number>(shardCount).fill(0)
  for (const member of members) for (const shard of member.owned) holders[shard]!++
  return holders.every((n) => n === 1) && members.every((m) => m.owned.size === targets.get(m.nodeId))
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!

const server = await startPrivateServer({ jetstream: true })
const bundle = await bundleMemberCli()
const buckets = uniqueBuckets()
const env = {
  NATS_URL: server.url,
  STUDIO_SHARD_COUNT: String(shardCount),
  STUDIO_LEASE_TTL_MS: String(ttlMs),
  STUDIO_MEMBERS_BUCKET: buckets.membersBucket,
  STUDIO_LEASES_BUCKET: buckets.leasesBucket,
}
let joined = 0
const join = () => spawnMember(bundle.path, `member-${joined++}`, env)
let members: MemberProcess[] = []
const samples: number[] = []
try {
  members = await Promise.all(Array.from({ length: MEMBERS }, join))
  for (let kill = 0; kill < kills; kill++) {
    await whenever(
      () => members,
      () => balanced(members),
      "balance",
    )
    const victim = members[kill % members.length]!
    const survivors = members.filter((m) => m !== victim)
    const orphaned = new Set(victim.owned)
    const takenOver = new Promise<number>((resolve) => {
      for (const survivor of survivors) {
        survivor.onLine((line, at) => {
          const [word, shard] = line.split(" ")
          if (word === "gained" && orphaned.delete(Number(shard)) && orphaned.size === 0) resolve(at)
        })
      }
    })
    const killedAt = performance.now()
    await victim.kill("SIGKILL")
    const ms = (await takenOver) - killedAt
    samples.push(ms)
    console.log(`kill ${kill + 1}/${kills}: ${victim.owned.size} shards of ${victim.nodeId} held by the survivors after ${ms.toFixed(0)} ms`)
    members = [...survivors, await join()]
  }
} finally {
  await Promise.all(members.map((m) => m.kill("SIGTERM")))
  await bundle.remove()
  await server.dispose()
}

const sorted = [...samples].sort((a, b) => a - b)
const nats = execFileSync(natsServerBinary()!, ["--version"]).toString().trim()
console.log(
  JSON.stringify({
    bench: "cluster failover detection",
    kills: samples.length,
    shardCount,
    leaseTtlMs: ttlMs,
    members: MEMBERS,
    ms: {
      p50: Math.round(percentile(sorted, 50)),
      p99: Math.round(percentile(sorted, 99)),
      min: Math.round(sorted[0]!),
      max: Math.round(sorted.at(-1)!),
    },
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, loadavg: loadavg().map((l) => l.toFixed(2)), node: process.version, nats },
  }),
)
