/** Query-string parsing with one clear 400 per bad parameter. */
import { NAME_PATTERN } from "../../engine/address.ts"
import { DEFAULT_PAGE, MAX_PAGE } from "../queries/page.ts"
import { ReadProblem } from "./problem.ts"

type Query = (name: string) => string | undefined

export const limitParam = (query: Query, max = MAX_PAGE, fallback = DEFAULT_PAGE): number => {
  const raw = query("limit")
  if (raw === undefined || raw === "") return Math.min(fallback, max)
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1 || value > max) throw new ReadProblem("bad_frame", `limit must be a whole number from 1 to ${max}`)
  return value
}

export const idParam = (query: Query, name: string): string | undefined => {
  const raw = query(name)
  if (raw === undefined || raw === "") return undefined
  if (!NAME_PATTERN.test(raw)) throw new ReadProblem("bad_frame", `${name} must be 1-64 characters of A-Z a-z 0-9 _ -`)
  return raw
}

export const oneOf = <const T extends string>(query: Query, name: string, values: readonly T[]): T | undefined => {
  const raw = query(name)
  if (raw === undefined || raw === "") return undefined
  if (!(values as readonly string[]).includes(raw)) throw new ReadProblem("bad_frame", `${name} must be one of ${values.join(", ")}`)
  return raw as T
}

export const textParam = (query: Query, name: string, options: { required: boolean; max: number }): string | undefined => {
  const raw = query(name)?.trim()
  if (raw === undefined || raw === "") {
    if (options.required) throw new ReadProblem("bad_frame", `${name} is required`)
    return undefined
  }
  if (raw.length > options.max) throw new ReadProblem("bad_frame", `${name} must be at most ${options.max} characters`)
  return raw
}

export const cursorParam = (query: Query): string | undefined => {
  const raw = query("cursor")
  if (raw === undefined || raw === "") return undefined
  if (raw.length > 600 || !/^[A-Za-z0-9_-]+$/.test(raw)) throw new ReadProblem("bad_frame", "cursor is not one this API returned; start again without it")
  return raw
}
