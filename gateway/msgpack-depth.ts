/**
 * Walks MessagePack headers without decoding anything, to refuse absurd
 * nesting before the decoder allocates (and recurses) through it. It only
 * judges depth: truncation and bad bytes are left to the real decoder.
 * Allocation-free on purpose: it runs on every frame, both ways.
 * Browser-safe, like protocol.ts.
 */

/** Bytes taken by a scalar (header and payload) starting at `at`. */
const scalarSize = (view: DataView, at: number, byte: number): number => {
  if (byte <= 0x7f || byte >= 0xe0) return 1
  if (byte >= 0xa0 && byte <= 0xbf) return 1 + (byte & 0x1f)
  switch (byte) {
    case 0xc4:
    case 0xd9:
      return 2 + view.getUint8(at + 1)
    case 0xc5:
    case 0xda:
      return 3 + view.getUint16(at + 1)
    case 0xc6:
    case 0xdb:
      return 5 + view.getUint32(at + 1)
    case 0xc7:
      return 3 + view.getUint8(at + 1)
    case 0xc8:
      return 4 + view.getUint16(at + 1)
    case 0xc9:
      return 6 + view.getUint32(at + 1)
    case 0xca:
    case 0xce:
    case 0xd2:
      return 5
    case 0xcb:
    case 0xcf:
    case 0xd3:
      return 9
    case 0xcc:
    case 0xd0:
      return 2
    case 0xcd:
    case 0xd1:
      return 3
    case 0xd4:
      return 3
    case 0xd5:
      return 4
    case 0xd6:
      return 6
    case 0xd7:
      return 10
    case 0xd8:
      return 18
    default:
      return 1
  }
}

/** False when the first value in `bytes` nests containers deeper than `maxDepth`. */
export const nestingWithin = (bytes: Uint8Array, maxDepth: number): boolean => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  // Children still expected by each open container, innermost last.
  const open: number[] = []
  let at = 0
  try {
    while (at < bytes.length) {
      const byte = view.getUint8(at)
      let children = -1
      if (byte >= 0x80 && byte <= 0x8f) (children = 2 * (byte & 0x0f)), (at += 1)
      else if (byte >= 0x90 && byte <= 0x9f) (children = byte & 0x0f), (at += 1)
      else if (byte === 0xdc) (children = view.getUint16(at + 1)), (at += 3)
      else if (byte === 0xdd) (children = view.getUint32(at + 1)), (at += 5)
      else if (byte === 0xde) (children = 2 * view.getUint16(at + 1)), (at += 3)
      else if (byte === 0xdf) (children = 2 * view.getUint32(at + 1)), (at += 5)
      else at += scalarSize(view, at, byte)
      if (children > 0) {
        if (open.push(children) > maxDepth) return false
        continue
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
