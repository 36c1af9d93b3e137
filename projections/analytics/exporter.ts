/**
 * Ships analytics facts from the read store to a sink. Each fact table is
 * read in the order the analytics projection wrote it (log position, then
 * sequence), from a watermark kept per sink and table; the watermark moves
 * only after the sink accepted the rows. A crash in between resends rows
 * with the same insertIds, which the sink drops.
 */
import { Effect } from "effect"
import type { ReadStore, ReadStoreError } from "../store/port.ts"
import { FACT_TABLES, type FactTable } from "./bigquery-tables.ts"
import type { AnalyticsSink, AnalyticsSinkError } from "./sink.ts"

export interface ExportReport {
  /** Rows shipped per BigQuery table. */
  readonly shipped: Readonly<Record<string, number>>
}

const watermark = (store: ReadStore, sink: string, table: FactTable) =>
  store.asOwner(async (sql) => {
    const [row] = await sql.query<{ position: number; seq: number }>(
      "select position, seq from analytics_exports where sink = $1 and fact_table = $2",
      [sink, table.name],
    )
    return { position: Number(row?.position ?? 0), seq: Number(row?.seq ?? 0) }
  })

const sourceExists = (store: ReadStore, table: FactTable) =>
  store.asOwner(
    async (sql) =>
      (
        await sql.query(
          "select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and c.relname = $1",
          [table.source],
        )
      ).length > 0,
  )

const nextRows = (store: ReadStore, table: FactTable, after: { position: number; seq: number }, limit: number) =>
  store.asOwner((sql) =>
    sql.query<Record<string, any>>(
      `select *, ${table.position} as export_position, ${table.seq} as export_seq from ${table.source}
        where (${table.position}, ${table.seq}) > ($1::bigint, $2::integer) order by export_position, export_seq limit $3`,
      [after.position, after.seq, limit],
    ),
  )

const advance = (store: ReadStore, sink: string, table: FactTable, to: { position: number; seq: number }) =>
  store.asOwner((sql) =>
    sql.query(
      `insert into analytics_exports (sink, fact_table, position, seq) values ($1, $2, $3, $4)
       on conflict (sink, fact_table) do update set position = excluded.position, seq = excluded.seq, updated_at = now()`,
      [sink, table.name, to.position, to.seq],
    ),
  )

/** Ships every fact row written since the last export; stops at the first failure with the watermark where it was. */
export const exportFacts = (
  store: ReadStore,
  sink: AnalyticsSink,
  options: { readonly batchRows?: number } = {},
): Effect.Effect<ExportReport, ReadStoreError | AnalyticsSinkError> =>
  Effect.gen(function* () {
    const shipped: Record<string, number> = {}
    for (const table of FACT_TABLES) {
      shipped[table.name] = 0
      if (!(yield* sourceExists(store, table))) continue
      let mark = yield* watermark(store, sink.name, table)
      for (;;) {
        const rows = yield* nextRows(store, table, mark, options.batchRows ?? 500)
        if (rows.length === 0) break
        yield* sink.insert(table.name, rows.map(table.row))
        const last = rows.at(-1)!
        mark = { position: Number(last.export_position), seq: Number(last.export_seq) }
        yield* advance(store, sink.name, table, mark)
        shipped[table.name] = (shipped[table.name] ?? 0) + rows.length
      }
    }
    return { shipped }
  })

/** Exports every `everyMs`, backing off after failures; returns a function that stops it. */
export const startAnalyticsExport = (options: {
  store: ReadStore
  sink: AnalyticsSink
  everyMs?: number
  onError?: (line: string) => void
}): (() => Promise<void>) => {
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let running: Promise<unknown> = Promise.resolve()
  const every = options.everyMs ?? 10_000
  const schedule = (ms: number) => {
    if (!stopped) timer = setTimeout(tick, ms)
  }
  const tick = () => {
    running = Effect.runPromise(Effect.result(exportFacts(options.store, options.sink))).then((result) => {
      if (result._tag === "Success") return schedule(every)
      ;(options.onError ?? console.error)(`analytics export to ${options.sink.name}: ${result.failure.message}`)
      schedule(every * 3)
    })
  }
  schedule(0)
  return async () => {
    stopped = true
    if (timer) clearTimeout(timer)
    await running
  }
}
