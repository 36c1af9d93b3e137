/**
 * The journey decider. Creating publishes version 1 (from a template's plan,
 * a given plan, or an empty one); each revision that changes something
 * publishes the next version. Versions are never edited or removed.
 */
import { reject, unknownCommand, unknownEvent, type CommandContext, type Decision, type EventEnvelope } from "../../engine/actor-kind.ts"
import type { Address } from "../../engine/address.ts"
import { sameTenant } from "../shared.ts"
import { EMPTY_PLAN, MAX_VERSIONS, type JourneyCommand, type JourneyEvent, type Plan } from "./protocol.ts"
import { mayEdit, mayPlan } from "./rules.ts"
import { JOURNEY_TEMPLATES, journeyTemplate } from "./templates.ts"

export interface JourneyVersion {
  readonly version: number
  readonly title: string
  readonly description: string
  readonly plan: Plan
  readonly note: string
  readonly publishedAt: number
  readonly publishedBy: string
}

export interface JourneyState {
  readonly tenant: string
  readonly id: string
  readonly status: "absent" | "active" | "archived"
  readonly ownerId: string | null
  readonly templateId: string | null
  readonly versions: readonly JourneyVersion[]
}

/** Structural equality of plain data, ignoring key order (plans come from JSON and from schemas). */
const samePlain = (a: unknown, b: unknown): boolean => {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return a === b
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const keys = Object.keys(a)
  return (
    keys.length === Object.keys(b).length && keys.every((key) => samePlain((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
  )
}

export const initialJourney = (addr: Address): JourneyState => ({
  tenant: addr.tenant,
  id: addr.id,
  status: "absent",
  ownerId: null,
  templateId: null,
  versions: [],
})

export const latestVersion = (state: JourneyState): JourneyVersion | undefined => state.versions.at(-1)

export const decideJourney = (state: JourneyState, command: JourneyCommand, ctx: CommandContext): Decision<JourneyEvent> => {
  if (!sameTenant(ctx.user, state.tenant)) return reject("not_found", `no journey ${state.id} in your tenant`)
  if (command.type === "create") {
    if (state.status !== "absent") return reject("conflict", `journey ${state.id} already exists`)
    if (!mayPlan(ctx.user)) return reject("forbidden", "only facilitators and admins plan journeys")
    const template = command.templateId === undefined ? undefined : journeyTemplate(command.templateId)
    if (command.templateId !== undefined && !template) {
      return reject("not_found", `no journey template ${command.templateId}; choose one of ${JOURNEY_TEMPLATES.map((t) => t.templateId).join(", ")}`)
    }
    return [
      { type: "created", ownerId: ctx.user.id, templateId: template?.templateId ?? null },
      {
        type: "versionPublished",
        version: 1,
        title: command.title,
        description: command.description ?? template?.description ?? "",
        plan: command.plan ?? template?.plan ?? EMPTY_PLAN,
        note: "",
      },
    ]
  }
  if (state.status === "absent") return reject("not_found", `journey ${state.id} does not exist`)
  if (!mayEdit(state.ownerId, ctx.user)) return reject("forbidden", "only the journey's owner and admins change it")
  switch (command.type) {
    case "revise": {
      if (state.status === "archived") return reject("conflict", "the journey is archived; restore it to revise it")
      const latest = latestVersion(state)!
      const next = { title: command.title ?? latest.title, description: command.description ?? latest.description, plan: command.plan ?? latest.plan }
      if (samePlain(next, { title: latest.title, description: latest.description, plan: latest.plan })) return []
      if (state.versions.length >= MAX_VERSIONS)
        return reject("conflict", `a journey keeps at most ${MAX_VERSIONS} versions; start a new journey from this one`)
      return [{ type: "versionPublished", version: latest.version + 1, ...next, note: command.note ?? "" }]
    }
    case "archive":
      return state.status === "archived" ? [] : [{ type: "archived" }]
    case "restore":
      return state.status === "active" ? [] : [{ type: "restored" }]
    default:
      return unknownCommand(command, "journey")
  }
}

export const evolveJourney = (state: JourneyState, event: JourneyEvent, envelope: EventEnvelope): JourneyState => {
  switch (event.type) {
    case "created":
      return { ...state, status: "active", ownerId: event.ownerId, templateId: event.templateId }
    case "versionPublished": {
      const { type: _type, ...version } = event
      return { ...state, versions: [...state.versions, { ...version, publishedAt: envelope.at, publishedBy: envelope.by }] }
    }
    case "archived":
      return { ...state, status: "archived" }
    case "restored":
      return { ...state, status: "active" }
    default:
      return unknownEvent(event, state)
  }
}
