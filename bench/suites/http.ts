/**
 * http: autocannon against the Studio gateway's HTTP API, on the health
 * check and on an authenticated read (the organization's member list, as the
 * demo facilitator). autocannon is closed loop (each connection waits for
 * its answer), so these latencies are service times under saturation, not
 * open-loop latencies like the live suite's.
 */
import autocannon, { type Stats } from "autocannon"
import type { PercentilePoint } from "../harness/histogram.ts"
import { median, type CaseReport } from "../report/model.ts"
import { gatewayMissing, startStudio } from "../studio/gateway-process.ts"
import { caseFrom, completed, failedCase, unavailable, type RepeatOutcome, type Suite, type SuiteContext } from "./suite.ts"

const DESCRIPTION =
  "autocannon (closed loop, `connections` concurrent connections) against one Studio node: `GET /api/health`, `GET /api/users`, and the read models' lists and card search, with a bearer token, " +
  "after seeding sessions through the command API. `cached`: one URL asked again and again, answered from the read cache after the first query; `revalidation`: the same with If-None-Match, answered 304; " +
  "`cache off, distinct queries`: a second node with STUDIO_READ_CACHE_ENTRIES=0 and a different query string on every request, so each one is a read-store query."

const PERCENTILE_KEYS: readonly [number, string][] = [
  [0.001, "p0_001"],
  [1, "p1"],
  [10, "p10"],
  [25, "p25"],
  [50, "p50"],
  [75, "p75"],
  [90, "p90"],
  [97.5, "p97_5"],
  [99, "p99"],
  [99.9, "p99_9"],
  [99.99, "p99_99"],
  [99.999, "p99_999"],
]

const curveOf = (latency: Stats): PercentilePoint[] => [
  ...PERCENTILE_KEYS.flatMap(([percentile, key]) => (typeof latency[key] === "number" ? [{ percentile, ms: latency[key] }] : [])),
  { percentile: 100, ms: latency.max },
]

interface Endpoint {
  readonly name: string
  readonly path: string
  readonly authenticated: boolean
  /** Only in full mode, so that `all --quick` stays within its two minutes. */
  readonly fullOnly?: boolean
  /** Measured on a second node started with the read cache off (STUDIO_READ_CACHE_ENTRIES=0). */
  readonly uncached?: boolean
  /** Each request asks a different query (limit and status vary), so answers cannot be shared. */
  readonly distinct?: boolean
  /** Sends the ETag of a first answer in If-None-Match; a 304 is the expected answer. */
  readonly revalidate?: boolean
}

const ENDPOINTS: readonly Endpoint[] = [
  { name: "health", path: "/api/health", authenticated: false },
  { name: "users (authenticated read)", path: "/api/users", authenticated: true },
  { name: "sessions list (read model, cached)", path: "/api/sessions?limit=20", authenticated: true },
  { name: "sessions list (revalidation, 304)", path: "/api/sessions?limit=20", authenticated: true, revalidate: true, fullOnly: true },
  { name: "sessions list (cache off, distinct queries)", path: "/api/sessions", authenticated: true, uncached: true, distinct: true, fullOnly: true },
  { name: "canvases list (read model, cached)", path: "/api/canvases?limit=20", authenticated: true, fullOnly: true },
  {
    name: "card search by meaning (pgvector, cached)",
    path: "/api/cards/search?q=courage%20to%20pause&limit=5",
    authenticated: true,
    fullOnly: true,
  },
  {
    name: "card search by meaning (cache off, distinct queries)",
    path: "/api/cards/search?q=courage%20to%20pause",
    authenticated: true,
    uncached: true,
    distinct: true,
    fullOnly: true,
  },
]

/** Sessions created before measuring, so that lists have pages to show. */
const SEEDED_SESSIONS: Record<SuiteContext["mode"], number> = { smoke: 3, quick: 30, full: 300 }

const endpointsFor = (mode: SuiteContext["mode"]) => ENDPOINTS.filter((endpoint) => mode === "full" || !endpoint.fullOnly)

/** Creates sessions through the HTTP command API, waiting out the per-user command rate limit. */
const seedSessions = async (baseUrl: string, token: string, count: number): Promise<void> => {
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" }
  for (let i = 0; i < count; i++) {
    for (;;) {
      const response = await fetch(`${baseUrl}/api/actors/session/bench-${i}/commands`, {
        method: "POST",
        headers,
        body: JSON.stringify({ id: `bench-seed-${i}`, cmd: { type: "create", title: `Bench session ${i}` } }),
      })
      if (response.status === 429) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        continue
      }
      if (!response.ok) throw new Error(`seeding session ${i}: HTTP ${response.status} ${await response.text()}`)
      break
    }
  }
}

/** Waits until the read model lists what was seeded (projections trail the log). */
const awaitProjected = async (baseUrl: string, token: string, count: number): Promise<void> => {
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await fetch(`${baseUrl}/api/sessions?limit=100`, { headers: { authorization: `Bearer ${token}`, "cache-control": "no-cache" } })
    const body = (await response.json()) as { items?: unknown[]; nextCursor?: string | null }
    if ((body.items?.length ?? 0) >= Math.min(count, 100)) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`the sessions read model did not show ${count} seeded sessions within 10 s`)
}

const measure = async (context: SuiteContext, baseUrl: string, token: string, endpoint: Endpoint): Promise<CaseReport> => {
  const { connections, pipelining } = context.budget.http
  const identity = { scenario: endpoint.name, subject: "studio", params: { path: endpoint.path, connections, pipelining } }
  try {
    const seconds = context.budget.http.seconds
    const headers: Record<string, string> = endpoint.authenticated ? { authorization: `Bearer ${token}` } : {}
    if (endpoint.revalidate) {
      const first = await fetch(`${baseUrl}${endpoint.path}`, { headers })
      const etag = first.headers.get("etag")
      if (!etag) throw new Error(`${endpoint.path} answered without an ETag`)
      headers["if-none-match"] = etag
    }
    let sent = 0
    const separator = endpoint.path.includes("?") ? "&" : "?"
    // `n` makes every request a different query, so neither the cache nor in-flight sharing can answer it.
    const distinctPath = () => `${endpoint.path}${separator}limit=${1 + (sent % 50)}&n=${sent++}`
    const options = {
      url: `${baseUrl}${endpoint.path}`,
      connections,
      pipelining,
      headers,
      ...(endpoint.distinct
        ? { requests: [{ method: "GET" as const, setupRequest: (request: Record<string, unknown>) => ({ ...request, path: distinctPath() }) }] }
        : {}),
    }
    await autocannon({ ...options, duration: 1 })
    const outcomes: RepeatOutcome[] = []
    const curves: PercentilePoint[][] = []
    let samples = 0
    for (let repeat = 0; repeat < context.budget.repeats; repeat++) {
      const result = await autocannon({ ...options, duration: seconds })
      // A revalidation's expected answer is 304; anything else counts as a failure there.
      const unexpected = endpoint.revalidate ? result.requests.total - result["3xx"] : result.non2xx
      const failures = result.errors + result.timeouts + unexpected
      outcomes.push({
        figures: {
          requests: { value: result.requests.average, unit: "req/s", better: "higher" },
          "latency p50": { value: result.latency["p50"]!, unit: "ms", better: "lower" },
          "latency p99": { value: result.latency["p99"]!, unit: "ms", better: "lower" },
          failures: { value: failures, unit: "requests", better: "lower" },
        },
        notes: failures > 0 ? [`${failures} requests failed or were not 2xx in a repeat`] : [],
      })
      curves.push(curveOf(result.latency))
      samples += result.latency["totalCount"] ?? result.requests.total
      context.log(
        `http ${endpoint.name} #${repeat + 1}: ${Math.round(result.requests.average)} req/s, p99 ${result.latency["p99"]} ms, failures ${failures}`,
      )
    }
    const folded = caseFrom(identity, outcomes)
    // autocannon keeps its histograms to itself: the curve is the per-percentile median of the repeats.
    // Percentiles finer than the sample count supports would only repeat the maximum.
    const resolvable = (p: number) => p === 100 || 100 / (100 - p) <= samples / curves.length
    const medians = curves[0]!.map((point, i) => ({ percentile: point.percentile, ms: median(curves.map((c) => c[i]?.ms ?? point.ms)) }))
    const curve = medians.filter((point) => resolvable(point.percentile))
    const summary = [50, 90, 99, 99.9, 100].flatMap((p) => medians.filter((c) => c.percentile === p))
    return { ...folded, latency: { curve, summary, samples } }
  } catch (error) {
    return failedCase(identity, error)
  }
}

export const httpSuite: Suite = {
  name: "http",
  description: DESCRIPTION,
  run: async (context) => {
    const missing = gatewayMissing()
    if (missing) return unavailable("http", DESCRIPTION, missing)
    if (context.subjects && !context.subjects.includes("studio"))
      return unavailable("http", DESCRIPTION, "only Studio is measured here, and --subjects left it out")
    const endpoints = endpointsFor(context.mode)
    const cases: CaseReport[] = []
    const measureOn = async (selected: readonly Endpoint[], env: Record<string, string>) => {
      if (selected.length === 0) return
      let node
      try {
        node = await startStudio(context.pinning, { env })
        await seedSessions(node.baseUrl, node.token, SEEDED_SESSIONS[context.mode])
        await awaitProjected(node.baseUrl, node.token, SEEDED_SESSIONS[context.mode])
        for (const endpoint of selected) cases.push(await measure(context, node.baseUrl, node.token, endpoint))
      } catch (error) {
        cases.push(...selected.map((e) => failedCase({ scenario: e.name, subject: "studio", params: { path: e.path } }, error)))
      } finally {
        await node?.server.stop()
      }
    }
    await measureOn(
      endpoints.filter((e) => !e.uncached),
      {},
    )
    await measureOn(
      endpoints.filter((e) => e.uncached),
      { STUDIO_READ_CACHE_ENTRIES: "0" },
    )
    return completed("http", DESCRIPTION, cases)
  },
}
