/**
 * What the other nodes show on one actor, as this node knows it: changes
 * heard on the presence bus, corrected now and then by a read of the bus
 * (which is how a dead node's entries disappear: they expire there, and the
 * next read no longer has them).
 *
 * A read and the changes heard meanwhile travel separately, so a read may
 * be older than a change that arrived before its answer. Every change heard
 * gets a version; a read only corrects what was last heard before it was
 * asked for (`mark`), never what was heard since.
 */
import { isDeepStrictEqual } from "node:util"
import type { PresenceRecord } from "./port.ts"

interface Known {
  readonly record: PresenceRecord
  readonly version: number
}

export class PresenceMirror {
  private version = 0
  private readonly known = new Map<string, Known>()
  /** Members heard leaving, with when: a read asked for before that must not bring them back. */
  private readonly left = new Map<string, number>()

  constructor(private readonly ownNode: string) {}

  /** The other nodes' records. */
  records(): IterableIterator<PresenceRecord> {
    return [...this.known.values()].map((known) => known.record).values()
  }

  /** A change heard on the bus; returns it when local members must be told, undefined when it changes nothing here. */
  hear(change: PresenceRecord): PresenceRecord | undefined {
    if (change.node === this.ownNode) return undefined
    this.version++
    if (change.data === null) {
      this.left.set(change.member, this.version)
      return this.known.delete(change.member) ? change : undefined
    }
    this.left.delete(change.member)
    this.known.set(change.member, { record: change, version: this.version })
    return change
  }

  /** Call before asking the bus for a read; hand the result to `correct` with its answer. */
  mark(): number {
    return this.version
  }

  /** Brings the mirror in line with a read asked for at `asked`; returns the changes local members must be told. */
  correct(asked: number, read: readonly PresenceRecord[]): PresenceRecord[] {
    const tell: PresenceRecord[] = []
    const present = new Set<string>()
    for (const record of read) {
      if (record.node === this.ownNode) continue
      present.add(record.member)
      const known = this.known.get(record.member)
      const heardSince = (known?.version ?? -1) > asked || (this.left.get(record.member) ?? -1) > asked
      if (heardSince || (known && isDeepStrictEqual(known.record, record))) continue
      this.known.set(record.member, { record, version: asked })
      tell.push(record)
    }
    for (const [member, known] of this.known) {
      if (present.has(member) || known.version > asked) continue
      this.known.delete(member)
      tell.push({ ...known.record, data: null })
    }
    for (const [member, version] of this.left) if (version <= asked) this.left.delete(member)
    return tell
  }
}
