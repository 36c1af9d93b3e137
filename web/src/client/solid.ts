/**
 * Solid signals over the client module, for components. Each function must
 * run inside a reactive owner (a component or createRoot): it unsubscribes
 * (and closes its handle) on cleanup. Only createSignal and onCleanup are
 * used, so the rest of the module stays framework-free.
 */
import { createSignal, onCleanup, type Accessor } from "solid-js"
import type { ActorHandle, Connection, HandleStatus, Live, PresencePeer, Reducer, Rejection } from "./types.ts"

/** The live connection's state, for a banner ("reconnecting…", "offline"). */
export const useConnection = (live: Live): Accessor<Connection> => {
  const [connection, setConnection] = createSignal(live.connection(), { equals: false })
  onCleanup(live.onConnection(setConnection))
  return connection
}

/** Commands not yet answered: "saving…" while above 0, "saved" at 0. */
export const usePending = (live: Live): Accessor<number> => {
  const [pending, setPending] = createSignal(live.pending())
  onCleanup(live.onPending(setPending))
  return pending
}

/** Refused commands, most recent last (for toasts), and `clear` once the screen has shown them. */
export const useRejections = (live: Live): { readonly list: Accessor<readonly Rejection[]>; clear(): void } => {
  const [list, setList] = createSignal(live.rejections(), { equals: false })
  onCleanup(live.onRejected(() => setList(live.rejections())))
  return {
    list,
    clear: () => {
      live.clearRejections()
      setList(live.rejections())
    },
  }
}

export interface ActorSignals<S> {
  readonly handle: ActorHandle<S>
  readonly state: Accessor<S | undefined>
  readonly status: Accessor<HandleStatus>
  readonly presence: Accessor<ReadonlyMap<string, PresencePeer>>
}

/** Subscribes to one actor for as long as the owner lives. */
export const useActor = <S>(live: Live, addr: string, reducer: Reducer<S>): ActorSignals<S> => {
  const handle = live.subscribe(addr, reducer)
  const [state, setState] = createSignal<S | undefined>(handle.state(), { equals: false })
  const [status, setStatus] = createSignal<HandleStatus>(handle.status)
  const [presence, setPresence] = createSignal(handle.presence(), { equals: false })
  const offChange = handle.onChange((next) => {
    setState(() => next)
    setStatus(handle.status)
  })
  const offPresence = handle.onPresence(setPresence)
  onCleanup(() => {
    offChange()
    offPresence()
    handle.close()
  })
  return { handle, state, status, presence }
}
