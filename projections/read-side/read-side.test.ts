/**
 * The read side in its worker thread, as a node runs it: the worker's
 * answers equal the in-process read API's; the response cache never serves
 * an answer older than the read model; revalidation; a killed worker comes
 * back; a store that cannot open fails the start in one line; the facts
 * go to the analytics sink the node names.
 */
import { mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import type { Hono } from "hono"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { User } from "../../engine/actor-kind.ts"
import { makeAddress } from "../../engine/address.ts"
import type { EventLog } from "../../engine/eventlog/port.ts"
import { ALL_PROJECTIONS } from "../all.ts"
import { FACT_TABLES } from "../analytics/bigquery-tables.ts"
import { ndjsonFile } from "../analytics/ndjson-sink.ts"
import { lexicalHashEmbeddings } from "../../ml/embeddings/lexical-hash.ts"
import { readApiFor, readApiOver } from "../../gateway/http/testing/read-api.ts"
import { READ_ROUTES } from "../../gateway/http/read-routes.ts"
import { READ_QUERY_NAMES, type ReadQuery } from "../reads/queries.ts"
import { makeReadQueries } from "../reads/run.ts"
import { inProcessReads } from "../reads/service.ts"
import { openPgliteStore, type OpenedStore } from "../store/pglite-store.ts"
import { runToHead } from "../testing/fixtures.ts"
import { testSeed } from "../../engine/testing/random.ts"
import { memoryLogOf, simulate, type Simulation } from "../testing/simulate.ts"
import { startReadSide } from "../../gateway/read-side.ts"
import { ReadSideStartError, type ReadSide } from "./read-side.ts"

const LISTS = [
  "/api/sessions",
  "/api/sessions?status=open",
  "/api/canvases",
  "/api/canvases?privacy=private",
  "/api/journal/entries",
  "/api/journal/search?q=river",
  "/api/cards",
]

const sessionCreated = (tenant: string, id: string, title: string, seq = 0) => ({
  addr: makeAddress(tenant, "session", id),
  expectedSeq: seq,
  by: `${tenant}-u0`,
  at: Date.UTC(2025, 5, 1),
  commandKey: `${tenant}-u0:${id}`,
  events: [{ type: "created", title, phases: ["Pause"], joinCode: "ABCDEF", facilitatorId: `${tenant}-u0` }],
})

describe("read side in a worker thread", () => {
  let dir: string
  let sim: Simulation
  let log: EventLog
  let readSide: ReadSide
  let inProcess: OpenedStore
  let viaWorker: Hono
  let direct: Hono
  const get = async (app: Hono, path: string, user: User, headers: Record<string, string> = {}) => {
    const response = await app.request(path, { headers: { "x-test-user": JSON.stringify(user), ...headers } })
    return {
      status: response.status,
      etag: response.headers.get("etag"),
      body: response.status === 304 ? undefined : ((await response.json()) as unknown),
    }
  }
  const head = () => Effect.runPromise(log.headPosition())

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "studio-read-side-"))
    sim = simulate({ seed: testSeed("read side worker"), tenants: ["A", "B"], events: 600 })
    log = memoryLogOf(sim.commits).log
    readSide = await startReadSide(log, {
      store: { kind: "pglite", dataDir: join(dir, "readstore") },
      idleMs: { min: 5, max: 20 },
      restartMs: 50,
      batchCommits: 7,
      analyticsExport: { sink: "ndjson", dir: join(dir, "facts"), everyMs: 50 },
      onError: () => undefined,
    })
    viaWorker = readApiFor(readSide)
    inProcess = await openPgliteStore({})
    for (const projection of ALL_PROJECTIONS) await runToHead(inProcess.store, log, projection)
    direct = readApiOver(inProcess.store)
    expect(await readSide.waitFor(await head(), 150_000)).toBe(true)
  }, 180_000)
  afterAll(async () => {
    await readSide?.stop()
    await Effect.runPromise(inProcess?.store.close() ?? Effect.void)
    await rm(dir, { recursive: true, force: true })
  })

  it("ships each commit to the worker once, however many projections apply it (again only after a re-read)", async () => {
    const shipped = Number(/^studio_read_side_commits_shipped_total (\d+)$/m.exec(await readSide.metrics())?.[1])
    // Once per commit for all the projections together, not once per projection (ten times the head);
    // a projection that re-reads from its checkpoint (a lease lost on a busy machine, a retried batch) ships a range again.
    expect(shipped).toBeGreaterThanOrEqual(await head())
    expect(shipped).toBeLessThan(2 * (await head()))
  })

  it("ships every analytics fact to the sink the node names: each event once, each row's newest version as the store holds it", async () => {
    // Versioned tables ship every version the exporter saw (append-only, as BigQuery
    // wants them); how many depends on how the export interleaved with catching up.
    const rowKey: Record<string, (row: Record<string, unknown>) => string> = {
      events: (row) => String(row.event_id),
      session_metrics: (row) => `${row.organization_id}/${row.session_id}`,
      daily_engagement: (row) => `${row.organization_id}/${row.day}`,
    }
    const newestShipped = async (table: string) => {
      const text = await readFile(ndjsonFile(join(dir, "facts"), table), "utf8").catch(() => "")
      const rows = text
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>)
      const newest = new Map<string, Record<string, unknown>>()
      for (const row of rows) {
        const key = rowKey[table]!(row)
        const kept = newest.get(key)
        if (table === "events" && kept) throw new Error(`event ${key} shipped twice`)
        if (!kept || Number(row.version) > Number(kept.version)) newest.set(key, row)
      }
      return newest
    }
    for (const table of FACT_TABLES) {
      const source = await Effect.runPromise(inProcess.store.asOwner((sql) => sql.query<Record<string, any>>(`select * from ${table.source}`)))
      expect(source.length, `${table.name}: the simulated history makes facts`).toBeGreaterThan(0)
      const expected = new Map(source.map((row) => table.row(row).json).map((row) => [rowKey[table.name]!(row), row]))
      await expect
        .poll(async () => Object.fromEntries(await newestShipped(table.name)), { timeout: 60_000, message: table.name })
        .toEqual(Object.fromEntries(expected))
    }
  }, 200_000)

  it("routes every read query at exactly one path", () => {
    const routed = READ_ROUTES.map((route) => route.toQuery({}, "id", "en").name)
    expect([...routed].sort()).toEqual([...READ_QUERY_NAMES].sort())
  })

  it("answers every list for every user exactly as the read API in the node's own thread does", async () => {
    for (const users of sim.users.values()) {
      for (const user of users) {
        for (const path of LISTS) {
          const [worker, local] = [await get(viaWorker, path, user), await get(direct, path, user)]
          expect({ user: user.id, path, status: worker.status, body: worker.body }).toEqual({
            user: user.id,
            path,
            status: local.status,
            body: local.body,
          })
        }
      }
    }
  })

  it("answers every query over the worker's typed messages as the HTTP read API and the queries in the node's own thread do", async () => {
    const local = inProcessReads(makeReadQueries(inProcess.store, { embeddings: lexicalHashEmbeddings() }))
    const queries: ReadonlyArray<[ReadQuery, string]> = [
      [{ name: "sessions", params: {} }, "/api/sessions"],
      [{ name: "sessions", params: { status: "open" } }, "/api/sessions?status=open"],
      [{ name: "canvases", params: {} }, "/api/canvases"],
      [{ name: "canvases", params: { privacy: "private" } }, "/api/canvases?privacy=private"],
      [{ name: "entries", params: {} }, "/api/journal/entries"],
      [{ name: "entrySearch", params: { q: "river" } }, "/api/journal/search?q=river"],
      [{ name: "cards", params: { language: "en" } }, "/api/cards"],
      [{ name: "journeys", params: {} }, "/api/journeys"],
    ]
    for (const users of sim.users.values()) {
      for (const user of users) {
        for (const [query, path] of queries) {
          const [worker, here, http] = [await readSide.read(user, query), await local.read(user, query), await get(viaWorker, path, user)]
          const outcome = (o: typeof worker) =>
            o.ok ? { status: 200, body: JSON.parse(o.value) as unknown } : { status: o.error.code, body: undefined }
          expect({ user: user.id, path, ...outcome(worker) }).toEqual({ user: user.id, path, ...outcome(here) })
          if (http.status === 200) expect({ user: user.id, path, ...outcome(worker) }).toEqual({ user: user.id, path, status: 200, body: http.body })
          else expect(worker.ok, `${user.id} ${path}`).toBe(false)
        }
      }
    }
  })

  it("serves a repeated list from the cache, and the new answer once a projection applies a change for that tenant", async () => {
    const admin = sim.users.get("A")![0]!
    const before = await get(viaWorker, "/api/sessions?limit=100", admin)
    const hitsBefore = Number(/studio_read_cache_hits_total (\d+)/.exec(await readSide.metrics())![1])
    expect((await get(viaWorker, "/api/sessions?limit=100", admin)).body).toEqual(before.body)
    expect(Number(/studio_read_cache_hits_total (\d+)/.exec(await readSide.metrics())![1])).toBe(hitsBefore + 1)

    const appended = await Effect.runPromise(log.append(sessionCreated("A", "fresh-session", "Fresh")))
    readSide.poke()
    expect(await readSide.waitFor(appended.position)).toBe(true)
    const after = (await get(viaWorker, "/api/sessions?limit=100", admin)).body as { items: Array<{ id: string }> }
    expect(after.items.map((item) => item.id)).toContain("fresh-session")
  })

  it("answers a revalidation with 304 while the tenant's read model is unchanged, and with the new list after a change", async () => {
    const admin = sim.users.get("B")![0]!
    const first = await get(viaWorker, "/api/canvases", admin)
    expect(first.etag).toMatch(/^W\/".+"$/)
    expect((await get(viaWorker, "/api/canvases", admin, { "if-none-match": first.etag! })).status).toBe(304)
    // Another user's validator never matches this user's answer.
    const other = sim.users.get("B")![3]!
    expect((await get(viaWorker, "/api/canvases", other, { "if-none-match": first.etag! })).status).toBe(200)

    const appended = await Effect.runPromise(log.append(sessionCreated("B", "b-fresh", "Fresh in B")))
    readSide.poke()
    expect(await readSide.waitFor(appended.position)).toBe(true)
    const revalidated = await get(viaWorker, "/api/canvases", admin, { "if-none-match": first.etag! })
    expect(revalidated.status).toBe(200)
    expect(revalidated.etag).not.toBe(first.etag)
  })

  it("starts a killed worker again: reads answer 503 meanwhile, then the same lists as before", async () => {
    const user = sim.users.get("A")![2]!
    const before = await get(viaWorker, "/api/journal/entries", user)
    await readSide.killWorker()
    expect((await get(viaWorker, "/api/journal/entries", user)).status).toBe(503)
    // A new worker opens the store again: seconds on a busy machine.
    await expect.poll(() => get(viaWorker, "/api/journal/entries", user), { timeout: 90_000 }).toMatchObject({ status: 200, body: before.body })
  }, 120_000)
})

describe("read side restart", () => {
  it("keeps trying to start a dead worker while its store cannot open, and serves again once it can", async () => {
    const dir = await mkdtemp(join(tmpdir(), "studio-read-side-restart-"))
    const storeDir = join(dir, "readstore")
    const { log } = memoryLogOf(simulate({ seed: 1, tenants: ["A"], events: 50 }).commits)
    const errors: string[] = []
    const readSide = await startReadSide(log, {
      store: { kind: "pglite", dataDir: storeDir },
      idleMs: { min: 5, max: 20 },
      restartMs: 50,
      onError: (line) => errors.push(line),
    })
    try {
      const api = readApiFor(readSide)
      const admin: User = { id: "A-u0", tenant: "A", roles: ["admin", "facilitator"] }
      expect(await readSide.waitFor(await Effect.runPromise(log.headPosition()))).toBe(true)
      const before = await api.request("/api/sessions", { headers: { "x-test-user": JSON.stringify(admin) } })
      expect(before.status).toBe(200)
      // A file where the store's directory was: opening fails until it is put back.
      await rename(storeDir, `${storeDir}.away`)
      await writeFile(storeDir, "not a directory")
      await readSide.killWorker()
      await expect.poll(() => errors.filter((line) => line.includes("restart failed")).length, { timeout: 60_000 }).toBeGreaterThanOrEqual(2)
      expect((await api.request("/api/sessions", { headers: { "x-test-user": JSON.stringify(admin) } })).status).toBe(503)
      await rm(storeDir)
      await rename(`${storeDir}.away`, storeDir)
      await expect
        .poll(async () => (await api.request("/api/sessions", { headers: { "x-test-user": JSON.stringify(admin) } })).status, { timeout: 60_000 })
        .toBe(200)
      const after = await api.request("/api/sessions", { headers: { "x-test-user": JSON.stringify(admin) } })
      expect(await after.json()).toEqual(await before.json())
    } finally {
      await readSide.stop()
      await rm(dir, { recursive: true, force: true })
    }
  }, 180_000)
})

describe("read side start", () => {
  it("fails with the store's own one-line error when the store cannot open, and leaves no worker behind", async () => {
    const { log } = memoryLogOf([])
    const started = startReadSide(log, { store: { kind: "postgres", url: "postgres://postgres@127.0.0.1:1/nowhere", schema: "public" } })
    const error = await started.then(
      () => undefined,
      (failure: unknown) => failure,
    )
    expect(error).toBeInstanceOf(ReadSideStartError)
    expect((error as Error).message).not.toContain("\n")
    expect((error as Error).message).toMatch(/127\.0\.0\.1:1|DATABASE_URL|connect/i)
  }, 30_000)
})
