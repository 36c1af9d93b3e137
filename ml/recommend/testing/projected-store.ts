/**
 * Fills a read store the way a node would: simulated groups (the planted
 * preferences of simulator.ts, in simpler form) play sessions through the
 * real session and canvas deciders, and the real projections write the
 * read models. Then `npm run ml:train` can read it like any store.
 *
 *   STUDIO_DATA_DIR=/tmp/rec-demo npx tsx ml/recommend/testing/projected-store.ts
 */
import { Effect } from "effect"
import { canvasKind, sessionKind } from "../../../actors/index.ts"
import { SYSTEM_USER_ID } from "../../../actors/cards/rules.ts"
import { SAMPLE_DECK } from "../../../actors/cards/sample-deck/index.ts"
import type { SessionState } from "../../../actors/session/state.ts"
import { makeAddress } from "../../../engine/address.ts"
import type { User } from "../../../engine/actor-kind.ts"
import { canvasesProjection } from "../../../projections/models/canvases.ts"
import { sessionsProjection } from "../../../projections/models/sessions.ts"
import { cardsProjection } from "../../../projections/models/cards.ts"
import { openReadStore } from "../../../projections/store/open.ts"
import { makeDriver } from "../../../projections/testing/driver.ts"
import { runToHead } from "../../../projections/testing/fixtures.ts"
import { memoryLogOf } from "../../../projections/testing/simulate.ts"
import { PHASES } from "../interactions.ts"
import { makeRandom, testSeed } from "../../../engine/testing/random.ts"

const random = makeRandom(testSeed("projected store"))
const tenant = "org-sim"
const user = (id: string, roles: User["roles"] = ["participant"]): User => ({ id, tenant, roles })
const cards = SAMPLE_DECK.cards.filter((c) => c.tier === "free")
const themes = [...new Set(cards.flatMap((c) => c.themes))]
let clock = Date.UTC(2026, 0, 5)
const driver = makeDriver(() => (clock += 30_000))
const send = (kind: typeof sessionKind | typeof canvasKind, addr: ReturnType<typeof makeAddress>, by: User, command: object) => {
  if (!driver.send(kind, addr, by, command)) throw new Error(`refused: ${JSON.stringify(command)}`)
}
const weightOf = (liked: readonly string[], cardId: string) =>
  Math.exp(2.5 * cards.find((c) => c.cardId === cardId)!.themes.filter((t) => liked.includes(t)).length)
const choose = (liked: readonly string[], ids: readonly string[]) => {
  let r = random.next() * ids.reduce((s, id) => s + weightOf(liked, id), 0)
  for (const id of ids) if ((r -= weightOf(liked, id)) <= 0) return id
  return ids.at(-1)!
}

const GROUPS = 16,
  SESSIONS = 4
for (let g = 0; g < GROUPS; g++) {
  const lead = user(`fac-${g % 3}`, ["facilitator"])
  const members = Array.from({ length: 4 }, (_, m) => user(`g${g}-p${m}`))
  const shuffled = random.shuffle(themes)
  const liked = Object.fromEntries(PHASES.map((p, i) => [p, [shuffled[0]!, shuffled[1 + i]!]]))
  for (let s = 0; s < SESSIONS; s++) {
    clock = Date.UTC(2026, 0, 5) + (s * 20 + g) * 86_400_000
    const id = `s-${g}-${s}`
    const session = makeAddress(tenant, "session", id)
    const canvas = makeAddress(tenant, "canvas", `c-${g}-${s}`)
    const code = `C${String(g).padStart(2, "0")}${s}AB`.slice(0, 6).replace(/[01]/g, "Z")
    send(sessionKind, session, lead, { type: "create", title: `Group ${g}, meeting ${s + 1}`, joinCode: code })
    send(sessionKind, session, user(SYSTEM_USER_ID, ["admin"]), {
      type: "loadDecks",
      licence: { tier: "free", packs: [] },
      decks: [
        {
          deckId: SAMPLE_DECK.deckId,
          title: SAMPLE_DECK.title,
          tier: "free",
          packId: null,
          cards: cards.map(({ cardId, word, tier }) => ({ cardId, word, tier })),
        },
      ],
    })
    for (const m of members) send(sessionKind, session, m, { type: "join", joinCode: code })
    send(canvasKind, canvas, lead, { type: "create", title: "Board", privacy: "shared", sessionId: id })
    for (const m of members) send(canvasKind, canvas, lead, { type: "shareWith", userId: m.id, access: "edit" })
    for (const phase of PHASES) {
      send(sessionKind, session, lead, { type: "advancePhase" })
      send(sessionKind, session, lead, { type: "drawCards", deckId: SAMPLE_DECK.deckId, count: 8, faceDown: false, picksPerPerson: 1 })
      const draw = driver.state<SessionState>(session)!.draws.at(-1)!
      for (const m of members) send(sessionKind, session, m, { type: "pickCard", drawId: draw.drawId, cardId: choose(liked[phase]!, draw.cardIds) })
      send(sessionKind, session, lead, { type: "revealPicks", drawId: draw.drawId })
      for (const m of members) {
        if (random.chance(0.5))
          send(canvasKind, canvas, m, {
            type: "addElement",
            element: {
              kind: "card",
              cardId: choose(
                liked[phase]!,
                cards.map((c) => c.cardId),
              ),
              x: 0,
              y: 0,
              w: 120,
              h: 160,
            },
          })
      }
    }
    send(sessionKind, session, lead, { type: "end" })
  }
}

const { store } = await openReadStore()
const { log } = memoryLogOf(driver.commits)
for (const projection of [sessionsProjection, canvasesProjection, cardsProjection]) await runToHead(store, log, projection)
await Effect.runPromise(store.close())
console.log(`${driver.commits.length} commits of ${GROUPS * SESSIONS} sessions projected into the ${store.name} read store`)
