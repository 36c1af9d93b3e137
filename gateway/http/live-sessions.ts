/**
 * Opening a live session over HTTP, for both ways the console starts one
 * (a blank session, or a run of a journey): a fresh join code is reserved in
 * the organization first, which keeps it unique within the tenant before any
 * guest can use it, then the session is created with it and with its
 * creator's name as the members will see it (from the signed-in account, not
 * from the request).
 */
import { randomInt } from "node:crypto"
import { MAX_DISPLAY_NAME } from "../../actors/session/limits.ts"
import { JOIN_CODE_ALPHABET, type JourneyRun } from "../../actors/session/protocol.ts"
import { makeAddress } from "../../engine/address.ts"
import type { VerifiedToken } from "../auth/tokens.ts"
import { organizationAddress } from "../directory.ts"
import { sendCommand, type ApiDeps } from "./deps.ts"
import { ApiProblem } from "./problem.ts"

const CODE_ATTEMPTS = 5

const newJoinCode = () => Array.from({ length: 6 }, () => JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)]).join("")

export interface LiveSessionFields {
  readonly title: string
  readonly journey?: JourneyRun
}

/** Creates `session/<sessionId>` with a join code of its own; `commandId` makes a retried request create it once. */
export const openLiveSession = async (
  deps: ApiDeps,
  identity: VerifiedToken,
  sessionId: string,
  fields: LiveSessionFields,
  commandId: string,
): Promise<{ code: string; seq: number }> => {
  const { user } = identity
  const displayName = identity.name?.trim().slice(0, MAX_DISPLAY_NAME)
  for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
    const code = newJoinCode()
    if (await deps.directory.liveCode(code)) continue
    const reserved = await sendCommand(deps.system, organizationAddress(user.tenant), user, `code-${code}`, {
      type: "openLiveCode",
      code,
      sessionId,
    }).catch((error: unknown) => {
      if (error instanceof ApiProblem && error.code === "conflict") return undefined
      throw error
    })
    if (reserved === undefined) continue
    await deps.directory.caughtUp(user.tenant, reserved)
    const seq = await sendCommand(deps.system, makeAddress(user.tenant, "session", sessionId), user, commandId, {
      type: "create",
      title: fields.title,
      joinCode: code,
      ...(fields.journey ? { journey: fields.journey } : {}),
      ...(displayName ? { displayName } : {}),
    })
    return { code, seq }
  }
  throw new ApiProblem("unavailable", "could not find a free join code; try again")
}
