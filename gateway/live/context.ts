/** What every connection shares on one node: the runtime, tokens, presence, settings. */
import type { User } from "../../engine/actor-kind.ts"
import type { ActorSystem, PublishedEvent } from "../../engine/runtime/api.ts"
import type { KeyedLimiter } from "../auth/rate-limit.ts"
import type { Tokens } from "../auth/tokens.ts"
import type { FanoutRooms } from "./fanout-room.ts"
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
  /** Token bucket per user over `cmd` and `join` frames on all its connections, shared with HTTP commands. */
  readonly userCommandsPerSecond: number
  readonly userCommandBurst: number
  readonly maxJoinsPerConnection: number
  /** Live connections one user may hold on this node; the next is refused at hello with 4029. */
  readonly maxConnectionsPerUser: number
  /** Live connections from one client address (an IPv6 /64); the next is refused at once with 4029. */
  readonly maxConnectionsPerAddress: number
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
  userCommandsPerSecond: 100,
  userCommandBurst: 200,
  maxJoinsPerConnection: 256,
  maxConnectionsPerUser: 32,
  maxConnectionsPerAddress: 1_000,
  helloTimeoutMs: 10_000,
  presenceIntervalMs: 33,
  maxPresenceBytes: 2048,
  closeGraceMs: 5_000,
}

/** The key per-user limits count under, the same over HTTP and live. */
export const userKey = (user: Pick<User, "tenant" | "id">): string => `${user.tenant}/${user.id}`

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
  /** Counts an authenticated connection against its user's cap; false (and not counted) when the user is at the cap. */
  readonly admitUser: (connection: object, user: User) => boolean
  /** Per user (tenant/id), across every connection and HTTP commands. */
  readonly commandsPerUser: KeyedLimiter
  /** The fan-out rooms of this node, one per actor with members here: each holds the node's one subscription to its actor. */
  readonly rooms: FanoutRooms
}
