/**
 * Who else may read this entry. Only its writer reads a journal; an entry
 * written in a session can be shown to that session's coach (its
 * facilitators), and the writer can stop that at any time. The server
 * enforces it (actors/journal/rules.ts), so the switch needs the network
 * and shows what the journal has confirmed, never a hope.
 */
import { createResource, createSignal, Show } from "solid-js"
import { AI_COACH_ID } from "../../../actors/journal/ai-coach.ts"
import type { Entry } from "../../../actors/journal/decider.ts"
import { formatNumber, plural, t } from "../i18n/i18n.ts"
import { showToast } from "../ui/Toasts.tsx"
import { journalSignals } from "./app.tsx"
import { journalApi } from "./store.ts"
import { failureText } from "./words.ts"

interface SessionInfo {
  readonly title: string
  readonly facilitatorIds: readonly string[]
}

const sessions = new Map<string, Promise<SessionInfo | undefined>>()

/** A session's title and facilitators, asked once per page; unknown when offline or not readable. */
const sessionInfo = (id: string): Promise<SessionInfo | undefined> => {
  let found = sessions.get(id)
  if (!found) {
    found = journalApi()
      .get<SessionInfo>(`/api/sessions/${encodeURIComponent(id)}`)
      .catch(() => {
        sessions.delete(id)
        return undefined
      })
    sessions.set(id, found)
  }
  return found
}

export const ConsentPanel = (props: { readonly entry: Entry }) => {
  const { journal, sync } = journalSignals()
  const [session] = createResource(() => props.entry.sessionId ?? undefined, sessionInfo)
  const [busy, setBusy] = createSignal(false)
  const coaches = () => (session()?.facilitatorIds ?? []).filter((id) => id !== journal.ownerId)
  const sharedWithCoach = () => coaches().some((id) => props.entry.coaches.includes(id))
  const people = () => props.entry.coaches.filter((id) => id !== AI_COACH_ID)
  const others = () => people().filter((id) => !coaches().includes(id))
  const sharedWithAi = () => props.entry.coaches.includes(AI_COACH_ID)
  const reachable = () => sync().kind !== "offline" && sync().kind !== "connecting"
  const canSwitch = () => reachable() && journal.replica.isConfirmed(props.entry.id) && !busy()

  /** A refused change puts the switch back where the journal stands: it shows what is confirmed, never a hope. */
  const setShared = async (coachIds: readonly string[], shared: boolean, toggle?: { input: HTMLInputElement; confirmed: () => boolean }) => {
    setBusy(true)
    try {
      for (const coachId of coachIds) await journal.setConsent(props.entry.id, coachId, shared)
    } catch (error) {
      if (toggle) toggle.input.checked = toggle.confirmed()
      showToast(failureText((error as { code?: string }).code ?? "internal"))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section class="panel stack journal-consent" aria-labelledby="journal-consent-title">
      <h2 id="journal-consent-title">{t("journal.consent.title")}</h2>
      <Show when={props.entry.sessionId} fallback={<p class="muted">{t("journal.consent.private")}</p>}>
        <Show when={session()} fallback={<p class="muted">{session.loading ? t("journal.consent.loading") : t("journal.consent.unknown")}</p>}>
          {(info) => (
            <label class="journal-switch">
              <input
                type="checkbox"
                role="switch"
                checked={sharedWithCoach()}
                disabled={!canSwitch() || coaches().length === 0}
                onChange={(e) => void setShared(coaches(), e.currentTarget.checked, { input: e.currentTarget, confirmed: sharedWithCoach })}
              />
              <span>{t("journal.consent.shareWithCoach", { session: info().title })}</span>
            </label>
          )}
        </Show>
      </Show>
      {/* Any entry, in a session or not: the AI coach answers only its writer, and cites what it used. */}
      <label class="journal-switch">
        <input
          type="checkbox"
          role="switch"
          checked={sharedWithAi()}
          disabled={!canSwitch()}
          onChange={(e) => void setShared([AI_COACH_ID], e.currentTarget.checked, { input: e.currentTarget, confirmed: sharedWithAi })}
        />
        <span>{t("journal.consent.aiCoach")}</span>
      </label>
      <p class="muted" role="status">
        {people().length > 0
          ? t(plural(people().length, "journal.consent.sharedWith.one", "journal.consent.sharedWith.other"), { count: formatNumber(people().length) })
          : t("journal.consent.onlyYou")}
        <Show when={sharedWithAi()}> {t("journal.consent.aiCoachOn")}</Show>
      </p>
      <Show when={others().length > 0}>
        <button type="button" class="btn" disabled={!canSwitch()} onClick={() => void setShared(others(), false)}>
          {t("journal.consent.stopOthers")}
        </button>
      </Show>
      <Show when={!canSwitch() && !busy()}>
        <p class="hint muted">{journal.replica.isConfirmed(props.entry.id) ? t("journal.consent.needsNetwork") : t("journal.consent.afterSync")}</p>
      </Show>
    </section>
  )
}
