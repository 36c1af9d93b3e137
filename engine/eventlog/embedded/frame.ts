/**
 * On-disk framing of the embedded log. A segment file starts with an 8-byte
 * magic; each record after it is
 *
 *   u32 payload length | u32 bitwise NOT of the length | u32 CRC32 of payload | payload
 *
 * (little endian). The inverted length guards the length field itself, so a
 * flipped bit there is recognised as corruption instead of being taken for a
 * record that runs past the end of the file (a torn tail), and a zero-filled
 * header never looks valid.
 */
import { crc32 } from "node:zlib"

export const SEGMENT_MAGIC = Buffer.from("STUDLOG1", "latin1")
export const SEGMENT_HEADER_BYTES = SEGMENT_MAGIC.length
export const FRAME_HEADER_BYTES = 12
/** Larger payloads are refused on append and taken as a damaged header on read. */
export const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024

export const writeFrameHeader = (target: Buffer, at: number, payloadBytes: number, checksum: number): void => {
  target.writeUInt32LE(payloadBytes, at)
  target.writeUInt32LE(~payloadBytes >>> 0, at + 4)
  target.writeUInt32LE(checksum >>> 0, at + 8)
}

export type FrameStatus =
  /** A whole record whose checksum matches. */
  | "ok"
  /** Fewer bytes than a frame header remain. */
  | "short-header"
  /** The length and its inverse disagree (or are out of range). */
  | "bad-header"
  /** A valid header announcing more bytes than remain. */
  | "past-end"
  /** A whole record whose payload fails its checksum. */
  | "bad-checksum"

export interface FrameCheck {
  readonly status: FrameStatus
  /** The announced payload length, when the header is valid. */
  readonly payloadBytes: number
}

const check = (status: FrameStatus, payloadBytes = 0): FrameCheck => ({ status, payloadBytes })

/** Checks the frame starting at `at`, with valid data ending at `end`. */
export const checkFrame = (buffer: Buffer, at: number, end: number): FrameCheck => {
  if (end - at < FRAME_HEADER_BYTES) return check("short-header")
  const payloadBytes = buffer.readUInt32LE(at)
  const inverse = buffer.readUInt32LE(at + 4)
  if (payloadBytes === 0 || payloadBytes > MAX_PAYLOAD_BYTES || ~payloadBytes >>> 0 !== inverse) return check("bad-header")
  const start = at + FRAME_HEADER_BYTES
  if (end - start < payloadBytes) return check("past-end", payloadBytes)
  const expected = buffer.readUInt32LE(at + 8)
  const actual = crc32(buffer.subarray(start, start + payloadBytes))
  return check(actual === expected ? "ok" : "bad-checksum", payloadBytes)
}

export const isAllZero = (buffer: Buffer, from: number, to: number): boolean => {
  for (let i = from; i < to; i++) if (buffer[i] !== 0) return false
  return true
}

export const describeFrameStatus = (status: FrameStatus): string => {
  switch (status) {
    case "ok":
      return "valid record"
    case "short-header":
      return "partial record header"
    case "bad-header":
      return "record header with an inconsistent length"
    case "past-end":
      return "record cut off before its end"
    case "bad-checksum":
      return "record checksum mismatch"
  }
}
