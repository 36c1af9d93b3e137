/**
 * Opens the log a crash test runs against, chosen by environment variables,
 * so the child process and the checking test open the very same log:
 *
 *   CRASH_LOG=embedded   CRASH_DIR
 *   CRASH_LOG=jetstream  NATS_URL, CRASH_STREAM, CRASH_PREFIX
 */
import type { EventLog } from "../../port.ts"
import { openEmbeddedLog } from "../../embedded/embedded-log.ts"

export type OpenJetStreamLog = (options: { url: string; stream: string; subjectPrefix: string }) => Promise<EventLog>

export const JETSTREAM_MODULE = "../../jetstream/jetstream-log.ts"

const required = (env: NodeJS.ProcessEnv, name: string): string => {
  const value = env[name]
  if (!value) throw new Error(`crash test: ${name} must be set when CRASH_LOG=${env.CRASH_LOG}`)
  return value
}

/** `openJetStreamLog` may be passed in (a bundled child); otherwise it is loaded by path, so the embedded case never needs it. */
export const openCrashLog = async (env: NodeJS.ProcessEnv, openJetStreamLog?: OpenJetStreamLog, warn?: (line: string) => void): Promise<EventLog> => {
  switch (env.CRASH_LOG) {
    case "embedded":
      return openEmbeddedLog({ dir: required(env, "CRASH_DIR"), ...(warn ? { warn } : {}) })
    case "jetstream": {
      const open = openJetStreamLog ?? ((await import(JETSTREAM_MODULE)) as { openJetStreamLog: OpenJetStreamLog }).openJetStreamLog
      return open({ url: required(env, "NATS_URL"), stream: required(env, "CRASH_STREAM"), subjectPrefix: required(env, "CRASH_PREFIX") })
    }
    default:
      throw new Error(`crash test: CRASH_LOG must be "embedded" or "jetstream", got ${JSON.stringify(env.CRASH_LOG)}`)
  }
}
