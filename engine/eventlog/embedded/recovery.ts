/**
 * Rebuilds the index by scanning every segment on open, and repairs a torn
 * tail: a last record cut mid-way, or a partial or zero-filled header at the
 * very end of the newest segment, is truncated away (never acknowledged,
 * since an append is acked only after its fsync). Anything else that fails its
 * checks stops the open with LogCorrupted naming the file and offset: skipping
 * it would silently lose acknowledged events.
 */
import { open, readFile } from "node:fs/promises"
import { basename } from "node:path"
import { LogCorrupted } from "../../errors.ts"
import { decodeHead } from "./commit-codec.ts"
import { checkFrame, describeFrameStatus, FRAME_HEADER_BYTES, isAllZero, SEGMENT_HEADER_BYTES, SEGMENT_MAGIC, type FrameCheck } from "./frame.ts"
import { makeLocation, streamKey, type LogIndex } from "./log-index.ts"
import { listSegmentFiles, type Segment } from "./segment-files.ts"

/** Whether a failed frame at `at` can only be an interrupted final write. */
const isTornTail = (buffer: Buffer, at: number, frame: FrameCheck): boolean => {
  switch (frame.status) {
    case "short-header":
    case "past-end":
      return true
    case "bad-header":
      return isAllZero(buffer, at, buffer.length)
    case "bad-checksum":
      return isAllZero(buffer, at + FRAME_HEADER_BYTES + frame.payloadBytes, buffer.length)
    case "ok":
      return false
  }
}

const truncateFile = async (path: string, length: number): Promise<void> => {
  const handle = await open(path, "r+")
  try {
    await handle.truncate(length)
    await handle.sync()
  } finally {
    await handle.close()
  }
}

export const recoverLog = async (dir: string, index: LogIndex, warn: (line: string) => void): Promise<Segment[]> => {
  const files = await listSegmentFiles(dir)
  const segments: Segment[] = []
  for (const [ordinal, file] of files.entries()) {
    const isLast = ordinal === files.length - 1
    const corrupted = (offset: number, reason: string) => new LogCorrupted({ file: file.path, offset, reason })
    const buffer = await readFile(file.path)

    if (buffer.length < SEGMENT_HEADER_BYTES || isAllZero(buffer, 0, SEGMENT_HEADER_BYTES)) {
      const unfinishedHeader = isAllZero(buffer, 0, buffer.length) || SEGMENT_MAGIC.subarray(0, buffer.length).equals(buffer)
      if (!isLast || !unfinishedHeader) throw corrupted(0, "missing segment header")
      // Created but never written: give it its header again.
      const handle = await open(file.path, "r+")
      try {
        await handle.truncate(0)
        await handle.write(SEGMENT_MAGIC, 0, SEGMENT_HEADER_BYTES, 0)
        await handle.sync()
      } finally {
        await handle.close()
      }
      warn(`event log: rewrote the empty header of ${basename(file.path)}`)
      segments.push({ ordinal, firstPosition: file.firstPosition, path: file.path, end: SEGMENT_HEADER_BYTES })
      continue
    }
    if (!buffer.subarray(0, SEGMENT_HEADER_BYTES).equals(SEGMENT_MAGIC)) throw corrupted(0, "not an event log segment (bad magic)")
    if (file.firstPosition !== index.head + 1) {
      throw corrupted(
        0,
        `segment should start at position ${index.head + 1} but its name says ${file.firstPosition} (a segment file is missing or misnamed)`,
      )
    }

    let at = SEGMENT_HEADER_BYTES
    while (at < buffer.length) {
      const frame = checkFrame(buffer, at, buffer.length)
      if (frame.status !== "ok") {
        if (!isLast || !isTornTail(buffer, at, frame)) throw corrupted(at, `${describeFrameStatus(frame.status)} followed by more data`)
        await truncateFile(file.path, at)
        warn(
          `event log: truncated a torn tail of ${basename(file.path)} at offset ${at} (${buffer.length - at} bytes, ${describeFrameStatus(frame.status)}); it was never acknowledged`,
        )
        break
      }
      const payload = buffer.subarray(at + FRAME_HEADER_BYTES, at + FRAME_HEADER_BYTES + frame.payloadBytes)
      let head
      try {
        head = decodeHead(payload).head
      } catch (error) {
        throw corrupted(at, `undecodable commit: ${(error as Error).message}`)
      }
      if (head.position !== index.head + 1) throw corrupted(at, `expected position ${index.head + 1}, found ${head.position}`)
      const key = streamKey(head.tenant, head.kind, head.id)
      const entry = index.stream(key)
      if (head.firstSeq !== entry.durable + 1) {
        throw corrupted(at, `stream ${key} should continue at sequence ${entry.durable + 1}, found ${head.firstSeq}`)
      }
      const frameBytes = FRAME_HEADER_BYTES + frame.payloadBytes
      index.addDurable(entry, head.firstSeq + head.eventCount - 1, head.position, makeLocation(ordinal, at), frameBytes)
      at += frameBytes
    }
    segments.push({ ordinal, firstPosition: file.firstPosition, path: file.path, end: Math.min(at, buffer.length) })
  }
  return segments
}
