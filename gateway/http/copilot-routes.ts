/**
 * The facilitator copilot over HTTP, for a session's facilitators (the lead
 * and co-facilitators): reflection questions for the room now, and a summary
 * drafted from the session's recap. Both answer in the request's language
 * (`?lang=`, else Accept-Language) and say which model wrote them; a
 * configured model's failure falls back to the extractive default with a
 * `fallback` saying why (ml/coach/copilot-*.ts).
 *
 * Every draft is metered on the facilitator's own `coach/<user id>` actor
 * (`recordCopilotDraft`, as the system user): which generator wrote it, the
 * model asked and the tokens it used, so the organization's AI usage
 * (/api/coach/usage, and AI credits after it) counts the copilot too.
 *
 * The session comes from its actor as the caller sees it (no projection
 * lag). Questions need the read side: the cards' texts come from the
 * library as the caller (row-level security: the tier's cards only) and
 * the phase's cards from the coach's retriever; without a read side they
 * answer 503 saying so. The summary needs only the session.
 */
import { Effect } from "effect"
import { builtInCardTexts, builtInDeckTexts } from "../../actors/cards/sample-deck/localized.ts"
import type { DraftGenerator, DraftPurpose } from "../../actors/coach/protocol.ts"
import type { ContentLanguage } from "../../actors/content-language.ts"
import { buildRecap } from "../../actors/session/recap.ts"
import type { SessionState } from "../../actors/session/state.ts"
import type { User } from "../../engine/actor-kind.ts"
import { makeAddress } from "../../engine/address.ts"
import { readSideRetriever } from "../../ml/coach/read-side-retriever.ts"
import { chooseSources, draftQuestions, phaseQuery, type CardTexts, type SessionCardRef } from "../../ml/coach/copilot-questions.ts"
import { draftSummary, summaryFacts } from "../../ml/coach/copilot-summary.ts"
import { extractiveLanguageModel } from "../../ml/llm/extractive.ts"
import type { LanguageModel, Usage } from "../../ml/llm/port.ts"
import { KeyedLimiter } from "../auth/rate-limit.ts"
import { systemUser } from "../directory.ts"
import { readActor } from "./actor-reads.ts"
import { LanguageQuery, requestLanguage } from "./content-language.ts"
import type { Routes } from "./define.ts"
import { limit, requireRole, sendCommand, type ApiDeps } from "./deps.ts"
import { ApiProblem, problemFor } from "./problem.ts"

/** What the routes tell a node without a read side. */
export const COPILOT_NEEDS_READ_SIDE =
  "reflection questions read the card library through the read side, which this node does not run; the session summary still works"

/** Library cards retrieved for the phase's themes. */
const PHASE_CARDS = 6
/** Pages of one deck's cards read for the session's cards' texts. */
const MAX_PAGES = 5

interface LibraryCard {
  readonly id: string
  readonly deck: string
  readonly word: string
  readonly question: string
  readonly themes: readonly string[]
  readonly language: string
  readonly usable: boolean
}

/** What a draft (questions or summary) tells the meter. */
interface DraftOutcome {
  readonly generatedBy: DraftGenerator
  readonly model: string
  readonly fallback?: unknown
  readonly usage: Usage
}

export const copilotRoutes = (routes: Routes, deps: ApiDeps): void => {
  // A draft reads the library and may cost a model call: twenty at once, then one a second per facilitator.
  const drafts = new KeyedLimiter(20, 1)
  const model = () => deps.coach?.model ?? extractiveLanguageModel()

  /** The session as the caller sees it, when they run it; 404 when it does not exist for them, 403 when they do not run it. */
  const runSession = async (user: User, sessionId: string): Promise<SessionState> => {
    let session: SessionState | undefined
    try {
      session = await readActor<SessionState>(deps.system, makeAddress(user.tenant, "session", sessionId), user)
    } catch (error) {
      if (error instanceof ApiProblem && error.code === "forbidden") throw new ApiProblem("not_found", `no session ${sessionId}`)
      throw error
    }
    if (!session || session.status === "absent") throw new ApiProblem("not_found", `no session ${sessionId}`)
    if (!session.facilitators.includes(user.id) && !session.coFacilitators.some((c) => c.userId === user.id))
      throw new ApiProblem("forbidden", "the copilot is for this session's facilitators")
    limit(drafts, `${user.tenant}/${user.id}`, "copilot drafts")
    return session
  }

  /**
   * Meters a draft on the facilitator's coach actor. A draft that fell back
   * to the extractive default after the model was asked is metered under that
   * model: its tokens, if any, were that model's.
   *
   * A failure to record is logged, not answered: the draft is made and any
   * model call already paid for, so failing the request would only have the
   * facilitator draft again and pay twice. The log line carries what the
   * meter missed, for an operator to reconcile.
   */
  const recordDraft = async (user: User, sessionId: string, purpose: DraftPurpose, asked: LanguageModel, draft: DraftOutcome) => {
    const draftId = crypto.randomUUID()
    const record = {
      type: "recordCopilotDraft",
      draftId,
      purpose,
      sessionId,
      generatedBy: draft.generatedBy,
      model: draft.fallback ? asked.model : draft.model,
      ...draft.usage,
    } as const
    try {
      await sendCommand(deps.system, makeAddress(user.tenant, "coach", user.id), systemUser(user.tenant), `copilot-${draftId}`, record)
    } catch (error) {
      console.error(
        JSON.stringify({
          level: "error",
          component: "copilot",
          message: "draft not metered",
          tenant: user.tenant,
          user: user.id,
          ...record,
          error: String(error),
        }),
      )
    }
    return draftId
  }

  const people = async (tenant: string, session: SessionState): Promise<string[]> => [
    ...Object.values((await deps.directory.organization(tenant))?.members ?? {}).map((member) => member.name),
    ...session.attendance.map((a) => a.displayName),
  ]

  /** The texts of the library's usable cards of `decks`, as the caller reads them. */
  const cardTexts = async (user: User, decks: readonly string[], language: ContentLanguage): Promise<Map<string, CardTexts>> => {
    const reads = deps.readSide!
    const texts = new Map<string, CardTexts>()
    for (const deck of decks) {
      let cursor: string | null = null
      for (let page = 0; page < MAX_PAGES; page++) {
        const outcome = await reads.read(user, {
          name: "cards",
          params: { deck, status: "active", limit: 200, language, ...(cursor ? { cursor } : {}) },
        })
        if (!outcome.ok) throw problemFor(outcome.error)
        const result = JSON.parse(outcome.value) as { items: LibraryCard[]; nextCursor: string | null }
        for (const c of result.items)
          if (c.usable)
            texts.set(`${c.deck}/${c.id}`, {
              deckId: c.deck,
              cardId: c.id,
              word: c.word,
              question: c.question,
              themes: c.themes,
              language: c.language,
            })
        cursor = result.nextCursor
        if (!cursor) break
      }
    }
    return texts
  }

  routes.define(
    {
      method: "get",
      path: "/api/sessions/{id}/copilot/questions",
      auth: true,
      query: LanguageQuery,
      summary:
        "Reflection questions the facilitator can ask the room now, each citing the cards it comes from: the session's picks and deals, then cards for the phase's themes (facilitators)",
    },
    async ({ identity, params, query, header }) => {
      const { user } = requireRole(identity, "admin", "facilitator")
      const session = await runSession(user, params["id"]!)
      if (!deps.readSide) throw new ApiProblem("unavailable", COPILOT_NEEDS_READ_SIDE)
      const language = requestLanguage({ query, header })
      const since = session.phaseStartedAt ?? 0
      const deckOfDraw = new Map(session.draws.map((d) => [d.drawId, d.deckId]))
      const refs: SessionCardRef[] = session.draws
        .filter((d) => !d.faceDown)
        .flatMap((d) => d.cardIds.map((cardId) => ({ deckId: d.deckId, cardId, why: "dealt" as const, count: 1, thisPhase: d.at >= since })))
      for (const pick of session.picks) {
        const deckId = deckOfDraw.get(pick.drawId)
        if (!pick.revealed || pick.cardId === null || !deckId) continue
        refs.push({ deckId, cardId: pick.cardId, why: "picked", count: 1, thisPhase: pick.at >= since })
      }
      const texts = await cardTexts(user, [...new Set(refs.map((r) => r.deckId))], language)
      // The library is searched in English (its index's language): the built-in cards' English themes.
      const themes = refs.flatMap((r) => builtInCardTexts(r.deckId, r.cardId, "en")?.themes ?? texts.get(`${r.deckId}/${r.cardId}`)?.themes ?? [])
      const retriever = deps.coach?.retriever ?? readSideRetriever(deps.readSide)
      const asker = { tenant: user.tenant, userId: user.id, roles: user.roles }
      const retrieved = await Effect.runPromiseExit(
        retriever.retrieve({
          asker,
          query: phaseQuery(session.phase, themes),
          limit: PHASE_CARDS,
          language,
          include: { cards: true, entries: false },
        }),
      )
      // Only cards: the facilitator's own journal entries never become questions for the room.
      const phaseCards: CardTexts[] =
        retrieved._tag === "Success"
          ? retrieved.value.flatMap((p) =>
              p.kind === "card" ? [{ deckId: p.deckId, cardId: p.cardId, word: p.word, question: p.question, themes: p.themes }] : [],
            )
          : []
      if (retrieved._tag === "Failure" && refs.length === 0)
        throw new ApiProblem("unavailable", "the card library cannot be searched right now; try again in a moment")
      const sources = chooseSources(refs, phaseCards, (deckId, cardId) => texts.get(`${deckId}/${cardId}`))
      const asked = model()
      const draft = await draftQuestions({ sources, phase: session.phase, language, model: asked, people: await people(user.tenant, session) })
      const draftId = await recordDraft(user, session.id, "questions", asked, draft)
      return {
        draftId,
        sessionId: session.id,
        phase: session.phase,
        language,
        generatedBy: draft.generatedBy,
        model: draft.model,
        ...(draft.fallback ? { fallback: draft.fallback } : {}),
        ...(retrieved._tag === "Failure" ? { libraryUnavailable: true } : {}),
        questions: draft.questions,
        sources: draft.sources,
      }
    },
  )

  routes.define(
    {
      method: "get",
      path: "/api/sessions/{id}/copilot/summary",
      auth: true,
      query: LanguageQuery,
      summary:
        "A summary of the session drafted from its recap (phases, cards dealt and picked, counts), as text and Markdown; names only participants who consented to insights (facilitators)",
    },
    async ({ identity, params, query, header }) => {
      const { user } = requireRole(identity, "admin", "facilitator")
      const session = await runSession(user, params["id"]!)
      const language = requestLanguage({ query, header })
      const draws = new Map(session.draws.map((d) => [d.drawId, d]))
      const wordOf = (drawId: string, word: string) => {
        const deckId = draws.get(drawId)?.deckId
        const cardId = session.decks.find((d) => d.deckId === deckId)?.cards.find((c) => c.word === word)?.cardId
        return (deckId && cardId && builtInCardTexts(deckId, cardId, language)?.word) || word
      }
      const deckOf = (drawId: string, title: string) => {
        const deckId = draws.get(drawId)?.deckId
        return (deckId && builtInDeckTexts(deckId, language)?.title) || title
      }
      const facts = summaryFacts({
        recap: buildRecap(session),
        consented: new Set(session.insightsConsent),
        anonymised: session.insightsAnonymised,
        now: Date.now(),
        wordOf,
        deckOf,
      })
      const asked = model()
      const draft = await draftSummary({ facts, language, model: asked, unnamed: await people(user.tenant, session) })
      const draftId = await recordDraft(user, session.id, "summary", asked, draft)
      return {
        draftId,
        sessionId: session.id,
        status: session.status,
        language,
        generatedBy: draft.generatedBy,
        model: draft.model,
        ...(draft.fallback ? { fallback: draft.fallback } : {}),
        overview: draft.overview,
        markdown: draft.markdown,
        filename: `summary-${session.id}.md`,
        facts: draft.facts,
      }
    },
  )
}
