/** Short messages that come and go (a refused change, a saved state), read out by screen readers. */
import { createRoot, createSignal, For } from "solid-js"

interface Toast {
  readonly id: number
  readonly text: string
}

const store = createRoot(() => {
  const [toasts, setToasts] = createSignal<readonly Toast[]>([])
  return { toasts, setToasts }
})

let next = 1

export const showToast = (text: string, ms = 5000): void => {
  const id = next++
  store.setToasts((list) => [...list.slice(-2), { id, text }])
  setTimeout(() => store.setToasts((list) => list.filter((toast) => toast.id !== id)), ms)
}

export const Toasts = () => (
  <div class="toasts" role="status" aria-live="polite">
    <For each={store.toasts()}>{(toast) => <div class="toast">{toast.text}</div>}</For>
  </div>
)
