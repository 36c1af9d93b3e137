/**
 * Opens the event log the configuration names. Adapters load lazily, so an
 * embedded node never loads the NATS client and vice versa.
 */
import type { EventLogConfig } from "../config.ts"
import type { EventLog } from "./port.ts"

export const openEventLog = async (config: EventLogConfig): Promise<EventLog> => {
  switch (config.kind) {
    case "embedded": {
      const { openEmbeddedLog } = await import("./embedded/embedded-log.ts")
      return openEmbeddedLog({ dir: config.dir })
    }
    case "jetstream": {
      const { openJetStreamLog } = await import("./jetstream/jetstream-log.ts")
      return openJetStreamLog({ url: config.url, stream: config.stream, replicas: config.replicas })
    }
  }
}
