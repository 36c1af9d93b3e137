import { configDefaults, defineConfig } from "vitest/config"
import { LongestFirst } from "./vitest.sequencer.ts"

/**
 * Files that start nodes, browsers, services, worker threads or read stores, kill processes, or build. `npm test`
 * runs everything; `npm run test:unit` (STUDIO_TEST_TIER=unit), the fast tier for while one works, leaves these out.
 */
const SLOW_TESTS = [
  "projections/**",
  "gateway/http/**",
  "gateway/export/**",
  "gateway/static/web-build.test.ts",
  "ml/embeddings/read-side.test.ts",
  "ml/retrieval/**",
  "ml/recommend/**",
  "ml/coach/citations.store.property.test.ts",
  "ml/insights/consent.property.test.ts",
  "bench/load/**",
  "repository.deps.test.ts",
  "web/e2e/**",
  "web/budget.test.ts",
  "bench/run.smoke.test.ts",
  "gateway/durability.test.ts",
  "gateway/main-*.test.ts",
  "gateway/static/main-web.test.ts",
  "gateway/transport/{tls,bun-node}.test.ts",
  "**/crash*.test.ts",
  "**/fuzz.test.ts",
  "engine/eventlog/jetstream/**",
  "engine/cluster/{leases,cluster-node,sigkill-failover}.test.ts",
  "engine/cluster/routing/**",
]

export default defineConfig({
  test: {
    include: ["{engine,actors,projections,gateway,ml,bench,web}/**/*.test.ts", "*.test.ts"],
    exclude: process.env["STUDIO_TEST_TIER"] === "unit" ? [...configDefaults.exclude, ...SLOW_TESTS] : configDefaults.exclude,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll waits on what a screen or a read model shows; on a busy machine a second is not enough, and a passing poll returns at once.
    expect: { poll: { timeout: 15_000, interval: 50 } },
    // Crash and service suites spawn processes and share servers: two workers on two cores.
    maxWorkers: 2,
    // Nodes that tests start run the esbuild bundle of gateway/main.ts (gateway/testing/node-command.ts): built here once per run.
    globalSetup: ["gateway/testing/bundle-setup.ts"],
    sequence: { sequencer: LongestFirst },
    // A worker runs its files one after another in one module graph: importing Effect, the engine and the read
    // side once per worker instead of once per file saved 150 s of 750 on 2 cores, and lets the browser files of a
    // worker share one node (web/testing/e2e.ts). Files must leave no global state behind them (env, timers, mocks).
    isolate: false,
    // Nodes and read sides that tests start embed with the lexical hash unless a test says otherwise: the local
    // sentence encoder (the default of `npm start`) costs each worker a model load; ml/embeddings tests it.
    env: { STUDIO_EMBEDDINGS: process.env.STUDIO_EMBEDDINGS ?? "lexical" },
    // CI reads the JSON report to print its closing `N passed, N failed` line.
    reporters: process.env.CI ? ["default", ["json", { outputFile: ".vitest-report.json" }]] : ["default"],
  },
})
