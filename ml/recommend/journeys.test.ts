/** Journey suggestions: ranked by the group's themes in the journeys' words, each with a reason as a code the console words. */
import { describe, expect, it } from "vitest"
import { themeIn } from "../../actors/cards/sample-deck/localized.ts"
import { suggestJourneys, type JourneyCandidate } from "./journeys.ts"

const template = (id: string, text: string): JourneyCandidate => ({ id, source: "template", title: id, text })

describe("journey suggestions", () => {
  it("puts the journey that meets the group's themes first, and says why in codes with their parameters", () => {
    const candidates = [template("quiet", "A slow start"), template("brave", "Find the courage to speak"), template("again", "Plans")]
    const suggestions = suggestJourneys(candidates, new Map([["courage", 2]]), new Map([["again", 2]]), 3)
    expect(suggestions.map((s) => [s.journey.id, s.reason.code, s.reason.params])).toEqual([
      ["brave", "group-themes", { themes: ["courage"] }],
      ["quiet", "not-run-yet", {}],
      ["again", "run-before", { runs: 2 }],
    ])
    expect(suggestions[0]!.reason.text).toBe("close to the themes this group chose (courage)")
  })

  it("meets a theme by its label in the journey's own language", () => {
    const hebrew = template("hebrew", `מסע של ${themeIn("courage", "he")} ושל הקשבה`)
    const other = template("other", "משהו אחר לגמרי")
    const [english] = suggestJourneys([hebrew, other], new Map([["courage", 1]]), new Map(), 1)
    expect(english!.reason.code).not.toBe("group-themes")
    const [labelled] = suggestJourneys([hebrew, other], new Map([["courage", 1]]), new Map(), 1, (theme) => [theme, themeIn(theme, "he")])
    expect([labelled!.journey.id, labelled!.reason.code, labelled!.reason.params]).toEqual(["hebrew", "group-themes", { themes: ["courage"] }])
  })
})
