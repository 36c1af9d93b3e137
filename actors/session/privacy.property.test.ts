/**
 * Privacy as a seeded property over the session kind's own rules: after every
 * accepted command, each user's view of each new event (judged against the
 * state it produced, as live delivery does), their snapshot, and at the end
 * their catch-up of the whole stream must show nothing the oracle calls
 * secret. Set STUDIO_TEST_SEED to replay.
 */
import { Exit, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { isRejection, type EventEnvelope, type User } from "../../engine/actor-kind.ts"
import { FIXED_NOW, idSequence, testAddress, testUser } from "../../engine/testing/context.ts"
import { replayHint, testSeed } from "../../engine/testing/random.ts"
import { build, recipe, users } from "./testing/arbitrary.ts"
import { sessionKind, type SessionEvent, type SessionState } from "./index.ts"
import { privacyLeaks } from "./testing/privacy-oracle.ts"

const observers: readonly User[] = [...users.filter((u) => u.id !== "system"), testUser("part-9")]
const decode = Schema.decodeUnknownExit(sessionKind.commandSchema)
const addr = testAddress("session")

interface Logged {
  readonly event: SessionEvent
  readonly envelope: EventEnvelope
}

/** Replays `recipes` and returns every leak found, plus how much privacy-relevant activity there was. */
export const explorePrivacy = (recipes: readonly (typeof recipe extends fc.Arbitrary<infer R> ? R : never)[], kind = sessionKind) => {
  let state = kind.initialState(addr)
  const logged: Logged[] = []
  const leaks: string[] = []
  const newId = idSequence()
  const check = (full: SessionState, user: User, view: unknown, by: string | undefined, where: string) => {
    for (const leak of privacyLeaks(full, user, view, by)) leaks.push(`${where} to ${user.id}: ${leak}`)
  }
  recipes.forEach((r, index) => {
    const step = build(r, state)
    const command = decode(step.command)
    if (Exit.isFailure(command)) return
    const now = FIXED_NOW + index * 1000
    const decision = kind.decide(state, command.value, { addr, user: step.user, now, commandId: `c${index}`, newId })
    if (isRejection(decision)) return
    for (const event of decision) {
      const envelope = { seq: logged.length + 1, by: step.user.id, at: now }
      state = kind.evolve(state, event, envelope)
      logged.push({ event, envelope })
      for (const user of observers) {
        if (!kind.canRead(state, user)) continue
        const view = kind.redactEvent!(state, event, user)
        if (view !== undefined) check(state, user, view, envelope.by, `live #${envelope.seq} ${event.type}`)
      }
    }
    for (const user of observers)
      if (kind.canRead(state, user)) check(state, user, kind.redactState!(state, user), undefined, `snapshot after #${logged.length}`)
  })
  for (const user of observers) {
    if (!kind.canRead(state, user)) continue
    for (const { event, envelope } of logged) {
      const view = kind.redactEvent!(state, event, user)
      if (view !== undefined) check(state, user, view, envelope.by, `catch-up #${envelope.seq} ${event.type}`)
    }
  }
  const ballots = (anonymous: boolean) =>
    state.polls.filter((p) => p.anonymous === anonymous && p.resultsWhen === "closed").reduce((n, p) => n + p.ballots.length, 0)
  const secrets = {
    picks: state.picks.length,
    faceDownDraws: state.draws.filter((d) => d.faceDown).length,
    anonymousBallots: ballots(true),
    hiddenBallots: ballots(false),
  }
  return { leaks, secrets }
}

describe("session privacy", () => {
  it("no sequence of commands shows anyone another's unrevealed pick, a face-down card or an anonymous vote's author", () => {
    const seed = testSeed("session privacy")
    const secrets = { picks: 0, faceDownDraws: 0, anonymousBallots: 0, hiddenBallots: 0 }
    const result = fc.check(
      fc.property(fc.array(recipe, { minLength: 20, maxLength: 80, size: "max" }), (recipes) => {
        const outcome = explorePrivacy(recipes)
        for (const key of Object.keys(secrets) as (keyof typeof secrets)[]) secrets[key] += outcome.secrets[key]
        if (outcome.leaks.length > 0) throw new Error(outcome.leaks.slice(0, 5).join("\n"))
      }),
      { seed, numRuns: 150 },
    )
    if (result.failed)
      throw new Error(
        `privacy property failed (${replayHint(seed)}): ${result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance)}`,
      )
    // The sequences must actually produce secrets to keep, or the property proves nothing.
    console.log(`[session privacy] secrets kept: ${JSON.stringify(secrets)}`)
    for (const count of Object.values(secrets)) expect(count).toBeGreaterThan(5)
  })

  it("the oracle catches a kind that shows everything to everyone", () => {
    const leaky = { ...sessionKind, redactEvent: (_state: SessionState, event: SessionEvent) => event, redactState: (state: SessionState) => state }
    const recipes = fc.sample(fc.array(recipe, { minLength: 60, maxLength: 80, size: "max" }), { numRuns: 40, seed: 42 })
    const leaks = recipes.flatMap((rs) => explorePrivacy(rs, leaky).leaks)
    expect(leaks.some((l) => l.includes("unrevealed pick"))).toBe(true)
    expect(leaks.some((l) => l.includes("face-down cards"))).toBe(true)
    expect(leaks.some((l) => l.includes("anonymous ballot"))).toBe(true)
    expect(leaks.some((l) => l.includes("before its close"))).toBe(true)
  })
})
