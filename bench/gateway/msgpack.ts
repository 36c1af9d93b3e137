/**
 * Measures the two MessagePack libraries on the frames the live protocol
 * actually sends, to justify the choice in protocol.ts. Run:
 *   npx tsx bench/gateway/msgpack.ts
 */
import { Decoder, Encoder } from "@msgpack/msgpack"
import { Packr, Unpackr } from "msgpackr"

const card = (i: number) => ({ id: `card_${i}`, photo: `p${i % 400}`, x: i * 13.5, y: i * 7.25, rot: 0.12, by: "u_facilitator" })
const frames = {
  cmd: { t: "cmd", ref: 1042, addr: "canvas/c_8f2k1", id: "op_01HZX3", cmd: { type: "move_card", cardId: "card_17", x: 120.5, y: 88 } },
  ev: {
    t: "ev",
    addr: "canvas/c_8f2k1",
    seq: 4711,
    ev: { type: "card_moved", cardId: "card_17", x: 120.5, y: 88 },
    by: "u_3",
    at: 1_760_000_000_000,
  },
  presence: { t: "presence", addr: "canvas/c_8f2k1", user: "u_3", data: { cursor: [412.5, 233], typing: false } },
  ack: { t: "ack", ref: 1042, seq: 4711 },
  snapshot: {
    t: "joined",
    ref: 7,
    addr: "canvas/c_8f2k1",
    seq: 4711,
    snapshot: { cards: Array.from({ length: 200 }, (_, i) => card(i)), phase: "expand" },
    presence: [],
  },
}

const libraries = {
  msgpackr: (() => {
    const packr = new Packr({ useRecords: false, skipValues: [undefined] } as ConstructorParameters<typeof Packr>[0])
    const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true, int64AsType: "number" })
    return { encode: (v: unknown) => packr.pack(v), decode: (b: Uint8Array) => unpackr.unpack(b) }
  })(),
  "@msgpack/msgpack": (() => {
    const encoder = new Encoder({ ignoreUndefined: true })
    const decoder = new Decoder()
    return { encode: (v: unknown) => encoder.encode(v), decode: (b: Uint8Array) => decoder.decode(b) }
  })(),
}

const opsPerSecond = (body: () => void, minMs = 400): number => {
  for (let i = 0; i < 2000; i++) body()
  let n = 0
  const start = performance.now()
  let elapsed = 0
  while (elapsed < minMs) {
    for (let i = 0; i < 500; i++) body()
    n += 500
    elapsed = performance.now() - start
  }
  return Math.round((n / elapsed) * 1000)
}

console.log("frame     library             bytes   encode/s    decode/s")
for (const [frameName, frame] of Object.entries(frames)) {
  for (const [libName, lib] of Object.entries(libraries)) {
    const bytes = lib.encode(frame)
    const enc = opsPerSecond(() => lib.encode(frame))
    const dec = opsPerSecond(() => lib.decode(bytes))
    console.log(
      `${frameName.padEnd(9)} ${libName.padEnd(18)} ${String(bytes.length).padStart(6)} ${String(enc).padStart(10)} ${String(dec).padStart(11)}`,
    )
  }
}
