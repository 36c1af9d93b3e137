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
  "autocannon (closed loop, `connections` concurrent connections) against one Studio node: `GET /api/health`, `GET /api/users`, and the read models' lists and card search, with a bearer token."

const PERCENTILE_KEYS: readonly [number, string][] = [
  [0.001, "p0_001"], [1, "p1"], [10, "p10"], [25, "p25"], [50, "p50"], [75, "p75"], [90, "p90"],
  [97.5, "p97_5"], [99, "p99"], [99.9, "p99_9"], [99.99, "p99_99"], [99.999, "p99_999"],
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
}

const ENDPOINTS: readonly Endpoint[] = [
  { name: "health", path: "/api/health", authenticated: false },
  { name: "users (authenticated read)", path: "/api/users", authenticated: true },
  { name: "sessions list (read model)", path: "/api/sessions?limit=20", authenticated: true },
  { name: "canvases list (read model)", path: "/api/canvases?limit=20", authenticated: true, fullOnly: true },
  { name: "card search by meaning (pgvector)", path: "/api/cards/search?q=courage%20to%20pause&limit=5", authenticated: true, fullOnly: true },
]

const endpointsFor = (mode: SuiteContext["mode"]) => ENDPOINTS.filter((endpoint) => mode === "full" || !endpoint.fullOnly)

const measure = async (context: SuiteContext, baseUrl: string, token: string, endpoint: Endpoint): Promise<CaseReport> => {
  const { connections, pipelining } = context.budget.http
  const identity = { scenario: endpoint.name, subject: "studio", params: { path: endpoint.path, connections, pipelining } }
  try {
    const seconds = context.budget.http.seconds
    const options = {
      url: `${baseUrl}${endpoint.path}`,
      connections,
      pipelining,
      ...(endpoint.authenticated ? { headers: { authorization: `Bearer ${token}` } } : {}),
    }
    await autocannon({ ...options, duration: 1 })
    const outcomes: RepeatOutcome[] = []
    const curves: PercentilePoint[][] = []
    let samples = 0
    for (let repeat = 0; repeat < context.budget.repeats; repeat++) {
      const result = await autocannon({ ...options, duration: seconds })
      const failures = result.errors + result.timeouts + result.non2xx
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
      context.log(`http ${endpoint.name} #${repeat + 1}: ${Math.round(result.requests.average)} req/s, p99 ${result.latency["p99"]} ms, failures ${failures}`)
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
    if (context.subjects && !context.subjects.includes("studio")) return unavailable("http", DESCRIPTION, "only Studio is measured here, and --subjects left it out")
    let node
    try {
      node = await startStudio(context.pinning)
      const cases: CaseReport[] = []
      for (const endpoint of endpointsFor(context.mode)) cases.push(await measure(context, node.baseUrl, node.token, endpoint))
      return completed("http", DESCRIPTION, cases)
    } catch (error) {
      return completed("http", DESCRIPTION, endpointsFor(context.mode).map((e) => failedCase({ scenario: e.name, subject: "studio", params: { path: e.path } }, error)))
    } finally {
      await node?.server.stop()
    }
  },
}
