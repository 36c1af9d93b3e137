import { describe, expect, it } from "vitest"
import { isCrisis } from "./crisis.ts"
import { makeRedactor } from "./redact.ts"

describe("crisis language", () => {
  it("is found in each of the five languages, whatever the case", () => {
    for (const text of [
      "Sometimes I think about SUICIDE",
      "my partner hits me",
      "אני רוצה למות",
      "me quiero quitarme la vida",
      "ich will sterben",
      "je veux mourir",
      "I have been self-harming",
    ]) {
      expect(isCrisis(text), text).toBe(true)
    }
  })

  it("is not found in everyday coaching questions", () => {
    for (const text of [
      "How do I slow down?",
      "I feel stuck at work",
      "What card helps with courage?",
      "Ich bin müde",
      "la violence du vent",
      "un violon",
    ]) {
      expect(isCrisis(text), text).toBe(false)
    }
  })
})

describe("redaction for outside models", () => {
  it("replaces emails and members' names, whole and by part, and leaves other words", () => {
    const redact = makeRedactor(["Noa Levi", "Al"])
    expect(redact("Noa said: write to noa.levi@example.org, Levi agrees. Also Noah and Al.")).toBe(
      "[name] said: write to [email], [name] agrees. Also Noah and [name].",
    )
  })
})
