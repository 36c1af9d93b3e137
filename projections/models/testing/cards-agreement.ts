/**
 * Part of the projection contract: the card library read model holds what
 * the library actor's state and the built-in decks say, and shows each user
 * what the actor's own view shows them: `canRead`, `redactState` for the
 * organization's own decks, and the licence through `usableDeck` for the
 * built-in ones, as the catalogue has it.
 */
import { Effect } from "effect"
import { expect, it } from "vitest"
import type { User } from "../../../engine/actor-kind.ts"
import { makeAddress } from "../../../engine/address.ts"
import type { DeckRecord } from "../../../actors/cards/card.ts"
import { catalogueDecks } from "../../../actors/cards/catalogue.ts"
import { initialLibrary, type LibraryState } from "../../../actors/cards/decider.ts"
import { libraryKind, usableDeck } from "../../../actors/cards/index.ts"
import type { ContractContext } from "../../testing/contract.ts"
import { owner } from "../../testing/fixtures.ts"

const sorted = (values: readonly string[]) => [...values].sort()
const byKey = <R extends Record<string, unknown>>(rows: readonly R[], key: (row: R) => string) =>
  [...rows].sort((a, b) => key(a).localeCompare(key(b)))

/** The libraries the log opened: a tenant's, once its organization or its library actor appears. */
const librariesOf = (ctx: ContractContext): Map<string, LibraryState> => {
  const states = ctx.simulation().states
  const libraries = new Map<string, LibraryState>()
  for (const tenant of ctx.simulation().users.keys()) {
    const library = states.get(`${tenant}.library.${tenant}`) as LibraryState | undefined
    if (library || states.has(`${tenant}.organization.${tenant}`))
      libraries.set(tenant, library ?? initialLibrary(makeAddress(tenant, "library", tenant)))
  }
  return libraries
}

/** Deck and card ids the actor shows `user`: nothing unless it may read the library; its own decks as redacted for the user; built-in decks through the licence. */
const actorView = (library: LibraryState | undefined, user: User): { decks: string[]; cards: string[] } => {
  if (!library || !libraryKind.canRead(library, user)) return { decks: [], cards: [] }
  const redacted = libraryKind.redactState!(library, user) as LibraryState
  const decks = catalogueDecks(redacted).flatMap(({ deck, builtIn }): DeckRecord[] => {
    const shown = builtIn ? usableDeck(deck, library.licence) : deck
    return shown ? [shown] : []
  })
  return { decks: decks.map((d) => d.deckId), cards: decks.flatMap((d) => d.cards.map((c) => `${d.deckId}/${c.cardId}`)) }
}

export const describeCardsAgreement = (ctx: ContractContext) => {
  const query = <R = Record<string, any>>(text: string) => owner(ctx.store(), (sql) => sql.query<R>(text))

  it("the card library agrees with the library actor's state and the built-in decks", async () => {
    const libraries = librariesOf(ctx)
    expect(libraries.size, "the simulation opens libraries").toBeGreaterThan(0)
    const licences = await query("select tenant_id, tier, packs from card_libraries")
    expect(byKey(licences, (r) => r.tenant_id)).toEqual(
      [...libraries]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([tenant, s]) => ({ tenant_id: tenant, tier: s.licence.tier, packs: s.licence.packs })),
    )

    const expectedDecks = [...libraries].flatMap(([tenant, state]) => catalogueDecks(state).map(({ deck, builtIn }) => ({ tenant, deck, builtIn })))
    const decks = await query("select tenant_id, deck_id, built_in, title, description, language, tier, pack_id, status from card_decks")
    const deckKey = (r: Record<string, any>) => `${r.tenant_id}/${r.deck_id}`
    expect(byKey(decks, deckKey)).toEqual(
      byKey(
        expectedDecks.map(({ tenant, deck, builtIn }) => ({
          tenant_id: tenant,
          deck_id: deck.deckId,
          built_in: builtIn,
          title: deck.title,
          description: deck.description,
          language: deck.language,
          tier: deck.tier,
          pack_id: deck.packId,
          status: deck.status,
        })),
        deckKey,
      ),
    )

    const cards = await query("select tenant_id, deck_id, card_id, word, question, themes, tags, language, tier, status, image from cards")
    const cardKey = (r: Record<string, any>) => `${r.tenant_id}/${r.deck_id}/${r.card_id}`
    const expectedCards = expectedDecks.flatMap(({ tenant, deck }) =>
      deck.cards.map((c) => ({
        tenant_id: tenant,
        deck_id: deck.deckId,
        card_id: c.cardId,
        word: c.word,
        question: c.question,
        themes: c.themes,
        tags: c.tags,
        language: c.language,
        tier: c.tier,
        status: c.status,
        image: c.image,
      })),
    )
    expect(byKey(cards, cardKey)).toEqual(byKey(expectedCards, cardKey))
  })

  it("each user sees exactly the decks and cards the library actor shows them, and vectors only of those cards", async () => {
    const libraries = librariesOf(ctx)
    const vectors = new Set(
      (await query<{ id: string }>("select tenant_id || '/' || deck_id || '/' || card_id as id from card_vectors")).map((r) => r.id),
    )
    for (const [tenant, users] of ctx.simulation().users) {
      for (const user of users) {
        const viewer = { tenant, userId: user.id, roles: user.roles }
        const visible = (text: string) =>
          Effect.runPromise(ctx.store().asViewer(viewer, (sql) => sql.query<{ id: string }>(text))).then((rows) => sorted(rows.map((r) => r.id)))
        const expected = actorView(libraries.get(tenant), user)
        const label = `${user.id} (${user.roles.join(",")})`
        expect(await visible("select deck_id as id from card_decks"), `${label} on card_decks`).toEqual(sorted(expected.decks))
        expect(await visible("select deck_id || '/' || card_id as id from cards"), `${label} on cards`).toEqual(sorted(expected.cards))
        expect(await visible("select deck_id || '/' || card_id as id from card_vectors"), `${label} on card_vectors`).toEqual(
          sorted(expected.cards.filter((id) => vectors.has(`${tenant}/${id}`))),
        )
        const readsLicence = libraries.has(tenant) && libraryKind.canRead(libraries.get(tenant)!, user)
        expect(await visible("select tenant_id as id from card_libraries"), `${label} on card_libraries`).toEqual(readsLicence ? [tenant] : [])
      }
    }
  })
}
