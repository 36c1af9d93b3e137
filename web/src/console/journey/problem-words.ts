/** What to fix in an activity, in words. */
import { t, type MessageKey } from "../../i18n/i18n.ts"
import type { Problem } from "./plan-edit.ts"

const WORDS: Record<Problem, MessageKey> = {
  title: "console.builder.problem.title",
  prompt: "console.builder.problem.prompt",
  question: "console.builder.problem.question",
  options: "console.builder.problem.options",
  minutes: "console.builder.problem.minutes",
  count: "console.builder.problem.count",
  seconds: "console.builder.problem.seconds",
  rooms: "console.builder.problem.rooms",
}

export const problemWord = (problem: Problem): string => t(WORDS[problem])
