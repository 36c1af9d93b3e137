/**
 * Shards: every actor address belongs to one of a fixed number of shards, and
 * a shard is the unit that one node owns (leases.ts) and that routing and
 * operations move. The hash is 32-bit FNV-1a over the UTF-8 bytes of
 * `addressKey` (tenant, kind and id), reduced modulo the shard count. It is
 * part of the cluster's wire contract: every node of one cluster must agree
 * on it and on the shard count, so neither may change without moving every
 * actor (the leases bucket records the count; see cluster-node.ts).
 */
import { addressKey, type Address } from "../address.ts"

export const DEFAULT_SHARD_COUNT = 1024

const FNV_OFFSET_BASIS = 0x811c9dc5
const FNV_PRIME = 0x01000193
const utf8 = new TextEncoder()

/** 32-bit FNV-1a, as an unsigned integer. */
export const fnv1a32 = (text: string): number => {
  let hash = FNV_OFFSET_BASIS
  for (const byte of utf8.encode(text)) hash = Math.imul(hash ^ byte, FNV_PRIME)
  return hash >>> 0
}

export const shardOf = (address: Address, shardCount: number = DEFAULT_SHARD_COUNT): number => fnv1a32(addressKey(address)) % shardCount

export const isShard = (value: number, shardCount: number): boolean => Number.isInteger(value) && value >= 0 && value < shardCount

/** The KV key of a shard's lease. */
export const leaseKey = (shard: number): string => `shard.${shard}`

export const shardOfLeaseKey = (key: string): number | undefined => {
  const match = /^shard\.(\d{1,9})$/.exec(key)
  return match ? Number(match[1]) : undefined
}
