/**
 * The one journal module every screen uses (/journal, and a journal prompt
 * inside a live session): the writer's changes go into the replica on this
 * device (IndexedDB, local-store.ts) at once, and a sync sends them to
 * `journal/<owner id>` and folds what the journal publishes back in.
 *
 * Sync runs when the journal opens, when the connection comes back, after
 * each change while connected, and on "sync now". It sends the outbox as
 * `syncOps` batches (stable ids: a resend is the same command) through the
 * live client, and feeds the events of its subscription to the replica:
 * the replica, not the acks, decides what is still to send, so a lost ack,
 * a reload or a second tab never applies anything twice.
 */
import type { ActorEvent, ActorHandle, Command, Live, Reducer } from "../client/types.ts"
import type { JournalState } from "../../../actors/journal/decider.ts"
import type { Attention, EntryDraft, EntryEdit, JournalReplica, PublishedJournalEvent } from "../../journal-sync/replica.ts"
import type { TextField } from "../../../actors/journal/protocol.ts"
import type { Doc } from "../../../actors/journal/rich-text.ts"
import { leftoversMovedTo, LocalJournal, settleLeftover, type Leftover } from "./local-store.ts"

/** What the writer should look at: the replica's own items, and words another journal on this device left for this one. */
export type JournalAttention = Attention | { readonly kind: "leftover"; readonly leftover: Leftover }

/** What the status line says: synced, N pending, offline (N pending), conflict, or a sync the journal refused. */
export type SyncState =
  | { readonly kind: "synced" }
  | { readonly kind: "connecting" }
  | { readonly kind: "pending"; readonly count: number }
  | { readonly kind: "offline"; readonly count: number }
  | { readonly kind: "conflict"; readonly count: number; readonly pending: number }
  | { readonly kind: "failed"; readonly code: string; readonly count: number }

/**
 * What the subscription hands over: a snapshot (a first join, or too far
 * behind) or events. The reducer only collects; the replica folds. It is
 * never re-run, because nothing sent to the journal is optimistic here.
 */
interface Inbox {
  snapshot: JournalState | undefined
  readonly events: ActorEvent[]
}

const inboxReducer: Reducer<Inbox> = {
  init: (snapshot, events) => ({ snapshot: snapshot as JournalState | undefined, events: [...events] }),
  apply: (inbox, event) => {
    inbox.events.push(event)
    return inbox
  },
}

/** Events are folded (and the replica saved) at most this often while a sync pours in. */
const FOLD_EVERY_MS = 60
/** `syncOps` batches sent before the first is acked. */
const BATCHES_IN_FLIGHT = 3

export class OfflineJournal {
  readonly addr: string
  private readonly listeners = new Set<() => void>()
  private offs: Array<() => void> = []
  private handle: ActorHandle<Inbox> | undefined
  private received: { snapshot?: { state: JournalState; seq: number }; events: PublishedJournalEvent[] } = { events: [] }
  private foldTimer: ReturnType<typeof setTimeout> | undefined
  private folding: Promise<void> = Promise.resolve()
  private sending = false
  private again = false
  /** The highest seq an ack of ours named: until the replica has folded it, a resend would only repeat. */
  private ackedSeq = 0
  private created = false
  private rounds = 0
  private readonly pageId = Math.random().toString(36).slice(2, 8)
  private failure: string | undefined
  private closed = false
  private leftovers: Leftover[] = []
  /** The replica has folded what the journal said since this page opened it: it knows the entries a move brought here. */
  private heard = false
  private carrying: Promise<void> | undefined

  private constructor(
    private readonly live: Live,
    readonly local: LocalJournal,
    readonly ownerId: string,
  ) {
    this.addr = `journal/${ownerId}`
  }

  /** Opens the journal of `ownerId` from this device's storage and starts syncing it over `live`. */
  static async open(live: Live, tenant: string, ownerId: string): Promise<OfflineJournal> {
    const journal = new OfflineJournal(live, await LocalJournal.open(tenant, ownerId), ownerId)
    journal.start()
    return journal
  }

  get replica(): JournalReplica {
    return this.local.replica
  }

  view(): JournalState {
    return this.replica.view()
  }

  attention(): JournalAttention[] {
    return [...this.replica.attention(), ...this.leftovers.map((leftover) => ({ kind: "leftover" as const, leftover }))]
  }

  /** A left-over item copied, re-created or let go: it leaves the list on this device. */
  async settleLeftover(leftover: Leftover): Promise<void> {
    await settleLeftover(leftover)
    await this.findLeftovers()
  }

  syncState(): SyncState {
    const count = this.replica.pendingCount
    const conflicts = this.attention().length
    if (conflicts > 0) return { kind: "conflict", count: conflicts, pending: count }
    const connection = this.live.connection().state
    if (connection === "offline" || connection === "reconnecting" || connection === "signedOut") return { kind: "offline", count }
    if (this.failure) return { kind: "failed", code: this.failure, count }
    if (count > 0) return { kind: "pending", count }
    // Nothing waits here, but "synced" is only true once the journal has been heard from over this connection.
    return connection === "connected" && this.handle?.status !== "joining" ? { kind: "synced" } : { kind: "connecting" }
  }

  /** Called after every change of the view or of the sync state. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => void this.listeners.delete(listener)
  }

  // ---- the writer's changes: kept on this device at once, sent when possible

  async write(draft: EntryDraft): Promise<string> {
    const id = await this.local.change((replica) => replica.write(draft))
    this.sync()
    return id
  }

  async edit(entryId: string, edit: EntryEdit): Promise<void> {
    await this.local.change((replica) => replica.edit(entryId, edit))
    this.sync()
  }

  async delete(entryId: string): Promise<void> {
    await this.local.change((replica) => replica.delete(entryId))
    this.sync()
  }

  async resolve(entryId: string, field: TextField, text: { title?: string; body?: string; doc?: Doc }): Promise<void> {
    await this.local.change((replica) => replica.resolve(entryId, field, text))
    this.sync()
  }

  /** Consent goes straight to the journal (it needs the network): who may read an entry is the server's to decide. */
  async setConsent(entryId: string, coachId: string, shared: boolean): Promise<void> {
    await this.live.send(this.addr, { type: shared ? "grantConsent" : "withdrawConsent", entryId, coachId })
  }

  /** Lets go of an edit whose entry was deleted meanwhile (online: the journal keeps it until told). */
  async dismissOrphan(orphanId: string): Promise<void> {
    await this.live.send(this.addr, { type: "dismissOrphan", orphanId })
  }

  /** The writer has read why a change was refused. */
  async dismissRefused(op: string): Promise<void> {
    await this.local.change((replica) => replica.dismissRefused(op))
  }

  /** "Sync now": sends what is pending and asks the journal for what is new, trying the connection again if it is down. */
  syncNow(): void {
    this.failure = undefined
    void this.carryMovedHere()
    if (this.live.connection().state !== "connected") this.live.reconnect()
    if (this.handle && (this.handle.status === "failed" || this.handle.status === "revoked")) this.resubscribe()
    this.sync()
    this.notify()
  }

  /**
   * Sends what is pending now and resolves true once nothing of this device
   * waits to reach the journal, or false if that did not happen within
   * `timeoutMs` (offline, or refused): before a guest's journal moves to
   * its new account, every answer must be in it.
   */
  flushed(timeoutMs = 8_000): Promise<boolean> {
    this.syncNow()
    if (this.replica.pendingCount === 0) return Promise.resolve(true)
    return new Promise((resolve) => {
      const done = (value: boolean) => {
        clearTimeout(timer)
        off()
        resolve(value)
      }
      const timer = setTimeout(() => done(this.replica.pendingCount === 0), timeoutMs)
      const off = this.onChange(() => {
        if (this.replica.pendingCount === 0) done(true)
      })
    })
  }

  close(): void {
    this.closed = true
    clearTimeout(this.foldTimer)
    for (const off of this.offs.splice(0)) off()
    this.handle?.close()
    this.listeners.clear()
    // What already arrived is kept: a guest's journal learns it moved before the prompt lets go of it.
    void this.folding.then(() => this.fold()).finally(() => this.local.close())
  }

  // ---- sync

  private start(): void {
    this.offs.push(this.local.onChange(() => this.notify()))
    this.offs.push(
      this.live.onConnection((connection) => {
        if (connection.state === "connected") this.sync()
        this.notify()
      }),
    )
    this.subscribe()
    this.sync()
    void this.findLeftovers()
  }

  /**
   * Takes in what a journal that moved here left on this device (a guest
   * who kept its journal, on this phone): its changes that never reached
   * it, and the words of those it refused, become this journal's own and
   * are sent. Only once the replica has heard from the journal since this
   * page opened it, so an entry that moved already is recognised and not
   * written twice. What is not carried (edits of entries deleted there) is
   * listed for the writer.
   */
  private carryMovedHere(): Promise<void> {
    if (this.closed || !this.heard) return this.findLeftovers()
    this.carrying ??= (async () => {
      try {
        if ((await this.local.carryMovedHere()) > 0) this.sync()
      } catch {
        // This device's storage refused: the items stay listed under "Needs your attention", with their words.
      } finally {
        this.carrying = undefined
      }
      await this.findLeftovers()
    })()
    return this.carrying
  }

  /** Looks on this device for journals that moved here and left words behind (a guest who kept its journal). */
  private async findLeftovers(): Promise<void> {
    const found = await leftoversMovedTo(this.replica.tenant, this.ownerId).catch(() => [])
    if (this.closed || (found.length === 0 && this.leftovers.length === 0)) return
    this.leftovers = found
    this.notify()
  }

  private subscribe(): void {
    const handle = (this.handle = this.live.subscribe(this.addr, inboxReducer))
    let seen: Inbox | undefined
    let status = handle.status
    this.offs.push(
      handle.onChange((inbox) => {
        // A join that brings nothing new folds nothing: the status line still has to learn the journal answered.
        if (handle.status !== status) {
          status = handle.status
          this.notify()
        }
        if (!inbox) return this.notify()
        if (inbox !== seen && inbox.snapshot) this.received = { snapshot: { state: inbox.snapshot, seq: handle.seq }, events: [] }
        seen = inbox
        inbox.snapshot = undefined
        this.received.events.push(...inbox.events.splice(0).map((event) => event as PublishedJournalEvent))
        this.scheduleFold()
      }),
    )
  }

  private resubscribe(): void {
    this.handle?.close()
    this.subscribe()
  }

  private scheduleFold(): void {
    if (this.foldTimer !== undefined) return
    this.foldTimer = setTimeout(() => {
      this.foldTimer = undefined
      this.folding = this.folding.then(() => this.fold())
    }, FOLD_EVERY_MS)
  }

  /** Everything received since the last fold, in one saved change. */
  private async fold(): Promise<void> {
    const { snapshot, events } = this.received
    this.received = { events: [] }
    if (!snapshot && events.length === 0) return
    await this.local.change((replica) => {
      if (snapshot) replica.adopt(snapshot.state, snapshot.seq)
      replica.receive(events)
    })
    if (!this.heard) {
      this.heard = true
      void this.carryMovedHere()
    }
    if (this.replica.seq >= this.ackedSeq && this.again) this.sync()
  }

  /** One round: every batch of the outbox, in order; another round follows if the writer changed something meanwhile. */
  private sync(): void {
    if (this.closed) return
    if (this.sending || this.replica.seq < this.ackedSeq) {
      this.again = true
      return
    }
    if (this.live.connection().state !== "connected") return
    this.again = false
    this.sending = true
    void this.round().finally(() => {
      this.sending = false
      this.notify()
      if (this.again && this.replica.seq >= this.ackedSeq) this.sync()
    })
  }

  private async round(): Promise<void> {
    try {
      await this.ensureCreated()
      const batches = this.replica.outboxBatches()
      if (batches.length === 0) return
      // The round's own suffix keeps ids unique in the live client's queue (a copy restored after a reload may still be in it);
      // the journal applies each device operation once whatever the command id.
      const round = (++this.rounds).toString(36)
      // A few batches in flight, in order: enough to keep the journal busy; the outbox itself is already on the
      // device (IndexedDB), so the live client's stored queue need not hold a second copy of all of it.
      let next = 0
      const sendNext = async (): Promise<void> => {
        for (let batch = batches[next++]; batch; batch = batches[next++]) {
          const ack = await this.live.send(this.addr, batch.cmd as unknown as Command, { id: `${batch.id}:${this.pageId}.${round}` })
          this.ackedSeq = Math.max(this.ackedSeq, ack.seq)
        }
      }
      await Promise.all(Array.from({ length: Math.min(BATCHES_IN_FLIGHT, batches.length) }, sendNext))
      this.failure = undefined
      // Anything still pending once the acked events are folded (a change made meanwhile) goes in the next round.
      if (this.replica.pendingCount > 0) this.again = true
    } catch (error) {
      const code = (error as { code?: string }).code ?? "internal"
      // A dropped connection resends by itself; anything else waits for "sync now" or the next change.
      if (code !== "unavailable" && code !== "network") this.failure = code
    }
  }

  /** A journal is made on first use; "already exists" is the usual answer. */
  private async ensureCreated(): Promise<void> {
    if (this.created) return
    await this.live.send(this.addr, { type: "create" }).catch((error: { code?: string }) => {
      if (error.code !== "conflict") throw error
    })
    this.created = true
    // Joining a journal that did not exist yet was refused: now it does.
    if (this.handle?.status === "revoked" || this.handle?.status === "failed") this.resubscribe()
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener()
  }
}
