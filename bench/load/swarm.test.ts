/**
 * The swarm's bookkeeping, over an in-memory room bus instead of a server:
 * every op is expected once at every other member; missing ones are lost,
 * repeats are duplicates, and ones from an earlier drive are stale.
 */
import { describe, expect, it } from "vitest"
import type { Adapter } from "./adapters/adapter.ts"
import { ScenarioError, Swarm } from "./swarm.ts"

interface Bus {
  readonly adapter: Adapter
  /** Ops held back instead of delivered, released later. */
  hold: boolean
  duplicate: boolean
  /** Release the held ops just before the next op goes out. */
  releaseOnSend: boolean
  release(): void
}

const memoryBus = (): Bus => {
  const rooms = new Map<string, Array<{ index: number; onOp: (id: number) => void }>>()
  const held: Array<() => void> = []
  const bus: Bus = {
    hold: false,
    duplicate: false,
    releaseOnSend: false,
    release: () => held.splice(0).forEach((deliver) => deliver()),
    adapter: {
      subject: "memory",
      connect: async (_target, member, onOp) => {
        const members = rooms.get(member.room) ?? []
        rooms.set(member.room, members)
        members.push({ index: member.index, onOp })
        return {
          send: (op) => {
            if (bus.releaseOnSend) {
              bus.releaseOnSend = false
              bus.release()
            }
            const deliver = () => {
              for (const other of members) if (other.index !== member.index) other.onOp(op.id)
            }
            if (bus.hold) return void held.push(deliver)
            deliver()
            if (bus.duplicate) deliver()
          },
          close: async () => undefined,
        }
      },
    },
  }
  return bus
}

describe("swarm bookkeeping", () => {
  it("expects each op at every other member of its room, and times every delivery", async () => {
    const bus = memoryBus()
    const swarm = new Swarm(bus.adapter, { port: 0 }, 4)
    await swarm.addRooms(3)
    expect(swarm.sockets).toBe(12)
    const result = await swarm.drive({ ratePerSecond: 200, durationMs: 100, drainMs: 100 })
    expect(result.sent).toBe(20)
    expect(result.expectedDeliveries).toBe(60)
    expect(result.delivered).toBe(60)
    expect(result.latency.totalCount).toBe(60)
    expect(result).toMatchObject({ lost: 0, stale: 0, unexpected: 0 })
  })

  it("counts deliveries that never came as lost, and a second copy as a duplicate", async () => {
    const bus = memoryBus()
    const swarm = new Swarm(bus.adapter, { port: 0 }, 2)
    await swarm.addRooms(1)
    bus.hold = true
    const silent = await swarm.drive({ ratePerSecond: 100, durationMs: 100, drainMs: 50 })
    expect(silent).toMatchObject({ sent: 10, delivered: 0, lost: 10 })
    bus.hold = false
    bus.duplicate = true
    const doubled = await swarm.drive({ ratePerSecond: 100, durationMs: 100, drainMs: 50 })
    expect(doubled).toMatchObject({ delivered: 10, lost: 0, unexpected: 10 })
  })

  it("counts an earlier drive's late deliveries as stale, not as this drive's", async () => {
    const bus = memoryBus()
    const swarm = new Swarm(bus.adapter, { port: 0 }, 2)
    await swarm.addRooms(1)
    bus.hold = true
    await swarm.drive({ ratePerSecond: 100, durationMs: 100, drainMs: 20 })
    bus.hold = false
    bus.releaseOnSend = true
    expect(await swarm.drive({ ratePerSecond: 100, durationMs: 100, drainMs: 50 })).toMatchObject({
      delivered: 10,
      lost: 0,
      stale: 10,
      unexpected: 0,
    })
  })

  it("refuses a room of one, where nobody could receive", () => {
    expect(() => new Swarm(memoryBus().adapter, { port: 0 }, 1)).toThrow(ScenarioError)
  })
})
