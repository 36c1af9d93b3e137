/**
 * What every node of a cluster must agree on, kept under one key of the
 * leases bucket by the first node: today the shard count, since a node that
 * hashed addresses to a different number of shards would own the wrong
 * actors.
 */
import { Data } from "effect"
import type { KV } from "@nats-io/kv"
import { isConflict } from "./leases.ts"
import { ClusterSettingsRecord, decodeRecord, encodeRecord } from "./records.ts"

export const SETTINGS_KEY = "cluster.settings"

export class ClusterSettingsMismatch extends Data.TaggedError("ClusterSettingsMismatch")<{
  readonly bucket: string
  readonly expected: ClusterSettingsRecord
  readonly found: unknown
}> {
  override get message() {
    return `the cluster in bucket ${this.bucket} runs with ${JSON.stringify(this.found)}, this node with ${JSON.stringify(this.expected)}: give every node the same shard count, or use another bucket`
  }
}

export const checkClusterSettings = async (kv: KV, bucket: string, shardCount: number): Promise<void> => {
  const expected: ClusterSettingsRecord = { shardCount }
  try {
    await kv.create(SETTINGS_KEY, encodeRecord(expected))
    return
  } catch (error) {
    if (!isConflict(error)) throw error
  }
  const entry = await kv.get(SETTINGS_KEY)
  const found = entry?.operation === "PUT" ? decodeRecord(ClusterSettingsRecord, entry.value) : undefined
  if (found?.shardCount !== shardCount) throw new ClusterSettingsMismatch({ bucket, expected, found: found ?? entry?.string() })
}
