/**
 * Snapshots at `snapshots/<tenant>/<kind>/<id>.snap`, each replaced atomically
 * (temp file, fsync, rename, fsync of the directory). File layout:
 *
 *   "STUDSNP1" | u32 CRC32 of the rest | f64 seq | state bytes
 *
 * A snapshot is only a shortcut (the log can rebuild the state), so one that
 * fails its checks is ignored with a warning instead of failing the actor.
 */
import { mkdir, open, readFile, rename, unlink } from "node:fs/promises"
import { dirname, join } from "node:path"
import { crc32 } from "node:zlib"
import { isName, type Address } from "../../address.ts"
import { InvalidAddress } from "../../errors.ts"
import type { Snapshot } from "../port.ts"
import { fsyncDirectory } from "./segment-files.ts"

const MAGIC = Buffer.from("STUDSNP1", "latin1")
const HEADER_BYTES = MAGIC.length + 4 + 8

let tempCounter = 0

export const encodeSnapshot = (snapshot: Snapshot): Buffer => {
  const file = Buffer.allocUnsafe(HEADER_BYTES + snapshot.state.length)
  MAGIC.copy(file, 0)
  file.writeDoubleLE(snapshot.seq, MAGIC.length + 4)
  file.set(snapshot.state, HEADER_BYTES)
  file.writeUInt32LE(crc32(file.subarray(MAGIC.length + 4)), MAGIC.length)
  return file
}

/** The snapshot, or the reason the bytes are not one. */
export const decodeSnapshot = (file: Buffer): Snapshot | string => {
  if (file.length < HEADER_BYTES || !file.subarray(0, MAGIC.length).equals(MAGIC)) return "not a snapshot file"
  if (crc32(file.subarray(MAGIC.length + 4)) !== file.readUInt32LE(MAGIC.length)) return "checksum mismatch"
  const seq = file.readDoubleLE(MAGIC.length + 4)
  if (!Number.isSafeInteger(seq) || seq < 0) return `bad sequence ${seq}`
  return { seq, state: new Uint8Array(file.subarray(HEADER_BYTES)) }
}

export class SnapshotStore {
  /** Saves of one actor run in order, so an older save never lands last. */
  private readonly saving = new Map<string, Promise<void>>()

  constructor(
    private readonly root: string,
    private readonly warn: (line: string) => void,
  ) {}

  /** `snapshot.seq` must be a non-negative integer (checked by the caller). */
  save(addr: Address, snapshot: Snapshot): Promise<void> {
    const path = this.pathOf(addr)
    const previous = this.saving.get(path) ?? Promise.resolve()
    const next = previous.catch(() => undefined).then(() => this.write(path, encodeSnapshot(snapshot)))
    this.saving.set(path, next)
    void next
      .catch(() => undefined)
      .then(() => {
        if (this.saving.get(path) === next) this.saving.delete(path)
      })
    return next
  }

  async load(addr: Address): Promise<Snapshot | undefined> {
    const path = this.pathOf(addr)
    let file: Buffer
    try {
      file = await readFile(path)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined
      throw error
    }
    const snapshot = decodeSnapshot(file)
    if (typeof snapshot !== "string") return snapshot
    this.warn(`event log: ignoring snapshot ${path} (${snapshot}); the actor is rebuilt from the log`)
    return undefined
  }

  /** Waits for saves in flight. */
  async settle(): Promise<void> {
    await Promise.all([...this.saving.values()].map((save) => save.catch(() => undefined)))
  }

  private pathOf(addr: Address): string {
    for (const [field, value] of [
      ["tenant", addr.tenant],
      ["kind", addr.kind],
      ["id", addr.id],
    ] as const) {
      // The names become path segments: anything else could escape the snapshot folder.
      if (!isName(value)) throw new InvalidAddress({ message: `snapshot ${field} ${JSON.stringify(value)} is not a valid name` })
    }
    return join(this.root, addr.tenant, addr.kind, `${addr.id}.snap`)
  }

  private async write(path: string, file: Buffer): Promise<void> {
    const folder = dirname(path)
    await mkdir(folder, { recursive: true })
    const temp = `${path}.${process.pid}.${tempCounter++}.tmp`
    try {
      const handle = await open(temp, "w")
      try {
        await handle.writeFile(file)
        await handle.sync()
      } finally {
        await handle.close()
      }
      await rename(temp, path)
    } catch (error) {
      await unlink(temp).catch(() => undefined)
      throw error
    }
    await fsyncDirectory(folder)
  }
}
