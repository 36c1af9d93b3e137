/**
 * The facilitator copilot's reflection questions: a few open questions the
 * facilitator can ask the room now, each built on cards and citing them.
 *
 * Sources, best first: cards the group picked (revealed) in this phase, cards
 * dealt face up in it, then earlier picks and deals, then library cards
 * retrieved for the phase's themes (ml/retrieval, the tier's cards only).
 * The extractive default puts one of its own frames before each card's own
 * question and invents nothing; a configured language model drafts from the
 * same numbered sources, and only lines citing one of them are kept. When the
 * model fails or cites nothing, the extractive questions come instead, with
 * a note that says so.
 */
import type { ContentLanguage } from "../../actors/content-language.ts"
import { PHASE_THEMES } from "../recommend/baselines.ts"
import type { Phase } from "../recommend/interactions.ts"
import { isLlmError, type ChatMessage, type LanguageModel, type Usage } from "../llm/port.ts"
import { copilotWords } from "./copilot-words.ts"
import { makeRedactor } from "./redact.ts"

/** Questions per draft: a facilitator reads them at a glance while the room waits. */
export const QUESTIONS_PER_DRAFT = 4
/** At most this many of the sources are the session's own cards, so the phase's themes always get a say. */
const SESSION_SOURCES = 3
const TIMEOUT_MS = 30_000

export type SourceWhy = "picked" | "dealt" | "phase"

/** A card of the session: dealt face up, or picked and revealed (`count` picks). */
export interface SessionCardRef {
  readonly deckId: string
  readonly cardId: string
  readonly why: "picked" | "dealt"
  readonly count: number
  /** Dealt or picked since the current phase began. */
  readonly thisPhase: boolean
}

/** A card's texts as the facilitator reads them (built-in cards in their language). */
export interface CardTexts {
  readonly deckId: string
  readonly cardId: string
  readonly word: string
  readonly question: string
  readonly themes: readonly string[]
  readonly language?: string
}

export interface QuestionSource extends CardTexts {
  readonly number: number
  readonly why: SourceWhy
  /** Revealed picks of the card in this session (0 for a card not picked). */
  readonly picks: number
}

export interface Citation {
  readonly number: number
  readonly deckId: string
  readonly cardId: string
  readonly word: string
}

export interface ReflectionQuestion {
  readonly text: string
  readonly citations: readonly Citation[]
}

export interface QuestionsDraft {
  readonly questions: readonly ReflectionQuestion[]
  readonly sources: readonly QuestionSource[]
  /** `extractive` when composed from the cards' own questions; `model` when a language model drafted them. */
  readonly generatedBy: "extractive" | "model"
  readonly model: string
  /** Why a configured model's draft was not used (its failure, or lines that cited nothing). */
  readonly fallback?: { readonly code: string; readonly message: string }
  readonly usage: Usage
}

const rank = (ref: SessionCardRef) => (ref.thisPhase ? 0 : 2) + (ref.why === "picked" ? 0 : 1)

/** The numbered sources: the session's cards first (picked before dealt, this phase before earlier), then retrieved phase cards. */
export const chooseSources = (
  session: readonly SessionCardRef[],
  retrieved: readonly CardTexts[],
  textsOf: (deckId: string, cardId: string) => CardTexts | undefined,
  limit = QUESTIONS_PER_DRAFT,
): QuestionSource[] => {
  const best = new Map<string, SessionCardRef>()
  for (const ref of session) {
    const key = `${ref.deckId}/${ref.cardId}`
    const seen = best.get(key)
    if (!seen || rank(ref) < rank(seen) || (rank(ref) === rank(seen) && ref.count > seen.count)) best.set(key, ref)
  }
  const picks = new Map<string, number>()
  for (const ref of session)
    if (ref.why === "picked") picks.set(`${ref.deckId}/${ref.cardId}`, (picks.get(`${ref.deckId}/${ref.cardId}`) ?? 0) + ref.count)
  const ordered = [...best.values()].sort((a, b) => rank(a) - rank(b) || b.count - a.count)
  const chosen: Omit<QuestionSource, "number">[] = []
  for (const ref of ordered) {
    if (chosen.length >= Math.min(SESSION_SOURCES, limit)) break
    const texts = textsOf(ref.deckId, ref.cardId)
    if (texts && texts.question.trim() !== "") chosen.push({ ...texts, why: ref.why, picks: picks.get(`${ref.deckId}/${ref.cardId}`) ?? 0 })
  }
  for (const card of retrieved) {
    if (chosen.length >= limit) break
    if (card.question.trim() === "" || chosen.some((c) => c.deckId === card.deckId && c.cardId === card.cardId)) continue
    chosen.push({ ...card, why: "phase", picks: 0 })
  }
  return chosen.map((source, i) => ({ ...source, number: i + 1 }))
}

/** What retrieval is asked for: the phase's themes, then the themes of the session's cards. */
export const phaseQuery = (phase: Phase | null, sessionThemes: readonly string[]): string =>
  [...new Set([...(phase ? PHASE_THEMES[phase] : ["beginnings", "presence", "connection"]), ...sessionThemes])].slice(0, 12).join(" ")

const citationOf = (source: QuestionSource): Citation => ({ number: source.number, deckId: source.deckId, cardId: source.cardId, word: source.word })

/** The extractive questions: one per source, our frame and then the card's own question, nothing else. */
export const composeQuestions = (sources: readonly QuestionSource[], phase: Phase | null, language: ContentLanguage): ReflectionQuestion[] => {
  const words = copilotWords(language)
  return sources.slice(0, QUESTIONS_PER_DRAFT).map((source) => {
    const frame =
      source.why === "picked"
        ? words.picked(source.word, source.picks)
        : source.why === "dealt"
          ? words.dealt(source.word)
          : words.move[phase ?? "lobby"]
    return { text: `${frame} ${source.question.trim()}`, citations: [citationOf(source)] }
  })
}

const LANGUAGE_NAMES: Readonly<Record<ContentLanguage, string>> = { en: "English", he: "Hebrew", es: "Spanish", de: "German", fr: "French" }

const whyLine = (source: QuestionSource): string =>
  source.why === "picked"
    ? `picked by ${source.picks} in this session`
    : source.why === "dealt"
      ? "dealt face up in this session"
      : "suits this phase"

/** The prompt a language model drafts from: the numbered cards and nothing about any person. */
export const questionMessages = (sources: readonly QuestionSource[], phase: Phase | null, language: ContentLanguage): ChatMessage[] => {
  const system = [
    "You help a facilitator run a live group session with photo cards. A journey has four phases: Pause, Expand, Focus, Doing.",
    phase
      ? `The group is in the ${phase} phase now (its themes: ${PHASE_THEMES[phase].join(", ")}).`
      : "The session has not started its first phase.",
    `Write ${Math.min(QUESTIONS_PER_DRAFT, sources.length)} short, open reflection questions the facilitator can ask the whole room now, in ${LANGUAGE_NAMES[language]}.`,
    "Build each question only on the numbered cards below, and end it with the numbers of the cards it builds on, like [1] or [2][3].",
    "One question per line, no numbering, no other text. Address the room, never a person; do not guess how anyone feels; give no advice and no diagnosis.",
    "",
    "Cards:",
    ...sources.map(
      (s) => `[${s.number}] card “${s.word}” (${whyLine(s)}; themes: ${s.themes.join(", ") || "none"}): ${s.question.replace(/\s+/g, " ").trim()}`,
    ),
  ].join("\n")
  return [
    { role: "system", content: system },
    { role: "user", content: "Reflection questions for the room, now." },
  ]
}

/** A model's lines as questions: each must cite a source; the citation marks leave the text. */
export const parseQuestions = (text: string, sources: readonly QuestionSource[]): ReflectionQuestion[] => {
  const questions: ReflectionQuestion[] = []
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\s*(?:[-*•]|\d{1,2}[.)])\s*/, "").trim()
    const citations: Citation[] = []
    for (const match of line.matchAll(/\[(\d{1,2})\]/g)) {
      const source = sources.find((s) => s.number === Number(match[1]))
      if (source && !citations.some((c) => c.number === source.number)) citations.push(citationOf(source))
    }
    const clean = line
      .replace(/\s*\[\d{1,2}\]/g, "")
      .replace(/\s+/g, " ")
      .trim()
    if (citations.length > 0 && clean.length >= 8) questions.push({ text: clean.slice(0, 400), citations })
    if (questions.length >= QUESTIONS_PER_DRAFT) break
  }
  return questions
}

export interface DraftQuestionsRequest {
  readonly sources: readonly QuestionSource[]
  readonly phase: Phase | null
  readonly language: ContentLanguage
  readonly model: LanguageModel
  /** Names stripped from the prompt before an outside model sees it. */
  readonly people?: readonly string[]
  readonly signal?: AbortSignal
}

const NO_USAGE: Usage = { promptTokens: 0, completionTokens: 0 }

/** Whether `model` is the local extractive default (it composes coach answers; the copilot composes its own questions). */
export const isExtractive = (model: LanguageModel): boolean => model.model === "extractive"

export const draftQuestions = async (request: DraftQuestionsRequest): Promise<QuestionsDraft> => {
  const { sources, phase, language, model } = request
  const extractive = (fallback?: QuestionsDraft["fallback"]): QuestionsDraft => ({
    questions: composeQuestions(sources, phase, language),
    sources,
    generatedBy: "extractive",
    model: "extractive",
    ...(fallback ? { fallback } : {}),
    usage: NO_USAGE,
  })
  if (sources.length === 0 || isExtractive(model)) return extractive()
  let messages = questionMessages(sources, phase, language)
  if (model.outside) {
    const redact = makeRedactor(request.people ?? [])
    messages = messages.map((m) => ({ ...m, content: redact(m.content) }))
  }
  let text = ""
  let usage = NO_USAGE
  try {
    for await (const chunk of model.chat({
      messages,
      sources: sources.map((s) => ({ number: s.number, kind: "card", label: s.word, text: s.question })),
      language,
      maxTokens: 400,
      timeoutMs: TIMEOUT_MS,
      ...(request.signal ? { signal: request.signal } : {}),
    })) {
      if (chunk.type === "delta") text += chunk.text
      else usage = { promptTokens: chunk.promptTokens, completionTokens: chunk.completionTokens }
    }
  } catch (error) {
    if (!isLlmError(error)) throw error
    return extractive({ code: error.code, message: error.message })
  }
  const questions = parseQuestions(text, sources)
  if (questions.length === 0) return { ...extractive({ code: "uncited", message: "the language model's draft cited none of the cards" }), usage }
  return { questions, sources, generatedBy: "model", model: model.model, usage }
}
