/**
 * A swarm of room members over one subject's adapter, and the live scenario
 * it drives: operations at a fixed total rate, open loop, each sent by one
 * member (round robin over rooms, then members) and expected at every other
 * member of its room. Latency is taken at each delivery, from the
 * operation's scheduled time. Rooms can be added while connected, which is
 * how the connections suite ramps up.
 */
import { newHistogram, recordMillis, type Histogram } from "../harness/histogram.ts"
import { runOpenLoop } from "../harness/open-loop.ts"
import type { Adapter, LiveConnection, Member, Target } from "./adapters/adapter.ts"
import { closeAll, connectAll } from "./connect-all.ts"

export interface Drive {
  readonly ratePerSecond: number
  readonly durationMs: number
  /** How long to wait after the last send for deliveries still in flight. */
  readonly drainMs: number
}

export interface DriveResult {
  readonly scheduled: number
  readonly sent: number
  readonly expectedDeliveries: number
  readonly delivered: number
  /** Expected deliveries that had not arrived when the drain ended. */
  readonly lost: number
  /** Deliveries of an operation from an earlier drive: the server was still working through a backlog. */
  readonly stale: number
  /** Deliveries of an unknown or already fully delivered operation (duplicates). */
  readonly unexpected: number
  readonly latency: Histogram
  readonly sendLag: Histogram
  /** From scheduled send to the server's confirmation to the sender; empty for subjects without acks. */
  readonly ackLatency: Histogram
  /** Deliveries per second from the first scheduled send to the last delivery. */
  readonly deliveriesPerSecond: number
}

export class ScenarioError extends Error {
  readonly _tag = "ScenarioError"
}

let swarmCounter = 0

export class Swarm {
  private readonly connections: LiveConnection[][] = []
  private readonly tag: string
  // Op ids keep growing across drives, so a straggler from an earlier drive is never mistaken for a new op.
  private nextOpId = 0
  private window = { first: 0, scheduledAt: new Float64Array(0), outstanding: new Int32Array(0) }
  private latency = newHistogram()
  private ackLatency = newHistogram()
  private delivered = 0
  private unexpected = 0
  private stale = 0
  private lastDeliveryAt = 0
  /** Any delivery, current or stale: how the swarm tells the server has gone quiet. */
  private lastArrivalAt = 0
  private lostLastDrive = false

  constructor(
    readonly adapter: Adapter,
    readonly target: Target,
    readonly members: number,
    /** Names this swarm's rooms; swarms in different processes sharing one server need different tags. */
    tag?: string,
  ) {
    this.tag = tag ?? `${process.pid}x${++swarmCounter}x${Date.now().toString(36)}`
    if (!Number.isInteger(members) || members < 2)
      throw new ScenarioError(`members must be an integer of at least 2 (someone must receive), got ${members}`)
  }

  get rooms(): number {
    return this.connections.length
  }

  get sockets(): number {
    return this.connections.length * this.members
  }

  async addRooms(count: number): Promise<void> {
    if (!Number.isInteger(count) || count < 1) throw new ScenarioError(`rooms must be a positive integer, got ${count}`)
    const roster: Member[] = []
    const first = this.connections.length
    for (let r = first; r < first + count; r++) for (let m = 0; m < this.members; m++) roster.push({ room: `r${this.tag}-${r}`, index: m })
    const connected = await connectAll(
      this.adapter,
      this.target,
      roster,
      (_member, opId) => this.onOp(opId),
      (opId) => this.onAck(opId),
    )
    for (let r = 0; r < count; r++) this.connections.push(connected.slice(r * this.members, (r + 1) * this.members))
  }

  private onOp(opId: number): void {
    this.lastArrivalAt = performance.now()
    const i = opId - this.window.first
    if (i < 0) return void (opId >= 0 ? this.stale++ : this.unexpected++)
    if (!(i < this.window.outstanding.length) || this.window.outstanding[i]! <= 0) return void this.unexpected++
    this.window.outstanding[i]!--
    const now = performance.now()
    recordMillis(this.latency, now - this.window.scheduledAt[i]!)
    this.delivered++
    this.lastDeliveryAt = now
  }

  private onAck(opId: number): void {
    const i = opId - this.window.first
    if (i >= 0 && i < this.window.scheduledAt.length) recordMillis(this.ackLatency, performance.now() - this.window.scheduledAt[i]!)
  }

  async drive({ ratePerSecond, durationMs, drainMs }: Drive): Promise<DriveResult> {
    const rooms = this.rooms
    if (rooms === 0) throw new ScenarioError("add rooms before driving the swarm")
    // After a drive that left deliveries behind, let the server finish its backlog (bounded) so repeats stay independent.
    if (this.lostLastDrive) await this.quiet(300, drainMs)
    const capacity = Math.max(1, Math.floor((durationMs * ratePerSecond) / 1000))
    const first = this.nextOpId
    this.nextOpId += capacity
    this.window = { first, scheduledAt: new Float64Array(capacity), outstanding: new Int32Array(capacity) }
    this.latency = newHistogram()
    this.ackLatency = newHistogram()
    this.delivered = 0
    this.unexpected = 0
    this.stale = 0
    this.lastDeliveryAt = 0
    const loop = await runOpenLoop({
      ratePerSecond,
      durationMs,
      fire: (i, at) => {
        const room = i % rooms
        const member = Math.floor(i / rooms) % this.members
        this.window.scheduledAt[i] = at
        this.window.outstanding[i] = this.members - 1
        this.connections[room]![member]!.send({ id: first + i, el: `m${member}`, x: i % 1000, y: (i * 7) % 1000 })
      },
    })
    const expectedDeliveries = loop.sent * (this.members - 1)
    const drainUntil = performance.now() + drainMs
    while (this.delivered < expectedDeliveries && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 10))
    this.lostLastDrive = this.delivered < expectedDeliveries
    const spanMs = Math.max(1, (this.delivered > 0 ? this.lastDeliveryAt : performance.now()) - loop.startedAt)
    return {
      scheduled: loop.scheduled,
      sent: loop.sent,
      expectedDeliveries,
      delivered: this.delivered,
      lost: expectedDeliveries - this.delivered,
      stale: this.stale,
      unexpected: this.unexpected,
      latency: this.latency,
      sendLag: loop.sendLag,
      ackLatency: this.ackLatency,
      deliveriesPerSecond: (this.delivered * 1000) / spanMs,
    }
  }

  /** Waits until no delivery has arrived for `quietMs`, or `limitMs` passed. */
  private async quiet(quietMs: number, limitMs: number): Promise<void> {
    const until = performance.now() + limitMs
    while (performance.now() < until && performance.now() - this.lastArrivalAt < quietMs) await new Promise((r) => setTimeout(r, 20))
  }

  async close(): Promise<void> {
    await closeAll(this.connections.flat())
    this.connections.length = 0
  }
}
