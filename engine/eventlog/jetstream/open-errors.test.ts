import { connect } from "@nats-io/transport-node"
import { jetstreamManager } from "@nats-io/jetstream"
import { Effect } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { ConfigError } from "../../errors.ts"
import { openJetStreamLog } from "./jetstream-log.ts"
import { deleteStreams, NATS_TEST_URL, shouldSkipJetStream, uniqueNames } from "./testing/nats-test-support.ts"
import { natsServerBinary, startPrivateServer } from "./testing/private-server.ts"

const openError = async (options: Parameters<typeof openJetStreamLog>[0]): Promise<ConfigError> => {
  try {
    const log = await openJetStreamLog(options)
    await Effect.runPromise(log.close())
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return error as ConfigError
  }
  throw new Error("openJetStreamLog succeeded where it should have failed")
}

const expectOneClearLine = (error: ConfigError, ...fragments: string[]) => {
  expect(error.message).not.toContain("\n")
  for (const fragment of fragments) expect(error.message).toContain(fragment)
}

describe("opening the JetStream log with a configuration that cannot work", () => {
  it("fails at once with one line naming NATS_URL when no server listens there", { timeout: 10_000 }, async () => {
    const error = await openError({ url: "nats://127.0.0.1:1" })
    expect(error.variable).toBe("NATS_URL")
    expectOneClearLine(error, "NATS_URL", "nats://127.0.0.1:1", "cannot connect", "nats-server -js")
  })

  it("fails with one line naming NATS_URL when the URL is not a NATS address", { timeout: 10_000 }, async () => {
    const error = await openError({ url: "http://[not a host" })
    expect(error.variable).toBe("NATS_URL")
    expectOneClearLine(error, "NATS_URL", "is not a NATS server address", "nats://host:4222")
  })

  it("never shows the password of a NATS_URL in its message", { timeout: 10_000 }, async () => {
    const error = await openError({ url: "nats://studio:s3cret@127.0.0.1:1" })
    expect(error.message).not.toContain("s3cret")
    expectOneClearLine(error, "NATS_URL", "127.0.0.1:1")
  })

  it("refuses stream, prefix and bucket names that are not subject-safe, and impossible replica counts, before connecting", async () => {
    for (const bad of [
      { stream: "a.b" },
      { subjectPrefix: "ev.>" },
      { subjectPrefix: "" },
      { snapshotBucket: "x y" },
      { replicas: 0 },
      { replicas: 2.5 },
    ]) {
      const error = await openError({ url: "nats://127.0.0.1:1", ...bad })
      expect(error.variable).toMatch(/^JetStreamLogOptions\./)
    }
  })

  const binary = natsServerBinary()
  // Under CI a missing binary must fail (startPrivateServer throws), not skip.
  it.skipIf(binary === undefined && !process.env.CI)(
    "fails with one line naming NATS_URL when the server runs without JetStream",
    { timeout: 20_000 },
    async () => {
      const server = await startPrivateServer({ jetstream: false })
      try {
        const error = await openError({ url: server.url })
        expect(error.variable).toBe("NATS_URL")
        expectOneClearLine(error, "NATS_URL", "JetStream", "-js")
      } finally {
        await server.dispose()
      }
    },
  )
})

const skip = await shouldSkipJetStream()

describe.skipIf(skip)("opening the JetStream log on a stream it cannot use", () => {
  const names = uniqueNames("foreign")
  afterAll(() => deleteStreams(names))

  it("refuses an existing stream that does not take the log's subjects, and leaves it unchanged", async () => {
    const nc = await connect({ servers: NATS_TEST_URL })
    try {
      const jsm = await jetstreamManager(nc)
      await jsm.streams.add({ name: names.stream, subjects: [`${names.subjectPrefix}-other.>`] })
      const error = await openError({ url: NATS_TEST_URL, ...names })
      expectOneClearLine(error, "NATS_URL", names.stream, `${names.subjectPrefix}.>`)
      expect((await jsm.streams.info(names.stream)).config.subjects).toEqual([`${names.subjectPrefix}-other.>`])
    } finally {
      await nc.close()
    }
  })
})
