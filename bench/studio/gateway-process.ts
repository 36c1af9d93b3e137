/**
 * Starts one Studio node (gateway/main.ts, bundled: dist/node/main.js) for a benchmark: embedded event
 * log in a fresh temporary STUDIO_DATA_DIR (or JetStream when asked), a free
 * port, demo accounts seeded with a password chosen here; then signs in as
 * the demo facilitator to get a token.
 */
import { randomBytes } from "node:crypto"
import { existsSync } from "node:fs"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { buildNodeBundle, NODE_BUNDLE_VARIABLE } from "../../gateway/build/node-bundle.ts"
import type { Pinning } from "../harness/pinning.ts"
import { startServer, type ServerProcess } from "../harness/processes.ts"

export const GATEWAY_MAIN = fileURLToPath(new URL("../../gateway/main.ts", import.meta.url))
/** The same node without its read side (see live-node.ts). */
export const LIVE_NODE = fileURLToPath(new URL("./live-node.ts", import.meta.url))
export const DEMO_EMAIL = "facilitator@demo.example"
/** A start takes 5-10 s here, and several times that beside a busy test suite; the bench measures after it. */
const STUDIO_READY_MS = 180_000

export const gatewayMissing = (): string | undefined =>
  existsSync(GATEWAY_MAIN) ? undefined : "the Studio gateway (gateway/main.ts) is not in this checkout"

export interface StudioNode {
  readonly server: ServerProcess
  readonly token: string
  readonly baseUrl: string
  /** The node's STUDIO_METRICS_TOKEN, for /api/metrics. */
  readonly metricsToken: string
  /** The demo accounts' password (STUDIO_DEMO_PASSWORD), for benches that sign in through a page. */
  readonly password: string
}

export class StudioStartError extends Error {
  readonly _tag = "StudioStartError"
}

export const signIn = async (baseUrl: string, email: string, password: string): Promise<string> => {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  })
  const body = (await response.json().catch(() => ({}))) as { token?: unknown; detail?: unknown; title?: unknown }
  if (!response.ok || typeof body.token !== "string") {
    throw new StudioStartError(`sign-in as ${email} failed: HTTP ${response.status} ${String(body.detail ?? body.title ?? "")}`)
  }
  return body.token
}

export const startStudio = async (
  pinning: Pinning,
  options: { natsUrl?: string; script?: string; env?: Record<string, string> } = {},
): Promise<StudioNode> => {
  const dataDir = await mkdtemp(join(tmpdir(), "studio-bench-"))
  const password = randomBytes(12).toString("base64url")
  const env: Record<string, string> = {
    STUDIO_DATA_DIR: dataDir,
    STUDIO_DEMO_PASSWORD: password,
    STUDIO_JWT_SECRET: randomBytes(36).toString("base64url"),
    STUDIO_METRICS_TOKEN: randomBytes(24).toString("base64url"),
    // A run can outlast the default 15-minute token; the live connections hold one token throughout.
    STUDIO_ACCESS_TTL_SECONDS: "86400",
    NATS_URL: options.natsUrl ?? "",
    // Every bench socket (up to 10,000, from 127.0.0.1) says hello with the one signed-in user: lift the per-user and per-address caps.
    STUDIO_MAX_CONNECTIONS_PER_USER: "1000000",
    STUDIO_MAX_CONNECTIONS_PER_ADDRESS: "1000000",
    STUDIO_COMMANDS_PER_USER_PER_SECOND: "10000000",
    ...options.env,
  }
  // Studio is measured as operators run it (`npm run start:built`), from the bundle a test run made when there is one.
  const script = options.script ?? process.env[NODE_BUNDLE_VARIABLE] ?? (await buildNodeBundle({ ifStale: true })).main
  const server = await startServer({ script, env, pinning, readyLine: /^studio ready on /, readyTimeoutMs: STUDIO_READY_MS })
  const stop = server.stop
  const node: ServerProcess = {
    ...server,
    stop: async () => {
      await stop()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
  const baseUrl = `http://127.0.0.1:${server.port}`
  try {
    // The gateway prints its listening line after seeding, so the demo accounts exist by now.
    return { server: node, token: await signIn(baseUrl, DEMO_EMAIL, password), baseUrl, metricsToken: env["STUDIO_METRICS_TOKEN"]!, password }
  } catch (error) {
    await node.stop()
    throw new StudioStartError(`${error instanceof Error ? error.message : String(error)}\n${server.stderrTail()}`)
  }
}
