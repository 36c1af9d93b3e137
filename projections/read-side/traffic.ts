/**
 * What the read side costs the node, counted where it happens, in the
 * Prometheus text format: the log reads the main thread answers for the
 * worker (and the commits it decodes and copies across for them), and the
 * read store's transactions in the worker. Rates of these are what a
 * benchmark compares (bench/read-side-load.ts).
 */
import { Effect } from "effect"
import type { ReadStore } from "../store/port.ts"

export interface LogTraffic {
  reads: number
  headRequests: number
  commitsShipped: number
  /** Messages telling a worker that reads the log itself where the durable head is. */
  headAnnouncements: number
}

export const newLogTraffic = (): LogTraffic => ({ reads: 0, headRequests: 0, commitsShipped: 0, headAnnouncements: 0 })

const counter = (name: string, help: string, value: number) => `# HELP ${name} ${help}\n# TYPE ${name} counter\n${name} ${value}\n`

/** With the log's head as the node's thread sees it now: the runners' own lag is against the head they last saw. */
export const logTrafficMetrics = (traffic: LogTraffic, logHead: number | undefined): string =>
  (logHead === undefined
    ? ""
    : `# HELP studio_read_side_log_head_position Position of the newest commit in the node's event log, read when scraped.\n# TYPE studio_read_side_log_head_position gauge\nstudio_read_side_log_head_position ${logHead}\n`) +
  counter("studio_read_side_log_reads_total", "readAll requests the node's thread answered for the read side.", traffic.reads) +
  counter("studio_read_side_head_requests_total", "headPosition requests the node's thread answered for the read side.", traffic.headRequests) +
  counter(
    "studio_read_side_commits_shipped_total",
    "Commits the node's thread read from the log and copied to the read side.",
    traffic.commitsShipped,
  ) +
  counter(
    "studio_read_side_head_announcements_total",
    "Messages from the node's thread telling a read side that reads the log itself where the durable head is.",
    traffic.headAnnouncements,
  )

/** The store, counting its transactions; the counts are rendered by `metrics()`. */
export const countingTransactions = (store: ReadStore): { store: ReadStore; metrics(): string } => {
  let owner = 0
  let viewer = 0
  return {
    store: {
      ...store,
      asOwner: (body) =>
        Effect.suspend(() => {
          owner++
          return store.asOwner(body)
        }),
      asViewer: (who, body) =>
        Effect.suspend(() => {
          viewer++
          return store.asViewer(who, body)
        }),
    },
    metrics: () =>
      counter("studio_read_side_owner_transactions_total", "Read-store transactions as the owner: projections, leases, statistics.", owner) +
      counter("studio_read_side_viewer_transactions_total", "Read-store transactions as a viewer: read API queries.", viewer),
  }
}
