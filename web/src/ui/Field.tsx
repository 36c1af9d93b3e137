/**
 * Labelled controls with their hint and error wired for screen readers
 * (aria-describedby, aria-invalid): one text input (`Field`) or a multi-line
 * box (`TextArea`), around the same label, hint and error.
 */
import { createUniqueId, Show, splitProps, type JSX } from "solid-js"

interface Described {
  readonly label: string
  readonly hint?: string
  readonly error?: string | undefined
}

/** The control is made once; `describedBy` is read inside its attributes, so a new error updates them without replacing the element (and its focus). */
const Labelled = (props: Described & { readonly control: (id: string, describedBy: () => string | undefined) => JSX.Element }) => {
  const id = createUniqueId()
  const described = () => [props.hint ? `${id}-hint` : "", props.error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <Show when={props.hint}>
        <span class="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      </Show>
      {props.control(id, described)}
      <Show when={props.error}>
        <span class="error" id={`${id}-error`} role="alert">
          {props.error}
        </span>
      </Show>
    </div>
  )
}

export interface FieldProps extends Described, JSX.InputHTMLAttributes<HTMLInputElement> {}

export const Field = (props: FieldProps) => {
  const [own, input] = splitProps(props, ["label", "hint", "error"])
  return (
    <Labelled
      {...own}
      control={(id, describedBy) => <input id={id} aria-invalid={own.error ? "true" : undefined} aria-describedby={describedBy()} {...input} />}
    />
  )
}

export interface TextAreaProps extends Described, JSX.TextareaHTMLAttributes<HTMLTextAreaElement> {}

export const TextArea = (props: TextAreaProps) => {
  const [own, area] = splitProps(props, ["label", "hint", "error"])
  return (
    <Labelled
      {...own}
      control={(id, describedBy) => (
        <textarea id={id} rows={3} aria-invalid={own.error ? "true" : undefined} aria-describedby={describedBy()} {...area} />
      )}
    />
  )
}
