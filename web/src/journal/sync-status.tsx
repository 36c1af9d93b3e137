/**
 * Where the journal stands with the server, in words and an icon (never
 * colour alone), and "sync now". "Synced" only once the journal answered
 * over the current connection; until then "connecting".
 */
import { Match, Switch } from "solid-js"
import { formatNumber, plural, t } from "../i18n/i18n.ts"
import { journalSignals } from "./app.tsx"
import { failureText } from "./words.ts"

export const SyncStatus = () => {
  const { journal, sync } = journalSignals()
  return (
    <>
      <button type="button" class="btn journal-sync-now" onClick={() => journal.syncNow()}>
        {t("journal.sync.now")}
      </button>
      <p class="journal-sync-state" role="status" aria-live="polite" data-state={sync().kind}>
        <Switch>
          <Match when={sync().kind === "synced"}>
            <span class="chip chip-ok">
              <span aria-hidden="true">✓</span> {t("journal.sync.synced")}
            </span>
          </Match>
          <Match when={sync().kind === "connecting"}>
            <span class="chip chip-quiet">
              <span aria-hidden="true">…</span> {t("journal.sync.connecting")}
            </span>
          </Match>
          <Match when={sync().kind === "pending" && sync()}>
            {(s) => (
              <span class="chip chip-warn">
                <span aria-hidden="true">↑</span>{" "}
                {t(plural((s() as { count: number }).count, "journal.sync.pending.one", "journal.sync.pending.other"), {
                  count: formatNumber((s() as { count: number }).count),
                })}
              </span>
            )}
          </Match>
          <Match when={sync().kind === "offline" && sync()}>
            {(s) => (
              <span class="chip chip-danger">
                <span aria-hidden="true">✕</span>{" "}
                {(s() as { count: number }).count > 0
                  ? t(plural((s() as { count: number }).count, "journal.sync.offline.one", "journal.sync.offline.other"), {
                      count: formatNumber((s() as { count: number }).count),
                    })
                  : t("journal.sync.offlineNothing")}
              </span>
            )}
          </Match>
          <Match when={sync().kind === "conflict" && sync()}>
            {(s) => (
              <span class="chip chip-danger">
                <span aria-hidden="true">⚠</span>{" "}
                {t(plural((s() as { count: number }).count, "journal.sync.conflict.one", "journal.sync.conflict.other"), {
                  count: formatNumber((s() as { count: number }).count),
                })}
              </span>
            )}
          </Match>
          <Match when={sync().kind === "failed" && sync()}>
            {(s) => (
              <span class="chip chip-danger">
                <span aria-hidden="true">✕</span> {t("journal.sync.failed", { reason: failureText((s() as { code: string }).code) })}
              </span>
            )}
          </Match>
        </Switch>
      </p>
    </>
  )
}
