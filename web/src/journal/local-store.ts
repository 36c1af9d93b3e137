/**
 * The journal on this device, in IndexedDB (idb): one JournalReplica
 * snapshot per account (`<tenant>/<user id>`), and the device id every
 * replica of this browser profile shares. Nothing the writer did is ever
 * only in memory once a change has resolved: it is in IndexedDB.
 *
 * Several tabs may hold the same journal (/journal in one, a live session
 * in another). A device numbers its operations 1, 2, 3..., so two tabs must
 * never both write op n: every change runs under a Web Lock, reloads the
 * snapshot first when another tab saved since (a version number beside it
 * says so), and saves before the lock is released. Other tabs hear of it
 * on a BroadcastChannel and reload.
 */
import { openDB, type DBSchema, type IDBPDatabase } from "idb"
import { JournalReplica, type ReplicaSnapshot } from "../../journal-sync/replica.ts"

interface JournalDb extends DBSchema {
  replicas: { key: string; value: ReplicaSnapshot }
  versions: { key: string; value: number }
  device: { key: "id"; value: string }
}

const DB_NAME = "studio-journal"
const DB_VERSION = 1

let database: Promise<IDBPDatabase<JournalDb>> | undefined

const db = (): Promise<IDBPDatabase<JournalDb>> =>
  (database ??= openDB<JournalDb>(DB_NAME, DB_VERSION, {
    upgrade(store) {
      store.createObjectStore("replicas")
      store.createObjectStore("versions")
      store.createObjectStore("device")
    },
  }))

/** A short random id from the protocol's charset: this browser profile's name as a journal device. */
const newDeviceId = (): string => {
  const bytes = crypto.getRandomValues(new Uint8Array(9))
  return `w${Array.from(bytes, (b) => "abcdefghijklmnopqrstuvwxyz0123456789"[b % 36]).join("")}`
}

/** This profile's device id, made once and kept (in a transaction, so two tabs opening at once agree). */
const deviceId = async (): Promise<string> => {
  const tx = (await db()).transaction("device", "readwrite")
  const existing = await tx.store.get("id")
  if (existing) return existing
  const id = newDeviceId()
  await tx.store.put(id, "id")
  await tx.done
  return id
}

/** Runs `work` holding this journal's lock, so changes from several tabs take turns (no Web Locks: this tab alone). */
const withLock = <T>(name: string, work: () => Promise<T>): Promise<T> => {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks
  return locks ? (locks.request(name, work) as Promise<T>) : work()
}

export class LocalJournal {
  private version = 0
  private readonly listeners = new Set<() => void>()
  private readonly channel: BroadcastChannel | undefined

  private constructor(private readonly key: string, private current: JournalReplica, version: number) {
    this.version = version
    this.channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(`studio-journal:${key}`) : undefined
    this.channel?.addEventListener("message", () => void this.reloadIfChanged())
  }

  /** The journal of `tenant`/`ownerId` on this device: as it was saved, or empty. */
  static async open(tenant: string, ownerId: string): Promise<LocalJournal> {
    const key = `${tenant}/${ownerId}`
    const device = await deviceId()
    const store = await db()
    const [snapshot, version] = await Promise.all([store.get("replicas", key), store.get("versions", key)])
    const replica = snapshot && snapshot.device === device ? JournalReplica.fromSnapshot(snapshot) : new JournalReplica(device, tenant, ownerId)
    return new LocalJournal(key, replica, version ?? 0)
  }

  get replica(): JournalReplica {
    return this.current
  }

  /** Called after every change, made here or in another tab. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => void this.listeners.delete(listener)
  }

  /** Applies `change` to the replica and saves it; resolves once it is in IndexedDB. */
  async change<T>(change: (replica: JournalReplica) => T): Promise<T> {
    const result = await withLock(`studio-journal:${this.key}`, async () => {
      const store = await db()
      const saved = (await store.get("versions", this.key)) ?? 0
      if (saved !== this.version) await this.load(saved)
      const value = change(this.current)
      const tx = store.transaction(["replicas", "versions"], "readwrite")
      void tx.objectStore("replicas").put(this.current.snapshot(), this.key)
      void tx.objectStore("versions").put(saved + 1, this.key)
      await tx.done
      this.version = saved + 1
      return value
    })
    this.channel?.postMessage(this.version)
    this.notify()
    return result
  }

  close(): void {
    this.channel?.close()
    this.listeners.clear()
  }

  private async reloadIfChanged(): Promise<void> {
    const saved = (await (await db()).get("versions", this.key)) ?? 0
    if (saved === this.version) return
    await this.load(saved)
    this.notify()
  }

  private async load(version: number): Promise<void> {
    const snapshot = await (await db()).get("replicas", this.key)
    if (snapshot) this.current = JournalReplica.fromSnapshot(snapshot)
    this.version = version
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener()
  }
}
