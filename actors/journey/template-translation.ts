/**
 * The journey templates in the reader's language. A translation mirrors its
 * template: title, description, and phase by phase, for each activity in
 * order, the texts a person reads (title; prompt; poll question and options;
 * breakout room names). Settings (minutes, counts, modes, canvas template
 * ids) are never translated. Keyed by template id, so a template missing
 * from a language is a type error; an activity or a text missing inside one
 * fails templates.translation.test.ts, and reads as English meanwhile.
 */
import type { ContentLanguage, TranslatedLanguage } from "../content-language.ts"
import type { Activity, Plan } from "./activity.ts"
import { polled, prompted, titled, type ActivityTexts, type JourneyTemplateTranslations } from "./template-texts.ts"
import { PHASES } from "./phases.ts"
import { JOURNEY_TEMPLATES, type JourneyTemplate } from "./templates.ts"
import { DE } from "./templates.de.ts"
import { ES } from "./templates.es.ts"
import { FR } from "./templates.fr.ts"
import { HE } from "./templates.he.ts"

export const TEMPLATE_TRANSLATIONS: Readonly<Record<TranslatedLanguage, JourneyTemplateTranslations>> = { he: HE, es: ES, de: DE, fr: FR }

/** The English activity's texts in the shape a translation gives them: what each translation must match. */
export const activityTexts = (activity: Activity): ActivityTexts => {
  switch (activity.kind) {
    case "poll":
      return polled(activity.title, activity.question, activity.options)
    case "breakout":
      return {
        title: activity.title,
        ...(activity.prompt === null ? {} : { prompt: activity.prompt }),
        ...(activity.names.length > 0 ? { names: activity.names } : {}),
      }
    case "cardDraw":
    case "canvas":
      return activity.prompt === null ? titled(activity.title) : prompted(activity.title, activity.prompt)
    case "reflection":
    case "journal":
      return prompted(activity.title, activity.prompt)
    case "timer":
      return titled(activity.title)
  }
}

/** Each text of the activity replaced by its translation, where the translation has one and the activity has that text. */
const translateActivity = (activity: Activity, texts: ActivityTexts | undefined): Activity => {
  if (!texts) return activity
  const title = texts.title || activity.title
  switch (activity.kind) {
    case "poll": {
      const options =
        texts.options?.length === activity.options.length ? activity.options.map((option, i) => texts.options![i] || option) : activity.options
      return { ...activity, title, question: texts.question || activity.question, options }
    }
    case "breakout": {
      const names = texts.names?.length === activity.names.length ? activity.names.map((name, i) => texts.names![i] || name) : activity.names
      return { ...activity, title, prompt: activity.prompt === null ? null : texts.prompt || activity.prompt, names }
    }
    case "cardDraw":
    case "canvas":
      return { ...activity, title, prompt: activity.prompt === null ? null : texts.prompt || activity.prompt }
    case "reflection":
    case "journal":
      return { ...activity, title, prompt: texts.prompt || activity.prompt }
    case "timer":
      return { ...activity, title }
  }
}

/** A template as a reader of `language` sees it (English when the language is English or a text is missing). */
export const translateTemplate = (template: JourneyTemplate, language: ContentLanguage): JourneyTemplate => {
  if (language === "en") return template
  const translation = TEMPLATE_TRANSLATIONS[language][template.templateId]
  const plan = Object.fromEntries(
    PHASES.map((phase) => [phase, template.plan[phase].map((activity, i) => translateActivity(activity, translation[phase][i]))]),
  ) as unknown as Plan
  return { ...template, title: translation.title || template.title, description: translation.description || template.description, plan }
}

/** Every template in `language`, in the English list's order. */
export const journeyTemplatesIn = (language: ContentLanguage): readonly JourneyTemplate[] =>
  JOURNEY_TEMPLATES.map((template) => translateTemplate(template, language))

/** One template in `language`, or undefined when there is no template by that id. */
export const journeyTemplateIn = (templateId: string, language: ContentLanguage): JourneyTemplate | undefined => {
  const template = JOURNEY_TEMPLATES.find((t) => t.templateId === templateId)
  return template && translateTemplate(template, language)
}
