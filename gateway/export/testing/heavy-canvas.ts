/**
 * A canvas as heavy as the limits allow one participant to make it: 99
 * strokes of 2,000 points (198,000 of the 200,000 points a canvas holds).
 * Its PDF took 1.4-2.2 s when rendered on the live event loop; the
 * live-latency test and pool-bench.ts export it.
 */
import type { User } from "../../../engine/actor-kind.ts"
import { makeAddress } from "../../../engine/address.ts"
import type { ActorSystem } from "../../../engine/runtime/api.ts"
import { sendCommand } from "../../http/deps.ts"

export const heavyStroke = (i: number, points = 2_000) => ({
  kind: "stroke",
  tool: "pen",
  colour: "#112233",
  width: 3,
  x: 100,
  y: i * 30,
  w: 1_000,
  h: 80,
  points: Array.from({ length: points }, (_, k): [number, number] => [k * 0.5, Math.sin(k / 10 + i) * 40]),
})

/** Creates a private canvas owned by `owner` and fills it, one command per stroke. */
export const buildHeavyCanvas = async (system: ActorSystem, owner: User, canvasId: string, strokes = 99): Promise<void> => {
  const addr = makeAddress(owner.tenant, "canvas", canvasId)
  await sendCommand(system, addr, owner, `${canvasId}-create`, { type: "create", title: "Heavy", privacy: "private" })
  for (let i = 0; i < strokes; i++) await sendCommand(system, addr, owner, `${canvasId}-stroke-${i}`, { type: "addElement", element: heavyStroke(i) })
}
