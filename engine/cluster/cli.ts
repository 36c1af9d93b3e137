/**
 * `npm run cluster:leases -- status | join`: membership and shard leases on
 * NATS_URL without the rest of a node, for trying failover by hand and for
 * the tests and benchmark that SIGKILL members.
 *
 * - `status` prints the members and how many leases each holds.
 * - `join` runs a member that holds shards and nothing else, printing
 *   `ready <node>`, then `gained <shard>` and `lost <shard> <reason>` lines;
 *   SIGTERM or SIGINT stops it gracefully (its shards are handed over at once).
 *
 * Settings: STUDIO_CLUSTER_NODE (a random id by default), STUDIO_SHARD_COUNT,
 * STUDIO_LEASE_TTL_MS, STUDIO_MEMBERS_BUCKET, STUDIO_LEASES_BUCKET.
 */
import { wholeNumberFromEnv } from "../config.ts"
import { connectToNats, URL_VARIABLE } from "../eventlog/jetstream/connection.ts"
import { startClusterNode } from "./cluster-node.ts"
import { DEFAULT_LEASE_TTL_MS, DEFAULT_LEASES_BUCKET, DEFAULT_MEMBERS_BUCKET } from "./settings.ts"
import { DEFAULT_SHARD_COUNT } from "./shards.ts"
import { clusterStatus } from "./status.ts"

const env = process.env
const command = process.argv[2]
const url = env[URL_VARIABLE]
if ((command !== "status" && command !== "join") || url === undefined || url === "") {
  console.error(`Usage: ${URL_VARIABLE}=nats://127.0.0.1:4222 npm run cluster:leases -- status | join`)
  process.exit(2)
}
const buckets = {
  membersBucket: env.STUDIO_MEMBERS_BUCKET || DEFAULT_MEMBERS_BUCKET,
  leasesBucket: env.STUDIO_LEASES_BUCKET || DEFAULT_LEASES_BUCKET,
}
const nc = await connectToNats(url, `studio-cluster-${command}`)

if (command === "status") {
  for (const line of await clusterStatus(nc, buckets)) console.log(line)
  await nc.close()
} else {
  const node = await startClusterNode({
    nc,
    ...buckets,
    ...(env.STUDIO_CLUSTER_NODE ? { nodeId: env.STUDIO_CLUSTER_NODE } : {}),
    shardCount: wholeNumberFromEnv(env, "STUDIO_SHARD_COUNT", DEFAULT_SHARD_COUNT, 1, 65_536),
    leaseTtlMs: wholeNumberFromEnv(env, "STUDIO_LEASE_TTL_MS", DEFAULT_LEASE_TTL_MS, 300, 3_600_000),
    onProblem: (message) => console.error(message),
  })
  node.onOwnershipChange((change) => console.log(change.type === "gained" ? `gained ${change.shard}` : `lost ${change.shard} ${change.reason}`))
  console.log(`ready ${node.nodeId}`)
  const leave = async () => {
    await node.stop()
    await nc.close()
    process.exit(0)
  }
  process.once("SIGTERM", leave)
  process.once("SIGINT", leave)
}
