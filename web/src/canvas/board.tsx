/**
 * A canvas on screen, in the console and in the participant app: the pixi
 * scene (scene/), the member's tools around it, and the people on it. The
 * canvas is folded here with the actor's own rules (model.ts); every change
 * is a command shown at once and undone with a reason if refused
 * (actions.ts); pointer, touch and wheel become gestures (gestures.ts).
 * This module and pixi load only when a canvas opens (see lazy.ts).
 */
import { createEffect, createMemo, createSignal, For, on, onCleanup, onMount, Show } from "solid-js"
import type { CardFace } from "../../../actors/canvas/drawing.ts"
import { useActor, useConnection, usePending } from "../client/solid.ts"
import type { Command } from "../client/types.ts"
import { formatDateTime, t } from "../i18n/i18n.ts"
import { showToast } from "../ui/Toasts.tsx"
import { errorText } from "../ui/errors.ts"
import { BoardActions } from "./actions.ts"
import type { CanvasBoardProps } from "./board-props.ts"
import { INK_COLOURS, memberColour, STICKY_COLOURS } from "./colours.ts"
import { Gestures, type ShapeKind, type StrokeTool, type Tool } from "./gestures.ts"
import { inlineImage } from "./image-input.ts"
import { handleKey } from "./keys.ts"
import { boardReducer, diffElements, powersOf, type BoardState, type CanvasElement } from "./model.ts"
import { Outline } from "./outline.tsx"
import { SidePanel, type PanelName } from "./panels/side-panel.tsx"
import { peersOf, PRESENCE_HEARTBEAT_MS, type CanvasPresence } from "./presence.ts"
import { createScene, type CanvasScene } from "./scene/index.ts"
import { SelectionBar } from "./selection-bar.tsx"
import { TextEditor } from "./text-editor.tsx"
import { Toolbar } from "./toolbar.tsx"
import { centredOn, fitView, type Viewport } from "./viewport.ts"
import { ZoomBar } from "./zoom-bar.tsx"
import "./canvas.css"

export interface BoardContext {
  readonly props: CanvasBoardProps
  readonly state: () => BoardState | undefined
  readonly actions: BoardActions
  readonly powers: () => ReturnType<typeof powersOf>
  readonly selection: () => ReadonlySet<string>
  readonly select: (ids: Iterable<string>) => void
  readonly scene: () => CanvasScene | undefined
  readonly canvasId: string
  readonly send: (cmd: Command) => Promise<boolean>
  /** A version shown instead of the canvas (nothing changes until it is restored). */
  readonly preview: () => VersionPreview | undefined
  readonly setPreview: (preview: VersionPreview | undefined) => void
}

export interface VersionPreview {
  readonly versionId: string
  readonly elements: readonly CanvasElement[]
}

/** One subscription to the canvas; the board mounts a new one when the fold asks for a fresh snapshot. */
export const CanvasBoard = (props: CanvasBoardProps) => {
  const [epoch, setEpoch] = createSignal(0)
  return (
    // A new epoch is a new item: the old subscription closes and a fresh one joins.
    <For each={[epoch()]}>{() => <LiveBoard {...props} resync={() => setEpoch((n) => n + 1)} />}</For>
  )
}

const LiveBoard = (props: CanvasBoardProps & { readonly resync: () => void }) => {
  const actor = useActor(props.live, props.addr, boardReducer(props.user))
  const connection = useConnection(props.live)
  const pending = usePending(props.live)
  const canvasId = props.addr.slice("canvas/".length)
  const state = createMemo(() => actor.state())
  const actions = new BoardActions(actor.handle, props.user.id, (error, cmd) =>
    showToast(t("canvas.refused", { reason: refusalWords(error, cmd, state()) })),
  )
  const powers = createMemo(() => {
    const s = state()
    return s ? powersOf(s.canvas, props.user) : { access: "none" as const, edit: false, comment: false, manage: false, lock: false }
  })

  const [tool, setTool] = createSignal<Tool>("select")
  const [penTool, setPenTool] = createSignal<StrokeTool>("pen")
  const [shapeKind, setShapeKind] = createSignal<ShapeKind>("rectangle")
  const [colour, setColour] = createSignal(INK_COLOURS[0]!.value)
  const [stickyColour, setStickyColour] = createSignal(STICKY_COLOURS[0]!.value)
  const [selection, setSelection] = createSignal<ReadonlySet<string>>(new Set())
  const [editing, setEditing] = createSignal<string>()
  const [panel, setPanel] = createSignal<PanelName>()
  const [grid, setGrid] = createSignal(false)
  const [minimap, setMinimap] = createSignal(!props.compact)
  const [showCursors, setShowCursors] = createSignal(true)
  const [following, setFollowing] = createSignal<string>()
  const [scene, setScene] = createSignal<CanvasScene>()
  const [view, setView] = createSignal<Viewport>({ x: 0, y: 0, zoom: 1 })
  const [sceneFailed, setSceneFailed] = createSignal<string>()
  const [preview, setPreview] = createSignal<VersionPreview>()
  let host: HTMLDivElement | undefined
  let lastInput = Date.now()
  let pointerWorld: readonly [number, number] | null = null
  let dragged: ReadonlyMap<string, { x: number; y: number }> | null = null
  let shown: readonly CanvasElement[] = []

  const select = (ids: Iterable<string>) => setSelection(new Set(ids))

  createEffect(
    on(
      () => state()?.stale,
      (stale) => stale && props.resync(),
    ),
  )
  createEffect(
    on(actor.status, (status) => {
      if (status === "live") props.onAccess?.("open")
      else if (status === "revoked" || status === "failed") props.onAccess?.("refused")
    }),
  )
  onCleanup(() => props.onAccess?.("closed"))

  // Card faces are asked for once they are needed: a card on the canvas, or the Cards panel open.
  createEffect(() => {
    if (panel() === "library" || state()?.canvas.elements.some((e) => e.kind === "card")) props.wantCards?.()
  })
  const cardFaces = createMemo(() => new Map<string, CardFace>(props.cards().map((card) => [card.cardId, card.face])))
  createEffect(() => {
    const faces = cardFaces()
    scene()?.setCardFaces((cardId) => faces.get(cardId))
  })

  /** The elements as drawn: the folded state, with what this member is dragging where their pointer is. */
  const drawnElements = (elements: readonly CanvasElement[]): readonly CanvasElement[] =>
    dragged === null ? elements : elements.map((e) => (dragged!.has(e.id) && "x" in e ? ({ ...e, ...dragged!.get(e.id)! } as CanvasElement) : e))

  const redraw = () => {
    const s = scene()
    const current = state()
    if (!s || !current || preview()) return
    const next = drawnElements(current.canvas.elements)
    s.update(diffElements(shown, next))
    shown = next
  }

  // Events can come faster than frames: the scene takes the latest state once per frame.
  let redrawFrame = 0
  createEffect(
    on(state, () => {
      if (!redrawFrame)
        redrawFrame = requestAnimationFrame(() => {
          redrawFrame = 0
          redraw()
        })
    }),
  )
  onCleanup(() => cancelAnimationFrame(redrawFrame))
  createEffect(
    on(
      preview,
      (shownVersion) => {
        const s = scene()
        if (!s) return
        if (shownVersion) {
          setSelection(new Set<string>())
          s.reset(shownVersion.elements)
          return
        }
        shown = drawnElements(state()?.canvas.elements ?? [])
        s.reset(shown)
      },
      { defer: true },
    ),
  )
  createEffect(() => {
    const ids = selection()
    const present = new Set(state()?.canvas.elements.map((e) => e.id) ?? [])
    const kept = [...ids].filter((id) => present.has(id))
    if (kept.length !== ids.size) setSelection(new Set(kept))
    scene()?.setSelection(kept)
  })
  createEffect(() => scene()?.setGrid(grid()))
  createEffect(() => scene()?.setMinimap(minimap()))

  // Presence: what this member shows the others, at most ~20 a second (the client throttles) and a heartbeat.
  const presence = (): CanvasPresence => {
    const v = view()
    const size = host?.getBoundingClientRect()
    return {
      cursor: pointerWorld,
      selection: [...selection()],
      view: { x: v.x + (size?.width ?? 0) / 2 / v.zoom, y: v.y + (size?.height ?? 0) / 2 / v.zoom, zoom: v.zoom },
      idleMs: Date.now() - lastInput,
    }
  }
  const announce = () => {
    if (actor.status() === "live") actor.handle.setPresence(presence())
  }
  createEffect(on([selection, view], announce, { defer: true }))
  const heartbeat = setInterval(announce, PRESENCE_HEARTBEAT_MS)
  const [now, setNow] = createSignal(Date.now())
  const ticker = setInterval(() => setNow(Date.now()), 1_000)
  onCleanup(() => {
    clearInterval(heartbeat)
    clearInterval(ticker)
  })

  const peers = createMemo(() => peersOf(actor.presence(), now()))
  createEffect(() => {
    const s = scene()
    if (!s) return
    const list = peers()
    s.setCursors(
      showCursors()
        ? list.flatMap((p) =>
            p.presence.cursor
              ? [
                  {
                    userId: p.userId,
                    name: props.nameOf(p.userId),
                    colour: memberColour(p.userId),
                    x: p.presence.cursor[0],
                    y: p.presence.cursor[1],
                    status: p.status,
                  },
                ]
              : [],
          )
        : [],
    )
    s.setRemoteSelections(
      list
        .filter((p) => showCursors() && p.presence.selection.length > 0 && p.status !== "away")
        .map((p) => ({ userId: p.userId, name: props.nameOf(p.userId), colour: memberColour(p.userId), ids: p.presence.selection })),
    )
  })

  // Following someone: their view becomes this member's until this member moves or zooms.
  createEffect(() => {
    const followed = following()
    const s = scene()
    if (!followed || !s || !host) return
    const peer = peers().find((p) => p.userId === followed)
    if (!peer) return
    const size = host.getBoundingClientRect()
    s.setViewport(centredOn(peer.presence.view, peer.presence.view.zoom, size.width, size.height))
  })

  // "Bring everyone to my view": a lead's summon, carried by their presence, moves everyone else once.
  const seenSummons = new Set<string>()
  createEffect(() => {
    const s = scene()
    if (!s || !host) return
    for (const [userId, peer] of actor.presence()) {
      const summon = (peer.data as { summon?: { id: string; x: number; y: number; zoom: number } } | undefined)?.summon
      if (!summon || seenSummons.has(summon.id)) continue
      seenSummons.add(summon.id)
      if (!props.leads?.(userId)) continue
      const size = host.getBoundingClientRect()
      setFollowing(undefined)
      s.setViewport(centredOn(summon, summon.zoom, size.width, size.height))
      showToast(t("canvas.broughtHere", { name: props.nameOf(userId) }))
    }
  })
  const bringEveryone = () => {
    const p = presence()
    actor.handle.setPresence({ ...p, summon: { id: `${props.user.id}-${Date.now()}`, ...p.view } })
    showToast(t("canvas.broughtEveryone"))
  }

  const gestures = new Gestures({
    scene: {
      viewport: () => scene()!.viewport(),
      setViewport: (v) => scene()!.setViewport(v),
      hitTest: (x, y, tolerance) => scene()!.hitTest(x, y, tolerance),
      queryRect: (rect) => scene()!.queryRect(rect),
      boundsOf: (id) => scene()!.boundsOf(id),
      setPreview: (preview) => scene()!.setPreview(preview),
      get canvasElement() {
        return scene()!.canvasElement
      },
    },
    actions,
    tool,
    penTool,
    shapeKind,
    colour,
    stickyColour,
    // Previewing a version, nothing is edited: the pointer only looks around.
    canEdit: () => powers().edit && !preview(),
    selection,
    select,
    element: (id) => state()?.canvas.elements.find((e) => e.id === id),
    viewChangedByHand: () => setFollowing(undefined),
    placed: (id) => setEditing(id),
    pointer: (world) => {
      pointerWorld = world
      lastInput = Date.now()
      announce()
    },
    dragging: (places) => {
      dragged = places
      redraw()
    },
  })

  onMount(async () => {
    if (!host) return
    try {
      await actor.handle.ready()
    } catch {
      return
    }
    try {
      const created = await createScene(host, { grid: grid(), minimap: minimap() })
      onCleanup(() => created.destroy())
      const current = state()!
      shown = current.canvas.elements
      created.reset(shown)
      const faces = cardFaces()
      created.setCardFaces((cardId) => faces.get(cardId))
      const size = host.getBoundingClientRect()
      created.setViewport(props.initialView ?? fitView(created.contentBounds(), size.width, size.height))
      setView(created.viewport())
      onCleanup(created.onViewportChange(setView))
      const observer = new ResizeObserver(() => created.resize())
      observer.observe(host)
      onCleanup(() => observer.disconnect())
      setScene(created)
      announce()
    } catch (error) {
      setSceneFailed(String(error))
    }
  })

  /** A picture from the device, in the middle of the view, at most 400 units on its longer side. */
  const addImage = async (file: File) => {
    const s = scene()
    if (!s || !host) return
    const picture = await inlineImage(file).catch(() => undefined)
    if (!picture) return showToast(t("canvas.imageTooLarge"))
    const size = host.getBoundingClientRect()
    const centre = s.screenToWorld(size.width / 2, size.height / 2)
    const scale = 400 / Math.max(picture.width, picture.height, 400)
    const [w, h] = [Math.round(picture.width * scale), Math.round(picture.height * scale)]
    const alt = file.name.replace(/\.[a-z0-9]+$/i, "").slice(0, 200)
    const id = await actions.add({ kind: "image", src: picture.src, alt, x: centre.x - w / 2, y: centre.y - h / 2, w, h })
    if (id) select([id])
  }

  const onPointerDown = (event: PointerEvent) => {
    const s = scene()
    if (!s || editing()) return
    lastInput = Date.now()
    const rect = s.canvasElement.getBoundingClientRect()
    if (s.isOnMinimap(event.clientX - rect.left, event.clientY - rect.top)) return
    host?.focus({ preventScroll: true })
    gestures.pointerDown(event)
  }

  const context: BoardContext = {
    props,
    state,
    actions,
    powers,
    selection,
    select,
    scene,
    canvasId,
    send: (cmd) => actions.command(cmd),
    preview,
    setPreview,
  }

  const onKeyDown = (event: KeyboardEvent) => {
    if (!scene() || editing()) return
    lastInput = Date.now()
    handleKey(event, {
      context,
      setTool: (next) => powers().edit && setTool(next),
      edit: (id) => setEditing(id),
      clearFollow: () => setFollowing(undefined),
      host: () => host,
    })
  }

  const status = () => {
    const c = connection()
    if (c.state === "offline") return t("canvas.status.offline")
    if (c.state === "reconnecting" || c.state === "connecting") return t("canvas.status.reconnecting")
    return pending() > 0 ? t("save.saving") : t("canvas.status.saved")
  }

  return (
    <div class="board" classList={{ "board-compact": !!props.compact }}>
      <Show when={actor.status() === "revoked" || actor.status() === "failed"}>
        <p class="alert" role="alert">
          {actor.handle.error?.code === "not_found" ? t("canvas.missing") : t("canvas.noAccess")}
        </p>
      </Show>
      <Show when={actor.status() !== "revoked" && actor.status() !== "failed"}>
        <div class="board-top">
          <h2 class="board-title" dir="auto">
            {state()?.canvas.title || t("canvas.untitled")}
          </h2>
          <Show when={state()?.canvas.locked}>
            <span class="badge badge-locked">{t("canvas.lockedBadge")}</span>
          </Show>
          <Show when={state() && !powers().edit && !state()!.canvas.locked}>
            <span class="badge">{powers().comment ? t("canvas.commentOnly") : t("canvas.viewOnly")}</span>
          </Show>
          <span class="board-status" role="status" aria-live="polite">
            {status()}
          </span>
          <div class="board-menu">
            <PanelButton name="people" current={panel()} open={setPanel} label={t("canvas.panel.people", { count: peers().length + 1 })} />
            <Show when={powers().edit}>
              <PanelButton name="library" current={panel()} open={setPanel} label={t("canvas.panel.library")} />
              <PanelButton name="templates" current={panel()} open={setPanel} label={t("canvas.panel.templates")} />
            </Show>
            <Show when={powers().comment || powers().manage}>
              <PanelButton name="comments" current={panel()} open={setPanel} label={t("canvas.panel.comments")} />
            </Show>
            <Show when={powers().manage}>
              <PanelButton name="share" current={panel()} open={setPanel} label={t("canvas.panel.share")} />
            </Show>
            <PanelButton name="versions" current={panel()} open={setPanel} label={t("canvas.panel.versions")} />
            <PanelButton name="export" current={panel()} open={setPanel} label={t("canvas.panel.export")} />
          </div>
        </div>
        <Show when={preview()}>
          {(version) => (
            <div class="board-preview notice" role="status">
              <span>{t("canvas.version.previewing", { when: versionWhen(state(), version().versionId) })}</span>
              <Show when={powers().edit}>
                <button
                  type="button"
                  class="btn btn-small btn-primary"
                  onClick={() => {
                    const id = version().versionId
                    setPreview(undefined)
                    void actions.command({ type: "restoreVersion", versionId: id })
                  }}
                >
                  {t("canvas.version.restore")}
                </button>
              </Show>
              <button type="button" class="btn btn-small" onClick={() => setPreview(undefined)}>
                {t("canvas.version.backToNow")}
              </button>
            </div>
          )}
        </Show>
        <div class="board-body">
          <Show when={powers().edit && !preview()}>
            <Toolbar
              tool={tool()}
              setTool={setTool}
              penTool={penTool()}
              setPenTool={setPenTool}
              shapeKind={shapeKind()}
              setShapeKind={setShapeKind}
              colour={colour()}
              setColour={setColour}
              stickyColour={stickyColour()}
              setStickyColour={setStickyColour}
              canUndo={actions.canUndo}
              canRedo={actions.canRedo}
              undo={() => void actions.undo()}
              redo={() => void actions.redo()}
              onHistory={(l) => actions.onHistory(l)}
              compact={!!props.compact}
              addImage={(file) => void addImage(file)}
            />
          </Show>
          <div
            ref={host}
            class="board-canvas"
            classList={{ [`tool-${tool()}`]: true }}
            tabindex="0"
            role="application"
            aria-roledescription={t("canvas.roleDescription")}
            aria-label={t("canvas.label", { title: state()?.canvas.title || t("canvas.untitled") })}
            aria-describedby={`outline-${canvasId}`}
            data-viewport={`${view().x},${view().y},${view().zoom}`}
            onPointerDown={onPointerDown}
            onPointerMove={(e) => scene() && gestures.pointerMove(e)}
            onPointerUp={(e) => scene() && gestures.pointerUp(e)}
            onPointerCancel={() => gestures.cancelDrag()}
            onPointerLeave={() => gestures.pointerLeave()}
            onWheel={(e) => scene() && gestures.wheel(e)}
            onDblClick={(e) => {
              const s = scene()
              if (!s || !powers().edit) return
              const rect = s.canvasElement.getBoundingClientRect()
              const world = s.screenToWorld(e.clientX - rect.left, e.clientY - rect.top)
              const hit = s.hitTest(world.x, world.y)
              const element = hit ? state()?.canvas.elements.find((x) => x.id === hit) : undefined
              if (element && (element.kind === "sticky" || element.kind === "text") && !element.locked) setEditing(element.id)
            }}
            onKeyDown={onKeyDown}
            onDragOver={(e) => powers().edit && e.preventDefault()}
            onDrop={(e) => {
              const cardId = e.dataTransfer?.getData("application/x-studio-card")
              const s = scene()
              if (!cardId || !s || !powers().edit) return
              e.preventDefault()
              const rect = s.canvasElement.getBoundingClientRect()
              const world = s.screenToWorld(e.clientX - rect.left, e.clientY - rect.top)
              void actions.add({ kind: "card", cardId, x: world.x - 90, y: world.y - 130, w: 180, h: 260 }).then((id) => id && select([id]))
            }}
          >
            <Show when={!scene() && !sceneFailed()}>
              <p class="board-loading muted">{t("canvas.loading")}</p>
            </Show>
            <Show when={sceneFailed()}>
              <p class="alert" role="alert">
                {t("canvas.noGraphics")}
              </p>
            </Show>
            <Show when={editing()}>
              {(id) => (
                <TextEditor
                  context={context}
                  elementId={id()}
                  view={view()}
                  done={() => {
                    setEditing(undefined)
                    host?.focus()
                  }}
                />
              )}
            </Show>
          </div>
          <Show when={panel()}>
            {(name) => (
              <SidePanel
                name={name()}
                context={context}
                close={() => setPanel(undefined)}
                peers={peers()}
                following={following()}
                follow={(userId) => setFollowing((current) => (current === userId ? undefined : userId))}
                bringEveryone={props.leads?.(props.user.id) ? bringEveryone : undefined}
                showCursors={showCursors()}
                setShowCursors={setShowCursors}
              />
            )}
          </Show>
        </div>
        <div class="board-bottom">
          <SelectionBar context={context} edit={(id) => setEditing(id)} openComments={() => setPanel("comments")} />
          <ZoomBar
            view={view()}
            scene={scene()}
            host={() => host}
            grid={grid()}
            setGrid={setGrid}
            minimap={minimap()}
            setMinimap={setMinimap}
            clearFollow={() => setFollowing(undefined)}
          />
        </div>
        <Outline id={`outline-${canvasId}`} context={context} />
      </Show>
    </div>
  )
}

const PanelButton = (props: {
  readonly name: PanelName
  readonly current: PanelName | undefined
  readonly open: (name: PanelName | undefined) => void
  readonly label: string
}) => (
  <button
    type="button"
    class="btn btn-small"
    aria-pressed={props.current === props.name}
    onClick={() => props.open(props.current === props.name ? undefined : props.name)}
  >
    {props.label}
  </button>
)

const versionWhen = (state: BoardState | undefined, versionId: string): string => {
  const version = state?.canvas.versions.find((v) => v.id === versionId)
  return version ? version.label || formatDateTime(version.at) : versionId
}

/** A refusal in words: a lock is named as the facilitator's (the state says whether one is in the way), the rest through the shared error words. */
const refusalWords = (error: unknown, cmd: Command, state: BoardState | undefined): string => {
  const code = (error as { code?: string }).code
  const element = typeof cmd["elementId"] === "string" ? state?.canvas.elements.find((e) => e.id === cmd["elementId"]) : undefined
  if (code === "conflict" && (state?.canvas.locked || element?.locked)) return t("canvas.refusedLocked")
  if (code === "conflict" && cmd.type === "restoreVersion" && state?.canvas.elements.some((e) => e.locked)) return t("canvas.refusedRestoreLocked")
  if (code === "forbidden" && cmd.type !== "addComment") return t("canvas.refusedNoEdit")
  return errorText(error)
}
