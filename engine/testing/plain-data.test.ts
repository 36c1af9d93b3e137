import { describe, expect, it } from "vitest"
import { assertPlainData, plainDataProblem } from "./plain-data.ts"

describe("plain data", () => {
  it("accepts nested records, arrays, strings, finite numbers, booleans and null", () => {
    expect(() => assertPlainData("state", { a: [1, "x", null, { b: true, c: -0 }], d: {} })).not.toThrow()
  })

  it("names the first part that would not survive a snapshot", () => {
    expect(plainDataProblem({ a: [1, new Map()] })).toBe("$.a[1] is a Map")
    expect(plainDataProblem({ a: { b: undefined } })).toBe("$.a.b is undefined")
    expect(plainDataProblem({ n: Number.NaN })).toBe("$.n is NaN")
    expect(plainDataProblem(JSON.parse('{"__proto__": 1}'))).toBe("$ has a __proto__ key")
    expect(plainDataProblem({ when: new Date(0) })).toBe("$.when is a Date")
  })

  it("throws with the label and the reason", () => {
    expect(() => assertPlainData("state", { s: new Set() })).toThrow("state is not plain data: $.s is a Set")
  })
})
