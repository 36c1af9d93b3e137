/**
 * Every actor kind the engine can host, by the `kind` part of its address.
 * The runtime and the gateway look kinds up here; nothing else in actors/
 * knows about them.
 */
import type { ActorKind } from "../engine/actor-kind.ts"
import { libraryKind } from "./cards/index.ts"
import { canvasKind } from "./canvas/index.ts"
import { coachKind } from "./coach/index.ts"
import { journalKind } from "./journal/index.ts"
import { journeyKind } from "./journey/index.ts"
import { organizationKind } from "./organization/index.ts"
import { sessionKind } from "./session/index.ts"

// The registry holds kinds of different state, command and event types; callers only pass through what a kind decodes.
export type AnyActorKind = ActorKind<any, any, any>

export const actorKinds: Readonly<Record<string, AnyActorKind>> = Object.freeze({
  [sessionKind.kind]: sessionKind,
  [canvasKind.kind]: canvasKind,
  [journalKind.kind]: journalKind,
  [organizationKind.kind]: organizationKind,
  [libraryKind.kind]: libraryKind,
  [journeyKind.kind]: journeyKind,
  [coachKind.kind]: coachKind,
})

/** The kind registered under `kind`, or undefined (an address naming it is `not_found`). */
export const actorKindFor = (kind: string): AnyActorKind | undefined => (Object.hasOwn(actorKinds, kind) ? actorKinds[kind] : undefined)

export { canvasKind, coachKind, journalKind, journeyKind, libraryKind, organizationKind, sessionKind }
