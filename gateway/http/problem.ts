/**
 * RFC 9457 problem documents: every API error leaves as
 * application/problem+json with the protocol's error code beside the status.
 */
import type { ErrorCode } from "../protocol.ts"

export const STATUS_OF: Record<ErrorCode, number> = {
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
}

const TITLE_OF: Record<ErrorCode, string> = {
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
}

/** What a caller is told of a failure nobody foresaw; what happened goes to the log. */
export const INTERNAL_DETAIL = "internal error; the incident was logged"

/** Thrown inside route handlers; the app's error handler turns it into a problem response. */
export class ApiProblem extends Error {
  /** `retryAfterSeconds` (for rate_limited) becomes a Retry-After header and a `retryAfter` member. */
  constructor(
    readonly code: ErrorCode,
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

/** The API's error handler: a problem as itself, anything else logged and answered `internal`. */
export const errorResponse = (error: Error): Response => {
  if (error instanceof ApiProblem) return problemResponse(error.code, error.detail, undefined, error.retryAfterSeconds)
  console.error(JSON.stringify({ level: "error", message: "api handler failed", error: String(error) }))
  return problemResponse("internal", INTERNAL_DETAIL)
}

export const problemResponse = (code: ErrorCode, detail: string, instance?: string, retryAfterSeconds?: number): Response => {
  const retry = retryAfterSeconds === undefined ? undefined : Math.max(1, Math.ceil(retryAfterSeconds))
  return new Response(
    JSON.stringify({
      type: `https://studio.example/problems/${code}`,
      title: TITLE_OF[code],
      status: STATUS_OF[code],
      detail,
      code,
      ...(instance ? { instance } : {}),
      ...(retry ? { retryAfter: retry } : {}),
    }),
    { status: STATUS_OF[code], headers: { "content-type": "application/problem+json", ...(retry ? { "retry-after": String(retry) } : {}) } },
  )
}
