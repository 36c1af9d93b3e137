/**
 * Run under Bun by topics.contract.test.ts: the Bun transport with the
 * scriptable handler of topic-script.ts (on Node the test runs it in-process).
 */
import { bunTransport } from "../bun.ts"
import { SCRIPT_LIMITS, scriptedSockets } from "./topic-script.ts"

const listening = await bunTransport.listen({
  port: 0,
  host: "127.0.0.1",
  ...SCRIPT_LIMITS,
  idleTimeoutSeconds: 30,
  live: scriptedSockets(),
  fetch: () => new Response("no http here", { status: 404 }),
})
console.log(`topics server on ${listening.port}`)
