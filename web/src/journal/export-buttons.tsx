/**
 * Exports from the server (GET /api/journal/export): Markdown, JSON, PDF.
 * They hold what the journal has received, so they need the network, and
 * the screen says so rather than exporting a partial journal quietly.
 */
import { createSignal, For } from "solid-js"
import { t } from "../i18n/i18n.ts"
import { showToast } from "../ui/Toasts.tsx"
import { journalSignals } from "./app.tsx"
import { journalApi } from "./store.ts"
import { failureText } from "./words.ts"

const FORMATS = [
  { format: "md", key: "journal.export.md", extension: "md" },
  { format: "json", key: "journal.export.json", extension: "json" },
  { format: "pdf", key: "journal.export.pdf", extension: "pdf" },
] as const

export const ExportButtons = () => {
  const { sync } = journalSignals()
  const [busy, setBusy] = createSignal<string>()
  const offline = () => sync().kind === "offline"
  const download = async (format: string, extension: string) => {
    setBusy(format)
    try {
      const response = await journalApi().fetchRaw("GET", "/api/journal/export", { query: { format } })
      const url = URL.createObjectURL(await response.blob())
      const link = document.createElement("a")
      link.href = url
      link.download = `journal.${extension}`
      link.click()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
    } catch (error) {
      showToast(failureText((error as { code?: string }).code ?? "internal"))
    } finally {
      setBusy(undefined)
    }
  }
  return (
    <section class="stack journal-export" aria-labelledby="journal-export-title">
      <h2 id="journal-export-title">{t("journal.export.title")}</h2>
      <div class="row">
        <For each={FORMATS}>
          {(item) => (
            <button
              type="button"
              class="btn"
              disabled={offline() || busy() !== undefined}
              aria-busy={busy() === item.format}
              onClick={() => void download(item.format, item.extension)}
            >
              {t(item.key)}
            </button>
          )}
        </For>
      </div>
      <p class="muted">{offline() ? t("journal.export.offline") : t("journal.export.hint")}</p>
    </section>
  )
}
