/**
 * The embedded analytics sink: one newline-delimited JSON file per fact
 * table, in BigQuery's load format, with the table's schema beside it, so
 *
 *   bq load --source_format=NEWLINE_DELIMITED_JSON <dataset>.events events.ndjson events.schema.json
 *
 * loads it as is. Each call's rows are appended with one write and flushed
 * to disk. Resent insertIds are dropped within a recent window held in memory
 * (best effort, as BigQuery's own de-duplication is).
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { open } from "node:fs/promises"
import { join } from "node:path"
import { Effect } from "effect"
import { FACT_TABLES } from "./bigquery-tables.ts"
import { AnalyticsSinkError, rowsProblem, type AnalyticsSink } from "./sink.ts"

const RECENT_IDS = 200_000

export const ndjsonFile = (dir: string, table: string) => join(dir, `${table}.ndjson`)

export const openNdjsonSink = (dir: string): AnalyticsSink => {
  mkdirSync(dir, { recursive: true })
  for (const table of FACT_TABLES) writeFileSync(join(dir, `${table.name}.schema.json`), `${JSON.stringify(table.fields, null, 2)}\n`)
  const recent = new Map<string, Set<string>>()
  const remember = (table: string, ids: readonly string[]) => {
    let seen = recent.get(table)
    if (!seen || seen.size > RECENT_IDS) recent.set(table, (seen = new Set()))
    for (const id of ids) seen.add(id)
  }
  return {
    name: `ndjson:${dir}`,
    insert: (table, rows) =>
      Effect.gen(function* () {
        const problem = rowsProblem(table, rows)
        if (problem) return yield* new AnalyticsSinkError({ message: problem, retriable: false })
        const seen = recent.get(table)
        const fresh = rows.filter((row, i) => !seen?.has(row.insertId) && rows.findIndex((other) => other.insertId === row.insertId) === i)
        if (fresh.length === 0) return
        yield* Effect.tryPromise({
          try: async () => {
            const file = await open(ndjsonFile(dir, table), "a")
            try {
              await file.write(fresh.map((row) => `${JSON.stringify(row.json)}\n`).join(""))
              await file.datasync()
            } finally {
              await file.close()
            }
          },
          catch: (cause) =>
            new AnalyticsSinkError({ message: `cannot append to ${ndjsonFile(dir, table)}: ${String(cause)}`, retriable: true, cause }),
        })
        remember(
          table,
          fresh.map((row) => row.insertId),
        )
      }),
    close: () => Effect.void,
  }
}
