/**
 * The analytics sink port: appends fact rows to a warehouse table. Adapters:
 * NDJSON files in BigQuery's load format (embedded) and BigQuery streaming
 * inserts. Both check rows against the table's schema first, so the same
 * bad row fails the same way everywhere, and a call is all or nothing.
 * `insertId` lets the destination drop a resent row (best effort, as in BigQuery).
 */
import { Data, type Effect } from "effect"
import { factTable, type FactTable, type Field } from "./bigquery-tables.ts"

export interface FactRow {
  readonly insertId: string
  readonly json: Readonly<Record<string, unknown>>
}

export class AnalyticsSinkError extends Data.TaggedError("AnalyticsSinkError")<{
  readonly message: string
  /** True when the same call may succeed later (network, 5xx, quota). */
  readonly retriable: boolean
  readonly cause?: unknown
}> {}

export interface AnalyticsSink {
  readonly name: string
  insert(table: FactTable["name"], rows: readonly FactRow[]): Effect.Effect<void, AnalyticsSinkError>
  close(): Effect.Effect<void>
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?( UTC|Z|[+-]\d{2}:\d{2})?$/
const DATE = /^\d{4}-\d{2}-\d{2}$/

const fieldProblem = (field: Field, value: unknown): string | undefined => {
  if (value === null || value === undefined) return field.mode === "REQUIRED" ? "is required" : undefined
  switch (field.type) {
    case "STRING":
      return typeof value === "string" ? undefined : "must be a string"
    case "INT64":
      return Number.isSafeInteger(value) || (typeof value === "string" && /^-?\d{1,19}$/.test(value)) ? undefined : "must be a whole number"
    case "TIMESTAMP":
      return typeof value === "string" && TIMESTAMP.test(value) ? undefined : "must be a timestamp like 2025-01-06 08:00:00.000 UTC"
    case "DATE":
      return typeof value === "string" && DATE.test(value) ? undefined : "must be a date like 2025-01-06"
    case "JSON":
      if (typeof value !== "string") return "must be JSON text"
      try {
        JSON.parse(value)
        return undefined
      } catch {
        return "must be valid JSON text"
      }
  }
}

/** The first problem of the first bad row, in the words a person fixing it needs; undefined when all are good. */
export const rowsProblem = (tableName: string, rows: readonly FactRow[]): string | undefined => {
  const table = factTable(tableName)
  if (!table) return `no fact table ${JSON.stringify(tableName)}`
  const known = new Set(table.fields.map((field) => field.name))
  for (const [index, row] of rows.entries()) {
    if (typeof row.insertId !== "string" || row.insertId.length === 0 || row.insertId.length > 128)
      return `row ${index}: insertId must be 1-128 characters`
    const unknown = Object.keys(row.json).find((name) => !known.has(name))
    if (unknown) return `row ${index}: ${tableName} has no field ${unknown}`
    for (const field of table.fields) {
      const problem = fieldProblem(field, row.json[field.name])
      if (problem) return `row ${index}: ${tableName}.${field.name} ${problem}`
    }
  }
  return undefined
}
