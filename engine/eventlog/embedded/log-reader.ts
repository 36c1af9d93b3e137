/**
 * The read path. Only durable commits are ever read: stream reads follow the
 * index, and global reads stop at the durable head, so bytes of a batch still
 * being written are never parsed. Every record read is checked against its
 * CRC again; a mismatch is reported, never returned.
 */
import { basename } from "node:path"
import { LogUnavailable } from "../../errors.ts"
import type { Address } from "../../address.ts"
import type { Commit } from "../port.ts"
import { decodeCommit } from "./commit-codec.ts"
import { checkFrame, describeFrameStatus, FRAME_HEADER_BYTES, SEGMENT_HEADER_BYTES } from "./frame.ts"
import { offsetOf, segmentOf, streamKey, type CommitLocation, type LogIndex } from "./log-index.ts"
import { readAt, segmentReader, type Segment } from "./segment-files.ts"

/** Stream reads merge commits closer than this into one read. */
const MERGE_GAP_BYTES = 64 * 1024
const MAX_READ_BYTES = 4 * 1024 * 1024
const SCAN_CHUNK_BYTES = 256 * 1024

const damaged = (segment: Segment, offset: number, reason: string) =>
  new LogUnavailable({ message: `event log record in ${basename(segment.path)} at offset ${offset} is damaged (${reason}); the log needs repair` })

/** Decodes the whole frame at `at` in `buffer`, which holds the file from `fileOffset`. */
const commitAt = (segment: Segment, buffer: Buffer, at: number, fileOffset: number): Commit => {
  const frame = checkFrame(buffer, at, buffer.length)
  if (frame.status !== "ok") throw damaged(segment, fileOffset + at, describeFrameStatus(frame.status))
  const start = at + FRAME_HEADER_BYTES
  try {
    return decodeCommit(buffer.subarray(start, start + frame.payloadBytes))
  } catch (error) {
    throw damaged(segment, fileOffset + at, (error as Error).message)
  }
}

export class LogReader {
  constructor(
    private readonly index: LogIndex,
    private readonly segments: readonly Segment[],
  ) {}

  async readStream(addr: Address, afterSeq: number): Promise<Commit[]> {
    const locations = this.index.commitsAfter(streamKey(addr.tenant, addr.kind, addr.id), afterSeq)
    const commits: Commit[] = []
    let i = 0
    while (i < locations.length) {
      const first = locations[i]!
      const segmentOrdinal = segmentOf(first.location)
      const from = offsetOf(first.location)
      let to = from + first.frameBytes
      let j = i + 1
      for (; j < locations.length; j++) {
        const next = locations[j]!
        const nextOffset = offsetOf(next.location)
        if (segmentOf(next.location) !== segmentOrdinal || nextOffset - to > MERGE_GAP_BYTES || nextOffset + next.frameBytes - from > MAX_READ_BYTES)
          break
        to = nextOffset + next.frameBytes
      }
      const segment = this.segment(segmentOrdinal)
      const buffer = await readAt(await segmentReader(segment), from, to - from)
      for (const location of locations.slice(i, j) as CommitLocation[]) {
        const at = offsetOf(location.location) - from
        commits.push(commitAt(segment, buffer.subarray(0, at + location.frameBytes), at, from))
      }
      i = j
    }
    return commits
  }

  async readAll(after: number, limit: number): Promise<Commit[]> {
    const afterPosition = Math.max(0, Math.floor(after))
    const wanted = Math.min(Math.floor(limit), this.index.head - afterPosition)
    if (!(wanted > 0)) return []
    const seek = this.index.seekPosition(afterPosition + 1)
    if (seek === undefined) throw new LogUnavailable({ message: `event log index has no entry near position ${afterPosition + 1}` })
    const commits: Commit[] = []
    let position = seek.position
    let ordinal = segmentOf(seek.location)
    let offset = offsetOf(seek.location)
    let buffer: Buffer = Buffer.alloc(0)
    let bufferOffset = 0
    let bufferOrdinal = -1

    const ensure = async (segment: Segment, bytes: number) => {
      const buffered = bufferOrdinal === segment.ordinal && offset >= bufferOffset && offset + bytes <= bufferOffset + buffer.length
      if (buffered) return
      const length = Math.min(Math.max(SCAN_CHUNK_BYTES, bytes), segment.end - offset)
      buffer = await readAt(await segmentReader(segment), offset, length)
      bufferOffset = offset
      bufferOrdinal = segment.ordinal
    }

    while (commits.length < wanted) {
      const segment = this.segment(ordinal)
      if (offset >= segment.end) {
        ordinal++
        offset = SEGMENT_HEADER_BYTES
        continue
      }
      await ensure(segment, FRAME_HEADER_BYTES)
      const payloadBytes = buffer.readUInt32LE(offset - bufferOffset)
      await ensure(segment, FRAME_HEADER_BYTES + payloadBytes)
      const at = offset - bufferOffset
      const frameEnd = at + FRAME_HEADER_BYTES + payloadBytes
      if (position > afterPosition) {
        const commit = commitAt(segment, buffer.subarray(0, frameEnd), at, bufferOffset)
        if (commit.position !== position) throw damaged(segment, offset, `expected position ${position}, found ${commit.position}`)
        commits.push(commit)
      } else {
        const frame = checkFrame(buffer, at, Math.min(frameEnd, buffer.length))
        if (frame.status !== "ok") throw damaged(segment, offset, describeFrameStatus(frame.status))
      }
      position++
      offset += FRAME_HEADER_BYTES + payloadBytes
    }
    return commits
  }

  private segment(ordinal: number): Segment {
    const segment = this.segments[ordinal]
    if (segment === undefined) throw new LogUnavailable({ message: `event log index points at a missing segment #${ordinal}` })
    return segment
  }
}
