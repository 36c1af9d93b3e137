/** Every canvas template, to add to this canvas (its elements join what is there). */
import { For } from "solid-js"
import { TEMPLATES } from "../../../../actors/canvas/templates.ts"
import { t } from "../../i18n/i18n.ts"
import type { BoardContext } from "../board.tsx"

export const TemplatesPanel = (props: { readonly context: BoardContext }) => (
  <ul class="board-templates">
    <For each={TEMPLATES}>
      {(template) => (
        <li>
          <strong dir="auto">{template.title}</strong>
          <span class="muted" dir="auto">{template.purpose}</span>
          <button
            type="button" class="btn btn-small" aria-label={t("canvas.useTemplateNamed", { title: template.title })}
            onClick={() => void props.context.send({ type: "applyTemplate", templateId: template.id })}
          >
            {t("canvas.useTemplate")}
          </button>
        </li>
      )}
    </For>
  </ul>
)
