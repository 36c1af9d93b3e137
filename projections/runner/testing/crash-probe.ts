/**
 * A deliberately non-idempotent projection for the crash test: it counts
 * how many times each commit was applied. Only the checkpoint committing
 * with the rows keeps every count at 1 across crashes.
 */
import { toJsonParam } from "../../models/bulk.ts"
import { tenantTable } from "../../store/tables.ts"
import type { Projection } from "../projection.ts"

export const crashProbeProjection: Projection = {
  name: "crash_probe",
  version: 1,
  tables: [
    {
      name: "crash_probe",
      create: (t) => tenantTable(t, { columns: "position bigint not null, times integer not null", primaryKey: "tenant_id, position" }),
    },
  ],
  onPoison: { kind: "halt" },
  apply: async (sql, commits, tables) => {
    await sql.query(
      `insert into ${tables.crash_probe} (tenant_id, position, times) select tenant_id, position, 1 from jsonb_to_recordset($1::text::jsonb) as r(tenant_id text, position bigint)
       on conflict (tenant_id, position) do update set times = ${tables.crash_probe}.times + 1`,
      [toJsonParam(commits.map((c) => ({ tenant_id: c.addr.tenant, position: c.position })))],
    )
  },
}
