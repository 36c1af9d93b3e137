/**
 * Opening the NATS connection and the event stream. Everything that can be
 * wrong with the configuration (no server, no JetStream, a stream that does
 * not take our subjects) ends here as one ConfigError line naming NATS_URL.
 */
import { connect, type NatsConnection } from "@nats-io/transport-node"
import { JetStreamApiError, jetstreamManager, RetentionPolicy, StorageType, type JetStreamManager } from "@nats-io/jetstream"
import { ConfigError } from "../../errors.ts"

export const URL_VARIABLE = "NATS_URL"
const CONNECT_TIMEOUT_MS = 3_000
const DUPLICATE_WINDOW_SECONDS = 30

export interface StreamSettings {
  readonly url: string
  readonly stream: string
  readonly subjectPrefix: string
  readonly replicas: number
}

const oneLine = (error: unknown): string => (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").trim()

const configError = (problem: string, fix: string) => new ConfigError({ variable: URL_VARIABLE, problem, fix })

/** The URL as it may appear in a message: credentials replaced. */
export const shownUrl = (url: string): string => JSON.stringify(url.replace(/\/\/[^/@]*@/, "//***@"))

export const connectToNats = async (url: string, name: string): Promise<NatsConnection> => {
  try {
    return await connect({
      servers: url,
      name,
      timeout: CONNECT_TIMEOUT_MS,
      // After the first connection, keep trying in the background: calls fail fast meanwhile (see jetstream-log.ts).
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1_000,
      // Notice a silently dead server within ~15 s rather than the default ~4 minutes.
      pingInterval: 5_000,
      maxPingOut: 3,
      // Async stack traces cost two Error objects per request: a third of the CPU of an append.
      noAsyncTraces: true,
    })
  } catch (error) {
    if (/invalid url/i.test(oneLine(error))) {
      throw configError(`${shownUrl(url)} is not a NATS server address`, "Use the form nats://host:4222 (a list may be comma-separated)")
    }
    throw configError(
      `cannot connect to a NATS server at ${shownUrl(url)} (${oneLine(error)})`,
      "Start nats-server with JetStream there (nats-server -js), point NATS_URL at a running one, or unset NATS_URL to use the embedded log",
    )
  }
}

export const openJetStreamManager = async (nc: NatsConnection, url: string, timeoutMs: number): Promise<JetStreamManager> => {
  try {
    return await jetstreamManager(nc, { timeout: timeoutMs })
  } catch (error) {
    throw configError(
      `the NATS server at ${shownUrl(url)} does not offer JetStream (${oneLine(error)})`,
      "Enable it (nats-server -js, or a jetstream {} block in its config), or unset NATS_URL to use the embedded log",
    )
  }
}

/** Creates the event stream if it is missing, and checks that an existing one takes our subjects. */
export const ensureStream = async (jsm: JetStreamManager, settings: StreamSettings): Promise<void> => {
  const subjects = `${settings.subjectPrefix}.>`
  try {
    const info = await jsm.streams.info(settings.stream).catch((error: unknown) => {
      if (error instanceof JetStreamApiError && error.code === 10059) return undefined
      throw error
    })
    if (info === undefined) {
      await jsm.streams.add({
        name: settings.stream,
        subjects: [subjects],
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        num_replicas: settings.replicas,
        // Nats-Msg-Id dedup: long enough for a few request timeouts and a retry; the server keeps
        // every id of the window in memory (at 20k appends/s, 30 s is 600k ids).
        duplicate_window: DUPLICATE_WINDOW_SECONDS * 1_000_000_000,
      })
      return
    }
    if (!info.config.subjects?.includes(subjects)) {
      throw configError(
        `stream ${settings.stream} on ${shownUrl(settings.url)} exists but does not take subjects ${subjects} (it takes ${JSON.stringify(info.config.subjects ?? [])})`,
        "Use another stream name or subject prefix, or add the subjects to that stream",
      )
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error
    throw configError(
      `cannot create or check stream ${settings.stream} on ${shownUrl(settings.url)} (${oneLine(error)})`,
      "Check that the account may use JetStream, that no other stream takes the same subjects, and that the server has storage",
    )
  }
}
