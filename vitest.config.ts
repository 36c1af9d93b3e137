import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["{engine,actors,projections,gateway,ml,bench,web}/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The crash and NATS suites spawn processes and share one nats-server: two workers on two cores.
    maxWorkers: 2,
  },
})
