/**
 * Test support for the JetStream suites: the server to use, whether to skip
 * (only outside CI: under CI an unreachable server must fail the tests), and
 * a fresh stream, prefix and bucket per log so suites never see each other.
 */
import { randomBytes } from "node:crypto"
import { Effect } from "effect"
import { connect } from "@nats-io/transport-node"
import { jetstreamManager } from "@nats-io/jetstream"
import type { LogFixture } from "../../testing/contract.ts"
import type { EventLog } from "../../port.ts"
import { openJetStreamLog, type JetStreamLogOptions } from "../jetstream-log.ts"

export const NATS_TEST_URL = process.env.NATS_URL ?? "nats://127.0.0.1:4222"

/** Why the JetStream tests cannot run here, or undefined when they can. */
const probe = async (): Promise<string | undefined> => {
  try {
    const nc = await connect({ servers: NATS_TEST_URL, timeout: 2_000, maxReconnectAttempts: 0 })
    try {
      await jetstreamManager(nc)
      return undefined
    } finally {
      await nc.close()
    }
  } catch (error) {
    return `no JetStream server at ${NATS_TEST_URL} (${error instanceof Error ? error.message : String(error)})`
  }
}

/** Skip only outside CI; under CI the suite runs and fails on the missing server. */
export const shouldSkipJetStream = async (): Promise<boolean> => {
  const reason = await probe()
  if (reason === undefined) return false
  if (process.env.CI) return false
  console.warn(`Skipping JetStream tests: ${reason}. Start one with: nats-server -js -a 127.0.0.1 -p 4222`)
  return true
}

export const uniqueNames = (label: string): Required<Pick<JetStreamLogOptions, "stream" | "subjectPrefix" | "snapshotBucket">> => {
  const tag = `${Date.now().toString(36)}${randomBytes(4).toString("hex")}`
  return { stream: `T_${label}_${tag}`, subjectPrefix: `t${tag}`, snapshotBucket: `T_${label}_${tag}_snap` }
}

/** Deletes a test stream and its snapshot bucket; missing ones are fine. */
export const deleteStreams = async (names: { stream: string; snapshotBucket: string }): Promise<void> => {
  const nc = await connect({ servers: NATS_TEST_URL, timeout: 2_000 })
  try {
    const jsm = await jetstreamManager(nc)
    for (const stream of [names.stream, `KV_${names.snapshotBucket}`]) await jsm.streams.delete(stream).catch(() => false)
  } finally {
    await nc.close()
  }
}

/** A contract fixture: each open() gets a fresh stream; reopen() is a new connection to the same one. */
export const jetStreamFixture = (label: string): LogFixture => {
  let names = uniqueNames(label)
  const opened: EventLog[] = []
  const open = async () => {
    const log = await openJetStreamLog({ url: NATS_TEST_URL, ...names })
    opened.push(log)
    return log
  }
  return {
    open: () => {
      names = uniqueNames(label)
      return open()
    },
    reopen: open,
    cleanup: async () => {
      for (const log of opened.splice(0)) await Effect.runPromise(log.close())
      await deleteStreams(names)
    },
  }
}
