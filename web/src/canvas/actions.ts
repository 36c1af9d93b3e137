/**
 * Everything a member does to a canvas, as commands: each shows at once
 * (an optimistic change folded with the actor's own `evolve`, so it looks
 * exactly as the server's event will) and is undone with a visible reason
 * when the server refuses it ("locked by the facilitator"). Undo and redo
 * replay one's own operations as commands too: what others did since is
 * never undone, and a removed element comes back with its id (and its
 * connectors) through `importElements`.
 */
import { evolve } from "../../../actors/canvas/evolve.ts"
import type { ElementChanges, ElementInput, ImportedElement, ZMove } from "../../../actors/canvas/protocol.ts"
import type { ActorHandle, Command } from "../client/types.ts"
import { addedAt, movableSelection, type BoardState, type CanvasElement } from "./model.ts"

type CanvasEventLike = Parameters<typeof evolve>[1]

/** One step of a user's history, as the commands that take it back and do it again. */
interface HistoryEntry {
  readonly undo: readonly Command[]
  readonly redo: readonly Command[]
}

const HISTORY_LIMIT = 100
/** Intermediate moves while dragging: at most this often, so others see the drag without flooding the log. */
export const DRAG_SEND_MS = 50
/** Past this many elements in one drag, only the final position is sent. */
const DRAG_LIVE_LIMIT = 5

const inputOf = (element: CanvasElement): ElementInput => {
  const { id: _id, createdBy: _by, createdAt: _at, updatedAt: _up, groupId: _group, locked: _locked, ...input } = element
  return input as ElementInput
}

const importedOf = (element: CanvasElement): ImportedElement => ({ elementId: element.id, element: inputOf(element), groupId: null, locked: false })

export class BoardActions {
  private readonly undoStack: HistoryEntry[] = []
  private readonly redoStack: HistoryEntry[] = []
  private localCounter = 0
  private historyListeners = new Set<() => void>()

  constructor(
    private readonly handle: ActorHandle<BoardState>,
    private readonly me: string,
    /** Told of every refusal, with the command it refused. */
    private readonly refused: (error: unknown, cmd: Command) => void,
  ) {}

  private state(): BoardState | undefined {
    return this.handle.state()
  }

  private predicted(events: readonly CanvasEventLike[]) {
    const at = Date.now()
    return (state: BoardState): BoardState => ({
      ...state,
      canvas: events.reduce((canvas, event) => evolve(canvas, event, { seq: 0, by: this.me, at }), state.canvas),
    })
  }

  /** Sends one command with its predicted events shown at once; resolves the ack's seq, or undefined when refused. */
  private async send(cmd: Command, events: readonly CanvasEventLike[] = []): Promise<number | undefined> {
    try {
      const ack = await this.handle.send(cmd, events.length > 0 ? { optimistic: this.predicted(events) } : {})
      return ack.seq
    } catch (error) {
      this.refused(error, cmd)
      return undefined
    }
  }

  private remember(entry: HistoryEntry): void {
    this.undoStack.push(entry)
    if (this.undoStack.length > HISTORY_LIMIT) this.undoStack.shift()
    this.redoStack.length = 0
    for (const listener of this.historyListeners) listener()
  }

  onHistory(listener: () => void): () => void {
    this.historyListeners.add(listener)
    return () => this.historyListeners.delete(listener)
  }

  canUndo = (): boolean => this.undoStack.length > 0
  canRedo = (): boolean => this.redoStack.length > 0

  /** Adds an element; resolves with the id the canvas gave it (once its event is here), or undefined when refused. */
  async add(element: ElementInput, durationMs?: number): Promise<string | undefined> {
    const localId = `local-${++this.localCounter}`
    const cmd = { type: "addElement", element, ...(durationMs !== undefined ? { durationMs: Math.round(Math.min(durationMs, 3_600_000)) } : {}) }
    const seq = await this.send(cmd, [{ type: "elementAdded", elementId: localId, element }])
    if (seq === undefined) return undefined
    const id = await this.idAt(seq)
    if (id) {
      const placed = this.element(id)
      this.remember({
        undo: [{ type: "removeElement", elementId: id }],
        redo: placed ? [{ type: "importElements", elements: [importedOf(placed)], comments: [] }] : [cmd],
      })
    }
    return id
  }

  /** The element id the event at `seq` added, waiting for that event if the ack came first. */
  private idAt(seq: number): Promise<string | undefined> {
    const found = (): string | undefined => {
      const state = this.state()
      return state ? addedAt(state, seq) : undefined
    }
    const now = found()
    if (now || (this.handle.seq >= seq && !now)) return Promise.resolve(now)
    return new Promise((resolve) => {
      const off = this.handle.onChange(() => {
        const id = found()
        if (id || this.handle.seq >= seq) {
          off()
          resolve(id)
        }
      })
    })
  }

  element(id: string): CanvasElement | undefined {
    return this.state()?.canvas.elements.find((element) => element.id === id)
  }

  /**
   * Moves elements to new places (absolute, so a resend is harmless). `from`
   * is where they were when the gesture began, for undo; only a final move
   * is remembered.
   */
  async moveTo(
    places: ReadonlyMap<string, { x: number; y: number }>,
    from: ReadonlyMap<string, { x: number; y: number }>,
    final: boolean,
    durationMs?: number,
  ): Promise<void> {
    const commands: Command[] = []
    const events: CanvasEventLike[] = []
    for (const [elementId, { x, y }] of places) {
      const rounded = { x: Math.round(x * 100) / 100, y: Math.round(y * 100) / 100 }
      commands.push({
        type: "moveElement",
        elementId,
        ...rounded,
        ...(final && durationMs !== undefined ? { durationMs: Math.round(Math.min(durationMs, 3_600_000)) } : {}),
      })
      events.push({ type: "elementMoved", elementId, ...rounded } as CanvasEventLike)
    }
    if (!final && places.size > DRAG_LIVE_LIMIT) return
    if (final) {
      const undo = [...from].map(([elementId, { x, y }]) => ({ type: "moveElement", elementId, x, y }))
      this.remember({ undo, redo: commands })
    }
    await Promise.all(commands.map((cmd, i) => this.send(cmd, [events[i]!])))
  }

  async update(elementId: string, changes: ElementChanges): Promise<void> {
    const before = this.element(elementId)
    if (!before) return
    const previous = Object.fromEntries(Object.keys(changes).map((key) => [key, (before as unknown as Record<string, unknown>)[key]]))
    const cmd = { type: "updateElement", elementId, changes }
    const seq = await this.send(cmd, [{ type: "elementUpdated", elementId, changes } as CanvasEventLike])
    if (seq !== undefined) this.remember({ undo: [{ type: "updateElement", elementId, changes: previous }], redo: [cmd] })
  }

  /** Removes elements and the connectors attached to them; undo brings all of them back with their ids. */
  async remove(ids: readonly string[]): Promise<void> {
    const before = this.state()?.canvas.elements
    if (!before) return
    const results = await Promise.all(
      ids.map((elementId) => this.send({ type: "removeElement", elementId }, [{ type: "elementRemoved", elementId } as CanvasEventLike])),
    )
    const gone = new Set(ids.filter((_, i) => results[i] !== undefined))
    if (gone.size === 0) return
    const removed = before.filter((e) => gone.has(e.id) || (e.kind === "connector" && (gone.has(e.from) || gone.has(e.to))))
    // Placed elements first, so the connectors find their ends when they come back.
    const ordered = [...removed.filter((e) => e.kind !== "connector"), ...removed.filter((e) => e.kind === "connector")]
    this.remember({
      undo: [{ type: "importElements", elements: ordered.map(importedOf), comments: [] }],
      redo: [...gone].map((elementId) => ({ type: "removeElement", elementId })),
    })
  }

  /** Copies of the elements, offset a little; connectors between copied elements are copied too. Resolves the new ids. */
  async duplicate(ids: readonly string[], offset = 24): Promise<string[]> {
    const state = this.state()
    if (!state) return []
    const chosen = state.canvas.elements.filter((e) => ids.includes(e.id) && e.kind !== "connector")
    const copies = new Map<string, string>()
    for (const element of chosen) {
      const input = inputOf(element) as ElementInput & { x: number; y: number }
      const id = await this.add({ ...input, x: input.x + offset, y: input.y + offset } as ElementInput)
      if (id) copies.set(element.id, id)
    }
    for (const connector of state.canvas.elements) {
      if (connector.kind !== "connector" || !copies.has(connector.from) || !copies.has(connector.to)) continue
      const id = await this.add({
        ...(inputOf(connector) as Extract<ElementInput, { kind: "connector" }>),
        from: copies.get(connector.from)!,
        to: copies.get(connector.to)!,
      })
      if (id) copies.set(connector.id, id)
    }
    return [...copies.values()]
  }

  async reorder(elementId: string, to: ZMove): Promise<void> {
    await this.send({ type: "reorderElement", elementId, to })
  }

  async group(ids: readonly string[]): Promise<void> {
    const seq = await this.send({ type: "groupElements", elementIds: ids })
    if (seq === undefined) return
    const groupId = this.element(ids[0]!)?.groupId
    if (groupId) this.remember({ undo: [{ type: "ungroup", groupId }], redo: [{ type: "groupElements", elementIds: ids }] })
  }

  async ungroup(groupId: string): Promise<void> {
    const members =
      this.state()
        ?.canvas.elements.filter((e) => e.groupId === groupId)
        .map((e) => e.id) ?? []
    const seq = await this.send({ type: "ungroup", groupId })
    if (seq !== undefined && members.length >= 2) this.remember({ undo: [{ type: "groupElements", elementIds: members }], redo: [] })
  }

  /** Selection extended to whole groups, for moving and deleting. */
  movable(ids: ReadonlySet<string>): CanvasElement[] {
    const state = this.state()
    return state ? movableSelection(state.canvas, ids) : []
  }

  async lock(elementId: string, locked: boolean): Promise<void> {
    await this.send({ type: locked ? "lockElement" : "unlockElement", elementId }, [
      { type: locked ? "elementLocked" : "elementUnlocked", elementId } as CanvasEventLike,
    ])
  }

  async lockCanvas(locked: boolean): Promise<void> {
    await this.send({ type: locked ? "lockCanvas" : "unlockCanvas" }, [{ type: locked ? "canvasLocked" : "canvasUnlocked" } as CanvasEventLike])
  }

  async comment(elementId: string, text: string): Promise<boolean> {
    return (await this.send({ type: "addComment", elementId, text })) !== undefined
  }

  async removeComment(commentId: string): Promise<void> {
    await this.send({ type: "removeComment", commentId })
  }

  async command(cmd: Command): Promise<boolean> {
    return (await this.send(cmd)) !== undefined
  }

  async undo(): Promise<void> {
    const entry = this.undoStack.pop()
    if (!entry) return
    for (const cmd of entry.undo) await this.send(cmd)
    if (entry.redo.length > 0) this.redoStack.push(entry)
    for (const listener of this.historyListeners) listener()
  }

  async redo(): Promise<void> {
    const entry = this.redoStack.pop()
    if (!entry) return
    for (const cmd of entry.redo) await this.send(cmd)
    this.undoStack.push(entry)
    for (const listener of this.historyListeners) listener()
  }
}

/** Where each element of a selection starts, for moving it and for undo. */
export const placesOf = (elements: readonly CanvasElement[]): Map<string, { x: number; y: number }> =>
  new Map(elements.flatMap((e) => ("x" in e ? [[e.id, { x: e.x, y: e.y }] as const] : [])))
