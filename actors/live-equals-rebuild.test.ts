/**
 * The engine's central promise, as a seeded property over every actor kind:
 * random command sequences applied live (with restarts and snapshots at
 * random points) leave exactly the state a rebuild from the log produces.
 * The seed is printed; set STUDIO_TEST_SEED to replay.
 */
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Schema } from "effect"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { ActorKind, User } from "../engine/actor-kind.ts"
import { makeAddress, type Address } from "../engine/address.ts"
import { openEmbeddedLog } from "../engine/eventlog/embedded/embedded-log.ts"
import type { EventLog } from "../engine/eventlog/port.ts"
import { makeActorSystem, type LocalActorSystem } from "../engine/runtime/runtime.ts"
import { decodeSnapshot, encodeSnapshot } from "../engine/runtime/snapshot-codec.ts"
import { testSeed } from "../engine/testing/random.ts"
import * as canvas from "./canvas/testing/arbitrary.ts"
import { actorKinds } from "./index.ts"
import * as journal from "./journal/testing/arbitrary.ts"
import * as session from "./session/testing/arbitrary.ts"

interface Exploration {
  readonly recipe: fc.Arbitrary<unknown>
  readonly build: (recipe: never, state: never) => { command: unknown; user: User }
  /** The actor id the generators expect (a journal's id is its owner). */
  readonly actorId: string
  /** Sent first, so the random steps work on an actor that exists instead of being refused. */
  readonly create: { command: unknown; user: User }
}

const explorations: Record<string, Exploration> = {
  session: {
    recipe: session.recipe,
    build: session.build,
    actorId: "s",
    create: { command: { type: "create", title: "Live" }, user: session.users[0]! },
  },
  canvas: {
    recipe: canvas.recipe,
    build: canvas.build,
    actorId: "c",
    create: { command: { type: "create", title: "Board", privacy: "shared" }, user: canvas.users[0]! },
  },
  journal: { recipe: journal.recipe, build: journal.build, actorId: "user-1", create: { command: { type: "create" }, user: journal.users[0]! } },
}

const seed = testSeed("live equals rebuild")

const RUNS = 15
const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)

/**
 * States compared as the log, snapshots and the wire carry them: MessagePack
 * has no -0, so a live `-0` and a rebuilt `0` are the same stored value.
 */
const asStored = (state: unknown) => decodeSnapshot(encodeSnapshot({ version: 1, state, recent: [] }))?.state

/** A pure fold of the stored events: what any rebuild of the actor must reach. */
const foldLog = async (log: EventLog, kind: ActorKind<any, any, any>, addr: Address) => {
  const decode = Schema.decodeUnknownSync(kind.eventSchema)
  let state = kind.initialState(addr)
  let seq = 0
  for (const commit of await run(log.readStream(addr, 0))) {
    commit.events.forEach((raw, i) => {
      seq = commit.firstSeq + i
      state = kind.evolve(state, decode(raw), { seq, by: commit.by, at: commit.at })
    })
  }
  return { seq, state }
}

let dir: string
let log: EventLog
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "studio-rebuild-"))
  log = await openEmbeddedLog({ dir })
})
afterAll(async () => {
  await run(log.close())
  await rm(dir, { recursive: true, force: true })
})

describe("live state equals a rebuild from the log", () => {
  for (const [kindName, exploration] of Object.entries(explorations)) {
    it(`holds for ${kindName} through random restarts and snapshots`, async () => {
      const kind = actorKinds[kindName]!
      let runNumber = 0
      let eventsSeen = 0
      const step = fc.record({ recipe: exploration.recipe, restart: fc.nat({ max: 15 }) })
      await fc.assert(
        fc.asyncProperty(
          fc.array(step, { minLength: 10, maxLength: 40, size: "max" }),
          fc.integer({ min: 1, max: 6 }),
          async (steps, snapshotEvery) => {
            // Each run gets its own actor, except journals, whose id is their owner's: their runs continue one journal.
            runNumber++
            const actorAddr = makeAddress("tenant-1", kindName, kindName === "journal" ? exploration.actorId : `${exploration.actorId}${runNumber}`)
            const start = () => makeActorSystem({ log, kinds: actorKinds, snapshotEvery, logger: { info: () => {}, error: () => {} } })
            let system: LocalActorSystem = start()
            let commandNumber = 0
            await Effect.runPromiseExit(system.send(actorAddr, exploration.create.user, `create-${runNumber}`, exploration.create.command))
            for (const { recipe, restart } of steps) {
              if (restart === 0) {
                await run(system.shutdown())
                system = start()
              }
              const { state } = await run(system.inspect(actorAddr))
              const { command, user } = exploration.build(recipe as never, state as never)
              await Effect.runPromiseExit(system.send(actorAddr, user, `op-${runNumber}-${commandNumber++}`, command))
            }
            const live = await run(system.inspect(actorAddr))
            await run(system.shutdown())
            const rebuilt = await foldLog(log, kind, actorAddr)
            eventsSeen += live.seq
            expect(live.seq).toBe(rebuilt.seq)
            expect(asStored(live.state)).toEqual(asStored(rebuilt.state))
            // A fresh node starting from the latest snapshot plus the tail agrees too.
            const fresh = start()
            const restarted = await run(fresh.inspect(actorAddr))
            expect(restarted.seq).toBe(live.seq)
            expect(asStored(restarted.state)).toEqual(asStored(live.state))
            await run(fresh.shutdown())
          },
        ),
        { seed, numRuns: RUNS },
      )
      // Guards the generators: a property over sequences that all get refused would prove nothing.
      // Each run's create gives one event; ask for as many again from the random steps.
      expect(eventsSeen).toBeGreaterThan(2 * RUNS)
    })
  }
})
