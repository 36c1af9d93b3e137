/**
 * Session privacy over the live socket: seeded random session commands sent
 * by real clients, every observer joined over WebSocket; every `ev` frame,
 * every join snapshot and a final catch-up are checked by the session's
 * privacy oracle against the state the server holds at that point. Each
 * observer also folds the frames it receives onto its join snapshot, as the
 * web client does, and must hold exactly its redacted view of the server's
 * state after every step (taking a fresh snapshot when its own view rules
 * change). Replay with STUDIO_TEST_SEED=<seed>.
 */
import { isDeepStrictEqual } from "node:util"
import { Effect } from "effect"
import fc from "fast-check"
import { afterAll, beforeAll, expect, it } from "vitest"
import { actorKinds } from "../../actors/index.ts"
import { build, recipe, users } from "../../actors/session/testing/arbitrary.ts"
import { freeDeck } from "../../actors/session/testing/fixtures.ts"
import { sessionKind, viewRulesChanged } from "../../actors/session/index.ts"
import { privacyLeaks } from "../../actors/session/testing/privacy-oracle.ts"
import { hasPower } from "../../actors/session/rules.ts"
import type { SessionState } from "../../actors/session/state.ts"
import type { User } from "../../engine/actor-kind.ts"
import { makeAddress } from "../../engine/address.ts"
import type { LiveClient } from "../testing/live-client.ts"
import { replayHint, testSeed } from "../../engine/testing/random.ts"
import { freshId, startTestServer, type TestServer } from "../testing/harness.ts"

const RUNS = 3
const STEPS = 60

let server: TestServer
beforeAll(async () => {
  server = await startTestServer({ kinds: actorKinds, live: { presenceIntervalMs: 0 } })
})
afterAll(() => server.dispose())

const tenantUsers = users.filter((u) => u.tenant === users[0]!.tenant)
const observers = tenantUsers.filter((u) => u.id !== "system")

it(`no socket receives another's unrevealed pick, a face-down card or an anonymous vote's author, and each folds its frames into its exact view (${RUNS} runs of ${STEPS} steps)`, async () => {
  const seed = testSeed("session privacy over the socket")
  const runs = fc.sample(fc.array(recipe, { minLength: STEPS, maxLength: STEPS }), { numRuns: RUNS, seed })
  const leaks: string[] = []
  let frames = 0
  let withheld = 0
  let redacted = 0
  /** Frames folded onto a client's view, per run: a run that folds none checks no client-side state. */
  const foldedPerRun: number[] = []
  const drifts: string[] = []
  for (const recipes of runs) {
    const id = freshId("priv")
    const wire = `session/${id}`
    const addr = makeAddress(users[0]!.tenant, "session", id)
    const clients = new Map<string, LiveClient>()
    const joined = new Set<string>()
    /** What each observer's client holds: its join snapshot with every frame since folded in. */
    const views = new Map<string, SessionState>()
    let folded = 0
    for (const user of tenantUsers) {
      const socket = await server.client({ id: user.id, tenant: user.tenant, roles: [...user.roles] })
      // A removed member is told `forbidden` for the address and dropped; they may join again once readmitted.
      socket.onFrame((frame) => {
        if (frame.t === "error" && frame.code === "forbidden" && frame.addr === wire) {
          joined.delete(user.id)
          views.delete(user.id)
        }
      })
      clients.set(user.id, socket)
    }
    const state = async () => (await Effect.runPromise(server.system.inspect(addr))).state as SessionState
    const check = (full: SessionState, user: User, view: unknown, by: string | undefined, where: string) => {
      frames++
      for (const leak of privacyLeaks(full, user, view, by)) leaks.push(`${where} to ${user.id}: ${leak}`)
    }

    // A fixed opening guarantees private events in every run: two members in, a spread drawn, one pick made.
    const opening: { user: User; command: object }[] = [
      { user: users[0]!, command: { type: "create", title: "Live", joinCode: "ABC234" } },
      { user: users[2]!, command: { type: "join", joinCode: "ABC234" } },
      { user: users[3]!, command: { type: "join", joinCode: "ABC234" } },
      { user: users.find((u) => u.id === "system")!, command: { type: "loadDecks", licence: { tier: "free", packs: [] }, decks: [freeDeck] } },
      { user: users[0]!, command: { type: "drawCards", deckId: "sample", count: 3, faceDown: true, picksPerPerson: 1 } },
    ]
    const draws = async () => (await state()).draws
    const steps = [
      ...opening.map((step) => async () => step),
      async () => ({ user: users[2]!, command: { type: "pickCard", drawId: (await draws())[0]?.drawId ?? "none", position: 1 } }),
      ...recipes.map((r) => async () => build(r, await state())),
    ]
    for (const [index, next] of steps.entries()) {
      const step = await next()
      const client = clients.get(step.user.id)
      if (!client) continue
      for (const other of clients.values()) other.clearFrames()
      if (step.user.id === "system") await Effect.runPromiseExit(server.system.send(addr, step.user, `sys-${index}`, step.command))
      else await client.cmd(wire, `op-${index}`, step.command as { type: string })
      // A ping answered after the ack means every frame of this step has reached that socket.
      await Promise.all([...clients.values()].map((c) => c.ping()))
      const full = await state()
      for (const user of observers) {
        const socket = clients.get(user.id)!
        let rulesChanged = false
        for (const frame of socket.events(wire)) {
          if (frame.ev.type === "withheld") withheld++
          const ev = frame.ev as { type: string; cardId?: unknown; choices?: unknown }
          if ((ev.type === "cardPicked" && ev.cardId === null) || (ev.type === "voteCast" && ev.choices === undefined)) redacted++
          check(full, user, frame.ev, frame.by, `ev #${frame.seq} ${frame.ev.type}`)
          const view = views.get(user.id)
          if (view === undefined) continue
          const next = sessionKind.evolve(view, frame.ev as never, { seq: frame.seq, by: frame.by, at: frame.at })
          rulesChanged ||= viewRulesChanged(view, next, user)
          views.set(user.id, next)
          folded++
        }
        // Gaining or losing the polls power shows a different past: the client takes a fresh snapshot.
        if (rulesChanged && joined.has(user.id)) {
          await socket.leave(wire)
          joined.delete(user.id)
        }
        if (!joined.has(user.id)) {
          const reply = await socket.join(wire)
          if (reply.t === "joined") {
            joined.add(user.id)
            views.set(user.id, reply.snapshot as SessionState)
            check(full, user, reply.snapshot, undefined, `join snapshot at #${reply.seq}`)
          }
        }
        const view = views.get(user.id)
        if (view !== undefined && !isDeepStrictEqual(view, sessionKind.redactState!(full, user))) {
          drifts.push(`${user.id} after step ${index}`)
          views.set(user.id, sessionKind.redactState!(full, user) as SessionState)
        }
      }
    }
    const full = await state()
    for (const user of observers) {
      const socket = clients.get(user.id)!
      if (joined.has(user.id)) await socket.leave(wire)
      const reply = await socket.join(wire, 0)
      if (reply.t !== "joined") continue
      let caughtUp = sessionKind.redactState!(sessionKind.initialState(addr), user) as SessionState
      for (const event of reply.events ?? []) {
        check(full, user, event.ev, event.by, `catch-up #${event.seq} ${event.ev.type}`)
        caughtUp = sessionKind.evolve(caughtUp, event.ev as never, { seq: event.seq, by: event.by, at: event.at })
      }
      // From nothing, the whole stream as seen now folds into the view now (for anyone who has not gained the polls power since).
      if (!hasPower(full, user.id, "polls") && !isDeepStrictEqual(caughtUp, sessionKind.redactState!(full, user)))
        drifts.push(`${user.id} catching up from 0`)
    }
    for (const socket of clients.values()) await socket.close()
    foldedPerRun.push(folded)
  }
  expect(leaks.slice(0, 5)).toEqual([])
  expect(drifts.slice(0, 5), replayHint(seed)).toEqual([])
  expect(frames).toBeGreaterThan(200)
  // The fixed opening alone has every joined observer fold the later joins, the decks, the draw and the pick.
  expect(Math.min(...foldedPerRun), replayHint(seed)).toBeGreaterThanOrEqual(8)
  // Private events were in play and arrived redacted, never as withheld markers a client cannot fold.
  expect(redacted).toBeGreaterThan(0)
  expect(withheld).toBe(0)
})
