/**
 * The values stored in the cluster's KV buckets, as JSON so that `nats kv get`
 * shows them to a person. Times written by a node (`startedAt`, `heartbeatAt`,
 * `renewedAt`) are that node's wall clock and only informative: liveness is
 * judged from revisions and durations (freshness.ts), never by comparing
 * clocks of two machines.
 */
import { Option, Schema } from "effect"
import { NAME_PATTERN } from "../address.ts"

const Millis = Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 2 ** 53 - 1 }))
const Duration = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 24 * 3_600_000 }))
const Count = Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0))
const NodeId = Schema.String.check(Schema.isPattern(NAME_PATTERN))

/** What a node reports about its load; later items fill it (operations, the rebalancer). */
export const LoadSummary = Schema.Struct({ actorsAlive: Count, sockets: Count, commandsPerSecond: Count })
export type LoadSummary = typeof LoadSummary.Type

export const NO_LOAD: LoadSummary = { actorsAlive: 0, sockets: 0, commandsPerSecond: 0 }

export const MemberRecord = Schema.Struct({
  node: NodeId,
  /** The subject prefix this node answers on, for routing. */
  inbox: Schema.String.check(Schema.isMinLength(1)),
  startedAt: Millis,
  heartbeatAt: Millis,
  /** Readers count the node dead once its record has not changed for this long. */
  expiresInMs: Duration,
  load: LoadSummary,
})
export type MemberRecord = typeof MemberRecord.Type

export const LeaseRecord = Schema.Struct({
  holder: NodeId,
  /** Random per acquisition, so a holder recognises its own write after a lost reply. */
  token: Schema.String.check(Schema.isMinLength(1)),
  ttlMs: Duration,
  renewedAt: Millis,
})
export type LeaseRecord = typeof LeaseRecord.Type

/** The cluster-wide settings every node must share, kept in the leases bucket. */
export const ClusterSettingsRecord = Schema.Struct({ shardCount: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 65_536 })) })
export type ClusterSettingsRecord = typeof ClusterSettingsRecord.Type

const utf8 = new TextEncoder()
const fromUtf8 = new TextDecoder()

export const encodeRecord = (record: object): Uint8Array => utf8.encode(JSON.stringify(record))

/** The record, or undefined for bytes that are not one (a foreign or corrupt value is treated as unknown, never trusted). */
export const decodeRecord = <S extends Schema.Codec<unknown, unknown>>(schema: S, bytes: Uint8Array): S["Type"] | undefined => {
  let json: unknown
  try {
    json = JSON.parse(fromUtf8.decode(bytes))
  } catch {
    return undefined
  }
  return Option.getOrUndefined(Schema.decodeUnknownOption(schema)(json))
}
