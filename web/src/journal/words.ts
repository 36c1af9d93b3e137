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

export const MOODS: ReadonlyArray<{ readonly value: number; readonly key: MessageKey; readonly face: string }> = [
  { value: 1, key: "journal.mood.1", face: "😞" },
  { value: 2, key: "journal.mood.2", face: "🙁" },
  { value: 3, key: "journal.mood.3", face: "😐" },
  { value: 4, key: "journal.mood.4", face: "🙂" },
  { value: 5, key: "journal.mood.5", face: "😄" },
]

export const moodWord = (mood: number | null): string | undefined => {
  const found = MOODS.find((m) => m.value === mood)
  return found ? `${found.face} ${t(found.key)}` : undefined
}
