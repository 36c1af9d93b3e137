/**
 * The event log as the read-side worker reads it, one interface over three
 * ways (chosen by the node's log configuration, ReadSideSettings.log):
 *
 * - embedded: the worker reads the segment files itself (a read-only
 *   follower, engine/eventlog/embedded/follower.ts) up to the durable head
 *   the node's thread announces; that thread decodes and copies nothing.
 * - jetstream: the worker reads the stream on a NATS connection of its own;
 *   announcements only wake it sooner.
 * - shipped (no configuration: a memory log in tests): every read is a
 *   question to the node's thread, which answers with the commits.
 */
import type { ReadOnlyLog } from "../../engine/eventlog/port.ts"
import type { WorkerLogConfig } from "./messages.ts"

export interface WorkerLog {
  readonly log: ReadOnlyLog
  /** The node's thread says the durable head is now at least `position`. */
  headMoved(position: number): void
  close(): Promise<void>
}

export const openWorkerLog = async (config: WorkerLogConfig | undefined, shipped: ReadOnlyLog): Promise<WorkerLog> => {
  switch (config?.kind) {
    case undefined:
      return { log: shipped, headMoved: () => undefined, close: async () => undefined }
    case "embedded": {
      const { followEmbeddedLog } = await import("../../engine/eventlog/embedded/follower.ts")
      const follower = followEmbeddedLog({ dir: config.dir })
      return { log: follower, headMoved: (position) => follower.announce(position), close: () => follower.close() }
    }
    case "jetstream": {
      const { openJetStreamReader } = await import("../../engine/eventlog/jetstream/reader.ts")
      const reader = await openJetStreamReader({
        url: config.url,
        stream: config.stream,
        ...(config.subjectPrefix ? { subjectPrefix: config.subjectPrefix } : {}),
      })
      return { log: reader, headMoved: () => undefined, close: () => reader.close() }
    }
  }
}
