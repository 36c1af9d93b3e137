/**
 * Seeded random journal commands built against the state reached so far, shared by
 * the decider's property test and the runtime's live-versus-rebuild test.
 */
import fc from "fast-check"
import type { User } from "../../engine/actor-kind.ts"
import { testAddress, testUser } from "../../engine/testing/context.ts"
import type { JournalState } from "./decider.ts"
import { journalKind } from "./index.ts"

export const users: readonly User[] = [testUser("user-1"), testUser("fac-1", ["facilitator"]), testUser("user-1", [], "tenant-2")]
const tag = fc.constantFrom("calm", "work", "family", "")
const text = fc.string({ maxLength: 30 })

export const recipe = fc.record({
  action: fc.constantFrom("create", "write", "write", "edit", "edit", "delete"),
  user: fc.nat({ max: 5 }),
  pick: fc.nat({ max: 10 }),
  title: text,
  body: text,
  tags: fc.option(fc.array(tag, { maxLength: 4 })),
  mood: fc.option(fc.integer({ min: 0, max: 6 })),
  sessionId: fc.option(fc.constantFrom("s-1", "s 2")),
  editTitle: fc.boolean(),
})
export type Recipe = typeof recipe extends fc.Arbitrary<infer R> ? R : never

export const build = (r: Recipe, state: JournalState) => {
  const user = users[r.user < 3 ? 0 : r.user - 3]!
  const entryId = state.entries[r.pick]?.id ?? `missing-${r.pick}`
  const optional = {
    ...(r.tags !== null ? { tags: r.tags } : {}),
    ...(r.mood !== null ? { mood: r.mood } : {}),
  }
  const command = (() => {
    switch (r.action) {
      case "create":
        return { type: "create" }
      case "write":
        return { type: "writeEntry", title: r.title, body: r.body, ...optional, ...(r.sessionId !== null ? { sessionId: r.sessionId, prompt: r.title } : {}) }
      case "edit":
        return { type: "editEntry", entryId, changes: { ...(r.editTitle ? { title: r.title } : {}), ...optional } }
      default:
        return { type: "deleteEntry", entryId }
    }
  })()
  return { command, user }
}

export const invariant = (state: JournalState) => {
  if (new Set(state.entries.map((entry) => entry.id)).size !== state.entries.length) throw new Error("duplicate entry ids")
  for (const entry of state.entries) {
    if (new Set(entry.tags).size !== entry.tags.length) throw new Error(`entry ${entry.id} repeats a tag`)
  }
}
