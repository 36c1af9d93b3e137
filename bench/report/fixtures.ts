/** Small hand-made reports for the report and compare tests. */
import { metric, ratiosOf, type CaseReport, type Report, type SuiteReport } from "./model.ts"

export const liveCase = (subject: string, deliveries: readonly number[], p99: readonly number[]): CaseReport => ({
  id: `2x3@200/${subject}`,
  scenario: "2x3@200",
  subject,
  params: { rooms: 2, members: 3, rate: 200 },
  status: "ok",
  metrics: [metric("deliveries", "msg/s", "higher", deliveries), metric("latency p99", "ms", "lower", p99)],
  latency: {
    summary: [
      { percentile: 50, ms: 1 },
      { percentile: 100, ms: 9 },
    ],
    curve: [
      { percentile: 0, ms: 0.5 },
      { percentile: 90, ms: 3 },
      { percentile: 99, ms: 8 },
      { percentile: 100, ms: 9 },
    ],
    samples: 400,
  },
  notes: [],
})

export const reportWith = (cases: readonly CaseReport[], extra: readonly SuiteReport[] = []): Report => ({
  schema: 1,
  id: "test-run",
  target: "all",
  mode: "smoke",
  repeats: 3,
  startedAt: "2024-01-01T00:00:00.000Z",
  finishedAt: "2024-01-01T00:01:00.000Z",
  command: "npm run bench -- all --smoke",
  machine: {
    cores: 2,
    cpuModel: "Test CPU",
    memoryBytes: 2 ** 34,
    node: "v20.0.0",
    platform: "linux",
    kernel: "6",
    gitCommit: "abc",
    gitDirty: false,
    loadAverage: 0.1,
  },
  pinning: { pinned: true, note: "server on cpu 0, generator on cpu 1" },
  suites: [{ name: "live", status: "ok", description: "live suite", cases, ratios: ratiosOf(cases), plots: [], notes: [] }, ...extra],
})
