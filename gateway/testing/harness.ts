/**
 * A real gateway for tests: the real runtime over the embedded log in a
 * temporary directory, listening on a free port. `restart` reopens the same
 * directory, as a restarted process would.
 */
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { canvasKind } from "../../actors/canvas/index.ts"
import { organizationKind } from "../../actors/organization/index.ts"
import { sessionKind } from "../../actors/session/index.ts"
import type { Role, User } from "../../engine/actor-kind.ts"
import { openEmbeddedLog } from "../../engine/eventlog/embedded/embedded-log.ts"
import type { EventLog } from "../../engine/eventlog/port.ts"
import { readSideRetriever } from "../../ml/coach/read-side-retriever.ts"
import type { NodeInsights } from "../../ml/insights/live/node-insights.ts"
import { extractiveLanguageModel } from "../../ml/llm/extractive.ts"
import type { ActorSettings } from "../../engine/runtime/settings.ts"
import { makeActorSystem, type LocalActorSystem } from "../../engine/runtime/runtime.ts"
import { LiveClient } from "./live-client.ts"
import { makeTokens, type Identity, type Tokens } from "../auth/tokens.ts"
import { startGateway, type Gateway, type GatewayOptions } from "../gateway.ts"
import type { LiveSettings } from "../live/context.ts"
import type { ReadSide } from "../../projections/read-side/read-side.ts"

export const TEST_SECRET = new TextEncoder().encode("test secret that is long enough for HS256 ok")
/** Cheap scrypt for tests; the hash records its own cost. */
export const TEST_SCRYPT_COST = 1024

export interface TestServer {
  readonly url: string
  readonly http: string
  readonly tokens: Tokens
  readonly gateway: Gateway
  readonly system: LocalActorSystem
  readonly log: EventLog
  readonly dir: string
  /** Present when the options asked for one. */
  readonly readSide?: ReadSide
  token(user: Partial<User> & { id: string }, extra?: Omit<Identity, "user">): Promise<string>
  /** Connects and says hello as `user` (participant of tenant t1 unless told otherwise). */
  client(user: Partial<User> & { id: string }): Promise<LiveClient>
  /** Stops the gateway, runtime and log without removing the data. */
  stop(): Promise<void>
  /** Stops and removes the data. */
  dispose(): Promise<void>
}

export interface TestServerOptions {
  readonly live?: Partial<LiveSettings>
  readonly dir?: string
  readonly gateway?: Partial<GatewayOptions>
  readonly kinds?: GatewayKinds
  readonly runtime?: Partial<ActorSettings>
  /** Starts a read side over the server's log (e.g. `startReadSide`), mounted under /api and stopped with the server. */
  readonly readSide?: (log: EventLog, dir: string) => Promise<ReadSide>
  /** Facilitator insights fed by the server's appends (ml/insights). */
  readonly insights?: NodeInsights
  /** The AI coach as a node runs it by default: the read side's retriever and the extractive model (needs `readSide`). */
  readonly coach?: boolean
}

type GatewayKinds = Parameters<typeof makeActorSystem>[0]["kinds"]

export const testKinds: GatewayKinds = { organization: organizationKind, session: sessionKind, canvas: canvasKind }

export const startTestServer = async (options: TestServerOptions = {}): Promise<TestServer> => {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), "studio-gateway-")))
  const opened = await openEmbeddedLog({ dir })
  const log = options.insights ? options.insights.tap(opened) : opened
  const quiet = { info: () => undefined, error: (message: string, fields?: Record<string, unknown>) => console.error(message, fields) }
  const system = makeActorSystem({ log, kinds: options.kinds ?? testKinds, logger: quiet, ...options.runtime })
  const tokens = makeTokens({ secret: TEST_SECRET, accessTtlSeconds: 600, refreshTtlSeconds: 3600 })
  const readSide = await options.readSide?.(log, dir)
  const gateway = await startGateway({
    log,
    system,
    tokens,
    port: 0,
    host: "127.0.0.1",
    scryptCost: TEST_SCRYPT_COST,
    ...(options.live ? { live: options.live } : {}),
    ...(readSide ? { readSide } : {}),
    ...(options.insights ? { insights: options.insights } : {}),
    ...(options.coach && readSide ? { coach: { retriever: readSideRetriever(readSide), model: extractiveLanguageModel() } } : {}),
    ...options.gateway,
  })
  const url = `ws://127.0.0.1:${gateway.port}/live`
  let stopped = false
  const token = (user: Partial<User> & { id: string }, extra: Omit<Identity, "user"> = {}) =>
    tokens.issue({ user: { tenant: "t1", roles: ["participant"] as Role[], ...user }, ...extra }, "access")
  const stop = async () => {
    if (stopped) return
    stopped = true
    await gateway.stop(1_000)
    await readSide?.stop()
    await Effect.runPromise(system.shutdown())
    await Effect.runPromise(log.close())
  }
  return {
    url,
    http: `http://127.0.0.1:${gateway.port}`,
    tokens,
    gateway,
    system,
    log,
    dir,
    token,
    stop,
    ...(readSide ? { readSide } : {}),
    client: async (user) => LiveClient.open(url, await token(user)),
    dispose: async () => {
      await stop()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** A sticky note element for canvas commands. */
export const sticky = (text: string) => ({ kind: "sticky", text, colour: "#ffcc00", x: 10, y: 20, w: 100, h: 80 })

/** A fresh id per call, so tests never collide on the same log. */
let counter = 0
export const freshId = (prefix = "x") => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`
