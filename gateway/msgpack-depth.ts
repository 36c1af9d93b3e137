/**
 * Walks MessagePack headers without decoding anything, to refuse absurd
 * nesting before the decoder allocates (and recurses) through it. It only
 * judges depth: truncation and bad bytes are left to the real decoder.
 * Browser-safe, like protocol.ts.
 */

/** Payload length of a header at `at` that is followed by raw bytes (str, bin, ext), or -1. */
const rawLength = (view: DataView, at: number, byte: number): { skip: number } | undefined => {
  const u8 = (o: number) => view.getUint8(o)
  const u16 = (o: number) => view.getUint16(o)
  const u32 = (o: number) => view.getUint32(o)
  if (byte >= 0xa0 && byte <= 0xbf) return { skip: 1 + (byte & 0x1f) }
  switch (byte) {
    case 0xc4: case 0xd9: return { skip: 2 + u8(at + 1) }
    case 0xc5: case 0xda: return { skip: 3 + u16(at + 1) }
    case 0xc6: case 0xdb: return { skip: 5 + u32(at + 1) }
    case 0xc7: return { skip: 3 + u8(at + 1) }
    case 0xc8: return { skip: 4 + u16(at + 1) }
    case 0xc9: return { skip: 6 + u32(at + 1) }
    case 0xca: return { skip: 5 }
    case 0xcb: return { skip: 9 }
    case 0xcc: case 0xd0: return { skip: 2 }
    case 0xcd: case 0xd1: return { skip: 3 }
    case 0xce: case 0xd2: return { skip: 5 }
    case 0xcf: case 0xd3: return { skip: 9 }
    case 0xd4: return { skip: 3 }
    case 0xd5: return { skip: 4 }
    case 0xd6: return { skip: 6 }
    case 0xd7: return { skip: 10 }
    case 0xd8: return { skip: 18 }
    default: return undefined
  }
}

/** Children of a container header at `at`: [header size, number of child values], or undefined for a scalar. */
const containerOf = (view: DataView, at: number, byte: number): [number, number] | undefined => {
  if (byte >= 0x80 && byte <= 0x8f) return [1, 2 * (byte & 0x0f)]
  if (byte >= 0x90 && byte <= 0x9f) return [1, byte & 0x0f]
  switch (byte) {
    case 0xdc: return [3, view.getUint16(at + 1)]
    case 0xdd: return [5, view.getUint32(at + 1)]
    case 0xde: return [3, 2 * view.getUint16(at + 1)]
    case 0xdf: return [5, 2 * view.getUint32(at + 1)]
    default: return undefined
  }
}

/** False when the first value in `bytes` nests containers deeper than `maxDepth`. */
export const nestingWithin = (bytes: Uint8Array, maxDepth: number): boolean => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const open: number[] = []
  let at = 0
  try {
    while (at < bytes.length) {
      const byte = view.getUint8(at)
      const container = containerOf(view, at, byte)
      if (container) {
        at += container[0]
        if (container[1] > 0) {
          open.push(container[1])
          if (open.length > maxDepth) return false
          continue
        }
      } else {
        at += rawLength(view, at, byte)?.skip ?? 1
      }
      // A value ended: close every container it completed.
      while (open.length > 0 && --open[open.length - 1]! === 0) open.pop()
      if (open.length === 0) return true
    }
  } catch {
    // A header cut short: the decoder will say so.
  }
  return true
}
