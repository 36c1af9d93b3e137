/** Every canvas template, in the member's language, to add to this canvas (its elements join what is there, in that language). */
import { For } from "solid-js"
import { canvasTemplatesIn } from "../../../../actors/canvas/template-translation.ts"
import { locale, t } from "../../i18n/i18n.ts"
import type { BoardContext } from "../board.tsx"

export const TemplatesPanel = (props: { readonly context: BoardContext }) => (
  <ul class="board-templates">
    <For each={canvasTemplatesIn(locale())}>
      {(template) => (
        <li>
          <strong dir="auto">{template.title}</strong>
          <span class="muted" dir="auto">
            {template.purpose}
          </span>
          <button
            type="button"
            class="btn btn-small"
            aria-label={t("canvas.useTemplateNamed", { title: template.title })}
            onClick={() => void props.context.send({ type: "applyTemplate", templateId: template.id, language: locale() })}
          >
            {t("canvas.useTemplate")}
          </button>
        </li>
      )}
    </For>
  </ul>
)
