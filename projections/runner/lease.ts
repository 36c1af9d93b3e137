/**
 * One active writer per projection: a lease row with an expiry on the
 * database clock. The holder renews it; anyone may take it once it expired.
 * Every write transaction re-checks it under a row lock (`fence`), so a
 * holder that stalled past its expiry cannot commit after a successor took over.
 */
import type { Sql } from "../store/port.ts"

/** Thrown inside a transaction when the lease is no longer ours: the transaction rolls back. */
export class LeaseLost extends Error {
  override readonly name = "LeaseLost"
}

/** Takes or renews the lease; false when another holder's lease is still valid. */
export const acquireLease = async (sql: Sql, projection: string, holder: string, ttlMs: number): Promise<boolean> => {
  const rows = await sql.query(
    `insert into projection_leases (projection, holder, expires_at) values ($1, $2, clock_timestamp() + $3 * interval '1 millisecond')
     on conflict (projection) do update set holder = excluded.holder, expires_at = excluded.expires_at
       where projection_leases.holder = excluded.holder or projection_leases.expires_at < clock_timestamp()
     returning holder`,
    [projection, holder, ttlMs],
  )
  return rows.length === 1
}

/** Holds the lease row locked until the transaction ends, so no takeover can interleave with its writes. */
export const fence = async (sql: Sql, projection: string, holder: string): Promise<void> => {
  const rows = await sql.query(
    "select 1 from projection_leases where projection = $1 and holder = $2 and expires_at > clock_timestamp() for update",
    [projection, holder],
  )
  if (rows.length === 0) throw new LeaseLost(`projection ${projection}: the lease of ${holder} expired or was taken over`)
}

/** `fence` for several projections of one holder in one statement: a shared transaction's first. */
export const fenceAll = async (sql: Sql, projections: readonly string[], holder: string): Promise<void> => {
  const rows = await sql.query<{ projection: string }>(
    `select projection from projection_leases
      where projection in (select jsonb_array_elements_text($1::text::jsonb)) and holder = $2 and expires_at > clock_timestamp()
      order by projection for update`,
    [JSON.stringify(projections), holder],
  )
  if (rows.length !== new Set(projections).size) {
    const held = new Set(rows.map((row) => row.projection))
    throw new LeaseLost(`projections ${projections.filter((name) => !held.has(name)).join(", ")}: the lease of ${holder} expired or was taken over`)
  }
}

export const releaseLease = async (sql: Sql, projection: string, holder: string): Promise<void> => {
  await sql.query("delete from projection_leases where projection = $1 and holder = $2", [projection, holder])
}

export const leaseHolder = async (sql: Sql, projection: string): Promise<string | undefined> => {
  const [row] = await sql.query<{ holder: string }>("select holder from projection_leases where projection = $1 and expires_at > clock_timestamp()", [
    projection,
  ])
  return row?.holder
}
