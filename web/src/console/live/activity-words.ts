/** An activity's kind in words, for the plan, the stage and the journey builder. */
import type { ActivityKind } from "../../../../actors/journey/activity.ts"
import { t, type MessageKey } from "../../i18n/i18n.ts"

const KINDS: Record<ActivityKind, MessageKey> = {
  cardDraw: "console.kind.cardDraw",
  reflection: "console.kind.reflection",
  canvas: "console.kind.canvas",
  poll: "console.kind.poll",
  timer: "console.kind.timer",
  journal: "console.kind.journal",
  breakout: "console.kind.breakout",
}

export const kindWord = (kind: ActivityKind): string => t(KINDS[kind])
