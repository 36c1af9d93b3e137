/**
 * Seeded random journal commands built against the state reached so far, shared by
 * the decider's property test and the runtime's live-versus-rebuild test.
 */
import fc from "fast-check"
import type { User } from "../../../engine/actor-kind.ts"
import { testUser } from "../../../engine/testing/context.ts"
import type { JournalState } from "../decider.ts"

export const users: readonly User[] = [testUser("user-1"), testUser("fac-1", ["facilitator"]), testUser("user-1", [], "tenant-2")]
/** The gateway, which alone moves journals (a guest keeping its journal). */
const system = testUser("system", ["admin"])
const tag = fc.constantFrom("calm", "work", "family", "")
const text = fc.string({ maxLength: 30 })
const doc = fc.array(fc.record({ type: fc.constantFrom("paragraph", "heading", "bullet", "check"), text: fc.constantFrom("", "one", "two words") }), {
  maxLength: 3,
})

export const recipe = fc.record({
  action: fc.constantFrom(
    "create",
    "write",
    "write",
    "edit",
    "edit",
    "delete",
    "syncWrite",
    "syncEdit",
    "syncEdit",
    "syncDelete",
    "resolve",
    "dismiss",
    "grant",
    "grant",
    "withdraw",
    "import",
    "import",
    "move",
  ),
  user: fc.nat({ max: 5 }),
  pick: fc.nat({ max: 10 }),
  title: text,
  body: text,
  doc: fc.option(doc),
  tags: fc.option(fc.array(tag, { maxLength: 4 })),
  mood: fc.option(fc.integer({ min: 0, max: 6 })),
  sessionId: fc.option(fc.constantFrom("s-1", "s 2")),
  editTitle: fc.boolean(),
  device: fc.constantFrom("phone", "laptop"),
  /** How far off the device's next op number this step is: mostly on time, sometimes replayed or early. */
  skew: fc.constantFrom(0, 0, 0, 0, -1, 1),
  staleBase: fc.boolean(),
  coach: fc.constantFrom("coach-1", "coach-2", "user-1"),
})
export type Recipe = typeof recipe extends fc.Arbitrary<infer R> ? R : never

export const build = (r: Recipe, state: JournalState) => {
  const user = users[r.user < 3 ? 0 : r.user - 3]!
  const entry = state.entries[r.pick % (state.entries.length + 1)]
  const entryId = entry?.id ?? state.deletedIds[0] ?? `missing-${r.pick}`
  const optional = {
    ...(r.tags !== null ? { tags: r.tags } : {}),
    ...(r.mood !== null ? { mood: r.mood } : {}),
  }
  const sync = { device: r.device, op: Math.max(1, (state.devices?.[r.device] ?? 0) + 1 + r.skew) }
  const base = entry ? { title: r.staleBase ? "s1" : entry.fieldOps.title, body: r.staleBase ? "s1" : entry.fieldOps.body } : {}
  const text = r.doc !== null ? { doc: r.doc } : { body: r.body }
  const command = (() => {
    switch (!state.exists && r.pick % 4 !== 0 ? "create" : r.action) {
      case "create":
        return { type: "create" }
      case "write":
        return {
          type: "writeEntry",
          title: r.title,
          ...text,
          ...optional,
          ...(r.sessionId !== null ? { sessionId: r.sessionId, prompt: r.title } : {}),
        }
      case "syncWrite":
        return { type: "writeEntry", entryId: `${r.device}-${sync.op}`, title: r.title, ...text, ...optional, sync }
      case "edit":
        return { type: "editEntry", entryId, changes: { ...(r.editTitle ? { title: r.title } : {}), ...optional } }
      case "syncEdit":
        return { type: "editEntry", entryId, changes: { ...(r.editTitle ? { title: r.title } : text) }, addTags: r.tags ?? [], base, sync }
      case "syncDelete":
        return { type: "deleteEntry", entryId, sync }
      case "resolve":
        return {
          type: "resolveConflict",
          entryId,
          field: entry?.conflicts[0]?.field ?? "body",
          title: r.title,
          body: r.body,
          conflictIds: entry?.conflicts.map((c) => c.id) ?? [],
        }
      case "dismiss":
        return { type: "dismissOrphan", orphanId: state.orphans[0]?.id ?? "none" }
      case "grant":
        return { type: "grantConsent", entryId, coachId: r.coach }
      case "withdraw":
        return { type: "withdrawConsent", entryId, coachId: entry?.coaches[0] ?? r.coach }
      case "import":
        return {
          type: "importEntries",
          from: "guest-1",
          entries: [
            {
              entryId: r.pick % 3 === 0 ? entryId : `moved-${r.pick}`,
              title: r.title,
              body: r.body,
              tags: r.tags ?? [],
              mood: r.mood !== null && r.mood >= 1 && r.mood <= 5 ? r.mood : null,
              sessionId: r.sessionId,
              prompt: r.sessionId !== null ? r.title : null,
              createdAt: 1_700_000_000_000 + r.pick,
              updatedAt: 1_700_000_000_500 + r.pick,
              ...(r.staleBase ? { conflicts: [{ id: `phone.${r.pick + 1}`, field: "body", value: { body: r.body } }] } : {}),
            },
          ],
        }
      case "move":
        if (state.move) return { type: "finishMove", to: r.pick % 5 === 0 ? "elsewhere" : state.move.to }
        return r.pick === 0 && r.skew !== 0 ? { type: "startMove", to: "u-kept" } : { type: "writeEntry", title: r.title, body: r.body }
      default:
        return { type: "deleteEntry", entryId }
    }
  })()
  // Moves are the gateway's: mostly sent by it, sometimes by the owner (refused). A move closes the journal, so it comes rarely.
  const moving = command.type === "importEntries" || command.type === "startMove" || command.type === "finishMove"
  return { command, user: moving && r.user !== 5 ? system : user }
}

export const invariant = (state: JournalState) => {
  if (new Set(state.entries.map((entry) => entry.id)).size !== state.entries.length) throw new Error("duplicate entry ids")
  for (const entry of state.entries) {
    if (new Set(entry.tags).size !== entry.tags.length) throw new Error(`entry ${entry.id} repeats a tag`)
    if (new Set(entry.coaches).size !== entry.coaches.length) throw new Error(`entry ${entry.id} names a coach twice`)
    if (entry.coaches.includes(state.ownerId)) throw new Error(`entry ${entry.id} names its owner as coach`)
    if (state.deletedIds.includes(entry.id)) throw new Error(`entry ${entry.id} is both live and deleted`)
  }
}
