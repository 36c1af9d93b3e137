import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["{engine,actors,projections,gateway,ml,bench,web}/**/*.test.ts", "*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Crash and service suites spawn processes and share servers: two workers on two cores.
    maxWorkers: 2,
    // CI reads the JSON report to print its closing `N passed, N failed` line.
    reporters: process.env.CI ? ["default", ["json", { outputFile: ".vitest-report.json" }]] : ["default"],
  },
})
