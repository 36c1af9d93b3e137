/**
 * The Redis adapter passes the port's contract against a real redis-server
 * of its own: two nodes, each with its own pair of connections. Also: a
 * server that cannot be reached fails the open, naming why.
 */
import { afterAll, describe, expect, it } from "vitest"
import { freePort } from "../../engine/eventlog/jetstream/testing/private-server.ts"
import { openCachePort } from "./open.ts"
import { openRedisCache } from "./redis.ts"
import { cachePortContract } from "./testing/contract.ts"
import { redisSkipReason, startPrivateRedis } from "./testing/private-redis.ts"

const skip = redisSkipReason()

cachePortContract(
  "redis",
  async () => {
    const server = await startPrivateRedis()
    const a = await openRedisCache({ url: server.url })
    const b = await openRedisCache({ url: server.url })
    return {
      a,
      b,
      // Redis keeps its own time: TTLs are short and the contract polls until they pass.
      elapse: () => undefined,
      shortTtlMs: 150,
      close: async () => {
        await Promise.all([a.close(), b.close()])
        await server.stop()
      },
    }
  },
  skip,
)

describe("opening the Redis adapter", () => {
  const opened: Array<{ close(): Promise<void> }> = []
  afterAll(() => Promise.all(opened.map((port) => port.close())))

  it("an unreachable server is a start-up error naming REDIS_URL, without the password", async () => {
    const url = `redis://:hunter2@127.0.0.1:${await freePort()}`
    const error = await openCachePort({ kind: "redis", url }).then(
      (port) => opened.push(port),
      (e: unknown) => e as Error,
    )
    expect(error).toBeInstanceOf(Error)
    const message = (error as Error).message
    expect(message).toMatch(/^REDIS_URL: cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+ \(.*ECONNREFUSED.*\)\. /)
    expect(message).not.toContain("hunter2")
    expect(message).not.toContain("\n")
  })

  it.skipIf(skip !== undefined)("refused credentials fail the start naming REDIS_URL; a good URL names the port by host", async () => {
    const server = await startPrivateRedis()
    try {
      const refused = await openCachePort({ kind: "redis", url: server.url.replace("redis://", "redis://nobody:s3cret@") }).catch((e: Error) => e)
      expect((refused as Error).message).toMatch(/^REDIS_URL: cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+ \(WRONGPASS/)
      expect((refused as Error).message).not.toContain("s3cret")
      const port = await openCachePort({ kind: "redis", url: server.url })
      opened.push(port)
      expect(port.name).toBe(`redis ${server.url}`)
    } finally {
      await server.stop()
    }
  })
})
