/**
 * The load generator behind the fan-out suite: one Swarm in this process, or
 * the rooms spread over forked child processes, each with its own Swarm,
 * sockets and event loop. Rooms never span processes, so each process runs
 * the open loop for its own rooms at its share of the rate and times its own
 * deliveries; the results are merged here. Every process also reports how busy
 * its event loop was (utilisation 0..1): near 1 means the generator, not the
 * server, set the pace.
 */
import { fork, type ChildProcess } from "node:child_process"
import { performance } from "node:perf_hooks"
import { fileURLToPath } from "node:url"
import { decodeHistogram, encodeHistogram, mergeHistograms, newHistogram } from "../harness/histogram.ts"
import type { Adapter, Target } from "./adapters/adapter.ts"
import { Swarm, type Drive, type DriveResult } from "./swarm.ts"

export interface GeneratorDrive {
  readonly result: DriveResult
  /** Event-loop utilisation of each generator process during the drive. */
  readonly busy: readonly number[]
  /** Refusals the server sent during the drive, summed over processes. */
  readonly problems: Record<string, number>
}

export interface LoadGenerator {
  readonly processes: number
  readonly sockets: number
  addRooms(count: number): Promise<void>
  drive(drive: Drive): Promise<GeneratorDrive>
  close(): Promise<void>
}

/** A DriveResult that can cross a process boundary. */
export interface EncodedDrive {
  readonly counts: Omit<DriveResult, "latency" | "sendLag" | "ackLatency">
  readonly latency: string
  readonly sendLag: string
  readonly ackLatency: string
  readonly busy: number
  readonly problems: Record<string, number>
}

export const encodeDrive = (result: DriveResult, busy: number, problems: Record<string, number>): EncodedDrive => {
  const { latency, sendLag, ackLatency, ...counts } = result
  return { counts, latency: encodeHistogram(latency), sendLag: encodeHistogram(sendLag), ackLatency: encodeHistogram(ackLatency), busy, problems }
}

/** Sums the counts and rates, merges the histograms. */
export const mergeDrives = (parts: readonly EncodedDrive[]): GeneratorDrive => {
  const sum = (pick: (c: EncodedDrive["counts"]) => number) => parts.reduce((total, p) => total + pick(p.counts), 0)
  const histograms = (pick: (p: EncodedDrive) => string) =>
    parts.length === 0 ? newHistogram() : mergeHistograms(parts.map((p) => decodeHistogram(pick(p))))
  const problems: Record<string, number> = {}
  for (const part of parts) for (const [key, count] of Object.entries(part.problems)) problems[key] = (problems[key] ?? 0) + count
  return {
    result: {
      scheduled: sum((c) => c.scheduled),
      sent: sum((c) => c.sent),
      expectedDeliveries: sum((c) => c.expectedDeliveries),
      delivered: sum((c) => c.delivered),
      lost: sum((c) => c.lost),
      stale: sum((c) => c.stale),
      unexpected: sum((c) => c.unexpected),
      // Each process times its own span over the same interval, so the rates add up.
      deliveriesPerSecond: sum((c) => c.deliveriesPerSecond),
      latency: histograms((p) => p.latency),
      sendLag: histograms((p) => p.sendLag),
      ackLatency: histograms((p) => p.ackLatency),
    },
    busy: parts.map((p) => p.busy),
    problems,
  }
}

/** Runs `work` and returns its result with the event loop's utilisation meanwhile. */
export const measuringBusy = async <A>(work: () => Promise<A>): Promise<[A, number]> => {
  const before = performance.eventLoopUtilization()
  const value = await work()
  return [value, performance.eventLoopUtilization(before).utilization]
}

/** The swarm in this process: how the other suites drive load. */
export const inProcessGenerator = (adapter: Adapter, target: Target, members: number): LoadGenerator => {
  const swarm = new Swarm(adapter, target, members)
  return {
    processes: 1,
    get sockets() {
      return swarm.sockets
    },
    addRooms: (count) => swarm.addRooms(count),
    drive: async (drive) => {
      adapter.takeProblems?.()
      const [result, busy] = await measuringBusy(() => swarm.drive(drive))
      return { result, busy: [busy], problems: adapter.takeProblems?.() ?? {} }
    },
    close: () => swarm.close(),
  }
}

const CHILD = fileURLToPath(new URL("./generator-child.ts", import.meta.url))

export type ChildRequest =
  | { readonly kind: "init"; readonly subject: string; readonly target: Target; readonly members: number; readonly tag: string }
  | { readonly kind: "addRooms"; readonly count: number }
  | { readonly kind: "drive"; readonly drive: Drive }
  | { readonly kind: "close" }

export type ChildReply =
  | { readonly id: number; readonly ok: true; readonly value?: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string }

class ChildGenerator {
  private nextId = 0
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
  rooms = 0

  constructor(private readonly child: ChildProcess) {
    child.on("message", (reply: ChildReply) => {
      const waiter = this.waiting.get(reply.id)
      this.waiting.delete(reply.id)
      if (reply.ok) waiter?.resolve(reply.value)
      else waiter?.reject(new Error(reply.error))
    })
    child.once("exit", (code, signal) => {
      for (const waiter of this.waiting.values()) waiter.reject(new Error(`generator process exited (${code ?? signal})`))
      this.waiting.clear()
    })
  }

  ask<A>(request: ChildRequest): Promise<A> {
    const id = ++this.nextId
    return new Promise<A>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject })
      this.child.send({ id, ...request })
    })
  }

  async stop(): Promise<void> {
    await this.ask({ kind: "close" }).catch(() => undefined)
    if (this.child.exitCode === null) this.child.kill("SIGKILL")
  }
}

/**
 * `count` forked generator processes for the subject named `subject` (they
 * find its adapter in SUBJECTS). They inherit this process's CPU affinity.
 */
export const forkedGenerators = async (subject: string, target: Target, members: number, count: number): Promise<LoadGenerator> => {
  const children = Array.from(
    { length: count },
    () => new ChildGenerator(fork(CHILD, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] })),
  )
  const stamp = Date.now().toString(36)
  await Promise.all(children.map((c, i) => c.ask({ kind: "init", subject, target, members, tag: `${process.pid}g${i}x${stamp}` })))
  return {
    processes: count,
    get sockets() {
      return children.reduce((total, c) => total + c.rooms, 0) * members
    },
    addRooms: async (rooms) => {
      // Keep the processes within one room of each other.
      const shares = children.map(() => 0)
      for (let r = 0; r < rooms; r++) {
        const i = children.reduce((best, c, j) => (c.rooms + shares[j]! < children[best]!.rooms + shares[best]! ? j : best), 0)
        shares[i]!++
      }
      await Promise.all(
        children.map(async (c, i) => {
          if (shares[i]! === 0) return
          await c.ask({ kind: "addRooms", count: shares[i]! })
          c.rooms += shares[i]!
        }),
      )
    },
    drive: async (drive) => {
      const total = children.reduce((sum, c) => sum + c.rooms, 0)
      const busy = children.filter((c) => c.rooms > 0)
      const parts = await Promise.all(
        busy.map((c) => c.ask<EncodedDrive>({ kind: "drive", drive: { ...drive, ratePerSecond: (drive.ratePerSecond * c.rooms) / total } })),
      )
      return mergeDrives(parts)
    },
    close: async () => {
      await Promise.all(children.map((c) => c.stop()))
    },
  }
}
