/**
 * How the console folds a session: the actor's own evolve over the
 * facilitator's redacted view (session/view.ts), and, on the side, an
 * estimate of the server's clock from the events' server times, so the
 * timer counts down to the server's instant, not this laptop's.
 */
import { createRoot, createSignal } from "solid-js"
import { initialState } from "../../../../actors/session/state.ts"
import type { Reducer } from "../../client/types.ts"
import { applySessionEvent, foldSession, type SessionState } from "../../session/view.ts"

const clock = createRoot(() => {
  const [lag, setLag] = createSignal<number | undefined>(undefined)
  return { lag, setLag }
})

/**
 * Server time minus local time, in ms (0 until an event arrived). The
 * smallest (local arrival - server time) seen is the clock difference plus
 * the quickest delivery; catch-up events arrive late and never lower it.
 */
export const serverOffset = (): number => -(clock.lag() ?? 0)

const observe = (at: number): void => {
  const lag = Date.now() - at
  // An event from long ago (catching up after a reconnect) says nothing about the clocks.
  if (Math.abs(lag) > 10_000) return
  const known = clock.lag()
  if (known === undefined || lag < known) clock.setLag(lag)
}

export const roomReducer = (addr: string, tenant: string): Reducer<SessionState> => ({
  init: (snapshot, events) =>
    foldSession((snapshot as SessionState | undefined) ?? initialState({ tenant, kind: "session", id: addr.slice("session/".length) }), events),
  apply: (state, event) => {
    observe(event.at)
    return applySessionEvent(state, event)
  },
})
