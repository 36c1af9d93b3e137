/**
 * The journal on this device, in IndexedDB (idb), per account
 * (`<tenant>/<user id>`), stored in parts so a sync's small changes are
 * small writes: what the journal confirmed (one record per entry, and a
 * small `meta` record with the rest) apart from the operations still on
 * their way (one record per operation). A batch the journal applied is a
 * few puts and one range delete, never a rewrite of the whole journal; the
 * screen shows the confirmed entries with the pending operations folded on
 * top (JournalReplica.view). Nothing the writer did is ever only in memory
 * once a change has resolved: it is in IndexedDB.
 *
 * Several tabs may hold the same journal (/journal in one, a live session
 * in another). A device numbers its operations 1, 2, 3..., so two tabs must
 * never both write op n: every change runs under a Web Lock, reloads the
 * journal first when another tab saved since (a version number beside it
 * says so), and saves before the lock is released. Other tabs hear of it
 * on a BroadcastChannel and reload.
 *
 * A guest who keeps its journal moves it to an account; this device notes
 * the move (`recordMove`), and the account's journal takes in, once, what
 * the guest's copy still holds here (`carryMovedHere`).
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from "idb"
import type { Entry } from "../../../actors/journal/decider.ts"
import type { JournalCommand } from "../../../actors/journal/protocol.ts"
import { JournalReplica, lostTextOf, type LostText, type PendingOp, type ReplicaParts, type ReplicaSnapshot } from "../../journal-sync/replica.ts"

type Meta = ReplicaParts["meta"]

interface JournalDb extends DBSchema {
  /** Version 1 kept the whole replica in one record; a record found here (an older app, an import) is moved into the parts on open. */
  replicas: { key: string; value: ReplicaSnapshot }
  meta: { key: string; value: Meta }
  entries: { key: [string, string]; value: Entry }
  ops: { key: [string, number]; value: PendingOp }
  versions: { key: string; value: number }
  device: { key: "id"; value: string }
  /** Left-over items of other journals (moved here) the writer has dealt with, or that were carried here: `<journal key> <item id>`. */
  settled: { key: string; value: number }
  /** Journals on this device that moved to another account (a guest kept its journal), recorded as the move was made: journal key -> the account. */
  moves: { key: string; value: { readonly to: string; readonly at: number } }
}

type Tx = IDBPTransaction<JournalDb, ("replicas" | "meta" | "entries" | "ops" | "versions" | "settled")[], "readwrite">

const DB_NAME = "studio-journal"
const DB_VERSION = 3

let database: Promise<IDBPDatabase<JournalDb>> | undefined

export const journalDb = (): Promise<IDBPDatabase<JournalDb>> =>
  (database ??= openDB<JournalDb>(DB_NAME, DB_VERSION, {
    upgrade(store, oldVersion) {
      if (oldVersion < 1) {
        store.createObjectStore("replicas")
        store.createObjectStore("versions")
        store.createObjectStore("device")
      }
      if (oldVersion < 2) {
        store.createObjectStore("meta")
        store.createObjectStore("entries")
        store.createObjectStore("ops")
        store.createObjectStore("settled")
      }
      if (oldVersion < 3) store.createObjectStore("moves")
    },
    // A newer app in another tab needs a newer schema: let go, so its upgrade is not blocked; the next use reopens.
    blocking() {
      void database?.then((open) => open.close())
      database = undefined
    },
  }))

/** Every record key of one journal in a store keyed [journal key, ...]: arrays sort after strings and numbers. */
export const journalRange = (key: string): IDBKeyRange => IDBKeyRange.bound([key], [key, []])

/** A short random id from the protocol's charset: this browser profile's name as a journal device. */
const newDeviceId = (): string => {
  const bytes = crypto.getRandomValues(new Uint8Array(9))
  return `w${Array.from(bytes, (b) => "abcdefghijklmnopqrstuvwxyz0123456789"[b % 36]).join("")}`
}

/** This profile's device id, made once and kept (in a transaction, so two tabs opening at once agree). */
const deviceId = async (): Promise<string> => {
  const tx = (await journalDb()).transaction("device", "readwrite")
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

const STORES = ["replicas", "meta", "entries", "ops", "versions"] as const
/** A change also marks the left-over items it carried in, in the same transaction: carried once, never twice. */
const CHANGE_STORES = [...STORES, "settled"] as const

/** The journal `key` as stored, as parts (a version 1 record is read as parts), or undefined. */
export const readParts = async (key: string): Promise<ReplicaParts | undefined> => {
  const tx = (await journalDb()).transaction([...STORES], "readonly")
  const [legacy, meta, entries, pending] = await Promise.all([
    tx.objectStore("replicas").get(key),
    tx.objectStore("meta").get(key),
    tx.objectStore("entries").getAll(journalRange(key)),
    tx.objectStore("ops").getAll(journalRange(key)),
  ])
  if (legacy) return JournalReplica.fromSnapshot(legacy).parts()
  return meta ? { meta, entries, pending } : undefined
}

/** Writes what changed from `before` to `after` (entries and operations compared by identity) into `tx`. */
const writeDiff = (tx: Tx, key: string, before: ReplicaParts | undefined, after: ReplicaParts): void => {
  const entries = tx.objectStore("entries")
  const ops = tx.objectStore("ops")
  if (!before) {
    // Moving a version 1 record, or a first save: everything, once.
    void tx.objectStore("replicas").delete(key)
    void entries.delete(journalRange(key))
    void ops.delete(journalRange(key))
  }
  const old = new Map((before?.entries ?? []).map((entry) => [entry.id, entry]))
  for (const entry of after.entries) {
    if (old.get(entry.id) !== entry) void entries.put(entry, [key, entry.id])
    old.delete(entry.id)
  }
  for (const id of old.keys()) void entries.delete([key, id])
  const kept = new Set(after.pending.map((op) => op.n))
  const known = new Set((before?.pending ?? []).map((op) => op.n))
  const gone = (before?.pending ?? []).filter((op) => !kept.has(op.n)).map((op) => op.n)
  // Applied operations leave from the front of the log: one range delete.
  if (gone.length > 0) void ops.delete(IDBKeyRange.bound([key, Math.min(...gone)], [key, Math.max(...gone)]))
  for (const op of after.pending) if (!known.has(op.n)) void ops.put(op, [key, op.n])
  void tx.objectStore("meta").put(after.meta, key)
}

export class LocalJournal {
  private version = 0
  /** What IndexedDB holds now (by reference), to diff the next change against; undefined: write it all. */
  private stored: ReplicaParts | undefined
  private readonly listeners = new Set<() => void>()
  private readonly channel: BroadcastChannel | undefined

  private constructor(
    readonly key: string,
    private current: JournalReplica,
    stored: ReplicaParts | undefined,
    version: number,
  ) {
    this.version = version
    this.stored = stored
    this.channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(`studio-journal:${key}`) : undefined
    this.channel?.addEventListener("message", () => void this.reloadIfChanged())
  }

  /** The journal of `tenant`/`ownerId` on this device: as it was saved, or empty. */
  static async open(tenant: string, ownerId: string): Promise<LocalJournal> {
    const key = `${tenant}/${ownerId}`
    const device = await deviceId()
    const [parts, version] = await Promise.all([readParts(key), (await journalDb()).get("versions", key)])
    const ours = parts && parts.meta.device === device ? parts : undefined
    const replica = ours ? JournalReplica.fromParts(ours) : new JournalReplica(device, tenant, ownerId)
    // A version 1 record is rewritten as parts on the first change.
    const legacy = ours && (await (await journalDb()).getKey("replicas", key)) !== undefined
    return new LocalJournal(key, replica, ours && !legacy ? replica.parts() : undefined, version ?? 0)
  }

  get replica(): JournalReplica {
    return this.current
  }

  /** Called after every change, made here or in another tab. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => void this.listeners.delete(listener)
  }

  /** Applies `change` to the replica and saves what it changed; resolves once that is in IndexedDB. */
  async change<T>(change: (replica: JournalReplica) => T): Promise<T> {
    return (await this.changeUnderLock(async () => ({ change, settles: [] })))!
  }

  /**
   * Takes in what other journals on this device left when they moved to
   * this one (a guest who kept its journal, leftoversMovedTo): operations
   * they never got applied and the words of changes they refused. Found,
   * applied and marked carried under this journal's lock and in one
   * transaction, so two tabs, or a tab closed midway, carry each item
   * exactly once. Resolves with how many were carried.
   */
  async carryMovedHere(): Promise<number> {
    const carried = await this.changeUnderLock(async () => {
      const items = (await itemsMovedTo(this.current.tenant, this.current.ownerId)).filter((item) => item.carry)
      if (items.length === 0) return undefined
      return {
        change: (replica: JournalReplica) => {
          for (const { carry } of items) {
            if (carry!.kind === "op") replica.carry(carry!.cmd)
            else replica.carryWords(carry!.lost)
          }
          return items.length
        },
        settles: items.map(settledKey),
      }
    })
    return carried ?? 0
  }

  /** Runs `plan` under this journal's lock (it may read IndexedDB); its change, if any, is saved with the items it settles in one transaction. */
  private async changeUnderLock<T>(
    plan: () => Promise<{ change: (replica: JournalReplica) => T; settles: readonly string[] } | undefined>,
  ): Promise<T | undefined> {
    let changed = false
    const result = await withLock(`studio-journal:${this.key}`, async () => {
      const store = await journalDb()
      const saved = (await store.get("versions", this.key)) ?? 0
      if (saved !== this.version) await this.load(saved)
      const planned = await plan()
      if (!planned) return undefined
      const value = planned.change(this.current)
      const after = this.current.parts()
      const tx = store.transaction([...CHANGE_STORES], "readwrite")
      writeDiff(tx, this.key, this.stored, after)
      void tx.objectStore("versions").put(saved + 1, this.key)
      const now = Date.now()
      for (const key of planned.settles) void tx.objectStore("settled").put(now, key)
      await tx.done
      this.stored = after
      this.version = saved + 1
      changed = true
      return value
    })
    if (changed) {
      this.channel?.postMessage(this.version)
      this.notify()
    }
    return result
  }

  close(): void {
    this.channel?.close()
    this.listeners.clear()
  }

  private async reloadIfChanged(): Promise<void> {
    const saved = (await (await journalDb()).get("versions", this.key)) ?? 0
    if (saved === this.version) return
    await this.load(saved)
    this.notify()
  }

  private async load(version: number): Promise<void> {
    const parts = await readParts(this.key)
    if (parts) {
      this.current = JournalReplica.fromParts(parts)
      this.stored = (await (await journalDb()).getKey("replicas", this.key)) === undefined ? this.current.parts() : undefined
    }
    this.version = version
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener()
  }
}

/** Words from another journal on this device that moved to this account and could not be applied there or here. */
export interface Leftover {
  /** The journal they were written in (`<tenant>/<guest id>`) and the item's id in it. */
  readonly key: string
  readonly id: string
  readonly text: LostText
  /** Why: the entry was deleted before the edit arrived, or the journal had already moved. */
  readonly reason: "deleted" | "moved"
}

/** An item another journal left here, and how it can be taken into this journal (orphans cannot: their entry was deleted there). */
interface MovedItem {
  readonly key: string
  readonly id: string
  readonly text: LostText | undefined
  readonly reason: Leftover["reason"]
  readonly carry?: { readonly kind: "op"; readonly cmd: JournalCommand } | { readonly kind: "words"; readonly lost: LostText }
}

const settledKey = (item: { readonly key: string; readonly id: string }) => `${item.key} ${item.id}`

/**
 * Notes on this device that the journal `tenant`/`fromOwner` moved to
 * `toOwner` (the page that made the move, as soon as the server answered):
 * what that journal still holds here is found and carried over even if
 * its own replica never heard of the move (its tab closed, or went offline).
 */
export const recordMove = async (tenant: string, fromOwner: string, toOwner: string): Promise<void> => {
  await (await journalDb()).put("moves", { to: toOwner, at: Date.now() }, `${tenant}/${fromOwner}`)
}

/**
 * Everything other journals on this device left when they moved to
 * `tenant`/`ownerId`: orphaned edits (their entry was deleted there),
 * refused changes with their words, and operations never applied. A
 * journal counts as moved here when its replica folded the move, or when
 * the page that made the move recorded it (recordMove). Items already
 * settled or carried are left out.
 */
const itemsMovedTo = async (tenant: string, ownerId: string): Promise<MovedItem[]> => {
  const store = await journalDb()
  const [keys, metas, settled, moveKeys, moves] = await Promise.all([
    store.getAllKeys("meta"),
    store.getAll("meta"),
    store.getAllKeys("settled"),
    store.getAllKeys("moves"),
    store.getAll("moves"),
  ])
  const recorded = new Map(moveKeys.map((key, i) => [key, moves[i]!.to]))
  const done = new Set(settled)
  const found: MovedItem[] = []
  for (const [i, meta] of metas.entries()) {
    const key = keys[i]!
    if (meta.tenant !== tenant || meta.ownerId === ownerId) continue
    if (meta.confirmed.move?.to !== ownerId && recorded.get(key) !== ownerId) continue
    for (const orphan of meta.confirmed.orphans)
      found.push({ key, id: `orphan:${orphan.id}`, text: { entryId: orphan.entryId, ...orphan.changes }, reason: "deleted" })
    for (const item of meta.refused)
      if (item.lost) found.push({ key, id: `op:${item.op}`, text: item.lost, reason: "moved", carry: { kind: "words", lost: item.lost } })
    for (const op of await store.getAll("ops", journalRange(key))) {
      found.push({ key, id: `op:${meta.device}.${op.n}`, text: lostTextOf(op.cmd).lost, reason: "moved", carry: { kind: "op", cmd: op.cmd } })
    }
  }
  return found.filter((item) => !done.has(settledKey(item)))
}

/**
 * What other journals on this device left behind when they moved to
 * `tenant`/`ownerId` and was not carried here (carryMovedHere): shown to
 * the writer with its words, so nothing typed stays in a journal nobody
 * opens again. Orphaned edits stay here for the writer to decide (their
 * entry was deleted on purpose); the rest shows only until it is carried.
 */
export const leftoversMovedTo = async (tenant: string, ownerId: string): Promise<Leftover[]> =>
  (await itemsMovedTo(tenant, ownerId)).flatMap((item) => (item.text ? [{ key: item.key, id: item.id, text: item.text, reason: item.reason }] : []))

/** The writer copied or re-created a left-over item, or let it go: it is not listed again. */
export const settleLeftover = async (item: Leftover): Promise<void> => {
  await (await journalDb()).put("settled", Date.now(), settledKey(item))
}
