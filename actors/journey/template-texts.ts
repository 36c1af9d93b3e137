/**
 * The shape of one language's journey templates, and the helpers its file
 * writes activities with (the helper's name says which texts it has).
 */
import type { Plan } from "./activity.ts"
import type { JourneyTemplateId } from "./templates.ts"

/** The texts of one activity, as many as the English activity has. */
export interface ActivityTexts {
  readonly title: string
  readonly prompt?: string
  readonly question?: string
  readonly options?: readonly string[]
  readonly names?: readonly string[]
}

export interface TemplateTranslation extends Readonly<Record<keyof Plan, readonly ActivityTexts[]>> {
  readonly title: string
  readonly description: string
}

export type JourneyTemplateTranslations = Readonly<Record<JourneyTemplateId, TemplateTranslation>>

export const titled = (title: string): ActivityTexts => ({ title })
export const prompted = (title: string, prompt: string): ActivityTexts => ({ title, prompt })
export const polled = (title: string, question: string, options: readonly string[]): ActivityTexts => ({ title, question, options })
export const roomed = (title: string, prompt: string, names: readonly string[] = []): ActivityTexts => ({
  title,
  prompt,
  ...(names.length > 0 ? { names } : {}),
})
