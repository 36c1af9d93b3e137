/**
 * A local stand-in for BigQuery's streaming insert REST API
 * (`POST /bigquery/v2/projects/{p}/datasets/{d}/tables/{t}/insertAll`), for
 * tests only: it checks the bearer token and the request's shape, keeps the
 * rows per table, drops rows whose insertId it has seen, answers per-row
 * errors the way BigQuery does, and can be told to fail.
 */
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { FACT_TABLES } from "../analytics/bigquery-tables.ts"

export interface StandIn {
  readonly endpoint: string
  readonly token: string
  readonly rows: (table: string) => Array<Record<string, unknown>>
  readonly requests: () => number
  /** Rows dropped because their insertId had been seen: resends. */
  readonly dropped: () => number
  /** After `skip` more requests succeed, the next `count` answer `status` (503: BigQuery unavailable). */
  failNext(status: number, count?: number, skip?: number): void
  /** Rows whose json matches are refused with reason "invalid", which stops the whole request. */
  refuseWhere(match: ((json: Record<string, unknown>) => boolean) | undefined): void
  close(): Promise<void>
}

const PATH = /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)\/insertAll$/

export const startBigQueryStandIn = async (project: string, dataset: string): Promise<StandIn> => {
  const token = `test-token-${Math.random().toString(36).slice(2)}`
  const tables = new Map<string, Array<Record<string, unknown>>>(FACT_TABLES.map((t) => [t.name, []]))
  const seen = new Set<string>()
  let failures: { status: number; count: number; skip: number } | undefined
  let dropped = 0
  let refuse: ((json: Record<string, unknown>) => boolean) | undefined
  let requests = 0

  const server: Server = createServer((req, res) => {
    let raw = ""
    req.on("data", (chunk) => (raw += chunk))
    req.on("end", () => {
      requests++
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" })
        res.end(JSON.stringify(body))
      }
      const match = PATH.exec(new URL(req.url ?? "/", "http://x").pathname)
      if (req.method !== "POST" || !match) return reply(404, { error: { code: 404, message: `Not found: ${req.method} ${req.url}` } })
      if (req.headers.authorization !== `Bearer ${token}`)
        return reply(401, { error: { code: 401, message: "Request had invalid authentication credentials." } })
      if (failures && failures.skip > 0) failures.skip--
      else if (failures && failures.count > 0) {
        failures.count--
        return reply(failures.status, { error: { code: failures.status, message: "The service is currently unavailable." } })
      }
      const [, p, d, t] = match
      const rows = tables.get(t!)
      if (p !== project || d !== dataset || !rows) return reply(404, { error: { code: 404, message: `Not found: Table ${p}:${d}.${t}` } })
      let body: { kind?: string; rows?: Array<{ insertId?: string; json?: Record<string, unknown> }> }
      try {
        body = JSON.parse(raw)
      } catch {
        return reply(400, { error: { code: 400, message: "Invalid JSON payload received." } })
      }
      if (body.kind !== "bigquery#tableDataInsertAllRequest" || !Array.isArray(body.rows))
        return reply(400, { error: { code: 400, message: "Invalid request: rows missing" } })
      const refusedAt = body.rows.findIndex((row) => typeof row.json !== "object" || row.json === null || (refuse?.(row.json) ?? false))
      if (refusedAt >= 0) {
        // BigQuery: the invalid row gets "invalid", every other row "stopped", and nothing is inserted.
        return reply(200, {
          kind: "bigquery#tableDataInsertAllResponse",
          insertErrors: body.rows.map((_, index) => ({
            index,
            errors: [
              index === refusedAt
                ? { reason: "invalid", location: "json", message: "no such field" }
                : { reason: "stopped", location: "", message: "" },
            ],
          })),
        })
      }
      for (const row of body.rows) {
        const key = `${t}/${row.insertId}`
        if (row.insertId && seen.has(key)) {
          dropped++
          continue
        }
        if (row.insertId) seen.add(key)
        rows.push(row.json!)
      }
      reply(200, { kind: "bigquery#tableDataInsertAllResponse" })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    token,
    rows: (table) => tables.get(table) ?? [],
    requests: () => requests,
    dropped: () => dropped,
    failNext: (status, count = 1, skip = 0) => void (failures = { status, count, skip }),
    refuseWhere: (match) => void (refuse = match),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
