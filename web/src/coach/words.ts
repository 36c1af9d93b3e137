/** The coach's failures in the user's words: guests, a node without the coach, a model that failed. */
import { t } from "../i18n/i18n.ts"
import { errorText } from "../ui/errors.ts"

export const coachError = (error: unknown): string => {
  const failure = error as { code?: string; status?: number } | undefined
  if (failure?.status === 501 || failure?.code === "not_implemented") return t("coach.notConfigured")
  if (failure?.code === "forbidden") return t("coach.forGuests")
  if (failure?.code === "timeout" || failure?.code === "refused" || failure?.code === "unavailable") return t("coach.failed")
  return errorText(error)
}
