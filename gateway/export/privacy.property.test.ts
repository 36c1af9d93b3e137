/**
 * Privacy and consent as seeded properties through the real runtime (the
 * in-memory log) and the export endpoints: random sequences of share,
 * revoke, privacy changes, locks, comments, consent and withdrawal, with
 * members joined throughout, rejoining, and exporting. An independent model
 * of who may read what judges every delivered event, every snapshot and
 * every export. STUDIO_TEST_SEED replays a run.
 */
import { Effect, Exit } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { User } from "../../engine/actor-kind.ts"
import { makeAddress } from "../../engine/address.ts"
import type { PublishedEvent } from "../../engine/runtime/api.ts"
import { makeRandom, testSeed } from "../../engine/testing/random.ts"
import { startExportApi } from "./testing/export-api.ts"

const seed = testSeed("export privacy")
let api: Awaited<ReturnType<typeof startExportApi>>
beforeAll(async () => {
  api = await startExportApi()
})
afterAll(() => api.close())

type Level = "none" | "view" | "comment" | "edit" | "owner"
const rank: Record<Level, number> = { none: 0, view: 1, comment: 2, edit: 3, owner: 4 }

interface Watcher {
  readonly user: User
  joined: boolean
  /** Everything this member has been sent since the step began: events and snapshots, as JSON. */
  received: string[]
  leave?: () => void
}

const join = async (addr: ReturnType<typeof makeAddress>, watcher: Watcher, since?: number) => {
  const exit = await Effect.runPromiseExit(
    api.system.join({
      addr,
      user: watcher.user,
      ...(since !== undefined ? { since } : {}),
      onEvent: (event: PublishedEvent) => {
        const view = event.viewFor(watcher.user)
        if (view) watcher.received.push(JSON.stringify(view))
        if (!event.canRead(watcher.user)) watcher.joined = false // the gateway drops the member here
      },
    }),
  )
  if (Exit.isFailure(exit)) return false
  watcher.leave?.()
  watcher.leave = exit.value.leave
  watcher.joined = true
  watcher.received.push(JSON.stringify(exit.value.snapshot ?? exit.value.events))
  return true
}

const barrier = (addr: ReturnType<typeof makeAddress>) => Effect.runPromise(api.system.inspect(addr))
const sendQuietly = (user: User, kind: string, id: string, command: unknown) => api.send(user, kind, id, command).catch(() => undefined)

describe("privacy through the runtime and the exports", () => {
  it("no sequence of share, revoke, privacy, lock and comment lets a member read a canvas, element or comment they may not", async () => {
    const random = makeRandom(seed)
    for (let run = 0; run < 6; run++) {
      const id = `pc${run}`
      const addr = makeAddress("t1", "canvas", id)
      const owner = api.user("owner")
      const facilitator = api.user("fac", ["facilitator"])
      const members = ["m1", "m2", "m3"].map((m) => api.user(m))
      const grants = new Map<string, Level>()
      let shared = random.next() < 0.5
      let comment = 0
      let element = 0
      const elementIds: string[] = []
      await api.send(owner, "canvas", id, { type: "create", title: "Board", privacy: shared ? "shared" : "private" })
      const levelOf = (user: User): Level => {
        if (user.id === owner.id) return "owner"
        const granted = shared ? (grants.get(user.id) ?? "none") : "none"
        return user.roles.includes("facilitator") && rank[granted] < rank.view ? "view" : granted
      }
      const seesComments = (user: User) => rank[levelOf(user)] >= rank.comment || user.roles.includes("facilitator")
      const watchers: Watcher[] = [facilitator, ...members].map((user) => ({ user, joined: false, received: [] }))
      for (let step = 0; step < 40; step++) {
        const member = random.pick(members)
        const roll = random.int(10)
        if (roll < 2) {
          const access = random.pick(["view", "comment", "edit"] as const)
          await api.send(owner, "canvas", id, { type: "shareWith", userId: member.id, access })
          grants.set(member.id, access)
        } else if (roll < 3) {
          await api.send(random.pick([owner, facilitator]), "canvas", id, { type: "revokeAccess", userId: member.id })
          grants.delete(member.id)
        } else if (roll < 4) {
          shared = !shared
          await api.send(owner, "canvas", id, { type: "setPrivacy", privacy: shared ? "shared" : "private" })
        } else if (roll < 6 || elementIds.length === 0) {
          await sendQuietly(owner, "canvas", id, {
            type: "addElement",
            element: { kind: "sticky", text: `element-${++element}`, colour: "#ffd400", x: element, y: 0, w: 10, h: 10 },
          })
          const state = (await barrier(addr)).state as { elements: { id: string }[] }
          elementIds.splice(0, elementIds.length, ...state.elements.map((e) => e.id))
        } else if (roll < 8) {
          const author = random.pick([owner, ...members.filter((m) => rank[levelOf(m)] >= rank.comment)])
          await api.send(author, "canvas", id, { type: "addComment", elementId: random.pick(elementIds), text: `secret-comment-${++comment}` })
        } else if (roll < 9) {
          await api.send(facilitator, "canvas", id, { type: random.pick(["lockCanvas", "unlockCanvas"]) })
          await sendQuietly(facilitator, "canvas", id, { type: "lockElement", elementId: random.pick(elementIds) })
        } else {
          // Rejoin: sometimes from a recent seq (events), sometimes fresh (a snapshot).
          const watcher = random.pick(watchers)
          const seq = (await barrier(addr)).seq
          const allowed = await join(addr, watcher, random.next() < 0.5 ? Math.max(0, seq - 3) : undefined)
          expect(allowed, `join as ${watcher.user.id}`).toBe(levelOf(watcher.user) !== "none")
        }
        await barrier(addr)
        for (const watcher of watchers) {
          const text = watcher.received.join("\n")
          watcher.received = []
          if (text === "") continue
          expect(levelOf(watcher.user), `${watcher.user.id} received ${text.slice(0, 200)} without access`).not.toBe("none")
          if (!seesComments(watcher.user)) expect(text, `${watcher.user.id} may not read comments`).not.toMatch(/secret-comment-/)
          if (watcher.user.id !== facilitator.id)
            for (const other of members.filter((m) => m.id !== watcher.user.id)) expect(text).not.toContain(`"userId":"${other.id}"`)
        }
        // Exports judge by the same rules, at that moment.
        const exporter = random.pick([facilitator, ...members])
        const response = await api.request(`/api/canvases/${id}/export?format=json`, exporter)
        expect(response.status, `export as ${exporter.id}`).toBe(levelOf(exporter) === "none" ? 403 : 200)
        if (response.status === 200) {
          const body = await response.text()
          expect(/secret-comment-/.test(body) && !seesComments(exporter)).toBe(false)
        }
      }
      watchers.forEach((watcher) => watcher.leave?.())
    }
  })

  it("no sequence of write, edit, consent, withdrawal and delete lets a coach read an entry without consent, live, in a snapshot or in an export", async () => {
    const random = makeRandom(seed + 1)
    for (let run = 0; run < 6; run++) {
      const writer = api.user(`w${run}`)
      const addr = makeAddress("t1", "journal", writer.id)
      const coaches = ["c1", "c2"].map((c) => api.user(c, ["facilitator"]))
      const others = [api.user("fac", ["facilitator"]), api.user("admin", ["admin"])]
      const consent = new Map<string, Set<string>>()
      const live: string[] = []
      let version = 0
      await api.send(writer, "journal", writer.id, { type: "create" })
      const mayRead = (coach: User, entryId: string) => consent.get(entryId)?.has(coach.id) ?? false
      const anyShared = (coach: User) => live.some((entryId) => mayRead(coach, entryId))
      const watchers: Watcher[] = [...coaches, ...others].map((user) => ({ user, joined: false, received: [] }))
      for (let step = 0; step < 40; step++) {
        const coach = random.pick(coaches)
        const roll = random.int(10)
        if (roll < 2 || live.length === 0) {
          const entryId = `e${live.length + step}`
          await api.send(writer, "journal", writer.id, {
            type: "writeEntry",
            entryId,
            title: `${entryId}-title`,
            body: `${entryId}-v${++version}-secret`,
          })
          live.push(entryId)
        } else if (roll < 4) {
          const entryId = random.pick(live)
          await api.send(writer, "journal", writer.id, { type: "editEntry", entryId, changes: { body: `${entryId}-v${++version}-secret` } })
        } else if (roll < 6) {
          const entryId = random.pick(live)
          await api.send(writer, "journal", writer.id, { type: "grantConsent", entryId, coachId: coach.id })
          consent.set(entryId, (consent.get(entryId) ?? new Set()).add(coach.id))
        } else if (roll < 8) {
          const entryId = random.pick(live)
          await api.send(writer, "journal", writer.id, { type: "withdrawConsent", entryId, coachId: coach.id })
          consent.get(entryId)?.delete(coach.id)
        } else if (roll < 9) {
          const entryId = random.pick(live)
          await api.send(writer, "journal", writer.id, { type: "deleteEntry", entryId })
          live.splice(live.indexOf(entryId), 1)
          consent.delete(entryId)
        } else {
          const watcher = random.pick(watchers)
          const seq = (await barrier(addr)).seq
          const allowed = await join(addr, watcher, random.next() < 0.5 ? Math.max(0, seq - 3) : undefined)
          expect(allowed, `join as ${watcher.user.id}`).toBe(anyShared(watcher.user))
        }
        await barrier(addr)
        for (const watcher of watchers) {
          const text = watcher.received.join("\n")
          watcher.received = []
          for (const [, entryId] of text.matchAll(/(e\d+)-(?:v\d+-secret|title)/g)) {
            expect(mayRead(watcher.user, entryId!), `${watcher.user.id} received ${entryId} without consent`).toBe(true)
          }
        }
        const reader = random.pick([...coaches, ...others])
        const response = await api.request(`/api/journal/export?format=json&owner=${writer.id}`, reader)
        expect(response.status, `export as ${reader.id}`).toBe(anyShared(reader) ? 200 : 403)
        if (response.status === 200) {
          const { entries } = (await response.json()) as { entries: { id: string }[] }
          expect(entries.map((e) => e.id).sort()).toEqual(live.filter((entryId) => mayRead(reader, entryId)).sort())
        }
      }
      watchers.forEach((watcher) => watcher.leave?.())
    }
  })
})
