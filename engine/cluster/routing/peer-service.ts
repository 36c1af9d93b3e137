/**
 * The subscription through which other nodes reach this one: one subject per
 * node (`<inbox>.route`), not one per shard, so a move or a failover of
 * hundreds of shards changes no subscriptions, and a request can only ever
 * reach one node. Who owns a shard is judged twice: by the sender from the
 * leases it watches, and here, at the moment of running, from this node's
 * own lease (a stale sender gets `moved`).
 */
import type { NatsConnection, Subscription } from "@nats-io/transport-node"
import { makeAddress, type Address } from "../../address.ts"
import type { ClusterNode } from "../cluster-node.ts"
import type { Owner } from "./owner.ts"
import { decodeRequest, encodeRoute, routeSubject, type RouteReply, type RouteRequest } from "./wire.ts"

const malformed: RouteReply = { t: "rejected", code: "internal", message: "a routed request this node cannot read; are the nodes on one version?" }

/** The request's address checked again: it crossed the network. */
const readRequest = (bytes: Uint8Array): { request: RouteRequest; addr: Address } | undefined => {
  try {
    const request = decodeRequest(bytes)
    if (request === undefined) return undefined
    const { tenant, kind, id } = request.addr as Record<keyof Address, unknown>
    if (typeof tenant !== "string" || typeof kind !== "string" || typeof id !== "string") return undefined
    return { request, addr: makeAddress(tenant, kind, id) }
  } catch {
    return undefined
  }
}

export const servePeers = async (nc: NatsConnection, cluster: ClusterNode, owner: Owner): Promise<Subscription> => {
  const subscription = nc.subscribe(routeSubject(cluster.inbox), {
    callback: (error, message) => {
      if (error !== null || message.reply === undefined) return
      const respond = (reply: RouteReply) => void message.respond(encodeRoute(reply))
      const read = readRequest(message.data)
      if (read === undefined) return respond(malformed)
      const { request, addr } = read
      const shard = cluster.shardOf(addr)
      if (request.t === "inspect") return owner.inspect(shard, addr, respond)
      owner.command(shard, addr, request.user, request.id, request.cmd, respond)
    },
  })
  // Subscribed on the server before anyone is told this node serves.
  await nc.flush()
  return subscription
}
