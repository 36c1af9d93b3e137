/**
 * The canvas in words, for a screen reader (and anyone who cannot see the
 * WebGL drawing): every element with its kind, text and who locked it, in
 * drawing order. It is what `aria-describedby` of the canvas points at.
 */
import { Index } from "solid-js"
import { t } from "../i18n/i18n.ts"
import type { BoardContext } from "./board.tsx"
import type { CanvasElement } from "./model.ts"

export const describeElement = (element: CanvasElement, context: BoardContext): string => {
  const locked = element.locked ? ` (${t("canvas.locked")})` : ""
  const name = (id: string) => {
    const other = context.state()?.canvas.elements.find((e) => e.id === id)
    return other ? shortName(other, context) : id
  }
  switch (element.kind) {
    case "sticky":
      return t("canvas.describe.sticky", { text: element.text || t("canvas.empty") }) + locked
    case "text":
      return t("canvas.describe.text", { text: element.text || t("canvas.empty") }) + locked
    case "card": {
      // The question is on the card's face, so it is in its words too.
      const face = context.props.cards().find((c) => c.cardId === element.cardId)?.face
      if (face?.question) return t("canvas.describe.cardWithQuestion", { word: face.word, question: face.question }) + locked
      return t("canvas.describe.card", { word: face?.word ?? element.cardId }) + locked
    }
    case "stroke":
      return t("canvas.describe.stroke") + locked
    case "shape":
      return t(`canvas.shape.${element.shape}`) + locked
    case "image":
      return t("canvas.describe.image", { alt: element.alt || t("canvas.empty") }) + locked
    case "connector":
      return t("canvas.describe.connector", { from: name(element.from), to: name(element.to) }) + (element.label ? `: ${element.label}` : "") + locked
  }
}

const shortName = (element: CanvasElement, context: BoardContext): string => {
  switch (element.kind) {
    case "sticky":
    case "text":
      return `“${element.text.slice(0, 40)}”`
    case "card":
      return context.props.cards().find((c) => c.cardId === element.cardId)?.face.word ?? element.cardId
    default:
      return t(element.kind === "shape" ? `canvas.shape.${element.shape}` : "canvas.describe.stroke")
  }
}

export const Outline = (props: { readonly id: string; readonly context: BoardContext }) => (
  <div id={props.id} class="visually-hidden">
    <h3>{t("canvas.outline")}</h3>
    <ul aria-label={t("canvas.outline")} data-testid="canvas-outline">
      {/* By place, not by element object: a moved element updates its line in place instead of replacing it. */}
      <Index each={props.context.state()?.canvas.elements ?? []}>
        {(element) => (
          <li
            data-element-id={element().id}
            data-kind={element().kind}
            data-place={"x" in element() ? `${(element() as { x: number }).x},${(element() as { y: number }).y}` : undefined}
          >
            {describeElement(element(), props.context)}
          </li>
        )}
      </Index>
    </ul>
  </div>
)
