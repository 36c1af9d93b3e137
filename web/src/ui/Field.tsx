/** A labelled input with its hint and error wired for screen readers (aria-describedby, aria-invalid). */
import { createUniqueId, Show, splitProps, type JSX } from "solid-js"

export interface FieldProps extends JSX.InputHTMLAttributes<HTMLInputElement> {
  readonly label: string
  readonly hint?: string
  readonly error?: string | undefined
}

export const Field = (props: FieldProps) => {
  const [own, input] = splitProps(props, ["label", "hint", "error"])
  const id = createUniqueId()
  const described = () => [own.hint ? `${id}-hint` : "", own.error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined
  return (
    <div class="field">
      <label for={id}>{own.label}</label>
      <Show when={own.hint}>
        <span class="hint" id={`${id}-hint`}>{own.hint}</span>
      </Show>
      <input id={id} aria-invalid={own.error ? "true" : undefined} aria-describedby={described()} {...input} />
      <Show when={own.error}>
        <span class="error" id={`${id}-error`} role="alert">{own.error}</span>
      </Show>
    </div>
  )
}
