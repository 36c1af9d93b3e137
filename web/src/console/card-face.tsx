/** One card as the console shows it: picture, word and question, or its back (face down). */
import { Show, type JSX } from "solid-js"
import { t } from "../i18n/i18n.ts"
import type { CardImage } from "./api-types.ts"
import { imageSrc } from "./card-art.ts"

export const CardFace = (props: {
  readonly word?: string
  readonly question?: string
  readonly image?: CardImage | null
  readonly back?: boolean
  /** For a face-down card: its place in the spread, counted from 1. */
  readonly position?: number
  readonly children?: JSX.Element
}) => (
  <div class="card-face console-card" data-back={props.back ? "true" : undefined}>
    <Show
      when={!props.back}
      fallback={
        <span class="card-back-label">
          {props.position !== undefined ? t("console.cards.backAt", { n: props.position }) : t("console.cards.back")}
        </span>
      }
    >
      <Show when={imageSrc(props.image)}>{(src) => <img src={src()} alt="" loading="lazy" />}</Show>
      <span class="word">{props.word}</span>
      <Show when={props.question}>
        <span class="question">{props.question}</span>
      </Show>
    </Show>
    {props.children}
  </div>
)
