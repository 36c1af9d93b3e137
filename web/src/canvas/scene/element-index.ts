/**
 * The scene's elements, their drawing order and an R-tree (rbush) of their
 * painted bounds: hit tests, marquee queries and culling all ask the tree,
 * never pixi's walk of the scene. Connectors are indexed by the line
 * between their ends' centres and re-indexed when an end moves.
 * No pixi here: plain data, so it can be reasoned about (and tested) alone.
 */
import RBush from "rbush"
import { connectorBox, connectorGeometry, paintedBox, type Box, type Connector, type Placed } from "../../../../actors/canvas/drawing.ts"
import type { CanvasElement } from "../../../../actors/canvas/state.ts"
import { hitsConnector, hitsPlaced } from "./hit.ts"
import type { SceneChange, WorldRect } from "./index.ts"

export interface IndexedBox extends Box {
  readonly id: string
}

export class ElementIndex {
  readonly #elements = new Map<string, CanvasElement>()
  /** Drawing order: position in this list is the element's depth. */
  #order: string[] = []
  readonly #depth = new Map<string, number>()
  readonly #tree = new RBush<IndexedBox>()
  readonly #boxes = new Map<string, IndexedBox>()
  /** Element id -> the connectors that have it as an end. */
  readonly #attached = new Map<string, Set<string>>()

  get size(): number {
    return this.#elements.size
  }

  get(id: string): CanvasElement | undefined {
    return this.#elements.get(id)
  }

  depthOf(id: string): number {
    return this.#depth.get(id) ?? -1
  }

  ids(): readonly string[] {
    return this.#order
  }

  placed(id: string): Placed | undefined {
    const e = this.#elements.get(id)
    return e && e.kind !== "connector" ? e : undefined
  }

  connectorsOf(id: string): ReadonlySet<string> {
    return this.#attached.get(id) ?? new Set()
  }

  /** Applies a change and returns every id whose drawing is now stale: those named, and connectors whose ends moved or vanished. */
  apply(change: SceneChange): Set<string> {
    const stale = new Set<string>()
    const removed = new Set<string>()
    for (const id of change.removed ?? []) {
      if (!this.#elements.has(id)) continue
      this.#forget(id)
      removed.add(id)
      for (const connector of this.connectorsOf(id)) stale.add(connector)
      stale.add(id)
    }
    if (removed.size > 0) this.#order = this.#order.filter((id) => !removed.has(id))
    for (const element of change.upserted ?? []) {
      if (!this.#elements.has(element.id)) this.#order.push(element.id)
      else this.#forget(element.id)
      this.#elements.set(element.id, element)
      if (element.kind === "connector") this.#attach(element)
      stale.add(element.id)
      for (const connector of this.connectorsOf(element.id)) stale.add(connector)
    }
    if (change.order) {
      // Ids the order does not name (not known to the caller yet) stay on top, in their present order.
      const named = new Set(change.order)
      this.#order = change.order.filter((id) => this.#elements.has(id)).concat(this.#order.filter((id) => !named.has(id)))
    }
    for (const id of removed) this.#depth.delete(id)
    if (removed.size > 0 || change.order || change.upserted?.length) this.#order.forEach((id, depth) => this.#depth.set(id, depth))
    for (const id of stale) if (this.#elements.has(id)) this.#reindex(id)
    return stale
  }

  clear(): void {
    this.#elements.clear()
    this.#order = []
    this.#depth.clear()
    this.#tree.clear()
    this.#boxes.clear()
    this.#attached.clear()
  }

  /** Loads many elements at once (bulk-loading the tree is much faster than inserting one by one). */
  load(elements: readonly CanvasElement[]): void {
    this.clear()
    for (const element of elements) {
      this.#elements.set(element.id, element)
      this.#order.push(element.id)
      if (element.kind === "connector") this.#attach(element)
    }
    this.#order.forEach((id, depth) => this.#depth.set(id, depth))
    const boxes: IndexedBox[] = []
    for (const element of elements) {
      const box = this.#boxFor(element)
      if (box) {
        boxes.push(box)
        this.#boxes.set(element.id, box)
      }
    }
    this.#tree.load(boxes)
  }

  box(id: string): Box | undefined {
    return this.#boxes.get(id)
  }

  /** Ids whose boxes intersect a world box, in no particular order. */
  search(box: Box): IndexedBox[] {
    return this.#tree.search(box)
  }

  hitTest(x: number, y: number, tolerance: number): string | undefined {
    let best: string | undefined
    let bestDepth = -1
    for (const { id } of this.#tree.search({ minX: x - tolerance, minY: y - tolerance, maxX: x + tolerance, maxY: y + tolerance })) {
      const depth = this.depthOf(id)
      if (depth <= bestDepth) continue
      const e = this.#elements.get(id)!
      const hit =
        e.kind === "connector" ? hitsConnector(e, this.placed(e.from)!, this.placed(e.to)!, x, y, tolerance) : hitsPlaced(e, x, y, tolerance)
      if (hit) {
        best = id
        bestDepth = depth
      }
    }
    return best
  }

  queryRect(rect: WorldRect): string[] {
    return this.#tree
      .search({ minX: rect.x, minY: rect.y, maxX: rect.x + rect.w, maxY: rect.y + rect.h })
      .map((box) => box.id)
      .sort((a, b) => this.depthOf(a) - this.depthOf(b))
  }

  contentBox(): Box | undefined {
    if (this.#boxes.size === 0) return undefined
    const all = this.#tree.toJSON() as { minX: number; minY: number; maxX: number; maxY: number }
    return { minX: all.minX, minY: all.minY, maxX: all.maxX, maxY: all.maxY }
  }

  #attach(connector: Connector): void {
    for (const end of [connector.from, connector.to]) {
      let set = this.#attached.get(end)
      if (!set) this.#attached.set(end, (set = new Set()))
      set.add(connector.id)
    }
  }

  #forget(id: string): void {
    const e = this.#elements.get(id)
    if (e?.kind === "connector") for (const end of [e.from, e.to]) this.#attached.get(end)?.delete(id)
    const box = this.#boxes.get(id)
    if (box) this.#tree.remove(box)
    this.#boxes.delete(id)
    this.#elements.delete(id)
  }

  #reindex(id: string): void {
    const old = this.#boxes.get(id)
    if (old) this.#tree.remove(old)
    this.#boxes.delete(id)
    const box = this.#boxFor(this.#elements.get(id)!)
    if (box) {
      this.#tree.insert(box)
      this.#boxes.set(id, box)
    }
  }

  /** Connectors with a missing end have no box: they draw nothing and cannot be hit. */
  #boxFor(e: CanvasElement): IndexedBox | undefined {
    if (e.kind !== "connector") return { ...paintedBox(e), id: e.id }
    const geometry = connectorGeometry(e, this.placed(e.from), this.placed(e.to))
    return geometry ? { ...connectorBox(e, geometry), id: e.id } : undefined
  }
}
