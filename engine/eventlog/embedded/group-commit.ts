/**
 * The write path: group commit. Appends are checked against the stream's tail
 * (which includes queued appends, so of two racing appends with the same
 * expectation exactly one is queued), encoded straight into the filling batch
 * buffer, and acknowledged only after the batch's one write and one fdatasync.
 * While a batch is being flushed the next one fills, so under load every flush
 * carries whatever arrived during the previous one.
 *
 * A failed write or fsync leaves the file in an unknown state, so the writer
 * refuses everything from then on; reopening the log recovers it.
 */
import { open, type FileHandle } from "node:fs/promises"
import { LogUnavailable, WrongExpectedSequence } from "../../errors.ts"
import type { AppendRequest, AppendResult } from "../port.ts"
import { crc32 } from "node:zlib"
import { writePayload, type ByteSink } from "./commit-codec.ts"
import { FRAME_HEADER_BYTES, MAX_PAYLOAD_BYTES, SEGMENT_HEADER_BYTES, writeFrameHeader } from "./frame.ts"
import { makeLocation, type LogIndex, type StreamEntry } from "./log-index.ts"
import { createSegmentFile, writeFully, type Segment } from "./segment-files.ts"

export type AppendCallback = (error: WrongExpectedSequence | LogUnavailable | undefined, result: AppendResult | undefined) => void

interface Pending {
  readonly entry: StreamEntry
  readonly result: AppendResult
  /** Offset of the frame in the batch buffer, and its size. */
  readonly start: number
  readonly bytes: number
  readonly done: AppendCallback
  location: number
}

const INITIAL_BATCH_BYTES = 1 << 20
const KEEP_BATCH_BYTES = 16 << 20

class Batch implements ByteSink {
  buffer = Buffer.allocUnsafe(INITIAL_BATCH_BYTES)
  used = 0
  pending: Pending[] = []

  /** Returns the offset of `bytes` fresh bytes at the end of the batch. */
  reserve(bytes: number): number {
    if (this.used + bytes > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.used + bytes))
      this.buffer.copy(grown, 0, 0, this.used)
      this.buffer = grown
    }
    const start = this.used
    this.used += bytes
    return start
  }

  reset(): void {
    this.used = 0
    this.pending = []
    if (this.buffer.length > KEEP_BATCH_BYTES) this.buffer = Buffer.allocUnsafe(INITIAL_BATCH_BYTES)
  }
}

export interface WriterOptions {
  readonly dir: string
  readonly segmentBytes: number
  readonly maxBatchDelayMs: number
}

export class GroupCommitWriter {
  private filling = new Batch()
  private spare = new Batch()
  private nextPosition: number
  private scheduled = false
  private flushing = false
  private closing = false
  private failure: LogUnavailable | undefined
  private idleWaiters: Array<() => void> = []
  /** Batches written so far (one write per segment touched, one fdatasync each): for tests and metrics. */
  flushes = 0

  private constructor(
    private readonly options: WriterOptions,
    private readonly index: LogIndex,
    private readonly segments: Segment[],
    private active: { segment: Segment; handle: FileHandle } | undefined,
  ) {
    this.nextPosition = index.head + 1
  }

  /** Continues the newest recovered segment, or creates the first one on the first flush. */
  static async open(options: WriterOptions, index: LogIndex, segments: Segment[]): Promise<GroupCommitWriter> {
    const last = segments.at(-1)
    const active = last ? { segment: last, handle: await open(last.path, "r+") } : undefined
    return new GroupCommitWriter(options, index, segments, active)
  }

  /** Reports the outcome through `done`; throws only for events that cannot be encoded. `key` is the stream key of `request.addr`. */
  append(request: AppendRequest, key: string, done: AppendCallback): void {
    if (this.failure) return done(this.failure, undefined)
    if (this.closing) return done(new LogUnavailable({ message: "the event log is closed" }), undefined)
    const { addr } = request
    const existing = this.index.streams.get(key)
    const tail = existing?.tail ?? 0
    if (request.expectedSeq !== tail) {
      return done(new WrongExpectedSequence({ stream: key, expected: request.expectedSeq, actual: tail }), undefined)
    }
    const position = this.nextPosition
    const firstSeq = tail + 1
    const lastSeq = tail + request.events.length
    const batch = this.filling
    const start = batch.reserve(FRAME_HEADER_BYTES)
    try {
      writePayload(
        batch,
        {
          tenant: addr.tenant,
          kind: addr.kind,
          id: addr.id,
          firstSeq,
          eventCount: request.events.length,
          position,
          by: request.by,
          at: request.at,
          commandKey: request.commandKey,
        },
        request.events,
      )
    } catch (error) {
      batch.used = start
      throw error
    }
    const payloadBytes = batch.used - start - FRAME_HEADER_BYTES
    if (payloadBytes > MAX_PAYLOAD_BYTES) {
      batch.used = start
      throw new RangeError(`a commit may hold at most ${MAX_PAYLOAD_BYTES} bytes, this one has ${payloadBytes}`)
    }
    writeFrameHeader(batch.buffer, start, payloadBytes, crc32(batch.buffer.subarray(start + FRAME_HEADER_BYTES, batch.used)))
    const bytes = FRAME_HEADER_BYTES + payloadBytes
    const entry = existing ?? this.index.stream(key)
    entry.tail = lastSeq
    this.nextPosition = position + 1
    batch.pending.push({ entry, result: { firstSeq, lastSeq, position }, start, bytes, done, location: 0 })
    this.schedule()
  }

  /** Flushes everything queued, then releases the segment; later appends are refused. */
  async close(): Promise<void> {
    this.closing = true
    await this.whenIdle()
    const active = this.active
    this.active = undefined
    await active?.handle.close()
  }

  private whenIdle(): Promise<void> {
    if (!this.scheduled && !this.flushing) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return
    this.scheduled = true
    if (this.options.maxBatchDelayMs > 0) setTimeout(this.run, this.options.maxBatchDelayMs)
    else setImmediate(this.run)
  }

  private readonly run = async (): Promise<void> => {
    this.scheduled = false
    this.flushing = true
    try {
      while (this.filling.pending.length > 0 && !this.failure) {
        const batch = this.filling
        this.filling = this.spare
        this.spare = batch
        await this.flush(batch)
        batch.reset()
      }
    } catch (error) {
      // Only a bug gets here (flush reports I/O errors itself); refuse further appends rather than hang them.
      this.fail(error, [])
    } finally {
      this.flushing = false
      for (const resolve of this.idleWaiters.splice(0)) resolve()
    }
  }

  private async flush(batch: Batch): Promise<void> {
    const { pending, buffer } = batch
    try {
      let i = 0
      while (i < pending.length) {
        const active = this.active ?? (await this.roll(pending[i]!.result.position))
        const room = this.options.segmentBytes - active.segment.end
        const isEmpty = active.segment.end === SEGMENT_HEADER_BYTES
        const start = pending[i]!.start
        let j = i
        // An empty segment takes at least one record, however large.
        while (j < pending.length && (pending[j]!.start + pending[j]!.bytes - start <= room || (j === i && isEmpty))) j++
        if (j === i) {
          await this.roll(pending[i]!.result.position)
          continue
        }
        const length = pending[j - 1]!.start + pending[j - 1]!.bytes - start
        await writeFully(active.handle, buffer, start, length, active.segment.end)
        for (let k = i; k < j; k++) pending[k]!.location = makeLocation(active.segment.ordinal, active.segment.end + pending[k]!.start - start)
        active.segment.end += length
        i = j
      }
      await this.active?.handle.datasync()
      this.flushes++
    } catch (error) {
      this.fail(error, pending)
      return
    }
    for (const p of pending) {
      this.index.addDurable(p.entry, p.result.lastSeq, p.result.position, p.location, p.bytes)
      p.done(undefined, p.result)
    }
  }

  /** Seals the current segment (durably) and starts a new one at `firstPosition`. */
  private async roll(firstPosition: number): Promise<{ segment: Segment; handle: FileHandle }> {
    if (this.active) {
      const sealed = this.active
      this.active = undefined
      await sealed.handle.datasync()
      await sealed.handle.close()
    }
    const { path, handle } = await createSegmentFile(this.options.dir, firstPosition)
    const segment: Segment = { ordinal: this.segments.length, firstPosition, path, end: SEGMENT_HEADER_BYTES }
    this.segments.push(segment)
    this.active = { segment, handle }
    return this.active
  }

  private fail(error: unknown, inFlight: readonly Pending[]): void {
    const reason = error instanceof Error ? error.message : String(error)
    const failure = new LogUnavailable({
      message: `event log write failed in ${this.options.dir} (${reason}); appends are refused until the process restarts and recovers the log`,
      cause: error,
    })
    this.failure = failure
    const queued = this.filling.pending
    this.filling.reset()
    for (const p of [...inFlight, ...queued]) p.done(failure, undefined)
  }
}
