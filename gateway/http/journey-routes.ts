/**
 * Journeys over HTTP: the ready templates, a tenant's own versioned journeys,
 * and starting a live session from one version. A started session gets a
 * fresh join code (reserved in the organization, like POST /api/sessions)
 * and the organization's decks and licence, loaded by the server.
 */
import { randomBytes, randomInt, randomUUID } from "node:crypto"
import { catalogueDecks } from "../../actors/cards/catalogue.ts"
import { JOURNEY_KIND, JOURNEY_TEMPLATES, journeyTemplate, PHASES, type JourneyState } from "../../actors/journey/index.ts"
import { JOIN_CODE_ALPHABET, MAX_LOADED_CARDS, type LoadedDeck } from "../../actors/session/protocol.ts"
import { makeAddress } from "../../engine/address.ts"
import { organizationAddress, systemUser } from "../directory.ts"
import { readActor, requireScope } from "./actor-reads.ts"
import { readLibrary } from "./deck-routes.ts"
import type { Routes } from "./define.ts"
import { requireRole, sendCommand, type ApiDeps } from "./deps.ts"
import { Changed, CreateJourneyRequest, Empty, ReviseJourneyRequest, SessionStarted, StartSessionRequest } from "./method-schemas.ts"
import { ApiProblem } from "./problem.ts"

const newJoinCode = () => Array.from({ length: 6 }, () => JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)]).join("")

/** Loads the organization's current licence and active decks into a session, as the server's system identity. */
export const loadSessionDecks = async (deps: ApiDeps, tenant: string, sessionId: string): Promise<number> => {
  const library = await readLibrary(deps, tenant)
  const decks: LoadedDeck[] = []
  let cards = 0
  for (const { deck } of catalogueDecks(library)) {
    if (deck.status !== "active") continue
    const active = deck.cards.filter((card) => card.status === "active").map(({ cardId, word, tier }) => ({ cardId, word, tier }))
    if (cards + active.length > MAX_LOADED_CARDS) break
    cards += active.length
    decks.push({ deckId: deck.deckId, title: deck.title, tier: deck.tier, packId: deck.packId, cards: active })
  }
  return sendCommand(deps.system, makeAddress(tenant, "session", sessionId), systemUser(tenant), `decks-${randomUUID()}`, { type: "loadDecks", licence: library.licence, decks })
}

export const journeyRoutes = (routes: Routes, deps: ApiDeps): void => {
  const journeyAddress = (tenant: string, id: string) => makeAddress(tenant, JOURNEY_KIND, id)
  const opId = () => `http-${randomUUID()}`

  routes.define({ method: "get", path: "/api/journey-templates", summary: "The ready journey templates", auth: true }, ({ identity }) => {
    requireRole(identity, "admin", "facilitator", "educator")
    return { templates: JOURNEY_TEMPLATES.map(({ templateId, title, description, plan }) => ({ templateId, title, description, activities: Object.fromEntries(PHASES.map((p) => [p, plan[p].length])) })) }
  })

  routes.define({ method: "get", path: "/api/journey-templates/{id}", summary: "One journey template with its plan", auth: true }, ({ identity, params }) => {
    requireRole(identity, "admin", "facilitator", "educator")
    const template = journeyTemplate(params["id"]!)
    if (!template) throw new ApiProblem("not_found", `no journey template ${params["id"]}`)
    return template
  })

  routes.define({ method: "post", path: "/api/journeys", summary: "Create a journey from a template or a plan (facilitators, admins)", auth: true, request: CreateJourneyRequest, response: Changed, status: 201 }, async ({ body, identity }) => {
    const { user } = requireRole(identity, "admin", "facilitator")
    const journeyId = body.journeyId ?? `j-${randomBytes(6).toString("base64url")}`
    const { journeyId: _id, ...fields } = body
    return { id: journeyId, seq: await sendCommand(deps.system, journeyAddress(user.tenant, journeyId), user, opId(), { type: "create", ...fields }) }
  })

  routes.define({ method: "get", path: "/api/journeys/{id}", summary: "A journey and all its versions", auth: true }, async ({ identity, params }) => {
    const { user } = requireRole(identity, "admin", "facilitator")
    const journey = await readActor<JourneyState>(deps.system, journeyAddress(user.tenant, params["id"]!), user)
    if (!journey) throw new ApiProblem("not_found", `no journey ${params["id"]}`)
    return journey
  })

  routes.define({ method: "post", path: "/api/journeys/{id}/versions", summary: "Publish the next version of a journey", auth: true, request: ReviseJourneyRequest, response: Changed, status: 201 }, async ({ body, identity, params }) => {
    const { user } = requireRole(identity, "admin", "facilitator")
    return { id: params["id"]!, seq: await sendCommand(deps.system, journeyAddress(user.tenant, params["id"]!), user, opId(), { type: "revise", ...body }) }
  })

  routes.define({ method: "post", path: "/api/journeys/{id}/sessions", summary: "Start a live session running one version of a journey (the latest by default)", auth: true, request: StartSessionRequest, response: SessionStarted, status: 201 }, async ({ body, identity, params }) => {
    const { user } = requireRole(identity, "admin", "facilitator")
    const journey = await readActor<JourneyState>(deps.system, journeyAddress(user.tenant, params["id"]!), user)
    if (!journey) throw new ApiProblem("not_found", `no journey ${params["id"]}`)
    if (journey.status === "archived") throw new ApiProblem("conflict", "the journey is archived; restore it to run it")
    const version = body.version === undefined ? journey.versions.at(-1) : journey.versions.find((v) => v.version === body.version)
    if (!version) throw new ApiProblem("not_found", `journey ${params["id"]} has no version ${body.version}`)
    const sessionId = body.sessionId ?? `s-${randomBytes(9).toString("base64url")}`
    const run = { journeyId: params["id"]!, version: version.version, title: version.title, plan: version.plan }
    for (let attempt = 0; attempt < 5; attempt++) {
      const code = newJoinCode()
      if (deps.directory.liveCode(code)) continue
      const reserved = await sendCommand(deps.system, organizationAddress(user.tenant), user, `code-${code}`, { type: "openLiveCode", code, sessionId }).catch((error: unknown) => {
        if (error instanceof ApiProblem && error.code === "conflict") return undefined
        throw error
      })
      if (reserved === undefined) continue
      await deps.directory.caughtUp(user.tenant, reserved)
      await sendCommand(deps.system, makeAddress(user.tenant, "session", sessionId), user, opId(), { type: "create", title: body.title ?? version.title, joinCode: code, journey: run })
      const seq = await loadSessionDecks(deps, user.tenant, sessionId)
      return { addr: `session/${sessionId}`, code, seq, journey: { journeyId: run.journeyId, version: run.version } }
    }
    throw new ApiProblem("unavailable", "could not find a free join code; try again")
  })

  routes.define({ method: "post", path: "/api/sessions/{id}/decks", summary: "Load the organization's current decks and licence into a session", auth: true, request: Empty, response: Changed }, async ({ identity, params }) => {
    const identityOk = requireRole(identity, "admin", "facilitator")
    requireScope(identityOk, `session/${params["id"]}`)
    const session = await readActor<{ facilitators: readonly string[] }>(deps.system, makeAddress(identityOk.user.tenant, "session", params["id"]!), identityOk.user)
    if (!session) throw new ApiProblem("not_found", `no session ${params["id"]}`)
    if (!session.facilitators.includes(identityOk.user.id)) throw new ApiProblem("forbidden", "only the session's lead facilitators reload its decks")
    return { id: params["id"]!, seq: await loadSessionDecks(deps, identityOk.user.tenant, params["id"]!) }
  })
}
