/**
 * Failures in the facilitator's words. The code picks the message (the
 * server's English `detail` is never shown); the shared words in
 * ui/errors.ts cover what every screen says alike.
 */
import { t } from "../i18n/i18n.ts"
import { errorText } from "../ui/errors.ts"

const codeOf = (error: unknown): string | undefined => (error as { code?: string } | undefined)?.code

/** Why signing in failed, and what to do about it. */
export const signInError = (error: unknown): string => {
  switch (codeOf(error)) {
    case "unauthorized":
      return t("console.signIn.wrong")
    case "bad_frame":
    case "invalid_command":
      return t("console.signIn.invalid")
    case "conflict":
      return t("console.signIn.chooseOrganization")
    case "forbidden":
      return t("console.signIn.forbidden")
    case "rate_limited":
      return t("console.signIn.tooMany")
    default:
      return errorText(error)
  }
}

/** A refused live command or API call in the console. */
export const consoleError = (error: unknown): string => {
  switch (codeOf(error)) {
    case "not_found":
      return t("console.error.notFound")
    case "invalid_command":
    case "bad_frame":
      return t("console.error.invalid")
    case "unauthorized":
      return t("console.error.signedOut")
    default:
      return errorText(error)
  }
}

export const isCode = (error: unknown, code: string): boolean => codeOf(error) === code

export const retryAfter = (error: unknown): number | undefined => (error as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds
