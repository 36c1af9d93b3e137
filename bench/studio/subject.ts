/** Studio as a subject of the live and connections suites: one gateway node on the embedded log. */
import type { Subject } from "../subjects.ts"
import { studioAdapter } from "./adapter.ts"
import { gatewayMissing, startStudio } from "./gateway-process.ts"

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
