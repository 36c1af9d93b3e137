/**
 * The crash test's check: every acknowledged event is in the log exactly once
 * with its value, and each stream's sequences run 1..n without gaps.
 */
import { Effect } from "effect"
import type { Address } from "../../../address.ts"
import type { Commit, EventLog } from "../../port.ts"

/** stream id -> seq -> value, from every ack line of every round. */
export type Acks = Map<string, Map<number, string>>

/** Adds the complete `stream seq value` lines of `text` (a kill may cut the last one). */
export const collectAcks = (acks: Acks, text: string): number => {
  let added = 0
  for (const line of text.split("\n").slice(0, -1)) {
    const [stream, seqText, value, ...rest] = line.split(" ")
    const seq = Number(seqText)
    if (!stream || !value || rest.length > 0 || !Number.isSafeInteger(seq)) throw new Error(`bad ack line ${JSON.stringify(line)}`)
    const bySeq = acks.get(stream) ?? new Map<number, string>()
    const earlier = bySeq.get(seq)
    if (earlier !== undefined && earlier !== value) throw new Error(`stream ${stream} seq ${seq} was acknowledged twice, as ${earlier} and ${value}`)
    bySeq.set(seq, value)
    acks.set(stream, bySeq)
    added++
  }
  return added
}

const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)

export interface LogCheck {
  readonly events: number
  readonly head: number
  readonly problems: string[]
}

export interface CheckOptions {
  readonly gapFreePositions: boolean
  /** Check global order from this position on (0: the whole log); the per-stream checks always cover everything. */
  readonly fromPosition: number
}

export const verifyAcks = async (log: EventLog, streams: readonly Address[], acks: Acks, options: CheckOptions): Promise<LogCheck> => {
  const problems: string[] = []
  let events = 0
  for (const addr of streams) {
    const commits = await run(log.readStream(addr, 0))
    const values = new Map<number, string>()
    let expectedSeq = 1
    for (const commit of commits) {
      if (commit.firstSeq !== expectedSeq) problems.push(`${addr.id}: commit starts at seq ${commit.firstSeq}, expected ${expectedSeq}`)
      for (const [i, event] of commit.events.entries()) values.set(commit.firstSeq + i, (event as { value: string }).value)
      expectedSeq = commit.firstSeq + commit.events.length
    }
    const last = await run(log.lastSeq(addr))
    if (last !== expectedSeq - 1) problems.push(`${addr.id}: lastSeq ${last} but the commits end at ${expectedSeq - 1}`)
    const distinct = new Set(values.values())
    if (distinct.size !== values.size) problems.push(`${addr.id}: a value appears more than once`)
    for (const [seq, value] of acks.get(addr.id) ?? []) {
      const stored = values.get(seq)
      if (stored !== value) problems.push(`${addr.id}: acknowledged seq ${seq} = ${value}, log has ${stored ?? "nothing"}`)
    }
    events += values.size
  }

  const seen = new Set<string>()
  const head = await run(log.headPosition())
  if (head < options.fromPosition) problems.push(`head position went back from ${options.fromPosition} to ${head}`)
  let previous = options.fromPosition
  let after = options.fromPosition
  for (;;) {
    const page: readonly Commit[] = await run(log.readAll(after, 1000))
    if (page.length === 0) break
    for (const commit of page) {
      const key = `${commit.addr.id}@${commit.firstSeq}`
      if (seen.has(key)) problems.push(`readAll returned ${key} twice`)
      seen.add(key)
      const step = commit.position - previous
      if (step <= 0 || (options.gapFreePositions && step !== 1)) problems.push(`position ${commit.position} follows ${previous}`)
      previous = commit.position
    }
    after = page.at(-1)!.position
  }
  if (previous !== head) problems.push(`readAll ends at ${previous}, headPosition says ${head}`)
  return { events, head, problems: problems.slice(0, 20) }
}
