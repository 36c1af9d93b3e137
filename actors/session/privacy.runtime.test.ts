/**
 * The privacy property again, through the real runtime: commands go through
 * `send`, every observer that may read the session is joined and receives
 * live events as the gateway would (`viewFor`), takes a snapshot after each
 * step, and finally catches up on the whole stream. The oracle checks every
 * view. Set STUDIO_TEST_SEED to replay.
 */
import { Effect, Exit } from "effect"
import fc from "fast-check"
import { afterAll, expect, it } from "vitest"
import type { User } from "../../engine/actor-kind.ts"
import { makeAddress } from "../../engine/address.ts"
import { openMemoryLog } from "../../engine/eventlog/testing/memory-log.ts"
import type { Joined } from "../../engine/runtime/api.ts"
import { makeActorSystem } from "../../engine/runtime/runtime.ts"
import { testUser, TEST_TENANT } from "../../engine/testing/context.ts"
import { replayHint, testSeed } from "../../engine/testing/random.ts"
import { build, recipe, users } from "./testing/arbitrary.ts"
import { sessionKind, type SessionState } from "./index.ts"
import { privacyLeaks } from "./testing/privacy-oracle.ts"

const quiet = { info: () => {}, error: () => {} }
const system = makeActorSystem({ log: openMemoryLog(), kinds: { session: sessionKind }, logger: quiet })
/** The same kind with its redaction switched off, to show this harness notices leaks. */
const leakySystem = makeActorSystem({
  log: openMemoryLog(),
  kinds: {
    session: {
      ...sessionKind,
      redactEvent: (_state: SessionState, event: unknown) => event,
      redactState: (state: SessionState) => state,
    } as typeof sessionKind,
  },
  logger: quiet,
})
afterAll(() => Effect.all([system.shutdown(), leakySystem.shutdown()]).pipe(Effect.runPromise))

const systemUnderTest = system
const observers: readonly User[] = [...users.filter((u) => u.id !== "system"), testUser("part-9")]
let runs = 0

interface Delivered {
  readonly user: User
  readonly view: unknown
  readonly by: string
  readonly where: string
}

const runThroughRuntime = async (recipes: readonly (typeof recipe extends fc.Arbitrary<infer R> ? R : never)[], system = systemUnderTest) => {
  const addr = makeAddress(TEST_TENANT, "session", `privacy-${++runs}`)
  const inspect = async () => (await Effect.runPromise(system.inspect(addr))).state as SessionState
  const subscriptions = new Map<string, Joined>()
  const leaks: string[] = []
  let checked = 0
  let delivered: Delivered[] = []
  const check = ({ user, view, by, where }: Delivered, state: SessionState) => {
    checked++
    for (const leak of privacyLeaks(state, user, view, by)) leaks.push(`${where} to ${user.id}: ${leak}`)
  }
  const subscribe = async (user: User) => {
    if (subscriptions.has(user.id)) return
    const joined = await Effect.runPromiseExit(
      system.join({
        addr,
        user,
        onEvent: (event) => {
          if (!event.canRead(user)) {
            subscriptions.get(user.id)?.leave()
            subscriptions.delete(user.id)
            return
          }
          const view = event.viewFor(user)
          if (view !== undefined) delivered.push({ user, view, by: event.by, where: `live #${event.seq} ${event.ev.type}` })
        },
      }),
    )
    if (Exit.isSuccess(joined)) subscriptions.set(user.id, joined.value)
  }
  const checkStep = async (label: string) => {
    // Each session command decides at most one event, so the state after the step is the state that event produced.
    const state = await inspect()
    for (const item of delivered) check(item, state)
    delivered = []
    for (const user of observers) {
      const joined = await Effect.runPromiseExit(system.join({ addr, user, onEvent: () => {} }))
      if (Exit.isFailure(joined)) continue
      joined.value.leave()
      check({ user, view: joined.value.snapshot, by: "", where: `snapshot ${label}` }, state)
      await subscribe(user)
    }
  }

  for (const [index, r] of recipes.entries()) {
    const state = await inspect()
    const step = build(r, state)
    await Effect.runPromiseExit(system.send(addr, step.user, `c-${index}`, step.command))
    await checkStep(`after step ${index}`)
  }
  const final = await inspect()
  for (const user of observers) {
    const joined = await Effect.runPromiseExit(system.join({ addr, user, since: 0, onEvent: () => {} }))
    if (Exit.isFailure(joined)) continue
    joined.value.leave()
    for (const event of joined.value.events ?? [])
      check({ user, view: event.ev, by: event.by, where: `catch-up #${event.seq} ${event.ev.type}` }, final)
  }
  for (const joined of subscriptions.values()) joined.leave()
  return { leaks, checked, picks: final.picks.length, ballots: final.ballots }
}

it("through the runtime, no member receives another's unrevealed pick, a face-down card or an anonymous vote's author, live, in a snapshot or on catch-up", async () => {
  const seed = testSeed("session privacy through the runtime")
  let picks = 0
  let ballots = 0
  let checked = 0
  await fc.assert(
    fc.asyncProperty(fc.array(recipe, { minLength: 30, maxLength: 60, size: "max" }), async (recipes) => {
      const outcome = await runThroughRuntime(recipes)
      picks += outcome.picks
      ballots += outcome.ballots
      checked += outcome.checked
      if (outcome.leaks.length > 0) throw new Error(`${replayHint(seed)}:\n${outcome.leaks.slice(0, 5).join("\n")}`)
    }),
    // 25 runs left the ballot count at the guard for some seeds (5 of them); 40 keep every guard well inside.
    { seed, numRuns: 40 },
  )
  expect(picks).toBeGreaterThan(10)
  expect(ballots).toBeGreaterThan(5)
  expect(checked).toBeGreaterThan(2000)
})

it("the same harness finds leaks when the kind's redaction is switched off", async () => {
  const samples = fc.sample(fc.array(recipe, { minLength: 60, maxLength: 60 }), { numRuns: 8, seed: 7 })
  const leaks: string[] = []
  for (const recipes of samples) leaks.push(...(await runThroughRuntime(recipes, leakySystem)).leaks)
  expect(leaks.some((leak) => leak.startsWith("live"))).toBe(true)
  expect(leaks.some((leak) => leak.startsWith("snapshot"))).toBe(true)
  expect(leaks.some((leak) => leak.startsWith("catch-up"))).toBe(true)
})
