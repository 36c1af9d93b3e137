/** The journal's words for failures and moods: codes in, the writer's language out. */
import { t, type MessageKey } from "../i18n/i18n.ts"
import { errorText } from "../ui/errors.ts"

export const failureText = (code: string): string => {
  switch (code) {
    case "not_found":
      return t("journal.error.notFound")
    case "invalid_command":
    case "bad_frame":
      return t("journal.error.invalid")
    case "unauthorized":
      return t("journal.error.signedOut")
    default:
      return errorText({ code })
  }
}

/** Moods in words (1 low to 5 high): words read the same on every device and to a screen reader, unlike emoji. */
export const MOODS: ReadonlyArray<{ readonly value: number; readonly key: MessageKey }> = [
  { value: 1, key: "journal.mood.1" },
  { value: 2, key: "journal.mood.2" },
  { value: 3, key: "journal.mood.3" },
  { value: 4, key: "journal.mood.4" },
  { value: 5, key: "journal.mood.5" },
]

export const moodWord = (mood: number | null): string | undefined => {
  const found = MOODS.find((m) => m.value === mood)
  return found ? t("journal.entry.moodIs", { mood: t(found.key) }) : undefined
}
