/**
 * The finished sample session the demo organization starts with, so a
 * newcomer sees a session that ran through Pause, Expand, Focus and Doing,
 * its shared canvas, and journal entries written during it. Sent through
 * the actors' own commands with fixed op ids, so it is the same every time.
 */
import type { User } from "../../engine/actor-kind.ts"
import { makeAddress } from "../../engine/address.ts"
import type { ActorSystem } from "../../engine/runtime/api.ts"
import { sendCommand } from "../http/deps.ts"

export const SAMPLE_SESSION_ID = "s-demo-sample"
export const SAMPLE_CANVAS_ID = "c-demo-sample"
const JOIN_CODE = "PAUSE2"
const PROMPT = "What did your card show you about waiting?"

export const seedSampleSession = async (
  system: ActorSystem,
  tenant: string,
  facilitatorId: string,
  participantIds: readonly string[],
): Promise<void> => {
  const facilitator: User = { id: facilitatorId, tenant, roles: ["admin", "facilitator"] }
  const people: User[] = participantIds.map((id) => ({ id, tenant, roles: ["participant"] }))
  const send = (user: User, kind: string, id: string, opId: string, command: unknown) =>
    sendCommand(system, makeAddress(tenant, kind, id), user, `sample-${opId}`, command)

  await send(facilitator, "session", SAMPLE_SESSION_ID, "session", {
    type: "create",
    title: "Sample session: learning to pause",
    joinCode: JOIN_CODE,
  })
  for (const [i, person] of people.entries()) await send(person, "session", SAMPLE_SESSION_ID, `join-${i}`, { type: "join", joinCode: JOIN_CODE })
  for (const phase of ["pause", "expand", "focus", "doing"])
    await send(facilitator, "session", SAMPLE_SESSION_ID, `phase-${phase}`, { type: "advancePhase" })

  await send(facilitator, "canvas", SAMPLE_CANVAS_ID, "canvas", {
    type: "create",
    title: "Past, present, future",
    privacy: "shared",
    sessionId: SAMPLE_SESSION_ID,
    templateId: "past-present-future",
  })
  for (const [i, person] of people.entries())
    await send(facilitator, "canvas", SAMPLE_CANVAS_ID, `share-${i}`, { type: "shareWith", userId: person.id, access: "edit" })
  const notes = ["I used to rush everything", "Today I noticed my breath", "Small pauses before I answer"]
  for (const [i, person] of people.entries()) {
    await send(person, "canvas", SAMPLE_CANVAS_ID, `note-${i}`, {
      type: "addElement",
      element: {
        kind: "sticky",
        text: notes[i % notes.length],
        colour: ["#ffafcc", "#8ecae6", "#b7e4c7"][i % 3],
        x: 70 + i * 260,
        y: 320,
        w: 180,
        h: 140,
      },
      durationMs: 20_000,
    })
  }
  await send(facilitator, "canvas", SAMPLE_CANVAS_ID, "version", { type: "saveVersion", label: "end of the session" })
  await send(facilitator, "session", SAMPLE_SESSION_ID, "end", { type: "end" })

  const writer = people[0]
  if (!writer) return
  const journal = (opId: string, command: unknown) => send(writer, "journal", writer.id, opId, command)
  await journal("journal", { type: "create" })
  await journal("entry-1", {
    type: "writeEntry",
    entryId: "sample-1",
    title: "Waiting is not wasting",
    sessionId: SAMPLE_SESSION_ID,
    prompt: PROMPT,
    mood: 4,
    tags: ["pause", "breath"],
    doc: [
      { type: "heading", level: 2, text: "What the card showed me" },
      {
        type: "paragraph",
        text: "A bench by the water. I noticed how often I wait without being there.",
        marks: [{ type: "italic", start: 57, end: 68 }],
      },
      { type: "check", checked: false, text: "Take three breaths before each meeting" },
    ],
  })
  await journal("entry-2", {
    type: "writeEntry",
    entryId: "sample-2",
    title: "A quieter morning",
    body: "Tried the three breaths before the first call. It helped.",
    mood: 3,
    tags: ["practice"],
  })
  await journal("consent-1", { type: "grantConsent", entryId: "sample-1", coachId: facilitatorId })
}
