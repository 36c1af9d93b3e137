/** Starting a live session: from a template (a new journey first) or from a saved journey. */
import { useNavigate } from "@solidjs/router"
import { createSignal } from "solid-js"
import { t } from "../i18n/i18n.ts"
import { showToast } from "../ui/Toasts.tsx"
import type { SessionStarted } from "./api-types.ts"
import { consoleError } from "./errors.ts"
import { rememberJourney } from "./journeys-local.ts"
import { api } from "./store.ts"
import { copyCandidates, sameDesign, type ListedJourney } from "./template-copy.ts"

const sessionId = (started: SessionStarted): string => started.addr.slice("session/".length)

/** Starts a session running the latest version of a journey; resolves with the session's id. */
export const startJourney = async (journeyId: string): Promise<string> =>
  sessionId(await api().post<SessionStarted>(`/api/journeys/${encodeURIComponent(journeyId)}/sessions`, {}))

/** This facilitator's untouched copy of the template, if the journeys list has one (template-copy.ts). */
const untouchedCopy = async (templateId: string, title: string): Promise<string | undefined> => {
  const [listed, template] = await Promise.all([
    api()
      .get<{ items: ListedJourney[] }>("/api/journeys", { query: { q: title, limit: 50 } })
      .catch(() => ({ items: [] as ListedJourney[] })),
    api().get<{ plan: unknown }>(`/api/journey-templates/${encodeURIComponent(templateId)}`),
  ])
  for (const candidate of copyCandidates(listed.items, api().session()?.user.id, templateId, title)) {
    const journey = await api().get<{ versions: ReadonlyArray<{ plan: unknown }> }>(`/api/journeys/${encodeURIComponent(candidate.id)}`)
    if (sameDesign(journey.versions.at(-1)?.plan, template.plan)) return candidate.id
  }
  return undefined
}

/** Starts a session of the template: through this facilitator's untouched copy of it, or a new journey made from it. */
export const startFromTemplate = async (templateId: string, title: string): Promise<string> => {
  const existing = await untouchedCopy(templateId, title)
  if (existing) return startJourney(existing)
  const created = await api().post<{ id: string }>("/api/journeys", { templateId, title })
  rememberJourney({ journeyId: created.id, title, version: 1, savedAt: Date.now() })
  return startJourney(created.id)
}

/**
 * For a page with start buttons (call inside a component): `start(key, run)`
 * runs one start at a time, opens the new session's room, and says why if
 * it did not start; `starting()` is the key of the start under way.
 */
export const useSessionStarter = () => {
  const navigate = useNavigate()
  const [starting, setStarting] = createSignal<string>()
  const start = async (key: string, run: () => Promise<string>) => {
    if (starting()) return
    setStarting(key)
    try {
      navigate(`/sessions/${await run()}`)
    } catch (failure) {
      showToast(t("console.home.startFailed", { reason: consoleError(failure) }))
    } finally {
      setStarting(undefined)
    }
  }
  return { starting, start }
}
