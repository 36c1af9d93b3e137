/**
 * Checks that a value survives the trip the runtime gives it: states are
 * snapshotted and events are logged with MessagePack, so anything that does
 * not come back equal (a Map, a class instance, an `undefined` field, a
 * `__proto__` key) would make a restarted actor differ from the live one.
 * Numbers compare with `===`: MessagePack turns -0 into 0, which no rule can tell apart.
 */
import { Packr } from "msgpackr"

// The options the runtime's snapshot codec uses.
const packr = new Packr({ useRecords: false, moreTypes: false })

export const roundTrip = <A>(value: A): unknown => packr.unpack(packr.pack(value))

/** Describes why `value` is not plain data, or returns undefined when it is. */
export const plainDataProblem = (value: unknown, path = "$"): string | undefined => {
  if (value === null || typeof value === "string" || typeof value === "boolean") return undefined
  if (typeof value === "number") return Number.isFinite(value) ? undefined : `${path} is ${value}`
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = plainDataProblem(value[i], `${path}[${i}]`)
      if (problem) return problem
    }
    return undefined
  }
  if (typeof value === "object") {
    const proto = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== null) return `${path} is a ${proto?.constructor?.name ?? "non-plain object"}`
    for (const [key, field] of Object.entries(value)) {
      if (key === "__proto__") return `${path} has a __proto__ key`
      const problem = plainDataProblem(field, `${path}.${key}`)
      if (problem) return problem
    }
    return undefined
  }
  return `${path} is ${typeof value}`
}

const samePlainData = (a: unknown, b: unknown): boolean => {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return a === b
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const keysA = Object.keys(a)
  const keysB = Object.keys(b)
  return (
    keysA.length === keysB.length &&
    keysA.every((key) => Object.hasOwn(b, key) && samePlainData((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
  )
}

/** Throws with a readable reason when `value` is not plain data or does not survive MessagePack. */
export const assertPlainData = (label: string, value: unknown): void => {
  const problem = plainDataProblem(value)
  if (problem) throw new Error(`${label} is not plain data: ${problem}`)
  if (!samePlainData(roundTrip(value), value)) {
    throw new Error(`${label} changes when packed and unpacked with MessagePack`)
  }
}
