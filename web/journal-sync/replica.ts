/**
 * One device's copy of its owner's journal, usable offline. Every change the
 * writer makes becomes an operation in a log kept on the device (numbered
 * 1, 2, 3... per device) and shows at once in `view()`. When the device is
 * online it sends `outbox()` and feeds whatever the journal publishes to
 * `receive()`. The journal applies each device's operations once and in
 * order (actors/journal/decider.ts), so resending the whole outbox after a
 * reconnect, or receiving events twice or out of order, is harmless. An
 * operation leaves the log once the journal's own events show it applied.
 *
 * The replica folds the journal's events with the journal's own `evolve`,
 * and previews pending operations with its own `decide`, so a device and
 * the server can never disagree on a merge rule.
 */
import { isRejection, type CommandContext, type User } from "../../engine/actor-kind.ts"
import type { Address } from "../../engine/address.ts"
import { decide, evolve, initialState, type Conflict, type Entry, type JournalState, type Orphan } from "../../actors/journal/decider.ts"
import type { Doc } from "../../actors/journal/rich-text.ts"
import type { JournalCommand, JournalEvent, TextField } from "../../actors/journal/protocol.ts"
import { MAX_SYNC_BATCH } from "../../actors/journal/limits.ts"

/** The protocol's id charset (engine/address.ts), checked here so the browser bundle needs none of the engine's error classes. */
const ID = /^[A-Za-z0-9_-]{1,64}$/

/** Thrown for a device, tenant or owner id the protocol could never carry. */
export class InvalidReplicaId extends Error {
  readonly code = "invalid_command"
}

export interface PublishedJournalEvent {
  readonly seq: number
  readonly ev: JournalEvent
  readonly by: string
  readonly at: number
}

/** A command as the device sends it: `id` is the protocol's client op id, stable across resends. */
export interface OutgoingOp {
  readonly id: string
  readonly cmd: JournalCommand
}

export interface PendingOp {
  readonly n: number
  readonly at: number
  readonly cmd: JournalCommand
}

/** The words of a change the journal could not apply, kept so the writer can copy or re-create them. */
export interface LostText {
  readonly entryId?: string
  readonly title?: string
  readonly body?: string
  readonly doc?: Doc
}

/** Something the writer should look at: two versions of a text, an edit whose entry was deleted, an operation refused. */
export type Attention =
  | { readonly kind: "conflict"; readonly entryId: string; readonly field: TextField; readonly current: string; readonly conflict: Conflict }
  | { readonly kind: "orphan"; readonly orphan: Orphan }
  | { readonly kind: "refused"; readonly op: string; readonly code: string; readonly message: string; readonly lost?: LostText }

export interface ReplicaSnapshot {
  readonly device: string
  readonly tenant: string
  readonly ownerId: string
  readonly confirmed: JournalState
  readonly confirmedSeq: number
  readonly early: readonly PublishedJournalEvent[]
  readonly pending: readonly PendingOp[]
  readonly nextOp: number
  readonly refused: readonly Extract<Attention, { kind: "refused" }>[]
}

/**
 * The same replica in parts, so a device can store what changes often
 * apart from what does not: the confirmed entries one record each, the
 * pending operations one record each, the rest (`meta`) small. `meta.confirmed`
 * has no entries; `entryOrder` keeps their order.
 */
export interface ReplicaParts {
  readonly meta: Omit<ReplicaSnapshot, "confirmed" | "pending"> & { readonly confirmed: JournalState; readonly entryOrder: readonly string[] }
  readonly entries: readonly Entry[]
  readonly pending: readonly PendingOp[]
}

export interface EntryDraft {
  readonly title: string
  readonly doc?: Doc
  readonly body?: string
  readonly tags?: readonly string[]
  readonly mood?: number
  readonly sessionId?: string
  readonly prompt?: string
}

export interface EntryEdit {
  readonly title?: string
  readonly doc?: Doc
  readonly body?: string
  readonly mood?: number | null
  readonly addTags?: readonly string[]
  readonly removeTags?: readonly string[]
}

export class JournalReplica {
  private confirmed: JournalState
  private confirmedSeq = 0
  /** Events that arrived ahead of a gap, kept until the gap fills. */
  private early = new Map<number, PublishedJournalEvent>()
  private pending: PendingOp[] = []
  private nextOp = 1
  private refused: Extract<Attention, { kind: "refused" }>[] = []
  private cachedView: JournalState | undefined
  private confirmedIds: Set<string> | undefined
  private readonly addr: Address
  private readonly user: User

  constructor(
    readonly device: string,
    readonly tenant: string,
    readonly ownerId: string,
    private readonly clock: () => number = Date.now,
  ) {
    for (const [field, value] of [
      ["device", device],
      ["tenant", tenant],
      ["owner id", ownerId],
    ] as const) {
      if (!ID.test(value)) throw new InvalidReplicaId(`a journal replica's ${field} must match ${ID}; got ${JSON.stringify(value).slice(0, 80)}`)
    }
    this.addr = { tenant, kind: "journal", id: ownerId }
    this.user = { id: ownerId, tenant, roles: ["participant"] }
    this.confirmed = initialState(this.addr)
  }

  static fromSnapshot(snapshot: ReplicaSnapshot, clock: () => number = Date.now): JournalReplica {
    const replica = new JournalReplica(snapshot.device, snapshot.tenant, snapshot.ownerId, clock)
    replica.confirmed = snapshot.confirmed
    replica.confirmedSeq = snapshot.confirmedSeq
    replica.early = new Map(snapshot.early.map((event) => [event.seq, event]))
    replica.pending = [...snapshot.pending]
    replica.nextOp = snapshot.nextOp
    replica.refused = [...snapshot.refused]
    return replica
  }

  static fromParts(parts: ReplicaParts, clock: () => number = Date.now): JournalReplica {
    const byId = new Map(parts.entries.map((entry) => [entry.id, entry]))
    const entries = parts.meta.entryOrder.flatMap((id) => byId.get(id) ?? [])
    const { entryOrder: _order, ...meta } = parts.meta
    return JournalReplica.fromSnapshot(
      { ...meta, confirmed: { ...meta.confirmed, entries }, pending: [...parts.pending].sort((a, b) => a.n - b.n) },
      clock,
    )
  }

  /** The replica in parts, by reference (a store copies what it keeps): see ReplicaParts. */
  parts(): ReplicaParts {
    const { entries, ...rest } = this.confirmed
    return {
      meta: {
        device: this.device,
        tenant: this.tenant,
        ownerId: this.ownerId,
        confirmed: { ...rest, entries: [] },
        entryOrder: entries.map((entry) => entry.id),
        confirmedSeq: this.confirmedSeq,
        early: [...this.early.values()],
        nextOp: this.nextOp,
        refused: this.refused,
      },
      entries,
      // A copy: the log grows in place, and a store diffs against what it saw last.
      pending: [...this.pending],
    }
  }

  /** Plain data to keep on the device (IndexedDB, a file) and hand back to `fromSnapshot` after a restart. */
  snapshot(): ReplicaSnapshot {
    return structuredClone({
      device: this.device,
      tenant: this.tenant,
      ownerId: this.ownerId,
      confirmed: this.confirmed,
      confirmedSeq: this.confirmedSeq,
      early: [...this.early.values()],
      pending: this.pending,
      nextOp: this.nextOp,
      refused: this.refused,
    })
  }

  /** The last journal sequence this device has folded: join with `since` set to it. */
  get seq(): number {
    return this.confirmedSeq
  }

  /** The op id this device's next operation will carry. */
  get nextOpId(): string {
    return this.opId(this.nextOp)
  }

  get pendingCount(): number {
    return this.pending.length
  }

  /** The journal as the writer sees it on this device: what the server confirmed plus what is still on its way. */
  view(): JournalState {
    if (this.cachedView) return this.cachedView
    let state = this.confirmed
    for (const op of this.pending) state = this.preview(state, op)
    return (this.cachedView = state)
  }

  /** Whether the journal itself holds this entry already (not only this device's outbox). */
  isConfirmed(entryId: string): boolean {
    this.confirmedIds ??= new Set(this.confirmed.entries.map((entry) => entry.id))
    return this.confirmedIds.has(entryId)
  }

  /** The writer has read why an operation was refused: it leaves `attention()`. */
  dismissRefused(op: string): void {
    this.refused = this.refused.filter((item) => item.op !== op)
  }

  /** Conflicts, orphaned edits and refused operations, for the writer to settle. */
  attention(): Attention[] {
    const state = this.view()
    const conflicts = state.entries.flatMap((entry) =>
      entry.conflicts.map(
        (conflict): Attention => ({
          kind: "conflict",
          entryId: entry.id,
          field: conflict.field,
          current: conflict.field === "title" ? entry.title : entry.body,
          conflict,
        }),
      ),
    )
    return [...conflicts, ...state.orphans.map((orphan): Attention => ({ kind: "orphan", orphan })), ...this.refused]
  }

  write(draft: EntryDraft): string {
    const entryId = `${this.device}-${journalTag(this.ownerId)}-${this.nextOp}`
    this.record({ type: "writeEntry", entryId, ...draft, ...(draft.tags ? { tags: [...draft.tags] } : {}) } as JournalCommand)
    return entryId
  }

  /** Edits made on the text this device shows now; if another device changed it meanwhile, the journal keeps both. */
  edit(entryId: string, edit: EntryEdit): void {
    const { addTags, removeTags, ...changes } = edit
    const base = this.baseOf(entryId, changes)
    this.record({
      type: "editEntry",
      entryId,
      changes,
      ...(addTags ? { addTags: [...addTags] } : {}),
      ...(removeTags ? { removeTags: [...removeTags] } : {}),
      ...(base ? { base } : {}),
    } as JournalCommand)
  }

  /** The versions an edit of these texts is made on: the entry's as this device shows it now (none for an entry it does not show). */
  private baseOf(
    entryId: string,
    changes: { readonly title?: string; readonly body?: string; readonly doc?: Doc },
  ): { title?: string; body?: string } | undefined {
    const entry = this.view().entries.find((e) => e.id === entryId)
    return entry
      ? {
          ...(changes.title !== undefined ? { title: entry.fieldOps.title } : {}),
          ...(changes.doc !== undefined || changes.body !== undefined ? { body: entry.fieldOps.body } : {}),
        }
      : undefined
  }

  /**
   * Takes in an operation another journal on this device recorded and
   * never got applied, because that journal moved here (a guest who kept
   * its journal). A new entry keeps its id: one the journal already holds
   * (applied before the move, and moved with the entries) or deleted is
   * not written twice. An edit, a delete or a settled conflict is made on
   * the entry as this device shows it now, as the writer's own would be:
   * an edit already applied before the move changes nothing again, and a
   * delete of an entry this journal never had is dropped. Whether it was
   * taken in.
   */
  carry(cmd: JournalCommand): boolean {
    const known = (entryId: string) => this.view().entries.some((entry) => entry.id === entryId)
    switch (cmd.type) {
      case "writeEntry": {
        if (cmd.entryId !== undefined && (known(cmd.entryId) || this.view().deletedIds.includes(cmd.entryId))) return false
        const { sync: _sync, ...write } = cmd
        this.record(write as JournalCommand)
        return true
      }
      case "editEntry": {
        const { sync: _sync, base: _base, ...edit } = cmd
        const base = this.baseOf(cmd.entryId, cmd.changes)
        this.record({ ...edit, ...(base ? { base } : {}) } as JournalCommand)
        return true
      }
      case "deleteEntry":
        if (!known(cmd.entryId)) return false
        this.delete(cmd.entryId)
        return true
      case "resolveConflict":
        this.resolve(cmd.entryId, cmd.field, {
          ...(cmd.title !== undefined ? { title: cmd.title } : {}),
          ...(cmd.body !== undefined ? { body: cmd.body } : {}),
          ...(cmd.doc !== undefined ? { doc: cmd.doc } : {}),
        })
        return true
      default:
        return false
    }
  }

  /**
   * Takes in the words of a change another journal on this device could not
   * apply because it had moved here: an edit of the entry when this journal
   * shows it (entries keep their ids when they move), else a new entry.
   */
  carryWords(lost: LostText): void {
    const text = lost.doc !== undefined ? { doc: lost.doc } : lost.body !== undefined ? { body: lost.body } : {}
    if (lost.entryId !== undefined && this.view().entries.some((entry) => entry.id === lost.entryId)) {
      this.edit(lost.entryId, { ...(lost.title !== undefined ? { title: lost.title } : {}), ...text })
    } else {
      this.write({ title: lost.title ?? "", ...text })
    }
  }

  /** Deletes the entry as this device shows it; if another device changed it meanwhile, the journal keeps it and says so. */
  delete(entryId: string): void {
    const entry = this.view().entries.find((e) => e.id === entryId)
    const base = entry ? { title: entry.fieldOps.title, body: entry.fieldOps.body, conflictIds: entry.conflicts.map((c) => c.id) } : undefined
    this.record({ type: "deleteEntry", entryId, ...(base ? { base } : {}) })
  }

  /** Settles the conflicts on one field that this device shows now, keeping `text`. */
  resolve(entryId: string, field: TextField, text: { title?: string; body?: string; doc?: Doc }): void {
    const entry = this.view().entries.find((e) => e.id === entryId)
    const conflictIds = entry?.conflicts.filter((c) => c.field === field).map((c) => c.id) ?? []
    this.record({
      type: "resolveConflict",
      entryId,
      field,
      ...text,
      conflictIds,
      ...(entry ? { base: entry.fieldOps[field] } : {}),
    } as JournalCommand)
  }

  /** Every operation not yet seen applied, oldest first; send them all, in order, whenever online. */
  outbox(): OutgoingOp[] {
    return this.pending.map((op) => ({ id: this.opId(op.n), cmd: op.cmd }))
  }

  /**
   * The outbox as `syncOps` commands of at most `maxOps` operations and about
   * `maxBytes` of JSON each (a live frame is at most 256 KiB), oldest first.
   * A batch's id names its op range, so a resend of the same range is the
   * same command and the gateway answers it with its first ack.
   */
  outboxBatches(maxOps = MAX_SYNC_BATCH, maxBytes = 96 * 1024): OutgoingOp[] {
    const batches: OutgoingOp[] = []
    let ops: PendingOp[] = []
    let bytes = 0
    const close = () => {
      if (ops.length === 0) return
      batches.push({ id: `${this.device}.${ops[0]!.n}-${ops.at(-1)!.n}`, cmd: { type: "syncOps", ops: ops.map((op) => op.cmd) } as JournalCommand })
      ops = []
      bytes = 0
    }
    for (const op of this.pending) {
      const size = JSON.stringify(op.cmd).length
      if (ops.length >= Math.min(maxOps, MAX_SYNC_BATCH) || (ops.length > 0 && bytes + size > maxBytes)) close()
      ops.push(op)
      bytes += size
    }
    close()
    return batches
  }

  /**
   * Takes the journal's whole state at `seq` (a join's snapshot, when this
   * device was too far behind for events): it replaces what was confirmed,
   * and the operations it shows applied leave the outbox.
   */
  adopt(state: JournalState, seq: number): void {
    if (seq < this.confirmedSeq) return
    this.confirmed = state
    this.confirmedSeq = seq
    for (const early of this.early.keys()) if (early <= seq) this.early.delete(early)
    this.receive([])
  }

  /** Folds events from the journal: duplicates are ignored, events after a gap wait for it to fill. */
  receive(events: readonly PublishedJournalEvent[]): void {
    for (const event of events) if (event.seq > this.confirmedSeq) this.early.set(event.seq, event)
    for (let next = this.early.get(this.confirmedSeq + 1); next; next = this.early.get(this.confirmedSeq + 1)) {
      this.early.delete(next.seq)
      this.confirmed = evolve(this.confirmed, next.ev, { seq: next.seq, by: next.by, at: next.at })
      this.confirmedSeq = next.seq
      if (next.ev.type === "syncRefused")
        this.refused.push({ kind: "refused", op: next.ev.op, code: next.ev.code, message: next.ev.message, ...this.lostTextOf(next.ev.op) })
    }
    const applied = this.confirmed.devices[this.device] ?? 0
    this.pending = this.pending.filter((op) => op.n > applied)
    this.cachedView = undefined
    this.confirmedIds = undefined
  }

  /** The words a refused operation of this device carried, if it carried any (a refused delete carries none). */
  private lostTextOf(opId: string): { lost?: LostText } {
    const op = this.pending.find((pending) => this.opId(pending.n) === opId)
    return op ? lostTextOf(op.cmd) : {}
  }

  private opId(n: number): string {
    return `${this.device}.${n}`
  }

  /** One pending operation folded onto `state` as the journal would decide it; one it would refuse changes nothing here either. */
  private preview(state: JournalState, op: PendingOp): JournalState {
    const ctx: CommandContext = { addr: this.addr, user: this.user, now: op.at, commandId: this.opId(op.n), newId: () => `local-${op.n}` }
    const decision = decide(state, op.cmd, ctx)
    if (isRejection(decision)) return state // the server will refuse it too and say why
    decision.forEach((event, i) => (state = evolve(state, event, { seq: this.confirmedSeq + i + 1, by: this.ownerId, at: op.at })))
    return state
  }

  private record(cmd: JournalCommand): void {
    const n = this.nextOp++
    const op: PendingOp = { n, at: this.clock(), cmd: { ...cmd, sync: { device: this.device, op: n } } as JournalCommand }
    this.pending.push(op)
    // A new operation only adds one step to the fold: a thousand offline writes stay linear, not quadratic.
    if (this.cachedView) this.cachedView = this.preview(this.cachedView, op)
  }
}

/**
 * A short tag of the journal an entry is written in: one browser profile is
 * one device for every journal on it, and entries keep their ids when a
 * guest's journal moves to an account, so `<device>-<n>` alone would name
 * the guest's first entry and the account's first entry alike.
 */
const journalTag = (ownerId: string): string => {
  let hash = 2166136261
  for (let i = 0; i < ownerId.length; i++) hash = Math.imul(hash ^ ownerId.charCodeAt(i), 16777619)
  return (hash >>> 0).toString(36).slice(0, 5)
}

/** What words a command carries (a write, an edit, a settled conflict), for a "could not be applied" notice. */
export const lostTextOf = (cmd: JournalCommand): { lost?: LostText } => {
  const c = cmd as {
    type: string
    entryId?: string
    title?: string
    body?: string
    doc?: Doc
    changes?: { title?: string; body?: string; doc?: Doc }
  }
  const source = c.type === "editEntry" ? (c.changes ?? {}) : c.type === "writeEntry" || c.type === "resolveConflict" ? c : undefined
  if (!source || (source.title === undefined && source.body === undefined && source.doc === undefined)) return {}
  return {
    lost: {
      ...(c.entryId !== undefined ? { entryId: c.entryId } : {}),
      ...(source.title !== undefined ? { title: source.title } : {}),
      ...(source.body !== undefined ? { body: source.body } : {}),
      ...(source.doc !== undefined ? { doc: source.doc } : {}),
    },
  }
}
