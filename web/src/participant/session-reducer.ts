/** How the participant app folds its session: the actor's own state, from the snapshot or from the start. */
import { initialState } from "../../../actors/session/state.ts"
import type { Reducer } from "../client/types.ts"
import { applySessionEvent, foldSession, type SessionState } from "../session/view.ts"

export const sessionReducer = (addr: string, tenant: string): Reducer<SessionState> => ({
  init: (snapshot, events) =>
    foldSession((snapshot as SessionState | undefined) ?? initialState({ tenant, kind: "session", id: addr.slice("session/".length) }), events),
  apply: applySessionEvent,
})
