/**
 * Runners of several projections sharing one loop: each tick reads the log
 * once, from the lowest checkpoint among the projections that follow, and
 * applies the batch for all of them in one transaction (shared-apply.ts).
 * Five runners of their own read and committed five times per tick; a tick
 * costs a transaction's fixed statements per projection however few commits
 * it holds, so on a busy log most of the read side's work was those.
 *
 * Pacing: a tick that applied commits is followed by the next one no sooner
 * than `idleMs.min` after it started, whatever pokes arrive meanwhile, so a
 * busy log is applied in batches of `idleMs.min` worth of commits rather
 * than one transaction per commit. A batch that did not reach the head goes
 * on at once (catching up); a tick that found nothing waits `idleMs.min`, doubling while the log
 * stays quiet up to `idleMs.max`, and `poke()` ends that wait at once.
 */
import { hostname } from "node:os"
import { randomBytes } from "node:crypto"
import { Effect } from "effect"
import type { Commit } from "../../engine/eventlog/port.ts"
import { errorText } from "./dead-letters.ts"
import { makeMember, type Member } from "./member.ts"
import { defaultRegistry } from "./metrics.ts"
import type { Projection } from "./projection.ts"
import type { ProjectionRunner, RunnerOptions } from "./runner.ts"
import { applyTogether } from "./shared-apply.ts"

export interface GroupOptions extends Omit<RunnerOptions, "projection"> {
  readonly projections: readonly Projection[]
}

export interface ProjectionGroup {
  /** One per projection, in the order given. */
  readonly runners: readonly ProjectionRunner[]
  /** New commits are in the log: look now, unless a tick ran less than `idleMs.min` ago. */
  poke(): void
  /** The log's head as someone else saw it just now: the lag gauge counts from it until the next tick reads the head itself. */
  sawHead(position: number): void
  stop(): Promise<void>
}

/** `behind`: a batch was applied and the log has more; `caughtUp`: the rest of the log was applied; `waiting`: no projection may follow now. */
type Step = "behind" | "caughtUp" | "idle" | "waiting" | "unavailable"

const partOf = (commits: readonly Commit[], after: number) =>
  commits[0] && commits[0].position > after ? commits : commits.filter((c) => c.position > after)

export const startProjectionGroup = (options: GroupOptions): ProjectionGroup => {
  const { store, log } = options
  const holder = options.holder ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`
  const batchCommits = options.batchCommits ?? 1000
  const leaseMs = options.leaseMs ?? 15_000
  const idleMin = options.idleMs?.min ?? 5
  const idleMax = options.idleMs?.max ?? 250
  const unavailableMs = options.unavailableMs ?? 1000
  const registry = options.registry ?? defaultRegistry
  const report = (projection: string, line: string) =>
    (options.onError ?? ((text: string) => console.error(JSON.stringify({ level: "error", projection, message: text }))))(line)

  /** Ends the current sleep: a poke ends only a pokeable one, anything else (stop, rebuild) every one. */
  let wake: ((urgent: boolean) => void) | undefined
  let poked = false
  const sleep = (ms: number, pokeable: boolean) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer)
        if (wake === ring) wake = undefined
        resolve()
      }
      const ring = (urgent: boolean) => (urgent || pokeable) && done()
      const timer = setTimeout(done, Math.max(0, ms))
      wake = ring
    })
  const poke = () => {
    poked = true
    wake?.(false)
  }
  const wakeNow = () => wake?.(true)

  const members: Member[] = options.projections.map((projection) =>
    makeMember(projection, {
      store,
      log,
      holder,
      batchCommits,
      leaseMs,
      haltedCheckMs: idleMax,
      unavailableMs,
      afterCommit: options.afterCommit,
      onChanged: options.onChanged,
      fail: (line) => report(projection.name, line),
      wake: wakeNow,
    }),
  )
  const retiring = new Map<Member, () => void>()
  const finished = new Map<Member, Promise<void>>()

  const tick = async (): Promise<Step> => {
    const followers: Member[] = []
    for (const member of members) if (!retiring.has(member) && (await member.prepare())) followers.push(member)
    if (followers.length === 0) return "waiting"
    const from = Math.min(...followers.map((member) => member.progress.position))
    let commits: readonly Commit[]
    let head: number
    try {
      // Both questions at once: the head tells whether this batch reached it (a log may answer fewer than asked).
      ;[head, commits] = await Effect.runPromise(Effect.all([log.headPosition(), log.readAll(from, batchCommits)], { concurrency: "unbounded" }))
    } catch (error) {
      const line = `projections ${followers.map((member) => member.projection.name).join(", ")}: ${errorText(error)}`
      for (const member of followers) member.noteError(line)
      report(followers.map((member) => member.projection.name).join(","), line)
      return "unavailable"
    }
    for (const member of followers) member.setHead(Math.max(head, commits.at(-1)?.position ?? 0))
    if (commits.length === 0) return "idle"
    const outcomes = await applyTogether(
      { store, holder, ...(options.onChanged ? { onChanged: options.onChanged } : {}) },
      followers.map((member) => ({ ctx: member.applyContext, progress: member.progress, commits: partOf(commits, member.progress.position) })),
    )
    followers.forEach((member, i) => member.settle(outcomes[i]!))
    return commits.at(-1)!.position < head ? "behind" : "caughtUp"
  }

  const retire = async () => {
    for (const [member, done] of retiring) {
      await member.retire()
      registry.remove(runnerOf.get(member)!)
      members.splice(members.indexOf(member), 1)
      retiring.delete(member)
      done()
    }
  }

  /** How long until some member that may not follow now should be looked at again. */
  const untilNextLook = () => {
    const now = Date.now()
    const later = members.map((member) => member.notBefore - now).filter((ms) => ms > 0)
    return later.length > 0 ? Math.min(...later) : idleMax
  }

  const loop = async () => {
    let idle = idleMin
    for (;;) {
      await retire()
      if (members.length === 0) return
      const startedAt = Date.now()
      poked = false
      let step: Step
      try {
        step = await tick()
      } catch (error) {
        report(members.map((member) => member.projection.name).join(","), `projections: ${errorText(error)}`)
        step = "unavailable"
      }
      if (retiring.size > 0) continue
      if (step === "behind") {
        // Catching up: on at once, but through the event loop, so reads, stops and timers are not starved
        // (the memory log and PGlite can answer in microtasks alone).
        idle = idleMin
        await new Promise((resolve) => setImmediate(resolve))
        continue
      }
      if (step === "caughtUp") {
        // The minimum interval between ticks that found work: pokes meanwhile are answered by the next tick.
        idle = idleMin
        await sleep(startedAt + idleMin - Date.now(), false)
        continue
      }
      if (poked) continue
      if (step === "unavailable") await sleep(unavailableMs, true)
      else if (step === "waiting") await sleep(untilNextLook(), true)
      else {
        await sleep(Math.min(idle, untilNextLook()), true)
        idle = Math.min(idle * 2, idleMax)
      }
    }
  }

  const runnerOf = new Map<Member, ProjectionRunner>()
  const runners: ProjectionRunner[] = members.map((member) => {
    const runner: ProjectionRunner = {
      projection: member.projection.name,
      holder,
      snapshot: member.snapshot,
      poke,
      waitFor: (position, timeoutMs = 30_000) =>
        new Promise<boolean>((resolve) => {
          if (member.progress.position >= position) return resolve(true)
          const waiter = { position, resolve }
          member.waiters.add(waiter)
          setTimeout(() => member.waiters.delete(waiter) && resolve(false), timeoutMs).unref()
          poke()
        }),
      rebuild: () => {
        const report = member.requestRebuild()
        wakeNow()
        return report
      },
      stop: () => {
        if (!finished.has(member)) {
          finished.set(member, new Promise<void>((resolve) => retiring.set(member, resolve)))
          wakeNow()
        }
        return finished.get(member)!
      },
    }
    runnerOf.set(member, runner)
    registry.add(runner)
    return runner
  })
  const running = loop()

  return {
    runners,
    poke,
    sawHead: (position) => {
      for (const member of members) member.setHead(position)
    },
    stop: async () => {
      await Promise.all(runners.map((runner) => runner.stop()))
      await running
    },
  }
}
