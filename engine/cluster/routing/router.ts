/**
 * Sending a routed request to the owner of its shard, whichever node that
 * is, within a deadline. The loop asks the cluster who owns the shard, runs
 * the request here when this node does and asks the owner over NATS
 * otherwise; an answer of `moved`, a timeout, no responder or no owner at
 * all (mid-failover) sends it round again after a short, growing pause,
 * until the deadline, and then it is answered `unavailable`. Asking again is
 * safe: the owner runs a command id once (the actor's recent-commands
 * window), so a command that was applied but whose answer was lost gets its
 * first ack the second time.
 */
import type { NatsConnection } from "@nats-io/transport-node"
import type { ClusterNode } from "../cluster-node.ts"
import { MOVED } from "./owner.ts"
import { decodeReply, encodeRoute, routeSubject, type RouteReply, type RouteRequest } from "./wire.ts"

export interface RouterSettings {
  /** How long a request may look for its owner, moves and failovers included, before it is answered `unavailable`. */
  readonly deadlineMs: number
  /** How long one ask of one owner may take before it is asked again (a retry of a command is idempotent). */
  readonly attemptTimeoutMs: number
}

export const DEFAULT_ROUTER_SETTINGS: RouterSettings = { deadlineMs: 5_000, attemptTimeoutMs: 1_000 }

const FIRST_PAUSE_MS = 5
const LONGEST_PAUSE_MS = 100

export type RunLocally = (done: (reply: RouteReply) => void) => void

export const makeRouter = (nc: NatsConnection, cluster: ClusterNode, settings: RouterSettings) => {
  // Reading the members decodes every record: once per command it cost more than the rest of the hop. A node's inbox
  // is fixed for its life, so it is remembered, and forgotten when the node stops answering or the members change.
  const inboxes = new Map<string, string>()
  const inboxOf = (node: string): string | undefined => {
    let inbox = inboxes.get(node)
    if (inbox === undefined) {
      inbox = cluster.members().find((member) => member.node === node)?.inbox
      if (inbox !== undefined) inboxes.set(node, inbox)
    }
    return inbox
  }
  const stopWatchingMembers = cluster.onMembersChange(() => inboxes.clear())

  const ask = (owner: string, inbox: string, request: RouteRequest, timeout: number, done: (reply: RouteReply, problem: string) => void): void => {
    nc.request(routeSubject(inbox), encodeRoute(request), { timeout }).then(
      (message) => {
        const reply = decodeReply(message.data)
        done(reply ?? MOVED, reply === undefined ? "the owner's answer was unreadable" : "the shard moved")
      },
      (error: unknown) => {
        inboxes.delete(owner)
        done(MOVED, `the owner did not answer (${error instanceof Error ? error.message : String(error)})`)
      },
    )
  }

  /** Answers `done` exactly once: with the owner's reply, or `unavailable` at the deadline. */
  const route = (shard: number, request: RouteRequest, runLocally: RunLocally, done: (reply: RouteReply) => void): void => {
    const deadline = performance.now() + settings.deadlineMs
    let pause = FIRST_PAUSE_MS
    let problem = "no node owns it"

    const again = (reason: string) => {
      problem = reason
      const wait = Math.min(pause, Math.max(0, deadline - performance.now()))
      pause = Math.min(pause * 2, LONGEST_PAUSE_MS)
      setTimeout(attempt, wait)
    }
    const settle = (reply: RouteReply, reason: string) => (reply.t === "moved" ? again(reason) : done(reply))

    function attempt(): void {
      const remaining = deadline - performance.now()
      if (remaining <= 0) {
        return done({ t: "rejected", code: "unavailable", message: `shard ${shard} has no owner that answers (${problem}); try again` })
      }
      const owner = cluster.ownerOf(shard)
      if (owner === undefined) return again("no node owns it")
      if (owner === cluster.nodeId) return runLocally((reply) => settle(reply, "it moved away from this node"))
      const inbox = inboxOf(owner)
      if (inbox === undefined) return again(`its owner ${owner} is not a live member`)
      ask(owner, inbox, request, Math.max(1, Math.min(remaining, settings.attemptTimeoutMs)), settle)
    }
    attempt()
  }

  return { route, stop: stopWatchingMembers }
}

export type Router = ReturnType<typeof makeRouter>
