/**
 * The canvases of this session shared with the participant, and the news of
 * one newly shared ("Facilitator shared a canvas with you — Open").
 *
 * No live event tells a participant of a grant to a canvas they have not
 * joined: the canvas actor sends its events to its readers only, and the
 * grant goes to the canvas, not to the session the participant follows. So
 * the read model's list (which shows a guest only its own session's
 * canvases shared with it) is asked again while the session is on screen:
 * every CHECK_EVERY_MS while the tab is visible and connected, at once when
 * it comes back, and every few seconds for a while after a board here lost
 * its access (a grant given back is news again only once the list has shown
 * it gone). A canvas that appears in the list is news, unless a board on
 * this screen already shows it (a canvas the facilitator brought everyone to).
 */
import { createSignal, onCleanup } from "solid-js"
import type { Api } from "../client/types.ts"

export interface SharedCanvas {
  readonly id: string
  readonly title: string
  readonly ownerId: string
}

/** What a board here says about itself (see CanvasBoardProps.onAccess). */
export type BoardAccess = "open" | "refused" | "closed"

/** The canvases that are news: in the list now, not in it before, and not on this screen already. The first look (nothing known yet) is never news. */
export const newlyShared = (
  known: ReadonlySet<string> | undefined,
  listed: readonly SharedCanvas[],
  openHere: ReadonlySet<string>,
): SharedCanvas[] => (known === undefined ? [] : listed.filter((canvas) => !known.has(canvas.id) && !openHere.has(canvas.id)))

export const CHECK_EVERY_MS = 10_000
/** After a board lost its access: look this often, this many times, until the list shows the canvas gone. */
const AFTER_REFUSAL_MS = 2_000
const AFTER_REFUSAL_TIMES = 15

export interface SharedCanvasesOptions {
  readonly api: Api
  readonly sessionId: string
  /** Whether the live connection is up: a participant offline is not asked about news. */
  readonly connected: () => boolean
}

export interface SharedCanvases {
  /** The list as last read (undefined until the first answer). */
  list(): readonly SharedCanvas[] | undefined
  /** Why the last look failed, while it has not succeeded since. */
  error(): unknown
  /** Looks again now (a look already under way is not repeated). */
  check(): Promise<void>
  /** Canvases shared since this screen last looked, newest last. */
  notices(): readonly SharedCanvas[]
  dismiss(canvasId: string): void
  /** The person asked to open a canvas: `times` grows with each ask, so asking for the same one again opens it again. */
  openRequest(): { readonly canvasId: string; readonly times: number } | undefined
  open(canvasId: string): void
  /** A board on this screen: tell it how the board's access goes. */
  board(canvasId: string): (access: BoardAccess) => void
}

/** Known ids survive a reload of the tab, so a canvas shared meanwhile is still news and an old one is not. */
const storageKey = (sessionId: string) => `studio.participant.sharedCanvases.${sessionId}`

const readKnown = (sessionId: string): Set<string> | undefined => {
  try {
    const stored = globalThis.sessionStorage?.getItem(storageKey(sessionId))
    return stored ? new Set(JSON.parse(stored) as string[]) : undefined
  } catch {
    return undefined
  }
}

/** Call inside a component: its looks stop when the component goes. */
export const createSharedCanvases = (options: SharedCanvasesOptions): SharedCanvases => {
  const [list, setList] = createSignal<readonly SharedCanvas[]>()
  const [error, setError] = createSignal<unknown>()
  const [notices, setNotices] = createSignal<readonly SharedCanvas[]>([])
  const [openRequest, setOpenRequest] = createSignal<{ canvasId: string; times: number }>()
  const boards = new Map<number, { canvasId: string; open: boolean }>()
  const [boardsChanged, setBoardsChanged] = createSignal(0)
  let nextBoard = 1
  let known = readKnown(options.sessionId)
  let looking: Promise<void> | undefined
  let followUps: ReturnType<typeof setInterval> | undefined

  const openHere = () => new Set([...boards.values()].filter((b) => b.open).map((b) => b.canvasId))

  const look = async () => {
    try {
      const page = await options.api.get<{ items: SharedCanvas[] }>("/api/canvases", { query: { session: options.sessionId, limit: 200 } })
      const listed = page.items.map(({ id, title, ownerId }) => ({ id, title, ownerId }))
      const news = newlyShared(known, listed, openHere())
      known = new Set(listed.map((canvas) => canvas.id))
      globalThis.sessionStorage?.setItem(storageKey(options.sessionId), JSON.stringify([...known]))
      setList(listed)
      setError(undefined)
      // A notice for a canvas no longer shared goes too: its "Open" would only say "no access".
      setNotices((current) => [...current.filter((canvas) => known!.has(canvas.id)), ...news])
    } catch (failure) {
      setError(failure)
    }
  }

  const check = (): Promise<void> => (looking ??= look().finally(() => (looking = undefined)))

  const lookSoonAfterRefusal = (canvasId: string) => {
    clearInterval(followUps)
    let times = 0
    followUps = setInterval(() => {
      if (++times > AFTER_REFUSAL_TIMES || !known?.has(canvasId)) return clearInterval(followUps)
      void check()
    }, AFTER_REFUSAL_MS)
  }

  const visible = () => globalThis.document?.visibilityState !== "hidden"
  const timer = setInterval(() => visible() && options.connected() && void check(), CHECK_EVERY_MS)
  const onVisibility = () => visible() && void check()
  globalThis.document?.addEventListener("visibilitychange", onVisibility)
  onCleanup(() => {
    clearInterval(timer)
    clearInterval(followUps)
    globalThis.document?.removeEventListener("visibilitychange", onVisibility)
  })
  void check()

  return {
    list,
    error,
    check,
    // A canvas on screen with access is news no more (the facilitator may have brought everyone to it meanwhile).
    notices: () => {
      boardsChanged()
      const here = openHere()
      return notices().filter((canvas) => !here.has(canvas.id))
    },
    dismiss: (canvasId) => setNotices((current) => current.filter((canvas) => canvas.id !== canvasId)),
    openRequest,
    open: (canvasId) => {
      setNotices((current) => current.filter((canvas) => canvas.id !== canvasId))
      setOpenRequest((last) => ({ canvasId, times: (last?.times ?? 0) + 1 }))
    },
    board: (canvasId) => {
      const id = nextBoard++
      boards.set(id, { canvasId, open: false })
      return (access) => {
        if (access === "closed") boards.delete(id)
        else boards.set(id, { canvasId, open: access === "open" })
        if (access === "refused") lookSoonAfterRefusal(canvasId)
        setBoardsChanged((n) => n + 1)
      }
    },
  }
}
