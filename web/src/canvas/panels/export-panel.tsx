/** Download the canvas as you may see it (PNG, vector PDF, or a JSON backup), or make a new canvas from a backup. */
import { createSignal, For, Show } from "solid-js"
import { t } from "../../i18n/i18n.ts"
import { errorText } from "../../ui/errors.ts"
import type { BoardContext } from "../board.tsx"

const FORMATS = ["png", "pdf", "json"] as const

/** Above this a backup is refused here, before reading it (the server refuses past its own limit too). */
const MAX_BACKUP_BYTES = 8 * 1024 * 1024

export const ExportPanel = (props: { readonly context: BoardContext }) => {
  const c = props.context
  const [busy, setBusy] = createSignal<string>()
  const [message, setMessage] = createSignal<{ text: string; alert: boolean }>()
  const download = async (format: (typeof FORMATS)[number]) => {
    setBusy(format)
    setMessage(undefined)
    try {
      const response = await c.props.api.fetchRaw("GET", `/api/canvases/${encodeURIComponent(c.canvasId)}/export`, { query: { format } })
      const url = URL.createObjectURL(await response.blob())
      const link = document.createElement("a")
      link.href = url
      link.download = `canvas-${c.canvasId}.${format}`
      link.click()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
    } catch (error) {
      setMessage({ text: errorText(error), alert: true })
    } finally {
      setBusy(undefined)
    }
  }
  const importFile = async (file: File | undefined) => {
    if (!file) return
    setMessage(undefined)
    if (file.size > MAX_BACKUP_BYTES) return setMessage({ text: t("canvas.import.tooLarge"), alert: true })
    let backup: unknown
    try {
      backup = JSON.parse(await file.text())
    } catch {
      return setMessage({ text: t("canvas.import.notJson"), alert: true })
    }
    setBusy("import")
    try {
      const result = await c.props.api.post<{ addr: string }>("/api/canvases/import", { backup })
      setMessage({ text: t("canvas.import.done"), alert: false })
      c.props.imported?.(result.addr)
    } catch (error) {
      setMessage({ text: (error as { code?: string }).code === "invalid_request" ? t("canvas.import.invalid") : errorText(error), alert: true })
    } finally {
      setBusy(undefined)
    }
  }
  return (
    <div class="stack">
      <div class="row">
        <For each={FORMATS}>
          {(format) => (
            <button type="button" class="btn" disabled={busy() !== undefined} onClick={() => void download(format)}>
              {busy() === format ? t("canvas.export.working") : t(`canvas.export.${format}`)}
            </button>
          )}
        </For>
      </div>
      <div class="field">
        <label for="board-import">{t("canvas.import.label")}</label>
        <input
          id="board-import"
          type="file"
          accept="application/json,.json"
          disabled={busy() !== undefined}
          onChange={(e) => void importFile(e.currentTarget.files?.[0])}
        />
        <span class="hint">{t("canvas.import.hint")}</span>
      </div>
      <Show when={message()}>
        {(m) => (
          <p class={m().alert ? "alert" : "notice"} role={m().alert ? "alert" : "status"}>
            {m().text}
          </p>
        )}
      </Show>
    </div>
  )
}
