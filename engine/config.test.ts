import { describe, expect, it } from "vitest"
import { loadConfig } from "./config.ts"

const problem = (env: Record<string, string>) => {
  try {
    loadConfig(env)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error("expected a configuration error")
}

describe("configuration", () => {
  it("runs on the embedded log under ./data when nothing is configured", () => {
    const config = loadConfig({})
    expect(config.eventLog).toMatchObject({ kind: "embedded" })
    expect(config.eventLog.kind === "embedded" && config.eventLog.dir).toMatch(/data\/log$/)
    expect(config.port).toBe(8080)
  })

  it("switches the event log to JetStream when NATS_URL is set", () => {
    expect(loadConfig({ NATS_URL: "nats://127.0.0.1:4222" }).eventLog).toEqual({
      kind: "jetstream",
      url: "nats://127.0.0.1:4222",
      stream: "STUDIO_EVENTS",
      replicas: 1,
    })
    expect(loadConfig({ NATS_URL: "127.0.0.1:4222" }).eventLog).toMatchObject({ url: "127.0.0.1:4222" })
  })

  it("shares presence and caches in-process unless REDIS_URL names a server", () => {
    expect(loadConfig({}).cache).toEqual({ kind: "in-process" })
    expect(loadConfig({ REDIS_URL: " redis://:pw@127.0.0.1:6379/2 " }).cache).toEqual({ kind: "redis", url: "redis://:pw@127.0.0.1:6379/2" })
    expect(loadConfig({ REDIS_URL: "rediss://cache.example" }).cache).toMatchObject({ kind: "redis" })
  })

  it("never prints the password of a bad REDIS_URL", () => {
    expect(problem({ REDIS_URL: "http://user:secret-pw@127.0.0.1" })).not.toContain("secret-pw")
  })

  it("names the variable and the fix in one line for every bad value", () => {
    for (const [env, variable] of [
      [{ PORT: "eighty" }, "PORT"],
      [{ PORT: "70000" }, "PORT"],
      [{ PORT: "-1" }, "PORT"],
      [{ NATS_URL: "http://127.0.0.1:4222" }, "NATS_URL"],
      [{ NATS_URL: "nats://[bad" }, "NATS_URL"],
      [{ NATS_URL: "nats://x", STUDIO_EVENT_STREAM: "a.b" }, "STUDIO_EVENT_STREAM"],
      [{ NATS_URL: "nats://x", STUDIO_EVENT_REPLICAS: "0" }, "STUDIO_EVENT_REPLICAS"],
      [{ STUDIO_READ_CACHE_ENTRIES: "lots" }, "STUDIO_READ_CACHE_ENTRIES"],
      [{ STUDIO_READ_CACHE_ENTRIES: "-5" }, "STUDIO_READ_CACHE_ENTRIES"],
      [{ REDIS_URL: "localhost:6379" }, "REDIS_URL"],
      [{ REDIS_URL: "http://127.0.0.1:6379" }, "REDIS_URL"],
      [{ REDIS_URL: "redis://[bad" }, "REDIS_URL"],
    ] as const) {
      const message = problem(env)
      expect(message.startsWith(`${variable}: `)).toBe(true)
      expect(message).not.toContain("\n")
    }
  })
})
