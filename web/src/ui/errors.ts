/** A failure in the user's words: the code picks the message, the server's English detail is never shown. */
import { t } from "../i18n/i18n.ts"

export const errorText = (error: unknown): string => {
  const code = (error as { code?: string } | undefined)?.code
  const wait = (error as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds
  switch (code) {
    case "network":
      return t("error.network")
    case "rate_limited":
      return t("error.rateLimited", { seconds: wait ?? 5 })
    case "forbidden":
      return t("error.forbidden")
    case "conflict":
      return t("error.conflict")
    case "unavailable":
      return t("error.unavailable")
    default:
      return t("error.generic")
  }
}
