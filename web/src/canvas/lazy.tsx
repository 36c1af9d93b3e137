/**
 * The canvas board, loaded when a canvas first opens: neither the console's
 * first load nor a participant's join page carries it (or pixi.js, which the
 * scene loads in turn).
 */
import { lazy, Suspense } from "solid-js"
import { t } from "../i18n/i18n.ts"
import type { CanvasBoardProps } from "./board-props.ts"

const Board = lazy(() => import("./board.tsx").then((module) => ({ default: module.CanvasBoard })))

export const LazyCanvasBoard = (props: CanvasBoardProps) => (
  <Suspense
    fallback={
      <p class="muted" role="status">
        {t("canvas.loading")}
      </p>
    }
  >
    <Board {...props} />
  </Suspense>
)
