/**
 * RFC 9457 problem documents: every API error leaves as
 * application/problem+json with the protocol's error code beside the status.
 */
import { Cause } from "effect"
import type { ErrorCode } from "../protocol.ts"
import { lightResponse } from "./light-response.ts"

/**
 * The protocol's codes, and one only HTTP has: a feature this node was not
 * configured for (the coach without its read side, say) answers 501 and
 * says what it needs, rather than pretending.
 */
export type ProblemCode = ErrorCode | "not_implemented"

export const STATUS_OF: Record<ProblemCode, number> = {
  bad_frame: 400,
  too_large: 413,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_command: 422,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
  not_implemented: 501,
}

const TITLE_OF: Record<ProblemCode, string> = {
  bad_frame: "Bad request",
  too_large: "Request too large",
  unauthorized: "Unauthorized",
  forbidden: "Forbidden",
  not_found: "Not found",
  conflict: "Conflict",
  invalid_command: "Invalid command",
  rate_limited: "Too many requests",
  unavailable: "Service unavailable",
  internal: "Internal server error",
  not_implemented: "Not implemented",
}

/** What a caller is told of a failure nobody foresaw; what happened goes to the log. */
export const INTERNAL_DETAIL = "internal error; the incident was logged"

/** Thrown inside route handlers; the app's error handler turns it into a problem response. */
export class ApiProblem extends Error {
  /** `retryAfterSeconds` (for rate_limited) becomes a Retry-After header and a `retryAfter` member. */
  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(detail)
  }
}

/** A refusal that names its code (the read side's, the runtime's): `internal` ones are told only INTERNAL_DETAIL. */
export const problemFor = (failure: { readonly code: ErrorCode; readonly detail: string }): ApiProblem =>
  new ApiProblem(failure.code, failure.code === "internal" ? INTERNAL_DETAIL : failure.detail)

export const problemOf = (failure: { readonly code: ErrorCode; readonly detail: string }): Response => {
  const problem = problemFor(failure)
  return problemResponse(problem.code, problem.detail)
}

/** Why the runtime refused (a command, a join): its refusal as a problem with the refusal's own words, or a defect, logged and `internal`. */
export const problemOfCause = (cause: Cause.Cause<{ readonly code: ErrorCode; readonly message: string }>): ApiProblem => {
  const failure = cause.reasons.find(Cause.isFailReason)
  if (failure) return new ApiProblem(failure.error.code, failure.error.message)
  console.error(JSON.stringify({ level: "error", message: "runtime defect", cause: Cause.pretty(cause) }))
  return new ApiProblem("internal", INTERNAL_DETAIL)
}

/** The API's error handler: a problem as itself, anything else logged and answered `internal`. */
export const errorResponse = (error: Error): Response => {
  if (error instanceof ApiProblem) return problemResponse(error.code, error.detail, undefined, error.retryAfterSeconds)
  console.error(JSON.stringify({ level: "error", message: "api handler failed", error: String(error) }))
  return problemResponse("internal", INTERNAL_DETAIL)
}

/** The document's text, for a transport that writes it itself (uws.ts, when the bridge fails). */
export const problemDocument = (code: ProblemCode, detail: string, extra: { instance?: string; retryAfter?: number } = {}): string =>
  JSON.stringify({
    type: `https://studio.example/problems/${code}`,
    title: TITLE_OF[code],
    status: STATUS_OF[code],
    detail,
    code,
    ...(extra.instance ? { instance: extra.instance } : {}),
    ...(extra.retryAfter ? { retryAfter: extra.retryAfter } : {}),
  })

export const problemResponse = (code: ProblemCode, detail: string, instance?: string, retryAfterSeconds?: number): Response => {
  const retry = retryAfterSeconds === undefined ? undefined : Math.max(1, Math.ceil(retryAfterSeconds))
  return lightResponse(
    problemDocument(code, detail, { ...(instance ? { instance } : {}), ...(retry ? { retryAfter: retry } : {}) }),
    STATUS_OF[code],
    {
      "content-type": "application/problem+json",
      ...(retry ? { "retry-after": String(retry) } : {}),
    },
  )
}
