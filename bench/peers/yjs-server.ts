/**
 * Yjs peer: a Hocuspocus server with no extensions, so no persistence. One
 * Y.Doc per room; each op is a Y.Map update that the server merges and
 * relays to the document's other connections.
 */
import { Server } from "@hocuspocus/server"
import { announceReady, portFromEnv } from "./ready.ts"

const port = portFromEnv()
const server = new Server({ port, address: "127.0.0.1", quiet: true, debounce: 60_000 })
await server.listen()
announceReady(port)
