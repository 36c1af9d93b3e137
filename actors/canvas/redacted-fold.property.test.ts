/**
 * What the browser does with a canvas (web/src/canvas/): take the redacted
 * snapshot, rebuild a state from it (`stateFromView`), then fold each event
 * it receives with the actor's own `evolve`. As a seeded property over random
 * command sequences, for every member: after every event they may read, the
 * folded state shows exactly what `redactState` shows of the actor's state
 * (elements, comments, grants, locks, privacy; versions by id), including
 * after a restore of a version saved before they joined. When their own view
 * rules change (`viewRulesChanged`) they take a fresh snapshot, as the
 * client does.
 *
 * Replay with STUDIO_TEST_SEED=<seed>.
 */
import { isDeepStrictEqual } from "node:util"
import { Exit, Schema } from "effect"
import fc from "fast-check"
import { expect, it } from "vitest"
import { isRejection, type User } from "../../engine/actor-kind.ts"
import { FIXED_NOW, idSequence, testAddress } from "../../engine/testing/context.ts"
import { makeRandom, type Random, replayHint, testSeed } from "../../engine/testing/random.ts"
import { build, recipe, users, type Recipe } from "./testing/arbitrary.ts"
import { canvasKind, type CanvasState, type CanvasView } from "./index.ts"
import { stateFromView, viewRulesChanged } from "./redact.ts"

const decode = Schema.decodeUnknownExit(canvasKind.commandSchema)
const addr = testAddress("canvas")
const readers: readonly User[] = users.filter((user) => user.tenant === users[0]!.tenant)

/** What a screen shows: everything but the versions' contents, which a reader never holds. */
const shown = (state: CanvasState | CanvasView) => ({ ...state, versions: state.versions.map((v) => `${v.id}@${v.seq}`) })

const snapshotOf = (state: CanvasState, user: User) => stateFromView(canvasKind.redactState!(state, user) as CanvasView)

const check = (recipes: readonly Recipe[], random: Random) => {
  // Readers open the canvas at random points, so some restore versions saved before they came.
  const arrival = new Map(readers.map((user) => [user.id, random.int(recipes.length)]))
  let state = canvasKind.initialState(addr)
  const views = new Map<string, CanvasState | undefined>()
  const mismatches: string[] = []
  const stats = { folded: 0, restores: 0, restoresFromBeforeJoin: 0, resyncs: 0 }
  /** When each reader last took a snapshot: versions saved before it are metadata only on their side. */
  const snapshotAt = new Map<string, number>()
  const newId = idSequence()
  recipes.forEach((r, index) => {
    const step = build(r, state)
    const command = decode(step.command)
    if (Exit.isFailure(command)) return
    const now = FIXED_NOW + index * 1000
    const decision = canvasKind.decide(state, command.value, { addr, user: step.user, now, commandId: `c${index}`, newId })
    if (isRejection(decision)) return
    for (const event of decision) {
      const envelope = { seq: index * 10 + 1, by: step.user.id, at: now }
      state = canvasKind.evolve(state, event, envelope)
      for (const user of readers) {
        if (index < arrival.get(user.id)! || !canvasKind.canRead(state, user)) {
          views.set(user.id, undefined)
          continue
        }
        const before = views.get(user.id)
        if (before === undefined) {
          views.set(user.id, snapshotOf(state, user))
          snapshotAt.set(user.id, envelope.seq)
          continue
        }
        const seen = canvasKind.redactEvent!(state, event, user)
        let after = seen === undefined ? before : canvasKind.evolve(before, seen, envelope)
        stats.folded++
        if (event.type === "versionRestored") {
          stats.restores++
          const version = state.versions.find((v) => v.id === event.versionId)
          if (version && version.seq < snapshotAt.get(user.id)!) stats.restoresFromBeforeJoin++
        }
        if (viewRulesChanged(before, after, user)) {
          stats.resyncs++
          after = snapshotOf(state, user)
          snapshotAt.set(user.id, envelope.seq)
        }
        views.set(user.id, after)
        const expected = shown(canvasKind.redactState!(state, user) as CanvasView)
        if (!isDeepStrictEqual(shown(after), expected)) {
          mismatches.push(`#${index} ${event.type} to ${user.id}`)
          views.set(user.id, snapshotOf(state, user))
          snapshotAt.set(user.id, envelope.seq)
        }
      }
    }
  })
  return { mismatches, stats }
}

it("a reader folding the events they receive onto their snapshot sees exactly the redacted canvas", () => {
  const seed = testSeed("canvas redacted fold")
  const random = makeRandom(seed)
  const runs = fc.sample(fc.array(recipe, { minLength: 40, maxLength: 90, size: "max" }), { numRuns: 200, seed })
  const totals = { folded: 0, restores: 0, restoresFromBeforeJoin: 0, resyncs: 0 }
  const mismatches: string[] = []
  for (const recipes of runs) {
    const outcome = check(recipes, random)
    mismatches.push(...outcome.mismatches)
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += outcome.stats[key]
  }
  console.log(`[canvas fold] ${JSON.stringify(totals)}`)
  expect(mismatches.slice(0, 5), replayHint(seed)).toEqual([])
  // Restores of versions a reader never held were in play, or the property proves little.
  expect(totals.restoresFromBeforeJoin).toBeGreaterThan(5)
})
