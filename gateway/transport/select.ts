/**
 * Picks the transport for the runtime the node runs on: Bun.serve under Bun,
 * uWebSockets.js under Node. Both are imported only when chosen: Bun cannot
 * load uWS.js's native build (importing it there prints a warning and loads
 * its slow JS fallback), and bun.ts needs the `Bun` global.
 */
import type { Transport } from "./transport.ts"

/** The Bun version when running under Bun. */
export const bunVersion = (): string | undefined => process.versions["bun"]

/** The transport for this runtime; on Node it refuses to start without uWS.js's native build. */
export const selectTransport = async (): Promise<Transport> => {
  if (bunVersion() !== undefined) return (await import("./bun.ts")).bunTransport
  const uws = await import("./uws.ts")
  uws.assertNativeUws()
  return uws.uwsTransport
}
