/**
 * A read-only follower of an embedded log's segments, for a reader in another
 * thread than the writer's (the read-side worker): it reads the global order
 * (`readAll`) straight from the segment files, so the writer's thread never
 * decodes or copies commits for it.
 *
 * It reads only what the writer has made durable: the writer's thread
 * announces its durable head (`announce`; a position is announced only after
 * the fdatasync of the batch holding it), and `readAll` never returns or
 * parses a record past that head. Bytes past it (a batch being written, a torn
 * tail) may sit in the file; they are never looked at, so a segment being
 * appended to while it is read is harmless. When a segment ends before the
 * position sought, the next segment is found by its name (`<first
 * position>.seg`), so a segment created while the follower runs is picked up.
 *
 * It takes no lock, opens files read-only and writes nothing: the writer's
 * recovery (at its open, before any head is announced) is the only repair.
 * Its index is its own, built as it reads: the location of every
 * SPARSE_STEP-th position it passes, and where its last read ended (the next
 * read almost always starts there). A read from anywhere else starts at the
 * nearest of those, or at the start of the segment holding the position
 * (segments are at most 64 MiB by default), and walks record headers forward.
 */
import { open, type FileHandle } from "node:fs/promises"
import { basename, resolve } from "node:path"
import { Effect } from "effect"
import { LogUnavailable } from "../../errors.ts"
import type { Commit, ReadOnlyLog } from "../port.ts"
import { decodeCommit } from "./commit-codec.ts"
import { checkFrame, describeFrameStatus, FRAME_HEADER_BYTES, MAX_PAYLOAD_BYTES, SEGMENT_HEADER_BYTES } from "./frame.ts"
import { SPARSE_STEP } from "./log-index.ts"
import { listSegmentFiles } from "./segment-files.ts"

const CHUNK_BYTES = 256 * 1024

export interface LogFollower extends ReadOnlyLog {
  /** The writer's durable head moved to `position` (announcements may arrive out of order: the highest wins). */
  announce(position: number): void
  /** Closes the file handles; later reads fail with LogUnavailable. */
  close(): Promise<void>
}

interface FollowedSegment {
  readonly firstPosition: number
  readonly path: string
  handle?: Promise<FileHandle>
}

/** Where the record of `position` starts. */
interface Place {
  readonly position: number
  readonly segment: number
  readonly offset: number
}

const damaged = (path: string, offset: number, reason: string) =>
  new LogUnavailable({ message: `event log record in ${basename(path)} at offset ${offset} is damaged (${reason}); the log needs repair` })

export const followEmbeddedLog = (options: { readonly dir: string; readonly head?: number }): LogFollower => {
  const dir = resolve(options.dir)
  let head = Math.max(0, options.head ?? 0)
  let segments: FollowedSegment[] = []
  /** Slot (position - 1) / SPARSE_STEP -> where that slot's first position starts. */
  const sparse = new Map<number, Place>()
  let cursor: Place | undefined
  let closed = false
  /** One read at a time: they share the buffer and the cursor. */
  let queue: Promise<unknown> = Promise.resolve()

  let buffer: Buffer = Buffer.alloc(0)
  let bufferSegment = -1
  let bufferOffset = 0

  const refreshSegments = async () => {
    const files = await listSegmentFiles(dir)
    const known = new Map(segments.map((segment) => [segment.path, segment]))
    segments = files.map((file) => known.get(file.path) ?? { firstPosition: file.firstPosition, path: file.path })
  }

  const handleOf = (segment: FollowedSegment) => {
    segment.handle ??= open(segment.path, "r")
    return segment.handle
  }

  /** The bytes [offset, offset + bytes) of segment `index` in `buffer`, or fewer when the file ends first. */
  const load = async (index: number, offset: number, bytes: number): Promise<number> => {
    if (bufferSegment === index && offset >= bufferOffset && offset + bytes <= bufferOffset + buffer.length) return offset - bufferOffset
    const length = Math.max(CHUNK_BYTES, bytes)
    const target = Buffer.allocUnsafe(length)
    const handle = await handleOf(segments[index]!)
    let done = 0
    while (done < length) {
      const { bytesRead } = await handle.read(target, done, length - done, offset + done)
      if (bytesRead === 0) break
      done += bytesRead
    }
    buffer = target.subarray(0, done)
    bufferSegment = index
    bufferOffset = offset
    return 0
  }

  const lastSegmentAtOrBefore = (position: number): number => {
    for (let i = segments.length - 1; i >= 0; i--) if (segments[i]!.firstPosition <= position) return i
    return -1
  }

  /** The segment starting exactly at `position`, looking at the directory again when it is not known yet. */
  const segmentStartingAt = async (position: number): Promise<number> => {
    let index = segments.findIndex((segment) => segment.firstPosition === position)
    if (index < 0) {
      await refreshSegments()
      index = segments.findIndex((segment) => segment.firstPosition === position)
    }
    return index
  }

  const remember = (place: Place) => {
    if ((place.position - 1) % SPARSE_STEP === 0) sparse.set((place.position - 1) / SPARSE_STEP, place)
  }

  /** The best known place at or before `position`. */
  const startFor = async (position: number): Promise<Place> => {
    let best: Place | undefined = cursor && cursor.position <= position ? cursor : undefined
    const slot = sparse.get(Math.floor((position - 1) / SPARSE_STEP))
    if (slot && (!best || slot.position > best.position)) best = slot
    // The directory is listed again only when that saves a long walk: a segment that appeared is found at the end of the last one anyway.
    const far = !best || position - best.position > SPARSE_STEP
    if (segments.length === 0 || (far && segments.at(-1)!.firstPosition <= position)) await refreshSegments()
    const index = lastSegmentAtOrBefore(position)
    if (index >= 0 && (!best || segments[index]!.firstPosition > best.position)) {
      best = { position: segments[index]!.firstPosition, segment: index, offset: SEGMENT_HEADER_BYTES }
    }
    if (!best) throw new LogUnavailable({ message: `event log in ${dir} has no segment holding position ${position}` })
    return best
  }

  /**
   * The record of `place.position` (known durable): its header checked, its
   * bytes in `buffer` at the returned index. Moves to the next segment when
   * this one ends first.
   */
  const recordAt = async (place: Place): Promise<{ place: Place; at: number; payloadBytes: number }> => {
    let here = place
    for (;;) {
      let at = await load(here.segment, here.offset, FRAME_HEADER_BYTES)
      if (buffer.length - at < FRAME_HEADER_BYTES) {
        const next = await segmentStartingAt(here.position)
        const path = segments[here.segment]!.path
        if (next < 0 || next === here.segment) throw damaged(path, here.offset, `position ${here.position} is durable but its record is missing`)
        here = { position: here.position, segment: next, offset: SEGMENT_HEADER_BYTES }
        continue
      }
      const payloadBytes = buffer.readUInt32LE(at)
      if (payloadBytes === 0 || payloadBytes > MAX_PAYLOAD_BYTES || ~payloadBytes >>> 0 !== buffer.readUInt32LE(at + 4)) {
        throw damaged(segments[here.segment]!.path, here.offset, describeFrameStatus("bad-header"))
      }
      at = await load(here.segment, here.offset, FRAME_HEADER_BYTES + payloadBytes)
      if (buffer.length - at < FRAME_HEADER_BYTES + payloadBytes) {
        throw damaged(segments[here.segment]!.path, here.offset, `position ${here.position} is durable but its record is cut off`)
      }
      return { place: here, at, payloadBytes }
    }
  }

  const read = async (after: number, limit: number): Promise<Commit[]> => {
    if (closed) throw new LogUnavailable({ message: `the event log follower of ${dir} is closed` })
    const afterPosition = Math.max(0, Math.floor(after))
    const wanted = Math.min(Math.floor(limit), head - afterPosition)
    if (!(wanted > 0)) return []
    // Bytes read by an earlier call may have been caught mid-write (past that call's head): never reuse them.
    bufferSegment = -1
    let place = await startFor(afterPosition + 1)
    const commits: Commit[] = []
    while (commits.length < wanted) {
      const record = await recordAt(place)
      place = record.place
      remember(place)
      const frameBytes = FRAME_HEADER_BYTES + record.payloadBytes
      if (place.position > afterPosition) {
        const frame = checkFrame(buffer, record.at, record.at + frameBytes)
        const path = segments[place.segment]!.path
        if (frame.status !== "ok") throw damaged(path, place.offset, describeFrameStatus(frame.status))
        let commit: Commit
        try {
          commit = decodeCommit(buffer.subarray(record.at + FRAME_HEADER_BYTES, record.at + frameBytes))
        } catch (error) {
          throw damaged(path, place.offset, (error as Error).message)
        }
        if (commit.position !== place.position) throw damaged(path, place.offset, `expected position ${place.position}, found ${commit.position}`)
        commits.push(commit)
      }
      place = { position: place.position + 1, segment: place.segment, offset: place.offset + frameBytes }
    }
    cursor = place
    return commits
  }

  const serially = <A>(body: () => Promise<A>): Promise<A> => {
    const run = queue.then(body, body)
    queue = run.catch(() => undefined)
    return run
  }

  const asUnavailable = (error: unknown) =>
    error instanceof LogUnavailable
      ? error
      : new LogUnavailable({ message: `reading the event log in ${dir} failed: ${(error as Error)?.message ?? String(error)}`, cause: error })

  return {
    announce: (position) => {
      if (Number.isSafeInteger(position) && position > head) head = position
    },
    readAll: (after, limit) => Effect.tryPromise({ try: () => serially(() => read(after, limit)), catch: asUnavailable }),
    headPosition: () => Effect.sync(() => head),
    close: () =>
      serially(async () => {
        closed = true
        const handles = segments.map((segment) => segment.handle)
        for (const segment of segments) segment.handle = undefined
        await Promise.all(handles.map(async (handle) => (await handle?.catch(() => undefined))?.close()))
      }),
  }
}
