/**
 * Set-based writes: a whole batch of rows goes to Postgres as one JSON
 * parameter and one statement, which is what lets a projection keep up with
 * tens of thousands of events a second (a statement per event would not).
 */
import type { Sql } from "../store/port.ts"

export interface Column {
  readonly name: string
  /** The SQL type jsonb_to_recordset reads the field as. */
  readonly type: string
}

// Postgres text cannot hold NUL, and JSON with a lone surrogate is refused: both would turn an
// ordinary event into a poison one. JSON.stringify writes both as \u escapes (and pairs raw),
// so they are found in its output, skipping escapes whose backslash is itself escaped.
const UNUSABLE_ESCAPE = /(?<!\\)((?:\\\\)*)\\u(?:0000|d[89a-f][0-9a-f]{2})/gi

const withBigInts = (_key: string, field: unknown) => (typeof field === "bigint" ? field.toString() : field)

export const toJsonParam = (value: unknown): string => {
  let json: string
  try {
    json = JSON.stringify(value)
  } catch {
    json = JSON.stringify(value, withBigInts)
  }
  return json.includes("\\u") ? json.replace(UNUSABLE_ESCAPE, "$1\\ufffd") : json
}

const recordset = (columns: readonly Column[]) => `jsonb_to_recordset($1::text::jsonb) as r(${columns.map((c) => `${c.name} ${c.type}`).join(", ")})`
const names = (columns: readonly Column[]) => columns.map((c) => c.name).join(", ")

/** Inserts rows, replacing the non-key columns of rows that already exist. Keys must be unique within `rows`. */
export const upsertRows = async (sql: Sql, table: string, columns: readonly Column[], key: readonly string[], rows: readonly object[]) => {
  if (rows.length === 0) return
  const updates = columns.filter((c) => !key.includes(c.name)).map((c) => `${c.name} = excluded.${c.name}`)
  await sql.query(
    `insert into ${table} (${names(columns)}) select ${names(columns)} from ${recordset(columns)}
     on conflict (${key.join(", ")}) do ${updates.length > 0 ? `update set ${updates.join(", ")}` : "nothing"}`,
    [toJsonParam(rows)],
  )
}

/** Inserts rows whose key is new and returns the `returning` columns of those only: how append-only tables stay idempotent. */
export const insertNewRows = async <R = Record<string, unknown>>(
  sql: Sql,
  table: string,
  columns: readonly Column[],
  key: readonly string[],
  rows: readonly object[],
  returning = key.join(", "),
): Promise<R[]> => {
  if (rows.length === 0) return []
  return sql.query<R>(
    `insert into ${table} (${names(columns)}) select ${names(columns)} from ${recordset(columns)}
     on conflict (${key.join(", ")}) do nothing returning ${returning}`,
    [toJsonParam(rows)],
  )
}

/** Rows whose key is among `keys` (each an object of the key columns, all text). */
export const loadRows = async <R>(sql: Sql, table: string, key: readonly string[], keys: readonly object[]): Promise<R[]> => {
  if (keys.length === 0) return []
  const keyColumns = key.map((name) => ({ name, type: "text" }))
  return sql.query<R>(`select t.* from ${table} t join ${recordset(keyColumns)} using (${key.join(", ")})`, [toJsonParam(keys)])
}

export const deleteRows = async (sql: Sql, table: string, key: readonly string[], keys: readonly object[]) => {
  if (keys.length === 0) return
  const keyColumns = key.map((name) => ({ name, type: "text" }))
  await sql.query(`delete from ${table} t using ${recordset(keyColumns)} where ${key.map((k) => `t.${k} = r.${k}`).join(" and ")}`, [
    toJsonParam(keys),
  ])
}

export const isoTime = (ms: number): string => new Date(ms).toISOString()

/** Timestamps come back as Date from both drivers; rows in memory keep ISO strings, as they are written. */
export const isoFromDb = (value: unknown): string | null =>
  value === null || value === undefined ? null : value instanceof Date ? value.toISOString() : String(value)

/** Sets the non-key columns of existing rows (each row holds the key and the new values); rows that do not exist are left alone. */
export const updateRows = async (sql: Sql, table: string, columns: readonly Column[], key: readonly string[], rows: readonly object[]) => {
  if (rows.length === 0) return
  const sets = columns.filter((c) => !key.includes(c.name)).map((c) => `${c.name} = r.${c.name}`)
  await sql.query(`update ${table} t set ${sets.join(", ")} from ${recordset(columns)} where ${key.map((k) => `t.${k} = r.${k}`).join(" and ")}`, [
    toJsonParam(rows),
  ])
}
