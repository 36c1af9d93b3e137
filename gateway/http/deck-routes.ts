/**
 * The card library over HTTP: every member sees the decks and cards the
 * organization's licence covers (built-in decks and its own); admins create,
 * edit, retire and import decks. Opening licensed cards is recorded in the
 * library as an access event, for licence reports and the audit.
 *
 * A session's cards: everyone who may read a session, guests of that session
 * included, sees the full cards (word, question, picture, themes) its view of
 * the session shows, and nothing else of the library: face-up spreads, and
 * the picks they may see. A face-down card stays hidden until picked by them
 * or revealed, exactly as in their live view (the session's own redaction
 * decides). Pictures come as a `src` a strict Content-Security-Policy allows
 * (`img-src 'self' data:`): an SVG as a data: URL, a picture on this site as
 * its path.
 *
 * Built-in decks read in the caller's language (content-language.ts): deck
 * titles, card words, questions and themes. An organization's own decks read
 * as their admins wrote them. What a session stored (the words a deal
 * carries) stays as written; the full cards of a session are looked up by id
 * and so come in the reader's language.
 */
import { Buffer } from "node:buffer"
import { randomBytes, randomUUID } from "node:crypto"
import { Schema } from "effect"
import type { CardImage } from "../../actors/cards/card.ts"
import { catalogue, findDeck } from "../../actors/cards/catalogue.ts"
import { localizeCard, localizeDeck } from "../../actors/cards/sample-deck/localized.ts"
import { describeProblems, readDeckFile } from "../../actors/cards/deck-file.ts"
import { LIBRARY_KIND, usableDeck, type LibraryState } from "../../actors/cards/index.ts"
import { FREE_LICENCE, isLicensed, tierAllows } from "../../actors/cards/tiers.ts"
import { cardsInView } from "../../actors/session/cards.ts"
import type { SessionState } from "../../actors/session/state.ts"
import { makeAddress } from "../../engine/address.ts"
import { systemUser } from "../directory.ts"
import { readActor, requireScope } from "./actor-reads.ts"
import { LanguageQuery, requestLanguage } from "./content-language.ts"
import type { Routes } from "./define.ts"
import { requireRole, sendCommand, type ApiDeps } from "./deps.ts"
import { AddCardRequest, Changed, CreateDeckRequest, DeckFileBody, DeckList, EditCardRequest, EditDeckRequest, Empty } from "./method-schemas.ts"
import { ApiProblem } from "./problem.ts"

export const libraryAddress = (tenant: string) => makeAddress(tenant, LIBRARY_KIND, tenant)

/** The organization's library as the server sees it; an organization that never touched it has the free licence and no decks. */
export const readLibrary = async (deps: ApiDeps, tenant: string): Promise<LibraryState> =>
  (await readActor<LibraryState>(deps.system, libraryAddress(tenant), systemUser(tenant))) ?? {
    tenant,
    licence: FREE_LICENCE,
    decks: [],
    accesses: 0,
  }

const MEMBER_ROLES = ["admin", "facilitator", "participant", "educator"]

/** Where a browser loads a card's picture from under a strict CSP: an SVG inline as a data: URL, a URL as it is (a path on this site, or https). */
export const pictureSource = (image: CardImage): string =>
  image.kind === "svg" ? `data:image/svg+xml;base64,${Buffer.from(image.svg, "utf8").toString("base64")}` : image.url

export const SessionCard = Schema.Struct({
  cardId: Schema.String,
  deckId: Schema.String,
  word: Schema.String,
  /** null only for a card the library no longer holds (the session keeps its word). */
  question: Schema.NullOr(Schema.String),
  themes: Schema.Array(Schema.String),
  language: Schema.NullOr(Schema.String),
  picture: Schema.NullOr(Schema.Struct({ src: Schema.String, alt: Schema.String })),
}).annotate({ identifier: "SessionCard" })
export const SessionCards = Schema.Struct({ sessionId: Schema.String, cards: Schema.Array(SessionCard) }).annotate({ identifier: "SessionCards" })
type SessionCard = typeof SessionCard.Type

export const deckRoutes = (routes: Routes, deps: ApiDeps): void => {
  const opId = (header: (name: string) => string | undefined) => {
    const key = header("idempotency-key")
    return key && /^[A-Za-z0-9_:.-]{1,100}$/.test(key) ? `http-${key}` : `http-${randomUUID()}`
  }
  const library = (tenant: string) => libraryAddress(tenant)

  routes.define(
    {
      method: "get",
      path: "/api/decks",
      summary: "Decks the organization can see, with what its licence covers; built-in decks in the caller's language",
      auth: true,
      response: DeckList,
      query: LanguageQuery,
    },
    async (input) => {
      const { user } = requireRole(input.identity, ...MEMBER_ROLES)
      const language = requestLanguage(input)
      const state = await readLibrary(deps, user.tenant)
      const decks = catalogue(state, state.licence).map(({ deck: stored, builtIn, allowed, usableCards }) => {
        const deck = localizeDeck(stored, language)
        return {
          deckId: deck.deckId,
          title: deck.title,
          description: deck.description,
          language: deck.language,
          tier: deck.tier,
          packId: deck.packId,
          builtIn,
          allowed,
          cards: deck.cards.filter((card) => card.status === "active").length,
          usableCards,
        }
      })
      return { licence: state.licence, decks }
    },
  )

  routes.define(
    {
      method: "get",
      path: "/api/decks/{id}",
      summary: "One deck with the cards the licence covers (built-in decks in the caller's language); opening licensed cards is recorded",
      auth: true,
      query: LanguageQuery,
    },
    async (input) => {
      const { identity, params } = input
      const { user } = requireRole(identity, ...MEMBER_ROLES)
      const state = await readLibrary(deps, user.tenant)
      const found = findDeck(state, params["id"]!)
      if (!found || found.deck.status !== "active") throw new ApiProblem("not_found", `no deck ${params["id"]}`)
      if (!tierAllows(state.licence, found.deck)) {
        const needs = found.deck.tier === "marketplace" ? `the marketplace pack ${found.deck.packId}` : `a ${found.deck.tier} licence`
        throw new ApiProblem("forbidden", `"${found.deck.title}" needs ${needs}; your organization has a ${state.licence.tier} licence`)
      }
      const deck = localizeDeck(usableDeck(found.deck, state.licence)!, requestLanguage(input))
      const licensed = deck.cards.filter((card) => isLicensed({ tier: card.tier, packId: deck.packId }))
      if (licensed.length > 0) {
        await sendCommand(deps.system, library(user.tenant), systemUser(user.tenant), `access-${randomUUID()}`, {
          type: "recordAccess",
          userId: user.id,
          deckId: deck.deckId,
          tier: isLicensed(deck) ? deck.tier : licensed[0]!.tier,
          packId: deck.packId,
          cards: licensed.length,
          purpose: "view",
        })
      }
      return { ...deck, builtIn: found.builtIn }
    },
  )

  routes.define(
    {
      method: "get",
      path: "/api/sessions/{id}/cards",
      auth: true,
      guests: true,
      response: SessionCards,
      query: LanguageQuery,
      summary:
        "The full cards a session shows its caller (face-up spreads, and the picks they may see; built-in cards in the caller's language); guests of the session included",
    },
    async (input) => {
      const { identity, params } = input
      const { user } = identity!
      const sessionId = params["id"]!
      requireScope(identity!, `session/${sessionId}`)
      // The caller's own view of the session: its rules decide who reads it and which cards that view shows.
      const view = await readActor<SessionState>(deps.system, makeAddress(user.tenant, "session", sessionId), user)
      if (!view) throw new ApiProblem("not_found", `no session ${sessionId}`)
      const shown = cardsInView(view)
      const state = shown.length > 0 ? await readLibrary(deps, user.tenant) : undefined
      const language = requestLanguage(input)
      const cards = shown.map(({ deckId, cardId }): SessionCard => {
        const stored = findDeck(state, deckId)?.deck.cards.find((c) => c.cardId === cardId)
        const card = stored && localizeCard(deckId, stored, language)
        if (card) {
          return {
            cardId,
            deckId,
            word: card.word,
            question: card.question,
            themes: [...card.themes],
            language: card.language,
            picture: { src: pictureSource(card.image), alt: card.word },
          }
        }
        const word = view.decks.find((d) => d.deckId === deckId)?.cards.find((c) => c.cardId === cardId)?.word ?? cardId
        return { cardId, deckId, word, question: null, themes: [], language: null, picture: null }
      })
      return { sessionId, cards }
    },
  )

  routes.define(
    {
      method: "post",
      path: "/api/decks",
      summary: "Create an empty deck (admins)",
      auth: true,
      request: CreateDeckRequest,
      response: Changed,
      status: 201,
    },
    async ({ body, identity, header }) => {
      const { user } = requireRole(identity, "admin")
      const deckId = body.deckId ?? `deck-${randomBytes(6).toString("base64url")}`
      const seq = await sendCommand(deps.system, library(user.tenant), user, opId(header), {
        type: "createDeck",
        deckId,
        title: body.title,
        description: body.description ?? "",
        language: body.language,
        tier: body.tier,
        packId: body.packId ?? null,
      })
      return { id: deckId, seq }
    },
  )

  routes.define(
    {
      method: "post",
      path: "/api/decks/import",
      summary: "Import a deck from a deck file (admins); every bad field is named",
      auth: true,
      request: DeckFileBody,
      response: Changed,
      status: 201,
    },
    async ({ body, identity, header }) => {
      const { user } = requireRole(identity, "admin")
      const read = readDeckFile(body)
      if (!read.ok)
        throw new ApiProblem("invalid_command", `the deck file has ${read.problems.length} problem(s): ${describeProblems(read.problems)}`)
      const seq = await sendCommand(deps.system, library(user.tenant), user, opId(header), { type: "importDeck", deck: read.deck })
      return { id: read.deck.deckId, seq }
    },
  )

  routes.define(
    { method: "patch", path: "/api/decks/{id}", summary: "Edit a deck (admins)", auth: true, request: EditDeckRequest, response: Changed },
    async ({ body, identity, params, header }) => {
      const { user } = requireRole(identity, "admin")
      return {
        id: params["id"]!,
        seq: await sendCommand(deps.system, library(user.tenant), user, opId(header), {
          type: "updateDeck",
          deckId: params["id"],
          changes: body.changes,
        }),
      }
    },
  )

  routes.define(
    {
      method: "delete",
      path: "/api/decks/{id}",
      summary: "Retire a deck (admins); sessions and reports still name it",
      auth: true,
      response: Changed,
    },
    async ({ identity, params, header }) => {
      const { user } = requireRole(identity, "admin")
      return {
        id: params["id"]!,
        seq: await sendCommand(deps.system, library(user.tenant), user, opId(header), { type: "retireDeck", deckId: params["id"] }),
      }
    },
  )

  routes.define(
    { method: "post", path: "/api/decks/{id}/restore", summary: "Bring a retired deck back (admins)", auth: true, request: Empty, response: Changed },
    async ({ identity, params, header }) => {
      const { user } = requireRole(identity, "admin")
      return {
        id: params["id"]!,
        seq: await sendCommand(deps.system, library(user.tenant), user, opId(header), { type: "restoreDeck", deckId: params["id"] }),
      }
    },
  )

  routes.define(
    {
      method: "post",
      path: "/api/decks/{id}/cards",
      summary: "Add a card to a deck (admins)",
      auth: true,
      request: AddCardRequest,
      response: Changed,
      status: 201,
    },
    async ({ body, identity, params, header }) => {
      const { user } = requireRole(identity, "admin")
      return {
        id: body.card.cardId,
        seq: await sendCommand(deps.system, library(user.tenant), user, opId(header), { type: "addCard", deckId: params["id"], card: body.card }),
      }
    },
  )

  routes.define(
    {
      method: "patch",
      path: "/api/decks/{id}/cards/{cardId}",
      summary: "Edit a card (admins)",
      auth: true,
      request: EditCardRequest,
      response: Changed,
    },
    async ({ body, identity, params, header }) => {
      const { user } = requireRole(identity, "admin")
      const seq = await sendCommand(deps.system, library(user.tenant), user, opId(header), {
        type: "editCard",
        deckId: params["id"],
        cardId: params["cardId"],
        changes: body.changes,
      })
      return { id: params["cardId"]!, seq }
    },
  )

  routes.define(
    { method: "delete", path: "/api/decks/{id}/cards/{cardId}", summary: "Retire a card (admins)", auth: true, response: Changed },
    async ({ identity, params, header }) => {
      const { user } = requireRole(identity, "admin")
      return {
        id: params["cardId"]!,
        seq: await sendCommand(deps.system, library(user.tenant), user, opId(header), {
          type: "retireCard",
          deckId: params["id"],
          cardId: params["cardId"],
        }),
      }
    },
  )
}
