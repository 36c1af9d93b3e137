import { describe, expect, it } from "vitest"
import { bearerToken } from "./bearer.ts"

describe("bearer token", () => {
  it("takes the credentials of a Bearer header, and nothing from any other", () => {
    expect(bearerToken("Bearer abc.def")).toBe("abc.def")
    expect(bearerToken(undefined)).toBeUndefined()
    expect(bearerToken("Bearer ")).toBeUndefined()
    expect(bearerToken("bearer abc")).toBeUndefined()
    expect(bearerToken("Basic abc")).toBeUndefined()
  })
})
