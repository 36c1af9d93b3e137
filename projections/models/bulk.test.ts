import { describe, expect, it } from "vitest"
import { toJsonParam } from "./bulk.ts"

describe("JSON parameters", () => {
  it("replace NUL and lone surrogates, which Postgres refuses, and keep everything else", () => {
    const text = "a\u0000b \ud800 c \udc00 d 😀 e \\u0000 f"
    expect(JSON.parse(toJsonParam({ text })).text).toBe("a\ufffdb \ufffd c \ufffd d 😀 e \\u0000 f")
  })

  it("write bigints as decimal strings", () => {
    expect(toJsonParam({ n: 2n ** 70n })).toBe('{"n":"1180591620717411303424"}')
  })
})
