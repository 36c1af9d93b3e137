/**
 * Part of the projection contract: after catching up, each read model says
 * what the actors' own deciders say, and shows each user exactly what the
 * actors' `canRead` lets them see.
 */
import { Effect } from "effect"
import { beforeAll, expect, it } from "vitest"
import type { User } from "../../../engine/actor-kind.ts"
import { canvasKind, type CanvasState } from "../../../actors/canvas/index.ts"
import { journalKind, type JournalState } from "../../../actors/journal/index.ts"
import { canReadEntry } from "../../../actors/journal/rules.ts"
import { journeyKind, PHASES, type JourneyState } from "../../../actors/journey/index.ts"
import { sessionKind, type SessionState } from "../../../actors/session/index.ts"
import type { ContractContext } from "../../testing/contract.ts"
import { owner } from "../../testing/fixtures.ts"
import { describeCardsAgreement } from "./cards-agreement.ts"

const statesOf = <S>(ctx: ContractContext, kind: string): Array<[string, S]> =>
  [...ctx.simulation().states].filter(([key]) => key.split(".")[1] === kind) as Array<[string, S]>

const sorted = (values: readonly string[]) => [...values].sort()

export const describeAgreementWithActors = (ctx: ContractContext) => {
  const query = <R = Record<string, any>>(text: string) => owner(ctx.store(), (sql) => sql.query<R>(text))
  beforeAll(async () => {
    await ctx.buildAll()
  })

  it("sessions agree with the session actor's state", async () => {
    const rows = new Map((await query("select * from sessions")).map((r) => [`${r.tenant_id}.session.${r.session_id}`, r]))
    const states = statesOf<SessionState>(ctx, "session")
    expect(rows.size).toBe(states.length)
    for (const [key, state] of states) {
      const row = rows.get(key)!
      expect(
        {
          status: row.status,
          phase: row.phase,
          locked: row.locked,
          title: row.title,
          present: sorted(row.participant_ids),
          facilitators: row.facilitator_ids,
        },
        key,
      ).toEqual({
        status: state.status,
        phase: state.phase,
        locked: state.locked,
        title: state.title,
        present: sorted(state.participants.map((p) => p.userId)),
        facilitators: state.facilitators,
      })
    }
  })

  it("canvases agree with the canvas actor's state", async () => {
    const rows = new Map((await query("select * from canvases")).map((r) => [`${r.tenant_id}.canvas.${r.canvas_id}`, r]))
    const states = statesOf<CanvasState>(ctx, "canvas")
    expect(rows.size).toBe(states.length)
    for (const [key, state] of states) {
      const row = rows.get(key)!
      const kinds: Record<string, number> = {}
      for (const element of state.elements) kinds[element.kind] = (kinds[element.kind] ?? 0) + 1
      const counts = Object.fromEntries(Object.entries(row.element_counts as Record<string, number>).filter(([, n]) => n > 0))
      expect({ owner: row.owner_id, privacy: row.privacy, shares: row.shares, elements: row.element_count, kinds: counts }, key).toEqual({
        owner: state.ownerId,
        privacy: state.privacy,
        shares: state.shares,
        elements: state.elements.length,
        kinds,
      })
    }
  })

  it("journal entries agree with the journal actor's state", async () => {
    const rows = await query(
      "select tenant_id, journal_id, entry_id, title, body, doc, tags, mood, coach_ids from journal_entries order by tenant_id, journal_id, entry_id",
    )
    const expected = statesOf<JournalState>(ctx, "journal")
      .flatMap(([, state]) =>
        state.entries.map((e) => ({
          tenant_id: state.tenant,
          journal_id: state.id,
          entry_id: e.id,
          title: e.title,
          body: e.body,
          doc: e.doc,
          tags: e.tags,
          mood: e.mood,
          coach_ids: e.coaches,
        })),
      )
      .sort((a, b) => `${a.tenant_id}/${a.journal_id}/${a.entry_id}`.localeCompare(`${b.tenant_id}/${b.journal_id}/${b.entry_id}`))
    const actual = [...rows].sort((a, b) =>
      `${a.tenant_id}/${a.journal_id}/${a.entry_id}`.localeCompare(`${b.tenant_id}/${b.journal_id}/${b.entry_id}`),
    )
    expect(actual).toEqual(expected)
  })

  it("journeys agree with the journey actor's state", async () => {
    const rows = new Map((await query("select * from journeys")).map((r) => [`${r.tenant_id}.journey.${r.journey_id}`, r]))
    const states = statesOf<JourneyState>(ctx, "journey").filter(([, state]) => state.status !== "absent")
    expect(states.length, "the simulation plans journeys").toBeGreaterThan(0)
    expect(rows.size).toBe(states.length)
    for (const [key, state] of states) {
      const row = rows.get(key)!
      const latest = state.versions.at(-1)!
      const counts = [row.pause_activities, row.expand_activities, row.focus_activities, row.doing_activities]
      expect(
        {
          title: row.title,
          description: row.description,
          version: row.version,
          status: row.status,
          template: row.template_id,
          by: row.created_by,
          counts,
        },
        key,
      ).toEqual({
        title: latest.title,
        description: latest.description,
        version: latest.version,
        status: state.status,
        template: state.templateId,
        by: state.ownerId,
        counts: PHASES.map((phase) => latest.plan[phase].length),
      })
      expect(new Date(row.created_at).getTime(), key).toBe(state.versions[0]!.publishedAt)
    }
  })

  it("timelines, operations and event facts hold one row per logged event", async () => {
    const count = (kind?: string) =>
      ctx
        .simulation()
        .commits.filter((c) => !kind || c.addr.kind === kind)
        .reduce((n, c) => n + c.events.length, 0)
    const [row] = await query<{ timeline: number; operations: number; facts: number }>(
      "select (select count(*)::int from session_timeline) as timeline, (select count(*)::int from canvas_operations) as operations, (select count(*)::int from fact_events) as facts",
    )
    expect(row).toEqual({ timeline: count("session"), operations: count("canvas"), facts: count() })
  })

  it("daily engagement adds up to the log: events, sessions created, distinct active users", async () => {
    const expected = new Map<string, { events: number; created: number; users: Set<string> }>()
    for (const commit of ctx.simulation().commits) {
      const key = `${commit.addr.tenant}/${new Date(commit.at).toISOString().slice(0, 10)}`
      const day = expected.get(key) ?? { events: 0, created: 0, users: new Set<string>() }
      day.events += commit.events.length
      day.users.add(commit.by)
      if (commit.addr.kind === "session" && commit.events.some((e) => (e as { type: string }).type === "created")) day.created++
      expected.set(key, day)
    }
    const rows = await query("select tenant_id, day::text as day, events, sessions_created, active_users from fact_daily_engagement")
    expect(rows.length).toBe(expected.size)
    for (const row of rows) {
      const day = expected.get(`${row.tenant_id}/${row.day}`)!
      expect({ events: row.events, created: row.sessions_created, users: row.active_users }).toEqual({
        events: day.events,
        created: day.created,
        users: day.users.size,
      })
    }
  })

  it("each user sees exactly the sessions, canvases, journals, journeys and entries the actors' rules allow", async () => {
    const checks = [
      { kind: sessionKind, table: "sessions", id: "session_id" },
      { kind: canvasKind, table: "canvases", id: "canvas_id" },
      { kind: journalKind, table: "journals", id: "journal_id" },
      { kind: journeyKind, table: "journeys", id: "journey_id" },
    ] as const
    for (const [tenant, users] of ctx.simulation().users) {
      for (const user of users as readonly User[]) {
        for (const check of checks) {
          const visible = await Effect.runPromise(
            ctx
              .store()
              .asViewer({ tenant, userId: user.id, roles: user.roles }, (sql) =>
                sql.query<{ id: string }>(`select ${check.id} as id from ${check.table}`),
              ),
          )
          const allowed = statesOf<any>(ctx, check.kind.kind)
            .filter(([key, state]) => key.startsWith(`${tenant}.`) && (check.kind.canRead as (s: unknown, u: User) => boolean)(state, user))
            .map(([key]) => key.split(".")[2]!)
          expect(sorted(visible.map((row) => row.id)), `${user.id} (${user.roles.join(",")}) on ${check.table}`).toEqual(sorted(allowed))
        }
        const entries = await Effect.runPromise(
          ctx
            .store()
            .asViewer({ tenant, userId: user.id, roles: user.roles }, (sql) =>
              sql.query<{ id: string }>("select journal_id || '/' || entry_id as id from journal_entries"),
            ),
        )
        const readable = statesOf<JournalState>(ctx, "journal")
          .filter(([key]) => key.startsWith(`${tenant}.`))
          .flatMap(([, state]) => state.entries.filter((entry) => canReadEntry(state, entry, user)).map((entry) => `${state.id}/${entry.id}`))
        expect(sorted(entries.map((row) => row.id)), `${user.id} on journal_entries`).toEqual(sorted(readable))
      }
    }
  })

  describeCardsAgreement(ctx)
}
