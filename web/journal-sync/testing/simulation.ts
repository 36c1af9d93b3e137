/**
 * A seeded world for sync tests: one journal (the real decider, fed through
 * the wire schema), devices that go offline and online, and a network that
 * delivers in random order, duplicates and drops. It also keeps a ledger of
 * every text a device wrote and of which texts each operation knowingly
 * replaced, so a test can tell a text the writer discarded from one lost.
 */
import { Schema } from "effect"
import { isRejection } from "../../../engine/actor-kind.ts"
import { makeAddress } from "../../../engine/address.ts"
import { decide, evolve, initialState, type JournalState } from "../../../actors/journal/decider.ts"
import { JournalCommand, type JournalEvent } from "../../../actors/journal/protocol.ts"
import { SYSTEM_USER_ID } from "../../../actors/journal/rules.ts"
import type { Random } from "../../../engine/testing/random.ts"
import type { OutgoingOp, PublishedJournalEvent } from "../replica.ts"

const decodeCommand = Schema.decodeUnknownSync(JournalCommand)

/** The journal as the runtime would run it: commands through the wire schema, then decide, append, evolve. */
export class SimJournal {
  state: JournalState
  readonly log: PublishedJournalEvent[] = []
  private clock = 1_000

  constructor(
    readonly tenant: string,
    readonly ownerId: string,
  ) {
    this.state = initialState(makeAddress(tenant, "journal", ownerId))
    this.append([{ type: "created", ownerId }])
  }

  get seq(): number {
    return this.log.length
  }

  /** Handles one delivery of an operation: "ack" when it is applied (or was before), the refusal otherwise. */
  handle(op: OutgoingOp): "ack" | { code: string; message: string } {
    const command = decodeCommand(op.cmd)
    const user = { id: this.ownerId, tenant: this.tenant, roles: ["participant" as const] }
    const ctx = {
      addr: makeAddress(this.tenant, "journal", this.ownerId),
      user,
      now: ++this.clock,
      commandId: op.id,
      newId: () => `srv-${this.clock}`,
    }
    const decision = decide(this.state, command, ctx)
    if (isRejection(decision)) return { code: decision.code, message: decision.message }
    this.append(decision)
    return "ack"
  }

  /** A command as the gateway sends it (the system user): the steps of moving a journal to another account. */
  asGateway(command: JournalCommand): JournalEvent[] {
    const user = { id: SYSTEM_USER_ID, tenant: this.tenant, roles: ["admin" as const] }
    const ctx = {
      addr: makeAddress(this.tenant, "journal", this.ownerId),
      user,
      now: ++this.clock,
      commandId: `gateway-${this.clock}`,
      newId: () => `srv-${this.clock}`,
    }
    const decision = decide(this.state, decodeCommand(command), ctx)
    if (isRejection(decision)) throw new Error(`the journal refused the gateway's ${command.type}: ${decision.message}`)
    this.append(decision)
    return [...decision]
  }

  eventsSince(seq: number): PublishedJournalEvent[] {
    return this.log.slice(seq)
  }

  private append(events: readonly PublishedJournalEvent["ev"][]) {
    for (const ev of events) {
      const event = { seq: this.log.length + 1, ev, by: this.ownerId, at: this.clock }
      this.log.push(event)
      this.state = evolve(this.state, ev, event)
    }
  }
}

export type Message = { readonly to: "journal"; readonly op: OutgoingOp } | { readonly to: string; readonly events: readonly PublishedJournalEvent[] }

/** Messages in flight, delivered one at a time in random order; some are duplicated or lost. */
export class Network {
  private readonly inFlight: Message[] = []
  constructor(private readonly random: Random) {}

  send(message: Message): void {
    this.inFlight.push(message)
  }

  get size(): number {
    return this.inFlight.length
  }

  /** Takes one random message; sometimes leaves a copy behind (a duplicate) or returns nothing (a loss). */
  take(lossRate: number): Message | undefined {
    if (this.inFlight.length === 0) return undefined
    const index = this.random.int(this.inFlight.length)
    const message = this.inFlight[index]!
    if (!this.random.chance(0.2)) this.inFlight.splice(index, 1)
    return this.random.chance(lossRate) ? undefined : message
  }
}

/** Which texts each field held, as the writer wrote them and as they knowingly discarded them. */
export class TextLedger {
  private readonly written = new Map<string, { text: string; op: string }>()
  private readonly discarded = new Map<string, Set<string>>()

  static key(entryId: string, field: string): string {
    return `${entryId}|${field}`
  }

  wrote(op: string, entryId: string, field: string, text: string): void {
    this.written.set(`${op}|${field}`, { text, op: `${entryId}|${field}|${op}` })
  }

  /** The texts `op` replaced while its writer could see them. */
  discards(op: string, entryId: string, field: string, texts: Iterable<string>): void {
    const key = `${op}|${TextLedger.key(entryId, field)}`
    const set = this.discarded.get(key) ?? new Set<string>()
    for (const text of texts) set.add(text)
    this.discarded.set(key, set)
  }

  /** Texts written that the final journal holds nowhere and no applied operation knowingly replaced. */
  lost(final: JournalState, applied: (op: string) => boolean): string[] {
    const kept = new Set<string>()
    for (const entry of final.entries) {
      kept.add(entry.title).add(entry.body)
      for (const conflict of entry.conflicts) {
        if (conflict.title !== null) kept.add(conflict.title)
        if (conflict.body !== null) kept.add(conflict.body)
      }
    }
    for (const orphan of final.orphans) {
      if (orphan.changes.title !== undefined) kept.add(orphan.changes.title)
      if (orphan.changes.body !== undefined) kept.add(orphan.changes.body)
    }
    const discardedTexts = new Set<string>()
    for (const [key, texts] of this.discarded) {
      const op = key.slice(0, key.indexOf("|"))
      if (applied(op)) for (const text of texts) discardedTexts.add(text)
    }
    return [...this.written.values()].map(({ text }) => text).filter((text) => text !== "" && !kept.has(text) && !discardedTexts.has(text))
  }
}
