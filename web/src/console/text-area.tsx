/** A labelled multi-line text box with its hint and error wired for screen readers, like ui/Field.tsx. */
import { createUniqueId, Show, splitProps, type JSX } from "solid-js"

export interface TextAreaProps extends JSX.TextareaHTMLAttributes<HTMLTextAreaElement> {
  readonly label: string
  readonly hint?: string
  readonly error?: string | undefined
}

export const TextArea = (props: TextAreaProps) => {
  const [own, area] = splitProps(props, ["label", "hint", "error"])
  const id = createUniqueId()
  const described = () => [own.hint ? `${id}-hint` : "", own.error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined
  return (
    <div class="field">
      <label for={id}>{own.label}</label>
      <Show when={own.hint}>
        <span class="hint" id={`${id}-hint`}>{own.hint}</span>
      </Show>
      <textarea id={id} rows={3} aria-invalid={own.error ? "true" : undefined} aria-describedby={described()} {...area} />
      <Show when={own.error}>
        <span class="error" id={`${id}-error`} role="alert">{own.error}</span>
      </Show>
    </div>
  )
}
