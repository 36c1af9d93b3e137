/**
 * The journey actor's wire protocol (`journey/<id>`): a reusable plan of a
 * session in the four phases. Every revision publishes a new numbered
 * version; a session is started from one version and keeps it, whatever
 * happens to the journey later.
 */
import { Schema } from "effect"
import { Id, NonEmptyText, Text } from "../shared.ts"
import { Plan } from "./activity.ts"

export * from "./activity.ts"

export const MAX_VERSIONS = 100
export const MAX_TITLE = 120
export const MAX_DESCRIPTION = 2_000
export const MAX_NOTE = 300

const Title = NonEmptyText(MAX_TITLE)
const Description = Text(MAX_DESCRIPTION)
const Note = Text(MAX_NOTE)

const command = <T extends string, F extends Schema.Struct.Fields>(type: T, fields: F) => Schema.Struct({ type: Schema.Literal(type), ...fields })

export const JourneyCommand = Schema.Union([
  command("create", {
    title: Title,
    description: Schema.optionalKey(Description),
    plan: Schema.optionalKey(Plan),
    templateId: Schema.optionalKey(Id),
  }),
  command("revise", {
    plan: Schema.optionalKey(Plan),
    title: Schema.optionalKey(Title),
    description: Schema.optionalKey(Description),
    note: Schema.optionalKey(Note),
  }),
  command("archive", {}),
  command("restore", {}),
])
export type JourneyCommand = typeof JourneyCommand.Type

export const JourneyEvent = Schema.Union([
  command("created", { ownerId: Id, templateId: Schema.NullOr(Id) }),
  command("versionPublished", {
    version: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)),
    title: Title,
    description: Description,
    plan: Plan,
    note: Note,
  }),
  command("archived", {}),
  command("restored", {}),
])
export type JourneyEvent = typeof JourneyEvent.Type
