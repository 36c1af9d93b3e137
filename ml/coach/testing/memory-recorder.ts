/**
 * Test support: a recorder that keeps each asker's coach actor in memory,
 * deciding with the real coach decider, so refusals are the actor's own.
 */
import { isRejection } from "../../../engine/actor-kind.ts"
import { makeAddress } from "../../../engine/address.ts"
import { decide, evolve, initialState, type CoachState } from "../../../actors/coach/decider.ts"
import type { CoachCommand, CoachEvent } from "../../../actors/coach/protocol.ts"
import { SYSTEM_USER_ID } from "../../../actors/journal/rules.ts"
import type { Role } from "../../../engine/actor-kind.ts"
import type { Asker } from "../../retrieval/port.ts"
import type { CoachRecorder } from "../coach.ts"

export interface MemoryRecorder extends CoachRecorder {
  readonly events: { asker: string; tenant: string; event: CoachEvent }[]
  state(asker: Asker): CoachState
}

export const memoryRecorder = (): MemoryRecorder => {
  const states = new Map<string, CoachState>()
  const events: MemoryRecorder["events"] = []
  let ids = 0
  const key = (asker: Asker) => `${asker.tenant}/${asker.userId}`
  const stateOf = (asker: Asker) => states.get(key(asker)) ?? initialState(makeAddress(asker.tenant, "coach", asker.userId))
  const send = (asker: Asker, user: { id: string; roles: readonly string[] }, command: CoachCommand) => {
    const state = stateOf(asker)
    const addr = makeAddress(asker.tenant, "coach", asker.userId)
    const ctx = {
      addr,
      user: { id: user.id, tenant: asker.tenant, roles: user.roles as Role[] },
      now: Date.now(),
      commandId: `c${++ids}`,
      newId: () => `conv-${++ids}`,
    }
    const decision = decide(state, command, ctx)
    if (isRejection(decision)) throw Object.assign(new Error(decision.message), { code: decision.code })
    let next = state
    for (const event of decision) {
      events.push({ asker: asker.userId, tenant: asker.tenant, event })
      next = evolve(next, event, { seq: events.length, by: user.id, at: ctx.now })
    }
    states.set(key(asker), next)
  }
  return {
    events,
    state: stateOf,
    questionAsked: async (asker, questionId, text, language) =>
      send(asker, { id: asker.userId, roles: asker.roles }, { type: "askQuestion", questionId, text, language }),
    answerGiven: async (asker, questionId, answer) =>
      send(asker, { id: SYSTEM_USER_ID, roles: ["admin"] }, { type: "recordAnswer", questionId, ...answer, citations: [...answer.citations] }),
    turns: async (asker) => stateOf(asker).turns,
  }
}
