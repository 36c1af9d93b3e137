/**
 * The price of routing: ack latency and CPU per command when the actor's
 * owner is another node, against the same command on the node that owns it,
 * in one run. Two routed nodes live in this process on a private nats-server
 * (each with its own connection, cluster node and JetStream log on one
 * stream); every command is sent through node A, one at a time, alternately
 * in rounds to actors A owns ("local") and actors B owns ("remote"), so
 * background load falls on both alike. CPU is this process's (both nodes:
 * the sender's and the owner's share of a command) and, separately, the
 * nats-server's, read from /proc.
 *
 *   npx tsx bench/cluster/routing-cost.ts [--rounds 5] [--per-round 400]
 */
import { execFileSync } from "node:child_process"
import { readdirSync, readFileSync } from "node:fs"
import { cpus, loadavg } from "node:os"
import { parseArgs } from "node:util"
import { Effect } from "effect"
import { connect } from "@nats-io/transport-node"
import type { User } from "../../engine/actor-kind.ts"
import type { Address } from "../../engine/address.ts"
import { startClusterNode } from "../../engine/cluster/cluster-node.ts"
import { startRoutedRuntime } from "../../engine/cluster/routing/routed-runtime.ts"
import { uniqueBuckets } from "../../engine/cluster/testing/cluster-fixture.ts"
import { openJetStreamLog } from "../../engine/eventlog/jetstream/jetstream-log.ts"
import { uniqueNames } from "../../engine/eventlog/jetstream/testing/nats-test-support.ts"
import { natsServerBinary, startPrivateServer } from "../../engine/eventlog/jetstream/testing/private-server.ts"
import { tallyKind } from "../../engine/cluster/routing/tally-kind.ts"

const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" }, "per-round": { type: "string", default: "400" } } })
const rounds = Number(values.rounds)
const perRound = Number(values["per-round"])
const SHARDS = 64
const ACTORS_PER_SIDE = 16

const user: User = { id: "bench", tenant: "bench", roles: ["facilitator"] }

/** CPU seconds of this process's child nats-server so far (utime + stime; Linux ticks at 100 Hz). */
const serverCpuMicros = (): number => {
  const children = readdirSync(`/proc/${process.pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${process.pid}/task/${task}/children`, "utf8").trim().split(/\s+/).filter(Boolean),
  )
  for (const pid of children) {
    if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() !== "nats-server") continue
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")
    return (Number(fields[11]) + Number(fields[12])) * 10_000
  }
  return Number.NaN
}

const server = await startPrivateServer({ jetstream: true })
const names = uniqueNames("routing_cost")
const buckets = uniqueBuckets()
const quiet = { info: () => {}, error: (message: string) => console.error(message) }
const startNode = async (nodeId: string) => {
  const nc = await connect({ servers: server.url, name: nodeId, noAsyncTraces: true })
  const cluster = await startClusterNode({ nc, nodeId, ...buckets, shardCount: SHARDS })
  const log = await openJetStreamLog({ url: server.url, ...names })
  const runtime = await startRoutedRuntime({ nc, cluster, local: { log, kinds: { tally: tallyKind }, logger: quiet } })
  return { nc, cluster, log, runtime }
}

const a = await startNode("bench-a")
const b = await startNode("bench-b")
type Sample = { latencies: number[]; cpuMicros: number; serverCpuMicros: number; commands: number }
const samples: Record<"local" | "remote", Sample> = {
  local: { latencies: [], cpuMicros: 0, serverCpuMicros: 0, commands: 0 },
  remote: { latencies: [], cpuMicros: 0, serverCpuMicros: 0, commands: 0 },
}
try {
  const deadline = Date.now() + 60_000
  while (a.cluster.ownedShards().length + b.cluster.ownedShards().length !== SHARDS || b.cluster.ownedShards().length === 0) {
    if (Date.now() > deadline) throw new Error("the two nodes did not share the shards within 60 s")
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const ownedBy = (node: typeof a, label: string): Address[] => {
    const found: Address[] = []
    for (let i = 0; found.length < ACTORS_PER_SIDE; i++) {
      const addr = { tenant: "bench", kind: "tally", id: `${label}${i}` }
      if (node.cluster.owns(node.cluster.shardOf(addr))) found.push(addr)
    }
    return found
  }
  const targets = { local: ownedBy(a, "local-"), remote: ownedBy(b, "remote-") }
  let ops = 0
  const runRound = async (mode: "local" | "remote", count: number, sample?: Sample) => {
    const cpuBefore = process.cpuUsage()
    const serverBefore = serverCpuMicros()
    for (let i = 0; i < count; i++) {
      const addr = targets[mode][i % ACTORS_PER_SIDE]!
      const started = performance.now()
      await Effect.runPromise(a.runtime.send(addr, user, `op${ops++}`, { type: "add", amount: 1 }))
      sample?.latencies.push(performance.now() - started)
    }
    if (sample === undefined) return
    const cpu = process.cpuUsage(cpuBefore)
    sample.cpuMicros += cpu.user + cpu.system
    sample.serverCpuMicros += serverCpuMicros() - serverBefore
    sample.commands += count
  }
  // Warm-up: actors started, connections and JIT settled.
  await runRound("local", 200)
  await runRound("remote", 200)
  for (let round = 0; round < rounds; round++) {
    for (const mode of round % 2 === 0 ? (["local", "remote"] as const) : (["remote", "local"] as const))
      await runRound(mode, perRound, samples[mode])
  }
} finally {
  for (const node of [a, b]) {
    await Effect.runPromise(node.runtime.shutdown())
    await Effect.runPromise(node.log.close())
    await node.nc.close()
  }
  await server.dispose()
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
const summary = ({ latencies, cpuMicros, serverCpuMicros, commands }: Sample) => {
  const sorted = [...latencies].sort((x, y) => x - y)
  return {
    commands,
    ackMs: {
      p50: +percentile(sorted, 50).toFixed(2),
      p99: +percentile(sorted, 99).toFixed(2),
      mean: +(sorted.reduce((s, x) => s + x, 0) / commands).toFixed(2),
    },
    cpuMicrosPerCommand: { nodes: Math.round(cpuMicros / commands), natsServer: Math.round(serverCpuMicros / commands) },
  }
}
const local = summary(samples.local)
const remote = summary(samples.remote)
const ratio = (x: number, y: number) => +(x / y).toFixed(2)
console.log(
  JSON.stringify({
    bench: "cluster routing cost (sent through node A, one at a time)",
    local,
    remote,
    remoteOverLocal: {
      ackP50: ratio(remote.ackMs.p50, local.ackMs.p50),
      ackP99: ratio(remote.ackMs.p99, local.ackMs.p99),
      cpuNodes: ratio(remote.cpuMicrosPerCommand.nodes, local.cpuMicrosPerCommand.nodes),
      cpuNatsServer: ratio(remote.cpuMicrosPerCommand.natsServer, local.cpuMicrosPerCommand.natsServer),
    },
    machine: {
      cpu: cpus()[0]?.model,
      cores: cpus().length,
      loadavg: loadavg().map((l) => l.toFixed(2)),
      node: process.version,
      nats: execFileSync(natsServerBinary()!, ["--version"]).toString().trim(),
    },
  }),
)
