/** Studio as a subject of the live and connections suites: one gateway node on the embedded log. */
import type { Subject } from "../subjects.ts"
import { studioAdapter } from "./adapter.ts"
import { gatewayMissing, LIVE_NODE, startStudio } from "./gateway-process.ts"

export const studioSubject: Subject = {
  name: "studio",
  about: "Studio gateway node, embedded event log (fsync before ack), moveElement on a shared canvas",
  adapter: studioAdapter,
  unavailableReason: gatewayMissing,
  start: async (pinning) => {
    const node = await startStudio(pinning)
    return { server: node.server, target: { port: node.server.port, token: node.token } }
  },
}

/** Only for the fanout suite when asked (`--subjects studio-live`): the live path without the read side's CPU on the node's core. */
export const studioLiveSubject: Subject = {
  name: "studio-live",
  about: "Studio node without its read side (bench/studio/live-node.ts): gateway, runtime, embedded log (fsync before ack)",
  adapter: studioAdapter,
  unavailableReason: gatewayMissing,
  start: async (pinning) => {
    const node = await startStudio(pinning, { script: LIVE_NODE })
    return { server: node.server, target: { port: node.server.port, token: node.token } }
  },
}
