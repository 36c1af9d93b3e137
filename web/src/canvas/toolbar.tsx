/**
 * The tools, one click away and each with its key: select, hand, note,
 * pen (pen, marker, highlighter), shape, text, connector; the colours for
 * the tool in hand, each named; undo and redo of one's own operations.
 */
import { createSignal, For, onCleanup, Show } from "solid-js"
import { t, type MessageKey } from "../i18n/i18n.ts"
import { INK_COLOURS, STICKY_COLOURS, type Swatch } from "./colours.ts"
import type { ShapeKind, StrokeTool, Tool } from "./gestures.ts"
import { ICONS } from "./icons.tsx"

export interface ToolbarProps {
  /** Puts a picture from the device on the canvas. */
  addImage(file: File): void
  readonly tool: Tool
  setTool(tool: Tool): void
  readonly penTool: StrokeTool
  setPenTool(tool: StrokeTool): void
  readonly shapeKind: ShapeKind
  setShapeKind(kind: ShapeKind): void
  readonly colour: string
  setColour(colour: string): void
  readonly stickyColour: string
  setStickyColour(colour: string): void
  canUndo(): boolean
  canRedo(): boolean
  undo(): void
  redo(): void
  onHistory(listener: () => void): () => void
  readonly compact: boolean
}

const TOOLS: readonly { readonly tool: Tool; readonly label: MessageKey; readonly key: string }[] = [
  { tool: "select", label: "canvas.tool.select", key: "V" },
  { tool: "hand", label: "canvas.tool.hand", key: "H" },
  { tool: "sticky", label: "canvas.tool.sticky", key: "N" },
  { tool: "pen", label: "canvas.tool.pen", key: "P" },
  { tool: "shape", label: "canvas.tool.shape", key: "S" },
  { tool: "text", label: "canvas.tool.text", key: "T" },
  { tool: "connector", label: "canvas.tool.connector", key: "C" },
]

const PEN_TOOLS: readonly StrokeTool[] = ["pen", "marker", "highlighter"]
const SHAPES: readonly ShapeKind[] = ["rectangle", "ellipse", "triangle", "line", "arrow"]

export const Toolbar = (props: ToolbarProps) => {
  const [history, setHistory] = createSignal(0)
  onCleanup(props.onHistory(() => setHistory((n) => n + 1)))
  const swatches = (): readonly Swatch[] => (props.tool === "sticky" ? STICKY_COLOURS : INK_COLOURS)
  const current = () => (props.tool === "sticky" ? props.stickyColour : props.colour)
  const pick = (value: string) => (props.tool === "sticky" ? props.setStickyColour(value) : props.setColour(value))
  return (
    <div class="board-tools" role="toolbar" aria-label={t("canvas.tools")} aria-orientation={props.compact ? "horizontal" : "vertical"}>
      <For each={TOOLS}>
        {(item) => (
          <button
            type="button"
            class="tool-button"
            aria-pressed={props.tool === item.tool}
            title={`${t(item.label)} (${item.key})`}
            aria-keyshortcuts={item.key}
            onClick={() => props.setTool(item.tool)}
          >
            {ICONS[item.tool]()}
            <span class="visually-hidden">{t(item.label)}</span>
          </button>
        )}
      </For>
      <label class="tool-button tool-file" title={t("canvas.tool.image")}>
        {ICONS.image()}
        <span class="visually-hidden">{t("canvas.tool.image")}</span>
        <input
          type="file"
          accept="image/png,image/jpeg,image/webp,image/gif"
          class="visually-hidden"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0]
            e.currentTarget.value = ""
            if (file) props.addImage(file)
          }}
        />
      </label>
      <Show when={props.tool === "pen"}>
        <fieldset class="tool-options">
          <legend class="visually-hidden">{t("canvas.tool.penKind")}</legend>
          <For each={PEN_TOOLS}>
            {(kind) => (
              <button type="button" class="tool-chip" aria-pressed={props.penTool === kind} onClick={() => props.setPenTool(kind)}>
                {t(`canvas.pen.${kind}`)}
              </button>
            )}
          </For>
        </fieldset>
      </Show>
      <Show when={props.tool === "shape"}>
        <fieldset class="tool-options">
          <legend class="visually-hidden">{t("canvas.tool.shapeKind")}</legend>
          <For each={SHAPES}>
            {(kind) => (
              <button type="button" class="tool-chip" aria-pressed={props.shapeKind === kind} onClick={() => props.setShapeKind(kind)}>
                {t(`canvas.shape.${kind}`)}
              </button>
            )}
          </For>
        </fieldset>
      </Show>
      <Show when={props.tool !== "select" && props.tool !== "hand"}>
        <fieldset class="tool-options swatches">
          <legend class="visually-hidden">{t("canvas.colour")}</legend>
          <For each={swatches()}>
            {(swatch) => (
              <button
                type="button"
                class="swatch"
                aria-pressed={current() === swatch.value}
                title={t(swatch.name)}
                ref={(el) => el.style.setProperty("--swatch", swatch.value)}
                onClick={() => pick(swatch.value)}
              >
                <span class="visually-hidden">{t(swatch.name)}</span>
              </button>
            )}
          </For>
        </fieldset>
      </Show>
      <span class="tool-gap" />
      <button
        type="button"
        class="tool-button"
        title={`${t("canvas.undo")} (Ctrl+Z)`}
        disabled={(history(), !props.canUndo())}
        onClick={() => props.undo()}
      >
        {ICONS.undo()}
        <span class="visually-hidden">{t("canvas.undo")}</span>
      </button>
      <button
        type="button"
        class="tool-button"
        title={`${t("canvas.redo")} (Ctrl+Shift+Z)`}
        disabled={(history(), !props.canRedo())}
        onClick={() => props.redo()}
      >
        {ICONS.redo()}
        <span class="visually-hidden">{t("canvas.redo")}</span>
      </button>
    </div>
  )
}
