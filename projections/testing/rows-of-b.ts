/**
 * Commits that give tenant B rows in the read-model tables the seeded
 * simulation leaves empty for it (it draws no cards, asks the coach nothing,
 * and its last tenant has no organization, so no directory rows), so the row-level security property has B rows to leak
 * in every table. Positions follow the simulation's; each projection that
 * needs them applies them on top of its tables.
 */
import { makeAddress } from "../../engine/address.ts"
import type { Commit } from "../../engine/eventlog/port.ts"

const AT = Date.UTC(2025, 5, 1, 9)

export const rowsOfB = (afterPosition: number): readonly Commit[] => {
  let position = afterPosition
  const commit = (kind: string, id: string, firstSeq: number, events: readonly unknown[]): Commit => ({
    addr: makeAddress("B", kind, id),
    firstSeq,
    events,
    position: ++position,
    at: AT + position,
    by: "B-u0",
    commandKey: `B-u0:rows-of-b-${position}`,
  })
  const draw = {
    type: "cardsDrawn",
    drawId: "rows-of-b",
    deckId: "studio-sample",
    deckTier: "free",
    packId: null,
    faceDown: false,
    count: 1,
    picksPerPerson: 1,
    seed: "seed",
    poolSize: 6,
    cardIds: ["c1"],
  }
  const member = {
    type: "memberAdded",
    userId: "B-u0",
    email: "b-u0@example.test",
    name: "B-u0 name",
    roles: ["admin"],
    passwordHash: "scrypt$1024$8$1$c2FsdA==$aGFzaA==",
  }
  return [
    commit("organization", "B", 1, [
      { type: "created", name: "B coaching" },
      member,
      { type: "liveCodeOpened", code: "BBB234", sessionId: "rows-of-b" },
    ]),
    commit("session", "rows-of-b", 1, [draw, { type: "cardPicked", drawId: "rows-of-b", userId: "B-u1", cardId: "c1", position: null }]),
    commit("coach", "B-u1", 1, [
      { type: "questionAsked", questionId: "q1", conversationId: "c1", text: "What now?", language: "en" },
      {
        type: "answerGiven",
        questionId: "q1",
        text: "Pause.",
        citations: [],
        kind: "model",
        model: "extractive",
        promptTokens: 12,
        completionTokens: 3,
      },
      { type: "feedbackGiven", questionId: "q1", helpful: true },
    ]),
  ]
}
