/**
 * The HTTP API in-process for export tests: the real runtime over the
 * in-memory log with every actor kind, requests through `app.request`.
 */
import { Readiness } from "../../readiness.ts"
import { Effect } from "effect"
import { actorKinds } from "../../../actors/index.ts"
import type { Role, User } from "../../../engine/actor-kind.ts"
import { makeAddress } from "../../../engine/address.ts"
import { openMemoryLog } from "../../../engine/eventlog/testing/memory-log.ts"
import { makeActorSystem } from "../../../engine/runtime/runtime.ts"
import { KeyedLimiter } from "../../auth/rate-limit.ts"
import { makeTokens } from "../../auth/tokens.ts"
import { Directory } from "../../directory.ts"
import { makeApi } from "../../http/app.ts"
import { defaultApiLimits } from "../../http/deps.ts"
import { RenderPool, type ExportRenderer } from "../render-pool.ts"

/** `exports` replaces the render pool (default: one with no practical allowance limit); it is stopped by `close`. */
export const startExportApi = async (options: { exports?: ExportRenderer } = {}) => {
  const log = openMemoryLog()
  let ids = 0
  const system = makeActorSystem({ log, kinds: actorKinds, newId: () => `n${++ids}`, logger: { info: () => {}, error: () => {} } })
  const directory = await Directory.open(log, system)
  const tokens = makeTokens({
    secret: new TextEncoder().encode("export tests secret, long enough for HS256"),
    accessTtlSeconds: 600,
    refreshTtlSeconds: 3600,
  })
  const generous = () => new KeyedLimiter(100_000, 100_000)
  const exports = options.exports ?? new RenderPool({ burst: 100_000, perMinute: 6_000_000 })
  const app = makeApi({
    system,
    directory,
    tokens,
    log,
    nodeId: "test",
    logName: "memory",
    connections: () => 0,
    readiness: new Readiness(),
    scryptCost: 1024,
    exports,
    limits: { ...defaultApiLimits(generous()), publicPerIp: generous() },
  })
  const user = (id: string, roles: Role[] = ["participant"], tenant = "t1"): User => ({ id, tenant, roles })
  const request = async (path: string, as: User, init: RequestInit = {}) => {
    const token = await tokens.issue({ user: as }, "access")
    return app.request(path, { ...init, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers } })
  }
  let op = 0
  const send = (as: User, kind: string, id: string, command: unknown) =>
    Effect.runPromise(system.send(makeAddress(as.tenant, kind, id), as, `op-${++op}`, command))
  return {
    app,
    system,
    directory,
    tokens,
    user,
    request,
    send,
    close: async () => {
      await exports.stop()
      await Effect.runPromise(system.shutdown())
    },
  }
}
