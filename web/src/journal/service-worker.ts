/**
 * Registers the journal's service worker (built by vite-plugin-pwa into
 * /journal-sw.js): from this module, never an inline script, so the page's
 * CSP (script-src 'self') holds. Its scope is /journal: the console and
 * the participant app are never served from its cache.
 */
export const JOURNAL_WORKER = "/journal-sw.js"
export const JOURNAL_SCOPE = "/journal"

export const registerJournalWorker = (): void => {
  const container = globalThis.navigator?.serviceWorker
  // `npm run dev` has no built worker; a missing one must not break the app.
  if (!container || import.meta.env.DEV) return
  const register = () =>
    container
      .register(JOURNAL_WORKER, { scope: JOURNAL_SCOPE, updateViaCache: "none" })
      .catch((error: unknown) => console.warn("journal: the offline copy could not be set up", error))
  if (document.readyState === "complete") void register()
  else globalThis.addEventListener("load", () => void register(), { once: true })
}
