import { Cause, Effect, Exit } from "effect"
import { describe, expect, it } from "vitest"
import { makeAddress } from "../../address.ts"
import { LogUnavailable } from "../../errors.ts"
import type { AppendRequest } from "../port.ts"
import { openJetStreamLog } from "./jetstream-log.ts"
import { natsServerBinary, startPrivateServer } from "./testing/private-server.ts"

const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)
const addr = makeAddress("t1", "journal", "j1")
const append = (expectedSeq: number, op: string): AppendRequest => ({
  addr,
  expectedSeq,
  events: [{ op }],
  by: "u1",
  at: 1_700_000_000_000,
  commandKey: `u1:${op}`,
})

const failureOf = async <A, E>(effect: Effect.Effect<A, E>): Promise<unknown> => {
  const exit = await Effect.runPromiseExit(effect)
  return Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined
}

describe.skipIf(natsServerBinary() === undefined && !process.env.CI)("the JetStream log when the server goes away", () => {
  it("fails appends and reads with LogUnavailable instead of hanging, and works again once the server is back", { timeout: 90_000 }, async () => {
    const server = await startPrivateServer({ jetstream: true })
    const log = await openJetStreamLog({ url: server.url, stream: "LOSS", subjectPrefix: "loss", requestTimeoutMs: 2_000 })
    try {
      await run(log.append(append(0, "before")))
      await server.kill()

      expect(await failureOf(log.append(append(1, "during")))).toBeInstanceOf(LogUnavailable)
      expect(await failureOf(log.readStream(addr, 0))).toBeInstanceOf(LogUnavailable)
      expect(await failureOf(log.lastSeq(addr))).toBeInstanceOf(LogUnavailable)
      expect(await failureOf(log.headPosition())).toBeInstanceOf(LogUnavailable)

      await server.start()
      // The client reconnects by itself; the first appends after the restart may still find it reconnecting.
      let result: Exit.Exit<unknown, unknown> | undefined
      for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
        result = await Effect.runPromiseExit(log.append(append(1, "after")))
        if (Exit.isSuccess(result)) break
        expect(Cause.squash((result as Exit.Failure<unknown, unknown>).cause)).toBeInstanceOf(LogUnavailable)
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
      expect(result && Exit.isSuccess(result)).toBe(true)
      expect((await run(log.readStream(addr, 0))).flatMap((c) => c.events)).toEqual([{ op: "before" }, { op: "after" }])
    } finally {
      await run(log.close())
      await server.dispose()
    }
  })

  it("closes promptly even when the server died under it", { timeout: 20_000 }, async () => {
    const server = await startPrivateServer({ jetstream: true })
    const log = await openJetStreamLog({ url: server.url, stream: "LOSS", subjectPrefix: "loss", requestTimeoutMs: 2_000 })
    try {
      await run(log.append(append(0, "only")))
      const pending = Effect.runPromiseExit(log.append(append(1, "in-flight")))
      await server.kill()
      await run(log.close())
      await run(log.close())
      const exit = await pending
      if (Exit.isFailure(exit)) expect(Cause.squash(exit.cause)).toBeInstanceOf(LogUnavailable)
    } finally {
      await server.dispose()
    }
  })
})
