/**
 * Journeys for a group: the ready templates and the organization's own
 * journeys, ranked by how close their words are to the themes of the cards
 * this group chose, with a small turn towards journeys this group has not
 * run yet. Content similarity only: journey runs are too few per
 * organization to learn from (the report in bench/ says how few).
 */
export interface JourneyCandidate {
  readonly id: string
  readonly source: "template" | "journey"
  readonly title: string
  readonly text: string
}

/**
 * Why a journey is suggested, as data the console words in the
 * facilitator's language (as the cards' reasons, reasons.ts), with the same
 * sentence in English as `text`:
 * - `group-themes`: its words meet the themes this group's cards had (`themes`);
 * - `not-run-yet`: nothing in it meets them, and the group has not run it;
 * - `run-before`: nothing meets them, and the group ran it `runs` times.
 */
export interface JourneyReason {
  readonly code: "group-themes" | "not-run-yet" | "run-before"
  readonly params: { readonly themes?: readonly string[]; readonly runs?: number }
  readonly text: string
}

export interface JourneySuggestion {
  readonly journey: JourneyCandidate
  readonly score: number
  readonly reason: JourneyReason
}

const stem = (word: string) => word.replace(/(ing|ed|es|s)$/, "")

const words = (text: string) =>
  text
    .toLowerCase()
    .match(/\p{L}+/gu)
    ?.filter((w) => w.length > 2)
    .map(stem) ?? []

/**
 * `labelsOf` gives a theme's words in every language the candidates' texts
 * may be written in (a Hebrew journey meets the theme "courage" by its Hebrew
 * label); by default a theme is its own label.
 */
export const suggestJourneys = (
  candidates: readonly JourneyCandidate[],
  groupThemes: ReadonlyMap<string, number>,
  runsByGroup: ReadonlyMap<string, number>,
  limit: number,
  labelsOf: (theme: string) => readonly string[] = (theme) => [theme],
): JourneySuggestion[] => {
  const wanted = new Map<string, { weight: number; theme: string }>()
  for (const [theme, weight] of groupThemes)
    for (const w of new Set(labelsOf(theme).flatMap(words))) wanted.set(w, { weight: (wanted.get(w)?.weight ?? 0) + weight, theme })
  const total = [...wanted.values()].reduce((s, v) => s + v.weight, 0)
  const scored = candidates.map((journey) => {
    const own = new Set(words(`${journey.title} ${journey.text}`))
    const met = [...wanted].filter(([w]) => own.has(w))
    const match = total === 0 ? 0 : met.reduce((s, [, v]) => s + v.weight, 0) / total
    const runs = runsByGroup.get(journey.id) ?? 0
    const score = match + (runs === 0 ? 0.05 : -0.05 * Math.min(runs, 4)) + (journey.source === "journey" ? 0.01 : 0)
    const themes = [...new Set(met.map(([, v]) => v.theme))].slice(0, 3)
    const reason: JourneyReason =
      themes.length > 0
        ? { code: "group-themes", params: { themes }, text: `close to the themes this group chose (${themes.join(", ")})` }
        : runs === 0
          ? { code: "not-run-yet", params: {}, text: "not run with this group yet" }
          : { code: "run-before", params: { runs }, text: `run ${runs} time${runs === 1 ? "" : "s"} with this group` }
    return { journey, score, reason }
  })
  return scored.sort((a, b) => b.score - a.score || a.journey.id.localeCompare(b.journey.id)).slice(0, limit)
}
