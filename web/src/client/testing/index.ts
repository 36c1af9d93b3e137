/**
 * Test support that runs anywhere (Node or a browser): a network switch for
 * the live client, a reducer that records what it was given, and a way to
 * wait for a listener to report something, so tests wait on events, not on
 * sleeps. The Node side (real server, `ws` sockets) is in web/client-tests/.
 */
import type { ActorEvent, NetworkStatus, Reducer } from "../types.ts"

/** A network that is online until told otherwise. */
export interface ManualNetwork extends NetworkStatus {
  set(online: boolean): void
}

export const manualNetwork = (online = true): ManualNetwork => {
  const listeners = new Set<(online: boolean) => void>()
  let state = online
  return {
    online: () => state,
    onChange: (listener) => {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    set: (next) => {
      if (next === state) return
      state = next
      for (const listener of [...listeners]) listener(next)
    },
  }
}

/** What a recording reducer saw: the snapshot it started from, and every event folded since, in order. */
export interface Recorded {
  readonly snapshot: unknown
  /** Every init and apply call, in order: `init` marks a fresh start. */
  readonly calls: readonly ("init" | number)[]
  readonly events: readonly ActorEvent[]
}

/** A reducer that keeps everything it is given (state is immutable, so optimistic changes can add to it). */
export const recordingReducer: Reducer<Recorded> = {
  init: (snapshot, events) => ({ snapshot, calls: ["init", ...events.map((e) => e.seq)], events: [...events] }),
  apply: (state, event) => ({ ...state, calls: [...state.calls, event.seq], events: [...state.events, event] }),
}

/**
 * Resolves with the first value `subscribe` reports that passes `accept`
 * (checking `current` first, when given); rejects after `timeoutMs` with
 * what it saw last, so a failing test says where it stopped.
 */
export const until = <T>(
  subscribe: (listener: (value: T) => void) => () => void,
  accept: (value: T) => boolean,
  options: { readonly current?: () => T; readonly timeoutMs?: number; readonly what?: string } = {},
): Promise<T> =>
  new Promise((resolve, reject) => {
    let last: T | undefined
    const timeoutMs = options.timeoutMs ?? 15_000
    const check = (value: T) => {
      last = value
      if (!accept(value)) return false
      clearTimeout(timer)
      off()
      resolve(value)
      return true
    }
    const timer = setTimeout(() => {
      off()
      reject(new Error(`${options.what ?? "condition"} not met within ${timeoutMs} ms; last seen: ${safeJson(last)}`))
    }, timeoutMs)
    const off = subscribe((value) => void check(value))
    if (options.current) check(options.current())
  })

const safeJson = (value: unknown): string => {
  try {
    return JSON.stringify(value)?.slice(0, 400) ?? String(value)
  } catch {
    return String(value)
  }
}
