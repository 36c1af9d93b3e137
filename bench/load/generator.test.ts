/**
 * The generator spread over child processes: rooms are shared out between
 * them, each runs its part of the schedule, and the merged result counts
 * every operation once and every delivery once, as one process would.
 */
import { afterEach, expect, it } from "vitest"
import { planPinning } from "../harness/pinning.ts"
import { startServer, type ServerProcess } from "../harness/processes.ts"
import { peerScript } from "../subjects.ts"
import { forkedGenerators, type LoadGenerator } from "./generator.ts"

let server: ServerProcess | undefined
let generator: LoadGenerator | undefined

afterEach(async () => {
  await generator?.close()
  await server?.stop()
  generator = server = undefined
})

it("spreads rooms over child processes and merges their results without losing or double-counting", async () => {
  server = await startServer({ script: peerScript("uws-server.ts"), pinning: planPinning([]) })
  generator = await forkedGenerators("uws", { port: server.port }, 3, 2)
  await generator.addRooms(3)
  await generator.addRooms(2)
  expect(generator.sockets).toBe(15)
  const rate = 100
  const { result, busy } = await generator.drive({ ratePerSecond: rate, durationMs: 600, drainMs: 3000 })
  expect(busy).toHaveLength(2)
  // Each process schedules its share (3 rooms and 2 rooms) of the 60 operations.
  expect(result.scheduled).toBe(60)
  expect(result.sent).toBe(60)
  expect(result.expectedDeliveries).toBe(60 * 2)
  expect(result.delivered).toBe(result.expectedDeliveries)
  expect(result.lost).toBe(0)
  expect(result.unexpected).toBe(0)
  expect(result.latency.totalCount).toBe(result.delivered)
  expect(result.sendLag.totalCount).toBe(result.sent)
}, 60_000)
