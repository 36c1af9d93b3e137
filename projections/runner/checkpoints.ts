/**
 * A projection's checkpoint: the log position its tables include, written
 * in the same transaction as the tables, so the two can never disagree.
 */
import type { Sql } from "../store/port.ts"
import { liveTableNames, type Projection } from "./projection.ts"

export interface Checkpoint {
  readonly position: number
  readonly version: number
  readonly status: "running" | "halted"
  readonly haltedReason: string | null
}

/** Another writer moved the checkpoint: only possible if fencing failed, so the transaction must not commit. */
export class CheckpointMoved extends Error {
  override readonly name = "CheckpointMoved"
}

export const readCheckpoint = async (sql: Sql, projection: string): Promise<Checkpoint | undefined> => {
  const [row] = await sql.query<{ position: number; version: number; status: Checkpoint["status"]; halted_reason: string | null }>(
    "select position, version, status, halted_reason from projection_checkpoints where projection = $1",
    [projection],
  )
  return row && { position: Number(row.position), version: Number(row.version), status: row.status, haltedReason: row.halted_reason }
}

export const createTables = async (sql: Sql, projection: Projection, tables = liveTableNames(projection)) => {
  for (const table of projection.tables) {
    for (const statement of table.create(tables[table.name]!, tables)) await sql.query(statement)
  }
}

export const dropTables = async (sql: Sql, projection: Projection, tables: Readonly<Record<string, string>>) => {
  for (const table of [...projection.tables].reverse()) await sql.query(`drop table if exists ${tables[table.name]} cascade`)
}

/** The checkpoint, creating the projection's tables at position 0 the first time. */
export const ensureProjection = async (sql: Sql, projection: Projection): Promise<Checkpoint> => {
  const existing = await readCheckpoint(sql, projection.name)
  if (existing) return existing
  await createTables(sql, projection)
  await sql.query("insert into projection_checkpoints (projection, position, version, status) values ($1, 0, $2, 'running')", [
    projection.name,
    projection.version,
  ])
  return { position: 0, version: projection.version, status: "running", haltedReason: null }
}

export const advanceCheckpoint = async (sql: Sql, projection: string, from: number, to: number): Promise<void> => {
  const rows = await sql.query(
    "update projection_checkpoints set position = $3, updated_at = now() where projection = $1 and position = $2 and status = 'running' returning projection",
    [projection, from, to],
  )
  if (rows.length !== 1) throw new CheckpointMoved(`projection ${projection}: checkpoint is no longer at ${from}`)
}

export interface CheckpointMove {
  readonly projection: string
  readonly from: number
  readonly to: number
}

/** `advanceCheckpoint` for several projections in one statement; all move or the transaction must not commit. */
export const advanceCheckpoints = async (sql: Sql, moves: readonly CheckpointMove[]): Promise<void> => {
  const rows = await sql.query<{ projection: string }>(
    `update projection_checkpoints c set position = m.to_position, updated_at = now()
       from jsonb_to_recordset($1::text::jsonb) as m(projection text, from_position bigint, to_position bigint)
      where c.projection = m.projection and c.position = m.from_position and c.status = 'running'
      returning c.projection`,
    [JSON.stringify(moves.map((move) => ({ projection: move.projection, from_position: move.from, to_position: move.to })))],
  )
  if (rows.length !== moves.length) {
    const moved = new Set(rows.map((row) => row.projection))
    throw new CheckpointMoved(
      `projections ${moves
        .filter((move) => !moved.has(move.projection))
        .map((move) => `${move.projection} (expected at ${move.from})`)
        .join(", ")}: checkpoint moved`,
    )
  }
}

export const haltProjection = async (sql: Sql, projection: string, reason: string): Promise<void> => {
  await sql.query("update projection_checkpoints set status = 'halted', halted_reason = $2, updated_at = now() where projection = $1", [
    projection,
    reason.slice(0, 2000),
  ])
}
