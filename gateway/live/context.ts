/** What every connection shares on one node: the runtime, tokens, presence, settings. */
import type { ActorSystem, PublishedEvent } from "../../engine/runtime/api.ts"
import type { Tokens } from "../auth/tokens.ts"
import type { FanoutRoom, RoomMember } from "./fanout-room.ts"
import type { InFlight } from "./in-flight.ts"
import type { PresenceHub } from "./presence.ts"

export interface LiveSettings {
  /** Frames above this get `too_large` (protocol.md: default 256 KiB). */
  readonly maxFrameBytes: number
  /** A socket whose unsent bytes pass this is cut with 4008 slow_consumer. */
  readonly maxBufferedBytes: number
  /** Token bucket per connection over `cmd` and `join` frames. */
  readonly commandsPerSecond: number
  readonly commandBurst: number
  readonly maxJoinsPerConnection: number
  /** A connection that has not said hello by then is closed 4001. */
  readonly helloTimeoutMs: number
  /** At most one presence update per member per interval (~30/s). */
  readonly presenceIntervalMs: number
  readonly maxPresenceBytes: number
  /** How long a cut socket may linger for its close handshake before it is dropped. */
  readonly closeGraceMs: number
}

export const defaultLiveSettings: LiveSettings = {
  maxFrameBytes: 256 * 1024,
  maxBufferedBytes: 2 * 1024 * 1024,
  commandsPerSecond: 100,
  commandBurst: 200,
  maxJoinsPerConnection: 256,
  helloTimeoutMs: 10_000,
  presenceIntervalMs: 33,
  maxPresenceBytes: 2048,
  closeGraceMs: 5_000,
}

export interface LiveContext {
  readonly system: ActorSystem
  readonly tokens: Tokens
  readonly presence: PresenceHub
  readonly settings: LiveSettings
  readonly nodeId: string
  readonly isDraining: () => boolean
  /** Requests to the runtime not yet answered: shutdown waits for them (an ack not yet sent). */
  readonly inFlight: InFlight
  /** The encoded `ev` frame for a view of an event, encoded once for every socket that sees the same view. */
  readonly eventFrame: (event: PublishedEvent, view: { readonly type: string }) => Uint8Array
  readonly forget: (connection: object) => void
  /** The fan-out rooms of this node, one per actor with live members here. */
  readonly rooms: {
    readonly enter: (key: string) => FanoutRoom
    readonly leave: (room: FanoutRoom, member: RoomMember) => void
  }
}
