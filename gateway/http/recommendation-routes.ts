/**
 * Recommendations over HTTP (ml/recommend): cards for the moment a live
 * session is in, for its facilitators, and journeys for a group. The
 * session comes from its actor as the caller sees it (live, no projection
 * lag); the cards and past sessions come from the read side as the caller,
 * so row-level security decides which cards the organization's tier allows.
 * The model is held in memory and reloaded when `npm run ml:train` rewrites
 * its file (model-file.ts); without one, content similarity ranks.
 */
import { Schema } from "effect"
import type { User } from "../../engine/actor-kind.ts"
import { makeAddress } from "../../engine/address.ts"
import type { SessionState } from "../../actors/session/state.ts"
import { journeyTemplatesIn } from "../../actors/journey/template-translation.ts"
import type { ReadQuery } from "../../projections/reads/queries.ts"
import type { ReadService } from "../../projections/reads/service.ts"
import { EMPTY_CONTEXT, SessionContexts, type CardInfo, type MomentContext } from "../../ml/recommend/context.ts"
import { interactionsFrom, isGroupChoice, type FactRow, type Phase } from "../../ml/recommend/interactions.ts"
import { suggestJourneys, type JourneyCandidate } from "../../ml/recommend/journeys.ts"
import { ModelHolder } from "../../ml/recommend/model-file.ts"
import { reasonIn } from "../../ml/recommend/reasons.ts"
import { suggestCards } from "../../ml/recommend/recommend.ts"
import { readActor } from "./actor-reads.ts"
import { builtInCardTexts, themeIn } from "../../actors/cards/sample-deck/localized.ts"
import { LanguageQuery, requestLanguage } from "./content-language.ts"
import type { Routes } from "./define.ts"
import { requireRole, type ApiDeps } from "./deps.ts"
import { ApiProblem, problemFor } from "./problem.ts"
import { Id } from "./schemas.ts"

/** What a journey template is about, in one text: its description, and each activity's title and prompt. */
const templateWords = (template: ReturnType<typeof journeyTemplatesIn>[number]): string =>
  [
    template.description,
    ...Object.values(template.plan)
      .flat()
      .map((a) => `${a.title} ${"prompt" in a && a.prompt ? a.prompt : ""}`),
  ].join(" ")

const Count = (max: number) => Schema.FiniteFromString.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: max }))
const CardsQuery = Schema.Struct({ limit: Schema.optionalKey(Count(20)) })
const JourneysQuery = Schema.Struct({ session: Schema.optionalKey(Id), limit: Schema.optionalKey(Count(20)), lang: LanguageQuery.fields.lang })

/** Past sessions read for a group's history: the latest this many the caller may see. */
const HISTORY_SESSIONS = 8

interface LibraryCard extends CardInfo {
  readonly deck: string
  readonly question: string
  readonly tier: string
}

/** Reads the read side as `user`, so its row-level security applies; its refusals come back as problems. */
const readerFor =
  (reads: ReadService) =>
  async <T>(user: User, query: ReadQuery): Promise<T> => {
    const outcome = await reads.read(user, query)
    if (!outcome.ok) throw problemFor(outcome.error)
    return JSON.parse(outcome.value) as T
  }

/** The node's model: read at the first request, then looked at again at most every STUDIO_RECOMMEND_RELOAD_MS (10 s). */
const nodeModel = () => {
  const raw = process.env.STUDIO_RECOMMEND_RELOAD_MS
  const every = raw === undefined || raw === "" ? 10_000 : Number(raw)
  if (!Number.isInteger(every) || every < 0)
    throw new Error(`STUDIO_RECOMMEND_RELOAD_MS must be a whole number of milliseconds, got ${JSON.stringify(raw)}`)
  return new ModelHolder(undefined, every, (line) => console.log(JSON.stringify({ level: "info", component: "recommend", message: line })))
}

export const recommendationRoutes = (routes: Routes, deps: ApiDeps, model: ModelHolder = nodeModel()): void => {
  // Read the model at start, so the log says at once whether there is one; afterwards on requests.
  void model.get()
  const read = deps.readSide ? readerFor(deps.readSide) : undefined
  const needReadSide = () => {
    if (!read) throw new ApiProblem("unavailable", "recommendations read the cards through the read side, which this node does not run")
    return read
  }

  /** The library's active cards the caller's organization may use. */
  const usableCards = async (user: User): Promise<LibraryCard[]> => {
    const reader = needReadSide()
    const cards: LibraryCard[] = []
    let cursor: string | null = null
    for (let page = 0; page < 10; page++) {
      const result: { items: Array<Record<string, any>>; nextCursor: string | null } = await reader(user, {
        name: "cards",
        params: { status: "active", limit: 200, language: "en", ...(cursor ? { cursor } : {}) },
      })
      for (const c of result.items) {
        if (c.usable && c.deckStatus === "active")
          cards.push({ cardId: c.id, deck: c.deck, word: c.word, question: c.question, themes: c.themes, tier: c.tier })
      }
      cursor = result.nextCursor
      if (!cursor) break
    }
    return cards
  }

  /** Past sessions the caller may see that share someone with `participants`, as fact rows (their reveals and phases). */
  const groupHistory = async (
    user: User,
    participants: ReadonlySet<string>,
    skip?: string,
  ): Promise<{ rows: FactRow[]; journeys: Map<string, number> }> => {
    const reader = needReadSide()
    const list = await reader<{ items: Array<{ id: string }> }>(user, { name: "sessions", params: { limit: HISTORY_SESSIONS + 1 } })
    const rows: FactRow[] = []
    const journeys = new Map<string, number>()
    for (const { id } of list.items.filter((s) => s.id !== skip).slice(0, HISTORY_SESSIONS)) {
      const detail = await reader<{
        participants: Array<{ userId: string }>
        timeline: Array<{ at: string; by: string; type: string; detail: Record<string, unknown> }>
      }>(user, { name: "session", params: { id } })
      if (participants.size > 0 && !detail.participants.some((p) => participants.has(p.userId))) continue
      for (const entry of detail.timeline) {
        rows.push({
          tenant_id: user.tenant,
          actor_kind: "session",
          actor_id: id,
          event_type: entry.type,
          user_id: entry.by,
          occurred_at: entry.at,
          attributes: entry.detail ?? {},
        })
        const journeyId = entry.type === "created" ? (entry.detail?.["journey"] as { journeyId?: string } | undefined)?.journeyId : undefined
        if (journeyId) journeys.set(journeyId, (journeys.get(journeyId) ?? 0) + 1)
      }
    }
    return { rows, journeys }
  }

  /** Theme counts of what these people chose, in `phase` when given. */
  const groupThemes = (
    tenant: string,
    rows: readonly FactRow[],
    cards: readonly CardInfo[],
    participants: ReadonlySet<string>,
    phase: Phase | null,
  ) => {
    const themes = new Map(cards.map((c) => [c.cardId, c.themes]))
    const contexts = new SessionContexts((id) => themes.get(id) ?? [])
    for (const interaction of interactionsFrom(rows)) contexts.observe(interaction)
    if (phase) return contexts.contextOf(tenant, "", phase, participants).groupThemes
    const all = new Map<string, number>()
    for (const interaction of interactionsFrom(rows)) {
      if (!isGroupChoice(interaction) || (participants.size > 0 && !participants.has(interaction.userId))) continue
      for (const theme of themes.get(interaction.cardId) ?? []) all.set(theme, (all.get(theme) ?? 0) + 1)
    }
    return all
  }

  routes.define(
    {
      method: "get",
      path: "/api/sessions/{id}/recommendations/cards",
      auth: true,
      query: CardsQuery,
      summary:
        "Cards for this moment of a live session (its facilitators): its phase, its themes, what the group picked; only cards the organization's tier allows",
    },
    async ({ identity, params, query, header }) => {
      const { user } = requireRole(identity, "admin", "facilitator")
      const sessionId = params["id"]!
      const session = await readActor<SessionState>(deps.system, makeAddress(user.tenant, "session", sessionId), user)
      if (!session || session.status === "absent") throw new ApiProblem("not_found", `no session ${sessionId}`)
      if (!session.facilitators.includes(user.id) && !session.coFacilitators.some((c) => c.userId === user.id)) {
        throw new ApiProblem("forbidden", "card suggestions are for this session's facilitators")
      }
      const cards = await usableCards(user)
      const themesOf = new Map(cards.map((c) => [c.cardId, c.themes]))
      const participants = new Set(session.participants.map((p) => p.userId))
      const faceUp = session.draws.filter((d) => !d.faceDown)
      const chosen = session.picks.filter((p) => p.revealed && p.cardId !== null).map((p) => p.cardId!)
      const dealt = faceUp.flatMap((d) => d.cardIds)
      const themes = new Map<string, number>()
      for (const [ids, weight] of [
        [dealt, 0.5],
        [chosen, 1],
      ] as const)
        for (const id of ids) for (const t of themesOf.get(id) ?? []) themes.set(t, (themes.get(t) ?? 0) + weight)
      const history = participants.size > 0 ? await groupHistory(user, participants, sessionId) : { rows: [] }
      const context: MomentContext = {
        ...EMPTY_CONTEXT,
        phase: session.phase,
        themes,
        chosen,
        dealt,
        groupThemes: groupThemes(user.tenant, history.rows, cards, participants, session.phase),
      }
      const loaded = await model.get()
      const latest = session.draws.at(-1)
      const suggestions = suggestCards(cards, context, {
        scorer: loaded.state === "loaded" ? loaded.scorer : undefined,
        exclude: new Set(latest?.cardIds ?? []),
        limit: query.limit ?? 5,
      })
      const language = requestLanguage({ query: {}, header })
      return {
        sessionId,
        phase: session.phase,
        method: suggestions.method,
        model:
          loaded.state === "loaded"
            ? { trainedAt: loaded.trainedAt }
            : { state: loaded.state, ...(loaded.state === "broken" ? { reason: loaded.reason } : {}) },
        note:
          suggestions.method === "content"
            ? "no trained model on this node (npm run ml:train): ranked by content similarity to the session's themes and phase"
            : `ranked by the model trained ${loaded.state === "loaded" ? loaded.trainedAt : ""}`,
        // A reason's code and parameters are for the console to word in the caller's language; its text stays English.
        // A built-in card reads in the caller's language (`language` says which one it came in); an organization's own cards as written.
        items: suggestions.items.map(({ card, score, reason }) => {
          const texts = builtInCardTexts(card.deck, card.cardId, language)
          return {
            cardId: card.cardId,
            deckId: card.deck,
            word: texts?.word ?? card.word,
            question: texts?.question ?? card.question,
            themes: texts?.themes ?? card.themes,
            ...(texts ? { language: texts.language } : {}),
            tier: card.tier,
            score,
            reason: reasonIn(reason, language),
          }
        }),
      }
    },
  )

  routes.define(
    {
      method: "get",
      path: "/api/recommendations/journeys",
      auth: true,
      query: JourneysQuery,
      summary: "Journeys (ready templates and the organization's own) for a group: the people of ?session=, else the caller's recent sessions",
    },
    async (input) => {
      const { user } = requireRole(input.identity, "admin", "facilitator")
      const reader = needReadSide()
      let participants = new Set<string>()
      if (input.query.session) {
        const session = await readActor<SessionState>(deps.system, makeAddress(user.tenant, "session", input.query.session), user)
        if (!session || session.status === "absent") throw new ApiProblem("not_found", `no session ${input.query.session}`)
        participants = new Set(session.participants.map((p) => p.userId))
      }
      const [cards, history, own] = await Promise.all([
        usableCards(user),
        groupHistory(user, participants),
        reader<{ items: Array<{ id: string; title: string; description: string; templateId?: string | null }> }>(user, {
          name: "journeys",
          params: { limit: 100 },
        }),
      ])
      const themes = groupThemes(user.tenant, history.rows, cards, participants, null)
      const language = requestLanguage({ query: { ...(input.query.lang ? { lang: input.query.lang } : {}) }, header: input.header })
      const templateRuns = new Map<string, number>()
      for (const journey of own.items)
        if (journey.templateId)
          templateRuns.set(journey.templateId, (templateRuns.get(journey.templateId) ?? 0) + (history.journeys.get(journey.id) ?? 0))
      // A template is matched by its words in English (the themes' own language) and in the request's.
      const english = new Map(journeyTemplatesIn("en").map((t) => [t.templateId, templateWords(t)]))
      const candidates: JourneyCandidate[] = [
        ...journeyTemplatesIn(language).map((t) => ({
          id: t.templateId,
          source: "template" as const,
          title: t.title,
          text: language === "en" ? templateWords(t) : `${templateWords(t)} ${english.get(t.templateId) ?? ""}`,
        })),
        ...own.items.map((j) => ({ id: j.id, source: "journey" as const, title: j.title, text: j.description })),
      ]
      const runs = new Map([...history.journeys, ...templateRuns])
      const items = suggestJourneys(candidates, themes, runs, input.query.limit ?? 5, (theme) =>
        language === "en" ? [theme] : [theme, themeIn(theme, language)],
      )
      return {
        group: input.query.session ? { session: input.query.session, people: participants.size } : { session: null, people: null },
        themes: [...themes]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 5)
          .map(([theme]) => theme),
        method: "content",
        items: items.map(({ journey, score, reason }) => ({
          id: journey.id,
          source: journey.source,
          title: journey.title,
          score,
          // The themes in the request's language, as the cards' reasons name them; the English text stays English.
          reason: reason.params.themes
            ? { ...reason, params: { ...reason.params, themes: reason.params.themes.map((theme) => themeIn(theme, language)) } }
            : reason,
        })),
      }
    },
  )
}
