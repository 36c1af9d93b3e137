/**
 * A seeded simulation of tenants running sessions, drawing on canvases,
 * writing journals, keeping card libraries and planning journeys, driven through the real deciders, so the log it builds
 * holds exactly what the actors would have logged. Same seed, same commits:
 * a child process can rebuild the parent's log from the seed alone.
 */
import type { Role, User } from "../../engine/actor-kind.ts"
import { addressKey, makeAddress } from "../../engine/address.ts"
import type { Commit } from "../../engine/eventlog/port.ts"
import { makeMemoryStore, openMemoryLog, type MemoryStore } from "../../engine/eventlog/testing/memory-log.ts"
import type { EventLog } from "../../engine/eventlog/port.ts"
import { canvasKind, type CanvasState } from "../../actors/canvas/index.ts"
import { journalKind, type JournalState } from "../../actors/journal/index.ts"
import { sessionKind, type SessionState } from "../../actors/session/index.ts"
import { makeDriver } from "./driver.ts"
import { journeyStep } from "./simulate-journeys.ts"
import { makeRandom, type Random } from "../../engine/testing/random.ts"
import { createOrganization, libraryStep } from "./simulate-library.ts"

export interface SimulationOptions {
  readonly seed: number
  readonly tenants?: readonly string[]
  readonly usersPerTenant?: number
  /** Stop after at least this many events. */
  readonly events: number
  readonly startAt?: number
  /** Clock advance per command; the default spreads a few thousand events over several days. */
  readonly stepMs?: number
}

const WORDS = [
  "calm",
  "river",
  "courage",
  "morning",
  "bridge",
  "listen",
  "open",
  "door",
  "growth",
  "trust",
  "light",
  "path",
  "storm",
  "garden",
  "focus",
  "breath",
]

export interface Simulation {
  readonly commits: Commit[]
  /** Final state of every actor, by address key, as its own decider folded it. */
  readonly states: ReadonlyMap<string, unknown>
  readonly users: ReadonlyMap<string, readonly User[]>
}

export const simulateCommits = (options: SimulationOptions): Commit[] => simulate(options).commits

export const simulate = (options: SimulationOptions): Simulation => {
  const random = makeRandom(options.seed)
  const tenants = options.tenants ?? ["acme", "globex"]
  const perTenant = options.usersPerTenant ?? 6
  const stepMs = options.stepMs ?? 90_000
  let now = options.startAt ?? Date.UTC(2025, 0, 6, 8, 0, 0)
  const driver = makeDriver(() => now)
  const send = driver.send
  const nextId = driver.nextId

  const users = (tenant: string): User[] =>
    Array.from(
      { length: perTenant },
      (_, i): User => ({
        id: `${tenant}-u${i}`,
        tenant,
        roles: (i === 0 ? ["facilitator", "admin"] : i === 1 ? ["facilitator"] : ["participant"]) as Role[],
      }),
    )
  const byTenant = new Map(tenants.map((tenant) => [tenant, users(tenant)]))
  const existing = (kind: string, tenant: string): Array<[string, { state: unknown }]> =>
    driver.keys(tenant, kind).map((key) => [key, { state: driver.state(makeAddress(tenant, kind, key.split(".")[2]!)) }])

  const sessionStep = (r: Random, tenant: string, people: User[]) => {
    const sessions = existing("session", tenant)
    if (sessions.length === 0 || r.chance(0.08)) {
      return send(sessionKind, makeAddress(tenant, "session", `s${nextId()}`), people[r.int(2)]!, {
        type: "create",
        title: `${r.pick(WORDS)} circle`,
      })
    }
    const [key, actor] = r.pick(sessions)
    const state = actor.state as SessionState
    const addr = makeAddress(tenant, "session", key.split(".")[2]!)
    const facilitator = people.find((u) => u.id === state.facilitators[0]) ?? people[0]!
    const someone = r.pick(people)
    const poll = state.polls.at(-1)
    const choice = r.int(16)
    if (choice < 5) return send(sessionKind, addr, someone, { type: "join", joinCode: state.joinCode, displayName: `${someone.id} name` })
    if (choice < 6) return send(sessionKind, addr, someone, { type: "leave" })
    if (choice < 8) return send(sessionKind, addr, facilitator, { type: "advancePhase" })
    if (choice < 9) return send(sessionKind, addr, facilitator, { type: r.pick(["lock", "unlock"]) })
    if (choice < 10) return send(sessionKind, addr, facilitator, { type: r.pick(["removeParticipant", "readmitParticipant"]), userId: someone.id })
    if (choice < 11) return send(sessionKind, addr, facilitator, { type: "appointCoFacilitator", userId: someone.id, powers: ["polls", "hands"] })
    if (choice < 12) return send(sessionKind, addr, someone, { type: "raiseHand" })
    if (choice < 15) {
      if (!poll || poll.status === "closed" || r.chance(0.2)) {
        return send(sessionKind, addr, facilitator, {
          type: "openPoll",
          question: `${r.pick(WORDS)}?`,
          options: ["yes", "no", "later"],
          mode: "single",
          dots: 1,
          anonymous: r.chance(0.5),
          resultsWhen: r.pick(["live", "closed"]),
        })
      }
      if (r.chance(0.8)) return send(sessionKind, addr, someone, { type: "vote", pollId: poll.pollId, choices: [r.int(3)] })
      return send(sessionKind, addr, facilitator, { type: "closePoll", pollId: poll.pollId })
    }
    return send(sessionKind, addr, facilitator, { type: "end" })
  }

  const canvasStep = (r: Random, tenant: string, people: User[]) => {
    const canvases = existing("canvas", tenant)
    if (canvases.length === 0 || r.chance(0.06)) {
      return send(canvasKind, makeAddress(tenant, "canvas", `c${nextId()}`), r.pick(people), {
        type: "create",
        title: `${r.pick(WORDS)} board`,
        privacy: r.pick(["private", "shared"]),
      })
    }
    const [key, actor] = r.pick(canvases)
    const state = actor.state as CanvasState
    const addr = makeAddress(tenant, "canvas", key.split(".")[2]!)
    const owner = people.find((u) => u.id === state.ownerId)!
    const element = state.elements.length > 0 ? r.pick(state.elements) : undefined
    const choice = r.int(17)
    if (choice === 12 && element) return send(canvasKind, addr, owner, { type: "addComment", elementId: element.id, text: `${r.pick(WORDS)} indeed` })
    if (choice === 13 && state.elements.length >= 2)
      return send(canvasKind, addr, owner, { type: "groupElements", elementIds: state.elements.slice(-2).map((e) => e.id) })
    if (choice === 14)
      return send(
        canvasKind,
        addr,
        owner,
        r.chance(0.5) ? { type: "saveVersion", label: "checkpoint" } : { type: "applyTemplate", templateId: "values-map" },
      )
    if (choice === 15 && state.versions.length > 0)
      return send(canvasKind, addr, owner, { type: "restoreVersion", versionId: r.pick(state.versions).id })
    if (choice === 16)
      return send(canvasKind, addr, r.pick(people.filter((u) => u.roles.includes("facilitator"))), { type: r.pick(["lockCanvas", "unlockCanvas"]) })
    if (choice < 5 || choice >= 12 || !element) {
      const input = r.chance(0.5)
        ? { kind: "card", cardId: `card-${r.int(40)}`, x: r.int(800), y: r.int(600), w: 120, h: 180 }
        : { kind: "sticky", text: `${r.pick(WORDS)} ${r.pick(WORDS)}`, colour: "#ffee88", x: r.int(800), y: r.int(600), w: 100, h: 100 }
      return send(canvasKind, addr, owner, { type: "addElement", element: input })
    }
    if (choice < 8) return send(canvasKind, addr, owner, { type: "moveElement", elementId: element.id, x: r.int(800), y: r.int(600) })
    if (choice < 9) return send(canvasKind, addr, owner, { type: "removeElement", elementId: element.id })
    if (choice < 10) return send(canvasKind, addr, owner, { type: "setPrivacy", privacy: r.pick(["private", "shared"]) })
    if (choice < 11)
      return send(canvasKind, addr, owner, { type: "shareWith", userId: r.pick(people).id, access: r.pick(["view", "comment", "edit"]) })
    return send(canvasKind, addr, owner, { type: "revokeAccess", userId: r.pick(people).id })
  }

  const journalStep = (r: Random, tenant: string, people: User[]) => {
    const user = r.pick(people)
    const addr = makeAddress(tenant, "journal", user.id)
    const state = driver.state<JournalState>(addr)
    if (!state?.exists) return send(journalKind, addr, user, { type: "create" })
    const entry = state.entries.length > 0 ? r.pick(state.entries) : undefined
    const choice = r.int(10)
    if (choice < 6 || !entry) {
      const body = Array.from({ length: 4 + r.int(12) }, () => r.pick(WORDS)).join(" ")
      return send(journalKind, addr, user, { type: "writeEntry", title: `${r.pick(WORDS)} note`, body, tags: [r.pick(WORDS)], mood: 1 + r.int(5) })
    }
    if (choice < 8)
      return send(journalKind, addr, user, {
        type: "editEntry",
        entryId: entry.id,
        changes: { body: `${entry.body} ${r.pick(WORDS)}`, ...(r.chance(0.3) ? { tags: [r.pick(WORDS), r.pick(WORDS)] } : {}) },
      })
    if (choice < 9) {
      const coach = r.pick(people.filter((u) => u.id !== user.id))
      return send(journalKind, addr, user, {
        type: entry.coaches.includes(coach.id) ? "withdrawConsent" : "grantConsent",
        entryId: entry.id,
        coachId: coach.id,
      })
    }
    return send(journalKind, addr, user, { type: "deleteEntry", entryId: entry.id })
  }

  // Every tenant but the last has an organization: the last one's library first appears through its own events.
  for (const tenant of tenants.slice(0, -1)) createOrganization(driver, tenant, byTenant.get(tenant)![0]!)
  while (driver.events() < options.events) {
    const tenant = random.pick(tenants)
    const people = byTenant.get(tenant)!
    const which = random.int(13)
    if (which < 3) sessionStep(random, tenant, people)
    else if (which < 8) canvasStep(random, tenant, people)
    else if (which < 10) journalStep(random, tenant, people)
    else if (which < 12) libraryStep(driver, random, tenant, people, WORDS)
    else journeyStep(driver, random, tenant, people, WORDS)
    now += stepMs
  }
  return { commits: driver.commits, states: driver.states(), users: byTenant }
}

/** A memory log holding `commits`, positions as given. */
export const memoryLogOf = (commits: readonly Commit[], store: MemoryStore = makeMemoryStore()): { log: EventLog; store: MemoryStore } => {
  for (const commit of commits) {
    store.commits.push(commit)
    const key = addressKey(commit.addr)
    store.streams.set(key, [...(store.streams.get(key) ?? []), commit])
  }
  return { log: openMemoryLog(store), store }
}
