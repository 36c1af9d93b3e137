import { describe, expect, it } from "vitest"
import { acceptedTags, contentLanguageOf, negotiateLanguage } from "./content-language.ts"

describe("choosing the content language of a request", () => {
  it("orders Accept-Language by weight, then by place, and leaves out q=0 and *", () => {
    expect(acceptedTags("fr;q=0.5, de, *;q=0.9, he;q=0, es;q=0.8")).toEqual(["de", "es", "fr"])
    expect(acceptedTags("")).toEqual([])
  })

  it("reads a region or an old code as the language Studio has", () => {
    expect([contentLanguageOf("fr-CA"), contentLanguageOf("iw"), contentLanguageOf("HE-il"), contentLanguageOf("pt-BR")]).toEqual([
      "fr",
      "he",
      "he",
      undefined,
    ])
  })

  it("?lang= first when Studio has it, then the header's first language Studio has, then English", () => {
    expect(negotiateLanguage("de", "fr")).toBe("de")
    expect(negotiateLanguage("ja", "pt, es;q=0.5")).toBe("es")
    expect(negotiateLanguage(undefined, "ja, zh")).toBe("en")
    expect(negotiateLanguage(undefined, undefined)).toBe("en")
    expect(negotiateLanguage(undefined, "garbage;;q=x, fr")).toBe("fr")
  })
})
