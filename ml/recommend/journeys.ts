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

export interface JourneySuggestion {
  readonly journey: JourneyCandidate
  readonly score: number
  readonly reason: string
}

const stem = (word: string) => word.replace(/(ing|ed|es|s)$/, "")

const words = (text: string) =>
  text
    .toLowerCase()
    .match(/\p{L}+/gu)
    ?.filter((w) => w.length > 2)
    .map(stem) ?? []

export const suggestJourneys = (
  candidates: readonly JourneyCandidate[],
  groupThemes: ReadonlyMap<string, number>,
  runsByGroup: ReadonlyMap<string, number>,
  limit: number,
): JourneySuggestion[] => {
  const wanted = new Map<string, { weight: number; theme: string }>()
  for (const [theme, weight] of groupThemes) for (const w of words(theme)) wanted.set(w, { weight: (wanted.get(w)?.weight ?? 0) + weight, theme })
  const total = [...wanted.values()].reduce((s, v) => s + v.weight, 0)
  const scored = candidates.map((journey) => {
    const own = new Set(words(`${journey.title} ${journey.text}`))
    const met = [...wanted].filter(([w]) => own.has(w))
    const match = total === 0 ? 0 : met.reduce((s, [, v]) => s + v.weight, 0) / total
    const runs = runsByGroup.get(journey.id) ?? 0
    const score = match + (runs === 0 ? 0.05 : -0.05 * Math.min(runs, 4)) + (journey.source === "journey" ? 0.01 : 0)
    const themes = [...new Set(met.map(([, v]) => v.theme))].slice(0, 3)
    const reason =
      themes.length > 0
        ? `close to the themes this group chose (${themes.join(", ")})`
        : runs === 0
          ? "not run with this group yet"
          : `run ${runs} time${runs === 1 ? "" : "s"} with this group`
    return { journey, score, reason }
  })
  return scored.sort((a, b) => b.score - a.score || a.journey.id.localeCompare(b.journey.id)).slice(0, limit)
}
