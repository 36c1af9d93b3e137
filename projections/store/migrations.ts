/**
 * Versioned migrations of the read store's own tables. Each runs once, in
 * order, under an advisory lock so two nodes starting together do not race.
 * A migration that needs pgvector is left pending (not failed) on a server
 * without it, and applies once the extension appears.
 *
 * Read-model tables are not here: each projection owns its tables and
 * recreates them by rebuilding when its version changes (runner/ensure.ts).
 */
import type { Sql, VectorSupport } from "./port.ts"
import { APP_ROLE } from "./port.ts"
import { tenantTable } from "./tables.ts"

export interface Migration {
  readonly version: number
  readonly name: string
  readonly needs?: "vector"
  readonly statements: readonly string[]
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "application role and projection bookkeeping",
    statements: [
      `do $$ begin
         if not exists (select 1 from pg_roles where rolname = '${APP_ROLE}') then
           create role ${APP_ROLE} nologin nobypassrls;
         end if;
         if not (select rolsuper from pg_roles where rolname = current_user) then
           execute format('grant ${APP_ROLE} to %I', current_user);
         end if;
         execute format('grant usage on schema %I to ${APP_ROLE}', current_schema());
       end $$`,
      `create table projection_checkpoints (
         projection text primary key,
         position bigint not null,
         version integer not null,
         status text not null check (status in ('running', 'halted')),
         halted_reason text,
         updated_at timestamptz not null default now())`,
      `create table projection_leases (projection text primary key, holder text not null, expires_at timestamptz not null)`,
      ...tenantTable("projection_dead_letters", {
        columns: `projection text not null, position bigint not null, addr text not null, first_seq integer not null,
          events jsonb not null, error text not null, attempts integer not null, outcome text not null check (outcome in ('skipped', 'halted')),
          recorded_at timestamptz not null default now()`,
        primaryKey: "projection, position",
        grantToApp: false,
      }),
    ],
  },
  { version: 2, name: "pgvector", needs: "vector", statements: ["create extension if not exists vector schema public"] },
  // The dimension of card vectors is not a migration: the cards projection owns card_vectors and makes it
  // with the configured model's dimension; its version includes the model, so a new model rebuilds it.
  // Versions 3 and 4 created the card tables that the cards projection now owns (models/cards.ts).
  // They do nothing now: a store that ran them has the tables dropped by 6, and one where 4 was
  // still pending (no pgvector) must not create a card_vectors table beside the projection's.
  { version: 3, name: "card library (now the cards projection's)", statements: [] },
  { version: 4, name: "card embeddings (now the cards projection's)", needs: "vector", statements: [] },
  {
    version: 5,
    name: "analytics export watermarks",
    statements: [
      `create table analytics_exports (sink text not null, fact_table text not null, position bigint not null, seq integer not null,
         updated_at timestamptz not null default now(), primary key (sink, fact_table))`,
    ],
  },
  {
    version: 6,
    name: "card tables move to the cards projection",
    statements: ["drop table if exists card_vectors", "drop table if exists cards"],
  },
  {
    version: 7,
    name: "rebuild the cards projection with vectors",
    needs: "vector",
    // Without pgvector the projection made card_vectors without a vector column; once the
    // extension is there, a rebuild (the runner's, on a version mismatch) makes it again with one.
    statements: ["update projection_checkpoints set version = -1 where projection = 'cards'"],
  },
  {
    version: 8,
    name: "the directory's two cross-tenant lookups",
    // Sign-in and guest joins ask before any tenant is known; these are the only answers that cross
    // tenants, and as narrow as sign-in needs: which tenants hold an account with this email (then the
    // account is read as that tenant), and which tenant and session an open live code belongs to.
    // Security definer: they run as the owner of the directory's tables, which row-level security does
    // not bind; plpgsql, so the tables (the directory projection's, models/directory.ts) are looked up
    // when called, after a rebuild swapped them too. `from current` pins the schema they were made in.
    statements: [
      `create or replace function directory_tenants_by_email(wanted text) returns setof text
         language plpgsql stable security definer set search_path from current as $$
       begin
         return query select distinct m.tenant_id from directory_members m where lower(m.email) = lower(btrim(wanted)) order by 1;
       end $$`,
      `create or replace function directory_live_code(wanted text) returns table (tenant_id text, session_id text)
         language plpgsql stable security definer set search_path from current as $$
       begin
         return query select c.tenant_id, c.session_id from directory_live_codes c where c.code = upper(btrim(wanted)) limit 1;
       end $$`,
      "revoke all on function directory_tenants_by_email(text) from public",
      "revoke all on function directory_live_code(text) from public",
      `grant execute on function directory_tenants_by_email(text) to ${APP_ROLE}`,
      `grant execute on function directory_live_code(text) to ${APP_ROLE}`,
    ],
  },
]

// An arbitrary constant: every node migrating the same database waits on the same lock.
const MIGRATION_LOCK = 7_274_001

export interface MigrationReport {
  readonly applied: readonly number[]
  readonly pending: readonly { readonly version: number; readonly name: string; readonly reason: string }[]
}

export const runMigrations = async (sql: Sql, vector: VectorSupport, migrations = MIGRATIONS): Promise<MigrationReport> => {
  await sql.query("select pg_advisory_xact_lock($1)", [MIGRATION_LOCK])
  await sql.query(
    "create table if not exists schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())",
  )
  const done = new Set((await sql.query<{ version: number }>("select version from schema_migrations")).map((row) => Number(row.version)))
  const applied: number[] = []
  const pending: Array<{ version: number; name: string; reason: string }> = []
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(migration.version)) continue
    if (migration.needs === "vector" && !vector.available) {
      pending.push({ version: migration.version, name: migration.name, reason: vector.reason })
      continue
    }
    for (const statement of migration.statements) await sql.query(statement)
    await sql.query("insert into schema_migrations (version, name) values ($1, $2)", [migration.version, migration.name])
    applied.push(migration.version)
  }
  return { applied, pending }
}
