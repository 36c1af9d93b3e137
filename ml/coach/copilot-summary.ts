/**
 * The facilitator copilot's session summary, drafted from the session's
 * recap (actors/session/recap.ts, the facilitator's own view): the phases
 * and their minutes, the cards dealt and picked, counts of people, polls and
 * breakout rooms. Facts only: nothing about how anyone felt.
 *
 * People are counted, not named; a participant is named (beside the card
 * they picked) only when they consented to insights and the room is not
 * anonymised. The overview's sentences are our own templates over those
 * facts; a configured language model may reword them, and its wording is
 * kept only when it brings no number, no name and no feeling of its own
 * (otherwise the templates stay, with a note saying why). The sections
 * below the overview are always the facts as they are.
 */
import type { ContentLanguage } from "../../actors/content-language.ts"
import type { Recap } from "../../actors/session/recap.ts"
import { PHASES } from "../../actors/journey/phases.ts"
import { isLlmError, type ChatMessage, type LanguageModel, type Usage } from "../llm/port.ts"
import { copilotWords, listIn } from "./copilot-words.ts"
import { isExtractive } from "./copilot-questions.ts"
import { makeRedactor } from "./redact.ts"

type Phase = (typeof PHASES)[number]

export interface SummaryFacts {
  readonly title: string
  readonly status: "open" | "ended" | "absent"
  readonly minutes: number
  readonly participants: number
  readonly phases: readonly { readonly phase: Phase; readonly minutes: number; readonly activities: readonly string[] }[]
  readonly spreads: readonly { readonly deck: string; readonly words: readonly string[]; readonly faceDown: boolean }[]
  readonly picks: readonly { readonly word: string; readonly count: number }[]
  /** Only participants who consented to insights, and none in an anonymised room. */
  readonly named: readonly { readonly name: string; readonly word: string }[]
  readonly polls: readonly { readonly question: string; readonly results: readonly { readonly label: string; readonly count: number }[] }[]
  readonly breakoutRooms: number
}

export interface FactsInput {
  readonly recap: Recap
  /** Participants who consented to be named by insights. */
  readonly consented: ReadonlySet<string>
  readonly anonymised: boolean
  /** Minutes of an open session count up to now. */
  readonly now: number
  /** A card's word in the reader's language (the recap holds the words the session loaded). */
  readonly wordOf?: (drawId: string, word: string) => string
  /** A deck's title in the reader's language. */
  readonly deckOf?: (drawId: string, title: string) => string
}

const minutesBetween = (from: string | null, to: number) => (from === null ? 0 : Math.max(0, Math.round((to - Date.parse(from)) / 60_000)))

export const summaryFacts = (input: FactsInput): SummaryFacts => {
  const { recap, now } = input
  const word = input.wordOf ?? ((_drawId: string, w: string) => w)
  const deck = input.deckOf ?? ((_drawId: string, title: string) => title)
  const end = recap.session.endedAt === null ? now : Date.parse(recap.session.endedAt)
  const running = new Set([...recap.session.facilitators, ...recap.session.coFacilitators.map((c) => c.userId)])
  const phases: { phase: Phase; minutes: number; activities: string[] }[] = []
  recap.timeline.forEach((entry, i) => {
    if (entry.phase === null || entry.at === null) return
    const until = recap.timeline[i + 1]?.at
    const ms = Math.max(0, (until ? Date.parse(until) : end) - Date.parse(entry.at))
    let row = phases.find((p) => p.phase === entry.phase)
    if (!row) phases.push((row = { phase: entry.phase, minutes: 0, activities: [] }))
    row.minutes += ms / 60_000
    if (entry.activityTitle && !row.activities.includes(entry.activityTitle)) row.activities.push(entry.activityTitle)
  })
  const revealed = recap.picks.filter((p) => p.revealed)
  const counts = new Map<string, number>()
  for (const pick of revealed) {
    const w = word(pick.drawId, pick.word)
    counts.set(w, (counts.get(w) ?? 0) + 1)
  }
  return {
    title: recap.session.title,
    status: recap.session.status,
    minutes: recap.session.createdAt === null ? 0 : minutesBetween(recap.session.createdAt, end),
    participants: new Set(recap.attendance.filter((a) => !running.has(a.userId) && !a.removed).map((a) => a.userId)).size,
    phases: phases.map((p) => ({ ...p, minutes: Math.round(p.minutes) })),
    spreads: recap.draws
      .filter((d) => d.cards.length > 0)
      .map((d) => ({ deck: deck(d.drawId, d.deck), words: d.cards.map((w) => word(d.drawId, w)), faceDown: d.faceDown })),
    picks: [...counts].map(([w, count]) => ({ word: w, count })).sort((a, b) => b.count - a.count),
    named: input.anonymised
      ? []
      : revealed
          // The recap falls back to the id for someone who gave no display name: an id is no name to show.
          .filter((p) => input.consented.has(p.userId) && !running.has(p.userId) && p.name !== p.userId)
          .map((p) => ({ name: p.name, word: word(p.drawId, p.word) })),
    polls: recap.polls
      .filter((poll) => poll.status === "closed" && poll.options.every((o) => o.count !== null))
      .map((poll) => ({ question: poll.question, results: poll.options.map((o) => ({ label: o.label, count: o.count ?? 0 })) })),
    breakoutRooms: recap.breakouts?.rooms.length ?? 0,
  }
}

/** The card picked most when one stands out (picked twice or more, more than any other); else the words picked, up to three. */
const pickedSentence = (facts: SummaryFacts, language: ContentLanguage): string => {
  const w = copilotWords(language).summary
  const picks = facts.picks.reduce((n, p) => n + p.count, 0)
  const [top, next] = facts.picks
  if (top && top.count >= 2 && (!next || top.count > next.count)) return w.picked(picks, top.word, top.count)
  return w.pickedList(
    picks,
    listIn(
      language,
      facts.picks.slice(0, 3).map((p) => w.quote(p.word)),
    ),
  )
}

/** The overview as our templates word it: one sentence per kind of fact. */
export const overviewSentences = (facts: SummaryFacts, language: ContentLanguage): string[] => {
  const w = copilotWords(language).summary
  const names = copilotWords(language).phaseName
  const dealt = facts.spreads.reduce((n, s) => n + s.words.length, 0)
  const picks = facts.picks.reduce((n, p) => n + p.count, 0)
  return [
    facts.status === "ended" ? w.ran(facts.minutes, facts.participants) : w.runningSoFar(facts.minutes, facts.participants),
    facts.phases.length > 0
      ? w.phases(
          listIn(
            language,
            facts.phases.map((p) => names[p.phase]),
          ),
        )
      : w.noPhases,
    ...(dealt > 0 ? [w.dealt(dealt, facts.spreads.length)] : []),
    ...(picks > 0 ? [pickedSentence(facts, language)] : dealt > 0 ? [w.noPicks] : []),
    ...(facts.polls.length > 0 ? [w.polls(facts.polls.length)] : []),
    ...(facts.breakoutRooms > 0 ? [w.breakouts(facts.breakoutRooms)] : []),
  ]
}

/** The whole summary as Markdown: heading, overview, then the facts section by section. */
export const summaryMarkdown = (facts: SummaryFacts, overview: string, language: ContentLanguage): string => {
  const w = copilotWords(language).summary
  const names = copilotWords(language).phaseName
  const lines = [`# ${w.heading(facts.title)}`, ""]
  if (facts.status !== "ended") lines.push(`_${w.draft}_`, "")
  lines.push(overview, "")
  if (facts.phases.length > 0) {
    lines.push(`## ${w.phasesTitle}`, "")
    for (const p of facts.phases) lines.push(`- ${w.phaseLine(names[p.phase], p.minutes, p.activities.join(", "))}`)
    lines.push("")
  }
  if (facts.spreads.length > 0) {
    lines.push(`## ${w.cardsTitle}`, "")
    for (const s of facts.spreads) lines.push(`- ${w.dealtLine(s.deck, s.words.join(", "), s.faceDown)}`)
    lines.push("")
  }
  if (facts.picks.length > 0) {
    lines.push(`## ${w.pickedTitle}`, "")
    for (const p of facts.picks) lines.push(`- ${w.pickedLine(p.word, p.count)}`)
    for (const n of facts.named) lines.push(`- ${w.namedLine(n.name, n.word)}`)
    lines.push("")
  }
  if (facts.polls.length > 0) {
    lines.push(`## ${w.pollsTitle}`, "")
    for (const p of facts.polls) lines.push(`- ${w.pollLine(p.question, p.results.map((r) => `${r.label} ${r.count}`).join(", "))}`)
    lines.push("")
  }
  lines.push("---", "", `_${w.footer}_`, "")
  return lines.join("\n")
}

const FEELINGS: Readonly<Record<ContentLanguage, RegExp>> = {
  en: /(?<!\p{L})(felt|feel|feels|feeling|feelings|emotion\p{L}*|happy|sad|anxious|angry|excited|frustrat\p{L}*|joy\p{L}*|upset|nervous|enthusias\p{L}*|mood|moved)(?!\p{L})/iu,
  he: /(הרגיש|מרגיש|רגש|שמח|עצוב|חרד|כעס|התרגש|מתוסכל|אושר)/u,
  es: /(?<!\p{L})(sinti\p{L}*|sient\p{L}*|emoci\p{L}*|feliz|triste\p{L}*|ansios\p{L}*|enfadad\p{L}*|frustrad\p{L}*|alegr\p{L}*|ánimo)(?!\p{L})/iu,
  de: /(?<!\p{L})(fühlt\p{L}*|gefühl\p{L}*|emotion\p{L}*|glücklich\p{L}*|traurig\p{L}*|ängstlich\p{L}*|wütend\p{L}*|begeistert\p{L}*|frustriert\p{L}*|freude|stimmung)(?!\p{L})/iu,
  fr: /(?<!\p{L})(ressenti\p{L}*|sentai\p{L}*|senti\p{L}*|émotion\p{L}*|heureu\p{L}*|triste\p{L}*|anxieu\p{L}*|colère|enthousias\p{L}*|frustr\p{L}*|joie|humeur)(?!\p{L})/iu,
}

/** Why a model's rewording cannot be kept, or undefined when it only rewords. */
export const rewordingProblem = (text: string, facts: string, language: ContentLanguage, unnamed: readonly string[]): string | undefined => {
  if (text.trim().length < 10) return "the language model returned no summary"
  const known = new Set(facts.match(/\d+/g) ?? [])
  const invented = (text.match(/\d+/g) ?? []).find((n) => !known.has(n))
  if (invented !== undefined) return `the language model's wording added a number the recap does not hold (${invented})`
  if (FEELINGS[language].test(text) || (language !== "en" && FEELINGS.en.test(text))) return "the language model's wording spoke of feelings"
  const escape = (name: string) => name.trim().replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
  if (unnamed.some((name) => name.trim().length >= 2 && new RegExp(`(?<!\\p{L})${escape(name)}(?!\\p{L})`, "iu").test(text)))
    return "the language model's wording named a participant"
  return undefined
}

const LANGUAGE_NAMES: Readonly<Record<ContentLanguage, string>> = { en: "English", he: "Hebrew", es: "Spanish", de: "German", fr: "French" }

export const summaryMessages = (sentences: readonly string[], language: ContentLanguage): ChatMessage[] => [
  {
    role: "system",
    content: [
      `Reword these facts about a facilitated group session as one short paragraph in ${LANGUAGE_NAMES[language]} for the facilitator's notes.`,
      "Keep every number and card word exactly as given. Add no fact, number or name of your own.",
      "Describe only what happened: never say or guess how anyone felt. Answer with the paragraph only.",
      "",
      "Facts:",
      ...sentences.map((s) => `- ${s}`),
    ].join("\n"),
  },
  { role: "user", content: "The paragraph, please." },
]

export interface SummaryDraft {
  readonly facts: SummaryFacts
  readonly overview: string
  readonly markdown: string
  readonly generatedBy: "extractive" | "model"
  readonly model: string
  readonly fallback?: { readonly code: string; readonly message: string }
  readonly usage: Usage
}

export interface DraftSummaryRequest {
  readonly facts: SummaryFacts
  readonly language: ContentLanguage
  readonly model: LanguageModel
  /** Names the summary must not carry: attendees who did not consent (everyone in an anonymised room). Also stripped from an outside model's prompt. */
  readonly unnamed: readonly string[]
  readonly signal?: AbortSignal
}

const NO_USAGE: Usage = { promptTokens: 0, completionTokens: 0 }

export const draftSummary = async (request: DraftSummaryRequest): Promise<SummaryDraft> => {
  const { facts, language, model } = request
  const sentences = overviewSentences(facts, language)
  const built = (overview: string, generatedBy: "extractive" | "model", name: string, usage: Usage, fallback?: SummaryDraft["fallback"]) => ({
    facts,
    overview,
    markdown: summaryMarkdown(facts, overview, language),
    generatedBy,
    model: name,
    ...(fallback ? { fallback } : {}),
    usage,
  })
  const templates = sentences.join(" ")
  if (isExtractive(model)) return built(templates, "extractive", "extractive", NO_USAGE)
  let messages = summaryMessages(sentences, language)
  if (model.outside) {
    const redact = makeRedactor(request.unnamed)
    messages = messages.map((m) => ({ ...m, content: redact(m.content) }))
  }
  let text = ""
  let usage = NO_USAGE
  try {
    for await (const chunk of model.chat({
      messages,
      sources: [],
      language,
      maxTokens: 300,
      timeoutMs: 30_000,
      ...(request.signal ? { signal: request.signal } : {}),
    })) {
      if (chunk.type === "delta") text += chunk.text
      else usage = { promptTokens: chunk.promptTokens, completionTokens: chunk.completionTokens }
    }
  } catch (error) {
    if (!isLlmError(error)) throw error
    return built(templates, "extractive", "extractive", NO_USAGE, { code: error.code, message: error.message })
  }
  const overview = text.replace(/\s+/g, " ").trim()
  const problem = rewordingProblem(overview, templates, language, request.unnamed)
  if (problem) return built(templates, "extractive", "extractive", usage, { code: "rejected", message: problem })
  return built(overview, "model", model.model, usage)
}
