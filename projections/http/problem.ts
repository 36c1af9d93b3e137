/**
 * Errors as RFC 9457 problem documents with the protocol's error code, the
 * same shape the gateway's own API answers with.
 */
import type { ErrorCode } from "../../engine/errors.ts"

const STATUS: Partial<Record<ErrorCode, number>> = {
  bad_frame: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  unavailable: 503,
  internal: 500,
}
const TITLE: Partial<Record<ErrorCode, string>> = {
  bad_frame: "Bad request",
  unauthorized: "Unauthorized",
  forbidden: "Forbidden",
  not_found: "Not found",
  unavailable: "Service unavailable",
  internal: "Internal server error",
}

export type ReadErrorCode = "bad_frame" | "unauthorized" | "forbidden" | "not_found" | "unavailable" | "internal"

export class ReadProblem extends Error {
  constructor(
    readonly code: ReadErrorCode,
    readonly detail: string,
  ) {
    super(detail)
  }
}

export const problem = (code: ReadErrorCode, detail: string): Response =>
  new Response(JSON.stringify({ type: `https://studio.example/problems/${code}`, title: TITLE[code], status: STATUS[code], detail, code }), {
    status: STATUS[code],
    headers: { "content-type": "application/problem+json" },
  })
