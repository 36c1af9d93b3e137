/**
 * Insights in the facilitator's language: the server sends each insight's
 * kind, evidence and the names it may show; the sentence is built here from
 * the message catalogue (the server's own sentence is English).
 */
import type { Insight, InsightsView } from "../../../../ml/insights/present.ts"
import type { Retrospective } from "../../../../ml/insights/retrospective.ts"
import { PHASES } from "../../../../actors/journey/activity.ts"
import { formatNumber, t } from "../../i18n/i18n.ts"

export type { Insight, InsightsView, Retrospective }

export const insightText = (insight: Insight): string => {
  const e = insight.evidence
  const who = insight.names[0] ?? t("insights.aParticipant")
  switch (insight.kind) {
    case "silent":
      return t("insights.silent", { who, seconds: e["windowSeconds"] ?? 0, ops: e["roomOperations"] ?? 0 })
    case "dominant":
      return t("insights.dominant", { who, percent: e["sharePercent"] ?? 0 })
    case "sameTheme":
      return t("insights.sameTheme", { who, count: e["withTheme"] ?? 0, cards: e["cards"] ?? 0, theme: insight.theme ?? "" })
    case "stuck":
      return t("insights.stuck", { minutes: Math.max(1, Math.round((e["quietSeconds"] ?? 0) / 60)) })
    case "phaseDone":
      return t(e["voted"] !== undefined ? "insights.pollDone" : "insights.phaseDone")
    case "collaboration": {
      const line = t("insights.collaboration", { builders: e["builders"] ?? 0, participants: e["participants"] ?? 0, links: e["links"] ?? 0 })
      return insight.names.length === 2 ? `${line} ${t("insights.collaborationPair", { from: insight.names[0]!, to: insight.names[1]! })}` : line
    }
  }
}

/** Reads `GET .../insights/live` (Server-Sent Events) and hands each event to `onEvent` until the stream ends or `signal` aborts. */
export const readInsightStream = async (response: Response, onEvent: (event: string, data: unknown) => void): Promise<void> => {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
  let buffered = ""
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return
    buffered += value.replace(/\r\n/g, "\n")
    for (let end = buffered.indexOf("\n\n"); end >= 0; end = buffered.indexOf("\n\n")) {
      const block = buffered.slice(0, end)
      buffered = buffered.slice(end + 2)
      let event = "message"
      const data: string[] = []
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim()
        else if (line.startsWith("data:")) data.push(line.slice(5).trimStart())
      }
      if (data.length > 0) onEvent(event, JSON.parse(data.join("\n")))
    }
  }
}

/**
 * A step of the session as the insights engine names it (ml/insights/from-log.ts):
 * a phase ("Pause") or an activity within one ("activity 2"), in the
 * facilitator's language; anything else as it came.
 */
export const stepLabel = (label: string): string => {
  if ((PHASES as readonly string[]).includes(label)) return t(`phase.${label as (typeof PHASES)[number]}`)
  const activity = /^activity (\d+)$/.exec(label)
  return activity ? t("insights.activityStep", { number: formatNumber(Number(activity[1])) }) : label
}
