/**
 * Journeys over HTTP: the ready templates, a tenant's own versioned journeys,
 * and starting a live session from one version. A started session gets a
 * fresh join code (reserved in the organization, like POST /api/sessions)
 * and the organization's decks and licence, loaded by the server.
 *
 * Templates read in the caller's language (content-language.ts), and a
 * journey created from one is created in that language: from then on it is
 * the facilitator's own content, edited and versioned as they like. A session
 * loads its decks' words in the language of whoever starts it; the session
 * keeps them as loaded, like everything else it records.
 */
import { randomBytes, randomUUID } from "node:crypto"
import { catalogueDecks } from "../../actors/cards/catalogue.ts"
import { localizeDeck } from "../../actors/cards/sample-deck/localized.ts"
import type { ContentLanguage } from "../../actors/content-language.ts"
import { JOURNEY_KIND, PHASES, type JourneyState } from "../../actors/journey/index.ts"
import { journeyTemplateIn, journeyTemplatesIn } from "../../actors/journey/template-translation.ts"
import { MAX_LOADED_CARDS, type LoadedDeck } from "../../actors/session/protocol.ts"
import { makeAddress } from "../../engine/address.ts"
import { systemUser } from "../directory.ts"
import { readActor, requireScope } from "./actor-reads.ts"
import { LanguageQuery, requestLanguage } from "./content-language.ts"
import { readLibrary } from "./deck-routes.ts"
import type { Routes } from "./define.ts"
import { requireRole, sendCommand, type ApiDeps } from "./deps.ts"
import { Changed, CreateJourneyRequest, Empty, ReviseJourneyRequest, SessionStarted, StartSessionRequest } from "./method-schemas.ts"
import { openLiveSession } from "./live-sessions.ts"
import { ApiProblem } from "./problem.ts"

/** Loads the organization's current licence and active decks into a session, as the server's system identity; built-in decks' words in `language`. */
export const loadSessionDecks = async (deps: ApiDeps, tenant: string, sessionId: string, language: ContentLanguage = "en"): Promise<number> => {
  const library = await readLibrary(deps, tenant)
  const decks: LoadedDeck[] = []
  let cards = 0
  for (const { deck: stored } of catalogueDecks(library)) {
    if (stored.status !== "active") continue
    const deck = localizeDeck(stored, language)
    const active = deck.cards.filter((card) => card.status === "active").map(({ cardId, word, tier }) => ({ cardId, word, tier }))
    if (cards + active.length > MAX_LOADED_CARDS) break
    cards += active.length
    decks.push({ deckId: deck.deckId, title: deck.title, tier: deck.tier, packId: deck.packId, cards: active })
  }
  return sendCommand(deps.system, makeAddress(tenant, "session", sessionId), systemUser(tenant), `decks-${randomUUID()}`, {
    type: "loadDecks",
    licence: library.licence,
    decks,
  })
}

export const journeyRoutes = (routes: Routes, deps: ApiDeps): void => {
  const journeyAddress = (tenant: string, id: string) => makeAddress(tenant, JOURNEY_KIND, id)
  const opId = () => `http-${randomUUID()}`

  routes.define(
    {
      method: "get",
      path: "/api/journey-templates",
      summary: "The ready journey templates, in the caller's language",
      auth: true,
      query: LanguageQuery,
    },
    (input) => {
      requireRole(input.identity, "admin", "facilitator", "educator")
      const language = requestLanguage(input)
      const templates = journeyTemplatesIn(language).map(({ templateId, title, description, plan }) => ({
        templateId,
        title,
        description,
        activities: Object.fromEntries(PHASES.map((p) => [p, plan[p].length])),
      }))
      return { language, templates }
    },
  )

  routes.define(
    {
      method: "get",
      path: "/api/journey-templates/{id}",
      summary: "One journey template with its plan, in the caller's language",
      auth: true,
      query: LanguageQuery,
    },
    (input) => {
      requireRole(input.identity, "admin", "facilitator", "educator")
      const language = requestLanguage(input)
      const template = journeyTemplateIn(input.params["id"]!, language)
      if (!template) throw new ApiProblem("not_found", `no journey template ${input.params["id"]}`)
      return { ...template, language }
    },
  )

  routes.define(
    {
      method: "post",
      path: "/api/journeys",
      summary: "Create a journey from a template (in the caller's language) or a plan (facilitators, admins)",
      auth: true,
      request: CreateJourneyRequest,
      response: Changed,
      status: 201,
      query: LanguageQuery,
    },
    async (input) => {
      const { body, identity } = input
      const { user } = requireRole(identity, "admin", "facilitator")
      const journeyId = body.journeyId ?? `j-${randomBytes(6).toString("base64url")}`
      const { journeyId: _id, ...fields } = body
      // The template's texts as the caller reads them; the actor still checks the id (an unknown one is its not_found).
      const template =
        fields.templateId === undefined || fields.plan !== undefined ? undefined : journeyTemplateIn(fields.templateId, requestLanguage(input))
      const command = template ? { ...fields, description: fields.description ?? template.description, plan: template.plan } : fields
      return {
        id: journeyId,
        seq: await sendCommand(deps.system, journeyAddress(user.tenant, journeyId), user, opId(), { type: "create", ...command }),
      }
    },
  )

  routes.define(
    { method: "get", path: "/api/journeys/{id}", summary: "A journey and all its versions", auth: true },
    async ({ identity, params }) => {
      const { user } = requireRole(identity, "admin", "facilitator")
      const journey = await readActor<JourneyState>(deps.system, journeyAddress(user.tenant, params["id"]!), user)
      if (!journey) throw new ApiProblem("not_found", `no journey ${params["id"]}`)
      return journey
    },
  )

  routes.define(
    {
      method: "post",
      path: "/api/journeys/{id}/versions",
      summary: "Publish the next version of a journey",
      auth: true,
      request: ReviseJourneyRequest,
      response: Changed,
      status: 201,
    },
    async ({ body, identity, params }) => {
      const { user } = requireRole(identity, "admin", "facilitator")
      return {
        id: params["id"]!,
        seq: await sendCommand(deps.system, journeyAddress(user.tenant, params["id"]!), user, opId(), { type: "revise", ...body }),
      }
    },
  )

  routes.define(
    {
      method: "post",
      path: "/api/journeys/{id}/sessions",
      summary: "Start a live session running one version of a journey (the latest by default); built-in decks load in the caller's language",
      auth: true,
      request: StartSessionRequest,
      response: SessionStarted,
      status: 201,
      query: LanguageQuery,
    },
    async (input) => {
      const { body, identity, params } = input
      const caller = requireRole(identity, "admin", "facilitator")
      const { user } = caller
      const journey = await readActor<JourneyState>(deps.system, journeyAddress(user.tenant, params["id"]!), user)
      if (!journey) throw new ApiProblem("not_found", `no journey ${params["id"]}`)
      if (journey.status === "archived") throw new ApiProblem("conflict", "the journey is archived; restore it to run it")
      const version = body.version === undefined ? journey.versions.at(-1) : journey.versions.find((v) => v.version === body.version)
      if (!version) throw new ApiProblem("not_found", `journey ${params["id"]} has no version ${body.version}`)
      const sessionId = body.sessionId ?? `s-${randomBytes(9).toString("base64url")}`
      const run = { journeyId: params["id"]!, version: version.version, title: version.title, plan: version.plan }
      const { code } = await openLiveSession(deps, caller, sessionId, { title: body.title ?? version.title, journey: run }, opId())
      const seq = await loadSessionDecks(deps, user.tenant, sessionId, requestLanguage(input))
      return { addr: `session/${sessionId}`, code, seq, journey: { journeyId: run.journeyId, version: run.version } }
    },
  )

  routes.define(
    {
      method: "post",
      path: "/api/sessions/{id}/decks",
      summary: "Load the organization's current decks and licence into a session; built-in decks in the caller's language",
      auth: true,
      request: Empty,
      response: Changed,
      query: LanguageQuery,
    },
    async (input) => {
      const { identity, params } = input
      const identityOk = requireRole(identity, "admin", "facilitator")
      requireScope(identityOk, `session/${params["id"]}`)
      const session = await readActor<{ facilitators: readonly string[] }>(
        deps.system,
        makeAddress(identityOk.user.tenant, "session", params["id"]!),
        identityOk.user,
      )
      if (!session) throw new ApiProblem("not_found", `no session ${params["id"]}`)
      if (!session.facilitators.includes(identityOk.user.id))
        throw new ApiProblem("forbidden", "only the session's lead facilitators reload its decks")
      return { id: params["id"]!, seq: await loadSessionDecks(deps, identityOk.user.tenant, params["id"]!, requestLanguage(input)) }
    },
  )
}
