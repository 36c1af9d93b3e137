/** Zoom out, the zoom in percent (click to fit), zoom in; the grid and the minimap. */
import { t } from "../i18n/i18n.ts"
import type { CanvasScene } from "./scene/index.ts"
import { fitView, zoomAt, type Viewport } from "./viewport.ts"

export interface ZoomBarProps {
  readonly view: Viewport
  readonly scene: CanvasScene | undefined
  host(): HTMLElement | undefined
  readonly grid: boolean
  setGrid(on: boolean): void
  readonly minimap: boolean
  setMinimap(on: boolean): void
  clearFollow(): void
}

export const ZoomBar = (props: ZoomBarProps) => {
  const zoom = (factor: number) => {
    const host = props.host()
    if (!props.scene || !host) return
    const size = host.getBoundingClientRect()
    props.clearFollow()
    props.scene.setViewport(zoomAt(props.scene.viewport(), size.width / 2, size.height / 2, factor))
  }
  const fit = () => {
    const host = props.host()
    if (!props.scene || !host) return
    const size = host.getBoundingClientRect()
    props.clearFollow()
    props.scene.setViewport(fitView(props.scene.contentBounds(), size.width, size.height))
  }
  return (
    <div class="zoom-bar" role="group" aria-label={t("canvas.zoom")}>
      <button type="button" class="btn btn-small" onClick={() => zoom(0.8)} aria-label={t("canvas.zoomOut")}>
        −
      </button>
      <button
        type="button"
        class="btn btn-small zoom-level"
        onClick={fit}
        title={t("canvas.fit")}
        aria-label={`${t("canvas.fit")}: ${Math.round(props.view.zoom * 100)}%`}
      >
        {Math.round(props.view.zoom * 100)}%
      </button>
      <button type="button" class="btn btn-small" onClick={() => zoom(1.25)} aria-label={t("canvas.zoomIn")}>
        +
      </button>
      <label class="check">
        <input type="checkbox" checked={props.grid} onChange={(e) => props.setGrid(e.currentTarget.checked)} />
        {t("canvas.grid")}
      </label>
      <label class="check">
        <input type="checkbox" checked={props.minimap} onChange={(e) => props.setMinimap(e.currentTarget.checked)} />
        {t("canvas.minimap")}
      </label>
    </div>
  )
}
