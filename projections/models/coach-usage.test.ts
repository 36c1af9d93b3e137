/**
 * The coach usage read model agrees with the plain fold of the same coach
 * events (actors/coach/testing/usage-fold.ts, what the gateway once scanned
 * the log for), however the runner cuts the log into batches: seeded random
 * organizations, askers, answers of every kind, feedback changed later, and
 * copilot drafts (by a model or extractive, some recorded twice, some with
 * the id of a question). Also: tokens per model, a time range, and only the
 * tenant's admins see it.
 */
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { CoachEvent } from "../../actors/coach/protocol.ts"
import { usageOf } from "../../actors/coach/testing/usage-fold.ts"
import type { User } from "../../engine/actor-kind.ts"
import { makeAddress } from "../../engine/address.ts"
import type { Commit } from "../../engine/eventlog/port.ts"
import { makeRandom, testSeed, type Random } from "../../engine/testing/random.ts"
import { coachUsage } from "../queries/coach-usage.ts"
import { makeReadQueries } from "../reads/run.ts"
import { lexicalHashEmbeddings } from "../embeddings/lexical-hash.ts"
import { openPgliteStore, type OpenedStore } from "../store/pglite-store.ts"
import { resetProjection, runToHead } from "../testing/fixtures.ts"
import { memoryLogOf } from "../testing/simulate.ts"
import { coachUsageProjection } from "./coach-usage.ts"

const START = Date.UTC(2026, 0, 1)
const KINDS = ["model", "crisis", "nothing", "failed"] as const
const MODELS = ["extractive", "gpt-4o-mini"]

/** Commits of coach actors: per asker, questions answered (or not yet), rated, and rated again; copilot drafts between them. */
const coachCommits = (random: Random, tenants: readonly string[]): Commit[] => {
  const commits: Commit[] = []
  const seqs = new Map<string, number>()
  let position = 0
  const append = (tenant: string, asker: string, events: CoachEvent[]) => {
    const key = `${tenant}/${asker}`
    const firstSeq = (seqs.get(key) ?? 0) + 1
    seqs.set(key, firstSeq + events.length - 1)
    position++
    commits.push({
      addr: makeAddress(tenant, "coach", asker),
      firstSeq,
      events,
      position,
      at: START + position * 60_000,
      by: asker,
      commandKey: `${asker}:${position}`,
    })
  }
  const open: Array<{ tenant: string; asker: string; questionId: string; answered: boolean }> = []
  const drafted: Array<{ tenant: string; asker: string; event: CoachEvent }> = []
  for (let step = 0; step < 300; step++) {
    const roll = random.int(12)
    if (roll >= 10) {
      // A draft recorded again (the decider remembers only the newest ids), or a new one.
      const again = drafted.length > 0 && random.chance(0.2) ? random.pick(drafted) : undefined
      if (again) append(again.tenant, again.asker, [again.event])
      else {
        // Now and then on the actor of a question asked, with that question's id: a draft is a row of its own.
        // Not a question whose id a draft already has: the coach actor records a draft id once (a repeat is the same record).
        const free = open.filter(
          (q) =>
            !drafted.some(
              (d) => d.asker === q.asker && d.tenant === q.tenant && d.event.type === "copilotDrafted" && d.event.draftId === q.questionId,
            ),
        )
        const question = free.length > 0 && random.chance(0.2) ? random.pick(free) : undefined
        const tenant = question?.tenant ?? random.pick(tenants)
        const asker = question?.asker ?? `${tenant}-u${random.int(5)}`
        const byModel = random.chance(0.5)
        const event: CoachEvent = {
          type: "copilotDrafted",
          draftId: question?.questionId ?? `d${step}`,
          purpose: random.pick(["questions", "summary"] as const),
          sessionId: `s${random.int(3)}`,
          generatedBy: byModel ? "model" : "extractive",
          model: byModel ? "gpt-4o-mini" : "extractive",
          promptTokens: byModel ? 1 + random.int(800) : 0,
          completionTokens: byModel ? 1 + random.int(300) : 0,
        }
        append(tenant, asker, [event])
        drafted.push({ tenant, asker, event })
      }
    } else if (roll < 4 || open.length === 0) {
      const tenant = random.pick(tenants)
      const asker = `${tenant}-u${random.int(5)}`
      const questionId = `q${step}`
      append(tenant, asker, [{ type: "questionAsked", questionId, conversationId: "c1", text: "What now?", language: "en" }])
      open.push({ tenant, asker, questionId, answered: false })
    } else {
      const question = random.pick(open)
      if (!question.answered) {
        const kind = random.pick(KINDS)
        const tokens =
          kind === "model" ? { promptTokens: 1 + random.int(500), completionTokens: 1 + random.int(200) } : { promptTokens: 0, completionTokens: 0 }
        append(question.tenant, question.asker, [
          { type: "answerGiven", questionId: question.questionId, text: "An answer.", citations: [], kind, model: random.pick(MODELS), ...tokens },
        ])
        question.answered = true
      } else append(question.tenant, question.asker, [{ type: "feedbackGiven", questionId: question.questionId, helpful: random.chance(0.5) }])
    }
  }
  return commits
}

const admin = (tenant: string): User => ({ id: `${tenant}-admin`, tenant, roles: ["admin"] })

describe("coach usage read model", () => {
  let opened: OpenedStore
  beforeAll(async () => {
    opened = await openPgliteStore({})
  }, 120_000)
  afterAll(async () => {
    await Effect.runPromise(opened?.store.close() ?? Effect.void)
  })

  it("agrees with the plain fold of the same events, whatever the batches", async () => {
    const random = makeRandom(testSeed("coach usage read model"))
    const tenants = ["A", "B", "C"]
    const commits = coachCommits(random, tenants)
    const reads = makeReadQueries(opened.store, { embeddings: lexicalHashEmbeddings() })
    for (const batchCommits of [1, 1 + random.int(40), 500]) {
      await resetProjection(opened.store, coachUsageProjection)
      await runToHead(opened.store, memoryLogOf(commits).log, coachUsageProjection, { batchCommits })
      for (const tenant of tenants) {
        const expected = usageOf(
          commits
            .filter((commit) => commit.addr.tenant === tenant)
            .flatMap((commit) => commit.events.map((event) => ({ asker: commit.addr.id, event: event as CoachEvent }))),
        )
        const outcome = await reads(admin(tenant), { name: "coachUsage", params: {} })
        if (!outcome.ok) throw new Error(outcome.error.detail)
        const { byModel, from: _from, to: _to, ...totals } = outcome.value
        expect(totals, `${tenant} in batches of ${batchCommits}`).toEqual(expected)
        expect(expected.copilotDrafts, "the history has copilot drafts").toBeGreaterThan(0)
        expect(byModel.reduce((sum, model) => sum + model.promptTokens, 0)).toBe(expected.promptTokens)
        expect(byModel.reduce((sum, model) => sum + model.completionTokens, 0)).toBe(expected.completionTokens)
        expect(byModel.reduce((sum, model) => sum + model.answers, 0)).toBe(expected.answers)
        expect(byModel.reduce((sum, model) => sum + model.drafts, 0)).toBe(expected.copilotDrafts)
      }
    }
  })

  it("counts only questions asked in the range, and answers only the tenant's admins", async () => {
    const ask = (minute: number, questionId: string): Commit => ({
      addr: makeAddress("T", "coach", "t-u1"),
      firstSeq: minute,
      events: [
        { type: "questionAsked", questionId, conversationId: "c", text: "Q?", language: "en" },
        { type: "answerGiven", questionId, text: "A.", citations: [], kind: "model", model: "extractive", promptTokens: 10, completionTokens: 2 },
      ],
      position: minute,
      at: START + minute * 60_000,
      by: "t-u1",
      commandKey: `t-u1:${minute}`,
    })
    // A draft counts in the range it was made in.
    const draft = (minute: number, draftId: string): Commit => ({
      addr: makeAddress("T", "coach", "t-u1"),
      firstSeq: minute,
      events: [
        {
          type: "copilotDrafted",
          draftId,
          purpose: "summary",
          sessionId: "s1",
          generatedBy: "model",
          model: "gpt-4o-mini",
          promptTokens: 100,
          completionTokens: 20,
        },
      ],
      position: minute,
      at: START + minute * 60_000,
      by: "system",
      commandKey: `system:${minute}`,
    })
    await resetProjection(opened.store, coachUsageProjection)
    await runToHead(opened.store, memoryLogOf([ask(1, "q1"), draft(2, "d1"), ask(3, "q2"), ask(5, "q3"), draft(6, "d2")]).log, coachUsageProjection)
    const between = await Effect.runPromise(
      opened.store.asViewer({ tenant: "T", userId: "t-admin", roles: ["admin"] }, (sql) => coachUsage(sql, START + 2 * 60_000, START + 4 * 60_000)),
    )
    expect(between).toMatchObject({
      questions: 1,
      answers: 1,
      copilotDrafts: 1,
      promptTokens: 110,
      byModel: [
        { model: "extractive", answers: 1, drafts: 0, promptTokens: 10 },
        { model: "gpt-4o-mini", answers: 0, drafts: 1, promptTokens: 100 },
      ],
    })
    const reads = makeReadQueries(opened.store, { embeddings: lexicalHashEmbeddings() })
    expect(await reads({ id: "t-u1", tenant: "T", roles: ["facilitator", "participant"] }, { name: "coachUsage", params: {} })).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    })
    // The rows' own policy: a member who is not an admin sees none of them, whatever the query.
    const seen = await Effect.runPromise(
      opened.store.asViewer({ tenant: "T", userId: "t-u1", roles: ["facilitator"] }, (sql) => sql.query("select * from coach_questions")),
    )
    expect(seen).toEqual([])
    const otherTenant = await reads(admin("A"), { name: "coachUsage", params: {} })
    expect(otherTenant).toMatchObject({ ok: true, value: { questions: 0 } })
  })
})
