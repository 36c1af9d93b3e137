import { describe, expect, it } from "vitest"
import { EMPTY_CONTEXT, type MomentContext } from "./context.ts"
import { reasonFor, reasonIn } from "./reasons.ts"

const card = { cardId: "c1", word: "Stillness", themes: ["rest", "presence", "own-theme"] }
const moment = (overrides: Partial<MomentContext>): MomentContext => ({ ...EMPTY_CONTEXT, ...overrides })

describe("suggestion reasons", () => {
  it("carry a code and its parameters beside the English sentence the API always had", () => {
    expect(reasonFor(card, moment({ phase: "Pause", groupThemes: new Map([["rest", 2]]) }), "model")).toEqual({
      code: "group-phase",
      params: { phase: "Pause", themes: ["rest"] },
      text: "often picked in Pause by groups like this (rest)",
    })
    expect(
      reasonFor(
        card,
        moment({
          phase: "Focus",
          themes: new Map([
            ["presence", 1],
            ["own-theme", 0.5],
          ]),
        }),
        "content",
      ),
    ).toEqual({ code: "session-themes", params: { themes: ["presence", "own-theme"] }, text: "close to this session's themes (presence, own-theme)" })
    expect(reasonFor(card, moment({ phase: "Pause" }), "content")).toEqual({
      code: "phase-themes",
      params: { phase: "Pause", themes: ["rest", "presence"] },
      text: "suits the Pause phase (rest, presence)",
    })
    expect(reasonFor(card, moment({ phase: "Doing" }), "model")).toEqual({
      code: "often-picked",
      params: { phase: "Doing" },
      text: "often picked in Doing",
    })
    expect(reasonFor(card, moment({}), "model")).toEqual({ code: "often-picked", params: {}, text: "often picked" })
    expect(reasonFor(card, moment({ phase: "Doing" }), "content")).toEqual({
      code: "no-themes-yet",
      params: {},
      text: "a start: no themes in this session yet",
    })
    expect(reasonFor(card, moment({ phase: "Doing", themes: new Map([["courage", 1]]) }), "content")).toEqual({
      code: "other-themes",
      params: {},
      text: "another direction: none of this session's themes",
    })
  })

  it("name the built-in themes in the reader's language, keep an organization's own themes and the English text as they are", () => {
    const reason = reasonFor(
      card,
      moment({
        phase: "Focus",
        themes: new Map([
          ["rest", 1],
          ["own-theme", 1],
        ]),
      }),
      "content",
    )
    expect(reasonIn(reason, "he")).toEqual({ ...reason, params: { themes: ["מנוחה", "own-theme"] } })
    expect(reasonIn(reason, "en")).toBe(reason)
  })
})
