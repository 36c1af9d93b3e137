/**
 * Commits a projection could not apply, kept with the error so an operator
 * can look, fix the handler, and resume. Rows carry the tenant, like every
 * other table, but the application role cannot read them.
 */
import { addressKey } from "../../engine/address.ts"
import type { Commit } from "../../engine/eventlog/port.ts"
import { toJsonParam } from "../models/bulk.ts"
import type { Sql } from "../store/port.ts"

export interface DeadLetter {
  readonly projection: string
  readonly position: number
  readonly addr: string
  readonly firstSeq: number
  readonly error: string
  readonly attempts: number
  readonly outcome: "skipped" | "halted"
}

export const errorText = (error: unknown): string => {
  const cause = (error as { cause?: unknown })?.cause
  const inner = cause instanceof Error ? cause : error
  return inner instanceof Error ? `${inner.name}: ${inner.message}` : String(inner)
}

export const recordDeadLetter = async (
  sql: Sql,
  projection: string,
  commit: Commit,
  error: unknown,
  attempts: number,
  outcome: DeadLetter["outcome"],
) => {
  await sql.query(
    `insert into projection_dead_letters (tenant_id, projection, position, addr, first_seq, events, error, attempts, outcome)
     values ($1, $2, $3, $4, $5, $6::text::jsonb, $7, $8, $9)
     on conflict (projection, position) do update set error = excluded.error, attempts = excluded.attempts, outcome = excluded.outcome`,
    [
      commit.addr.tenant,
      projection,
      commit.position,
      addressKey(commit.addr),
      commit.firstSeq,
      toJsonParam(commit.events),
      errorText(error).slice(0, 4000),
      attempts,
      outcome,
    ],
  )
}

export const listDeadLetters = async (sql: Sql, projection: string): Promise<DeadLetter[]> => {
  const rows = await sql.query<Record<string, unknown>>(
    "select projection, position, addr, first_seq, error, attempts, outcome from projection_dead_letters where projection = $1 order by position",
    [projection],
  )
  return rows.map((row) => ({
    projection: String(row.projection),
    position: Number(row.position),
    addr: String(row.addr),
    firstSeq: Number(row.first_seq),
    error: String(row.error),
    attempts: Number(row.attempts),
    outcome: row.outcome as DeadLetter["outcome"],
  }))
}

/**
 * Lets a halted projection run again (the runner notices within its idle
 * interval). With `skipPoison`, the commit that halted it stays in the
 * dead-letter table and is passed over; without, it is tried again (after a fix).
 */
export const resumeProjection = async (sql: Sql, projection: string, options: { readonly skipPoison: boolean }): Promise<void> => {
  if (options.skipPoison) {
    const [poison] = await sql.query<{ position: number }>(
      `select d.position from projection_dead_letters d join projection_checkpoints c using (projection)
        where d.projection = $1 and d.outcome = 'halted' and d.position > c.position order by d.position limit 1`,
      [projection],
    )
    if (poison) {
      await sql.query("update projection_dead_letters set outcome = 'skipped' where projection = $1 and position = $2", [projection, poison.position])
      await sql.query("update projection_checkpoints set position = $2 where projection = $1", [projection, poison.position])
    }
  }
  await sql.query("update projection_checkpoints set status = 'running', halted_reason = null, updated_at = now() where projection = $1", [
    projection,
  ])
}
