/**
 * Seeded random exploration of a decider: random command sequences, built
 * against the state reached so far, must never make `evolve` throw, and every
 * event `decide` produces must decode with `eventSchema` unchanged (so the log
 * can always be read back) and keep the state plain data.
 *
 * The seed is printed; set STUDIO_TEST_SEED to replay a failure.
 */
import { isDeepStrictEqual } from "node:util"
import { Exit, Schema } from "effect"
import fc from "fast-check"
import { isRejection, type ActorKind, type User } from "../actor-kind.ts"
import type { Address } from "../address.ts"
import { FIXED_NOW, idSequence } from "./context.ts"
import { assertPlainData } from "./plain-data.ts"
import { replayHint, testSeed } from "./random.ts"

export interface Step {
  readonly command: unknown
  readonly user: User
}

export interface ExplorationStats {
  readonly steps: number
  readonly refusedBySchema: number
  readonly rejected: number
  /** How many times each event type was produced, to prove the generators reach every rule. */
  readonly eventCounts: Readonly<Record<string, number>>
}

export interface ExploreOptions<S, R> {
  readonly addr: Address
  /** One random recipe per step; `build` turns it into a command against the current state. */
  readonly recipe: fc.Arbitrary<R>
  readonly build: (recipe: R, state: S) => Step
  /** Extra checks on every reached state (counters match contents, limits hold...). */
  readonly invariant?: (state: S) => void
  readonly numRuns?: number
  readonly maxSteps?: number
}

export const exploreDecider = <S, C extends { readonly type: string }, E extends { readonly type: string }, R>(
  kind: ActorKind<S, C, E>,
  options: ExploreOptions<S, R>,
): ExplorationStats => {
  const seed = testSeed(`${kind.kind} decider`)
  const decodeCommand = Schema.decodeUnknownExit(kind.commandSchema)
  const decodeEvent = Schema.decodeUnknownExit(kind.eventSchema)
  const stats = { steps: 0, refusedBySchema: 0, rejected: 0, eventCounts: {} as Record<string, number> }

  const run = (recipes: readonly R[]) => {
    let state = kind.initialState(options.addr)
    let seq = 0
    const newId = idSequence()
    recipes.forEach((recipe, index) => {
      stats.steps++
      const step = options.build(recipe, state)
      const command = decodeCommand(step.command)
      if (Exit.isFailure(command)) {
        stats.refusedBySchema++
        return
      }
      const now = FIXED_NOW + index * 1000
      const ctx = { addr: options.addr, user: step.user, now, commandId: `cmd-${index + 1}`, newId }
      const decision = kind.decide(state, command.value, ctx)
      if (isRejection(decision)) {
        stats.rejected++
        return
      }
      for (const event of decision) {
        const decoded = decodeEvent(event)
        if (Exit.isFailure(decoded)) throw new Error(`${event.type} does not decode with eventSchema: ${decoded.cause}`)
        if (!isDeepStrictEqual(decoded.value, event)) throw new Error(`${event.type} changes when decoded with eventSchema`)
        assertPlainData(event.type, event)
        state = kind.evolve(state, decoded.value, { seq: ++seq, by: step.user.id, at: now })
        stats.eventCounts[event.type] = (stats.eventCounts[event.type] ?? 0) + 1
      }
      options.invariant?.(state)
    })
    assertPlainData("state", state)
  }

  const details = fc.check(fc.property(fc.array(options.recipe, { maxLength: options.maxSteps ?? 60, size: "max" }), run), {
    seed,
    numRuns: options.numRuns ?? 200,
  })
  if (details.failed) {
    const reason = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)
    throw new Error(
      `${kind.kind} decider property failed (${replayHint(seed)}): ${reason}\n` + `shrunk recipes: ${JSON.stringify(details.counterexample)}`,
    )
  }
  return stats
}
