/**
 * Segment files: `<first position, 20 digits>.seg` under the log directory, so
 * a plain `ls` lists them in log order and shows where each one starts.
 */
import { open, readdir, type FileHandle } from "node:fs/promises"
import { join } from "node:path"
import { SEGMENT_HEADER_BYTES, SEGMENT_MAGIC } from "./frame.ts"

const SEGMENT_NAME = /^(\d{20})\.seg$/

export interface Segment {
  /** Index in the log's segment list; part of every commit location. */
  readonly ordinal: number
  readonly firstPosition: number
  readonly path: string
  /** Bytes written so far (the file's valid length). */
  end: number
  reader?: Promise<FileHandle>
}

export const segmentFileName = (firstPosition: number): string => `${String(firstPosition).padStart(20, "0")}.seg`

export const listSegmentFiles = async (dir: string): Promise<Array<{ path: string; firstPosition: number }>> => {
  const names = await readdir(dir)
  return names
    .flatMap((name) => {
      const match = SEGMENT_NAME.exec(name)
      return match ? [{ path: join(dir, name), firstPosition: Number(match[1]) }] : []
    })
    .sort((a, b) => a.firstPosition - b.firstPosition)
}

/** Makes a new directory entry durable (a created or renamed file). */
export const fsyncDirectory = async (dir: string): Promise<void> => {
  const handle = await open(dir, "r")
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Creates a segment holding only its header, durably; returns a handle to append with. */
export const createSegmentFile = async (dir: string, firstPosition: number): Promise<{ path: string; handle: FileHandle }> => {
  const path = join(dir, segmentFileName(firstPosition))
  const handle = await open(path, "wx")
  try {
    await writeFully(handle, SEGMENT_MAGIC, 0, SEGMENT_HEADER_BYTES, 0)
    await handle.datasync()
    await fsyncDirectory(dir)
    return { path, handle }
  } catch (error) {
    await handle.close().catch(() => undefined)
    throw error
  }
}

export const writeFully = async (handle: FileHandle, buffer: Buffer, from: number, length: number, position: number): Promise<void> => {
  let done = 0
  while (done < length) {
    const { bytesWritten } = await handle.write(buffer, from + done, length - done, position + done)
    if (bytesWritten <= 0) throw new Error(`wrote 0 of ${length - done} bytes`)
    done += bytesWritten
  }
}

/** Reads exactly `length` bytes, or fewer when the file ends first. */
export const readAt = async (handle: FileHandle, position: number, length: number): Promise<Buffer> => {
  const buffer = Buffer.allocUnsafe(length)
  let done = 0
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done)
    if (bytesRead === 0) break
    done += bytesRead
  }
  return done === length ? buffer : buffer.subarray(0, done)
}

export const segmentReader = (segment: Segment): Promise<FileHandle> => {
  segment.reader ??= open(segment.path, "r")
  return segment.reader
}

export const closeSegmentReaders = async (segments: readonly Segment[]): Promise<void> => {
  await Promise.all(
    segments.map(async (segment) => {
      const reader = segment.reader
      segment.reader = undefined
      if (reader) await (await reader.catch(() => undefined))?.close()
    }),
  )
}
