/**
 * Snapshots live in a JetStream KV bucket, one key per actor
 * (`<tenant>.<kind>.<id>`), history 1: only the latest matters, and a put
 * replaces it in one message. A KV value is one message, so a snapshot must
 * fit the server's max_payload (1 MiB by default); a bigger one is refused
 * with a message that says so, and the actor just replays from its last
 * snapshot that fit. See README.md for why this is a KV and not an object store.
 */
import type { NatsConnection } from "@nats-io/transport-node"
import { StorageType } from "@nats-io/jetstream"
import { Kvm, type KV } from "@nats-io/kv"
import { addressKey, type Address } from "../../address.ts"
import type { Snapshot } from "../port.ts"
import { decodeValue, encodeValue } from "./commit-codec.ts"

/** Room left in a message for the subject and headers a KV put adds. */
const ENVELOPE_BYTES = 1_024

export class SnapshotTooLarge extends Error {}

export interface SnapshotStore {
  save(addr: Address, snapshot: Snapshot): Promise<void>
  load(addr: Address): Promise<Snapshot | undefined>
}

export const openSnapshotStore = async (nc: NatsConnection, bucket: string, replicas: number): Promise<SnapshotStore & { readonly kv: KV }> => {
  const kv = await new Kvm(nc).create(bucket, { history: 1, storage: StorageType.File, replicas })
  const maxBytes = (nc.info?.max_payload ?? 1_048_576) - ENVELOPE_BYTES
  return {
    kv,
    async save(addr, snapshot) {
      const bytes = encodeValue({ seq: snapshot.seq, state: snapshot.state })
      if (bytes.length > maxBytes) {
        throw new SnapshotTooLarge(
          `snapshot of ${addressKey(addr)} is ${bytes.length} bytes, over the ${maxBytes} a NATS message can carry here; raise max_payload in the server config`,
        )
      }
      await kv.put(addressKey(addr), bytes)
    },
    async load(addr) {
      const entry = await kv.get(addressKey(addr))
      if (entry === null || entry.operation !== "PUT") return undefined
      const value = decodeValue(entry.value) as { seq?: unknown; state?: unknown }
      if (typeof value?.seq !== "number" || !(value.state instanceof Uint8Array)) {
        throw new Error(`snapshot of ${addressKey(addr)} in bucket ${bucket} is not a {seq, state} record`)
      }
      return { seq: value.seq, state: value.state }
    },
  }
}
