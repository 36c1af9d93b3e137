/**
 * An actor's snapshots: the one it starts from, one saved every
 * `snapshotEvery` events off the command path, and a last one when it stops
 * healthy. The log stays the truth: a snapshot that cannot be read or saved
 * costs only a longer replay.
 */
import { Effect, type Semaphore } from "effect"
import type { Address } from "../address.ts"
import type { EventLog } from "../eventlog/port.ts"
import { ActorStop } from "./lifecycle.ts"
import type { RecentCommands } from "./recent-commands.ts"
import type { ActorSettings } from "./settings.ts"
import { decodeSnapshot, encodeSnapshot, type ActorSnapshot } from "./snapshot-codec.ts"

export class Snapshots {
  /** The seq of the newest snapshot loaded or saved: stopping at it saves nothing new. */
  private savedSeq = 0
  /** A periodic save is in flight: the next one waits for it rather than queueing behind it. */
  private saving = false

  constructor(
    private readonly addr: Address,
    private readonly key: string,
    private readonly log: EventLog,
    private readonly settings: Pick<ActorSettings, "snapshotEvery" | "logger">,
    /** Shared by the system's actors: bounds the periodic snapshots saving at once. */
    private readonly permits: Semaphore.Semaphore,
  ) {}

  /** The snapshot to start from at its seq, or undefined to replay the whole stream. */
  load(): Effect.Effect<(ActorSnapshot & { readonly seq: number }) | undefined, ActorStop> {
    return this.log.loadSnapshot(this.addr).pipe(
      Effect.mapError((e) => new ActorStop("could not load snapshot", { error: e.message })),
      Effect.map((snapshot) => {
        const decoded = snapshot && this.read(snapshot.state)
        if (!snapshot || !decoded) return undefined
        this.savedSeq = snapshot.seq
        return { ...decoded, seq: snapshot.seq }
      }),
    )
  }

  holds(seq: number): boolean {
    return seq <= this.savedSeq
  }

  /** Saves in the background once `seq` is `snapshotEvery` past the newest snapshot. */
  saveEvery(seq: number, state: unknown, recent: RecentCommands): void {
    if (seq - this.savedSeq < this.settings.snapshotEvery || this.saving) return
    // Off the command path. The state is encoded now, consistent with its seq; the save waits for a permit.
    this.saving = true
    const save = this.permits.withPermits(1)(this.save(seq, state, recent))
    Effect.runFork(save.pipe(Effect.ensuring(Effect.sync(() => void (this.saving = false)))))
  }

  /** Encodes `state` at `seq` now and saves it; a failed save is logged, never raised. */
  save(seq: number, state: unknown, recent: RecentCommands): Effect.Effect<void> {
    const bytes = encodeSnapshot({ version: 1, state, recent: recent.toEntries() })
    return this.log.saveSnapshot(this.addr, { seq, state: bytes }).pipe(
      Effect.map(() => void (this.savedSeq = Math.max(this.savedSeq, seq))),
      Effect.catch((error) => Effect.sync(() => this.settings.logger.error("snapshot failed", { addr: this.key, seq, error: error.message }))),
    )
  }

  /** A snapshot we cannot read is only a lost shortcut: replay the whole stream instead. */
  private read(bytes: Uint8Array): ActorSnapshot | undefined {
    try {
      const decoded = decodeSnapshot(bytes)
      if (!decoded) this.settings.logger.error("ignoring a snapshot of an unknown version", { addr: this.key })
      return decoded
    } catch (error) {
      this.settings.logger.error("ignoring an unreadable snapshot", { addr: this.key, error: String(error) })
      return undefined
    }
  }
}
