/** Where the client keeps tokens and pending commands: sessionStorage in a tab (per tab, gone with it), memory elsewhere. */
import type { StorageLike } from "./types.ts"

/** A storage over a Map (tests, and browsers where sessionStorage is blocked). */
export const memoryStorage = (map: Map<string, string> = new Map()): StorageLike => ({
  getItem: (key) => map.get(key) ?? null,
  setItem: (key, value) => void map.set(key, value),
  removeItem: (key) => void map.delete(key),
})

/** `sessionStorage` when the page may use it, else memory (private modes and sandboxed frames throw on access). */
export const defaultStorage = (): StorageLike => {
  try {
    const storage = (globalThis as { sessionStorage?: StorageLike }).sessionStorage
    if (storage) {
      storage.setItem("studio.probe", "1")
      storage.removeItem("studio.probe")
      return storage
    }
  } catch {
    // Blocked: fall through to memory.
  }
  return memoryStorage()
}

export const toStorage = (given: StorageLike | Map<string, string> | undefined): StorageLike =>
  given === undefined ? defaultStorage() : given instanceof Map ? memoryStorage(given) : given

/** Reads JSON, or undefined when missing or unreadable (a quota error or a hand-edited value must not break the app). */
export const readJson = <T>(storage: StorageLike, key: string): T | undefined => {
  try {
    const text = storage.getItem(key)
    return text === null ? undefined : (JSON.parse(text) as T)
  } catch {
    return undefined
  }
}

/** Writes JSON; a full or blocked storage only loses the reload guarantee, never the running state. */
export const writeJson = (storage: StorageLike, key: string, value: unknown): void => {
  try {
    if (value === undefined) storage.removeItem(key)
    else storage.setItem(key, JSON.stringify(value))
  } catch {
    // Quota exceeded or blocked.
  }
}

/** Where a queue keeps its count of slots: the first one still used (`head`) and the next to hand out (`next`). */
interface QueueIndex {
  readonly head: number
  readonly next: number
}

const isSlotNumber = (value: unknown): value is number => typeof value === "number" && Number.isSafeInteger(value) && value >= 0

/**
 * A persisted queue with one storage key per item, so adding or removing
 * one item writes that item and a few bytes of index, never the whole
 * queue: a burst of n items costs O(n) writes and bytes, not O(n²).
 *
 * Keys under `prefix` (`studio.pending.v2.<tenant>/<user>`):
 * - `prefix`: the list of writers (one per page) that hold items, a few ids;
 * - `prefix.<writer>`: that writer's index, `{ head, next }`;
 * - `prefix.<writer>.<n>`: its item n, written once, removed once.
 *
 * Each page writes under its own writer id, so two pages sharing a storage
 * (localStorage, or tests) never write the same key but the list, which
 * each page checks on every add and puts itself back in if another page's
 * write dropped it. `load` takes in every other writer's items, oldest
 * writer first and each in order, moves them under this page's id (a page
 * reloaded mid-flight leaves its items for the next one) and removes the
 * old keys; items of the version 1 layout (`legacyKey`: one JSON array) come
 * first. A value that does not parse is skipped, never fatal.
 */
export class StoredQueue<T> {
  private head = 0
  private next = 0
  /** Slots written and not yet removed. */
  private readonly held = new Set<number>()

  constructor(
    private readonly storage: StorageLike,
    private readonly prefix: string,
    private readonly writer: string,
    private readonly legacyKey?: string,
  ) {}

  /** Every item other pages (and the version 1 layout) left, in order, now held here; `accept` drops what it rejects. */
  load(accept: (value: unknown) => value is T): Array<{ readonly slot: number; readonly value: T }> {
    const found: unknown[] = []
    if (this.legacyKey) {
      const legacy = readJson<unknown[]>(this.storage, this.legacyKey)
      if (Array.isArray(legacy)) found.push(...legacy)
      writeJson(this.storage, this.legacyKey, undefined)
    }
    const taken = this.writers().filter((writer) => writer !== this.writer)
    for (const writer of taken) {
      const index = readJson<QueueIndex>(this.storage, this.indexKey(writer))
      if (index && isSlotNumber(index.head) && isSlotNumber(index.next)) {
        for (let n = index.head; n < index.next; n++) {
          const value = readJson<unknown>(this.storage, this.slotKey(writer, n))
          if (value !== undefined) found.push(value)
          writeJson(this.storage, this.slotKey(writer, n), undefined)
        }
      }
      writeJson(this.storage, this.indexKey(writer), undefined)
    }
    if (taken.length) {
      const rest = this.writers().filter((writer) => !taken.includes(writer))
      writeJson(this.storage, this.prefix, rest.length ? rest : undefined)
    }
    return found.filter(accept).map((value) => ({ slot: this.add(value), value }))
  }

  /** Writes one item; its slot number removes it. */
  add(value: T): number {
    this.register()
    const slot = this.next++
    this.held.add(slot)
    writeJson(this.storage, this.slotKey(this.writer, slot), value)
    this.writeIndex()
    return slot
  }

  /** Removes one item; the index moves only when the oldest goes. */
  remove(slot: number): void {
    if (!this.held.delete(slot)) return
    writeJson(this.storage, this.slotKey(this.writer, slot), undefined)
    if (this.held.size === 0) return this.clear()
    if (slot !== this.head) return
    while (this.head < this.next && !this.held.has(this.head)) this.head++
    this.writeIndex()
  }

  /** Removes every item of this page, its index and its name from the list. */
  clear(): void {
    for (const slot of this.held) writeJson(this.storage, this.slotKey(this.writer, slot), undefined)
    this.held.clear()
    this.head = this.next = 0
    writeJson(this.storage, this.indexKey(this.writer), undefined)
    const writers = this.writers()
    if (writers.includes(this.writer)) {
      const rest = writers.filter((writer) => writer !== this.writer)
      writeJson(this.storage, this.prefix, rest.length ? rest : undefined)
    }
  }

  private writers(): string[] {
    const list = readJson<unknown[]>(this.storage, this.prefix)
    return Array.isArray(list) ? list.filter((writer): writer is string => typeof writer === "string") : []
  }

  /** Puts this page on the list (a read of a few ids; a write only when it is missing). */
  private register(): void {
    const writers = this.writers()
    if (!writers.includes(this.writer)) writeJson(this.storage, this.prefix, [...writers, this.writer])
  }

  private writeIndex(): void {
    writeJson(this.storage, this.indexKey(this.writer), { head: this.head, next: this.next } satisfies QueueIndex)
  }

  private indexKey(writer: string): string {
    return `${this.prefix}.${writer}`
  }

  private slotKey(writer: string, slot: number): string {
    return `${this.prefix}.${writer}.${slot}`
  }
}
