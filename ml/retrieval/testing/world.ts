/**
 * Test support: a small world for retrieval tests, driven through the real
 * deciders (organizations, card libraries with tiers and packs, journals
 * with consents) and projected into an embedded read store by the real
 * cards and journal projections.
 */
import { Effect } from "effect"
import type { User } from "../../../engine/actor-kind.ts"
import { makeAddress } from "../../../engine/address.ts"
import { journalKind } from "../../../actors/journal/index.ts"
import type { OrgTier } from "../../../actors/cards/tiers.ts"
import { TIDES_PACK_ID } from "../../../actors/cards/sample-deck/index.ts"
import { makeCardsProjection } from "../../../projections/models/cards.ts"
import { journalProjection } from "../../../projections/models/journal.ts"
import { openPgliteStore } from "../../../projections/store/pglite-store.ts"
import type { ReadStore } from "../../../projections/store/port.ts"
import { owner, runToHead, startTestRunner } from "../../../projections/testing/fixtures.ts"
import { libraryScript } from "../../../projections/testing/library.ts"
import type { Embeddings } from "../../embeddings/port.ts"

export type Role = "admin" | "facilitator" | "participant"
export const person = (tenant: string, role: Role, n = 1): User => ({ id: `${tenant}-${role}-${n}`, tenant, roles: [role] })

export const makeWorldScript = () => {
  const script = libraryScript()
  const journals = new Set<string>()
  const sendJournal = (user: User, command: object) => {
    const addr = makeAddress(user.tenant, "journal", user.id)
    if (!journals.has(user.id)) {
      script.driver.send(journalKind, addr, user, { type: "create" })
      journals.add(user.id)
    }
    if (!script.driver.send(journalKind, addr, user, command)) throw new Error(`journal/${user.id} logged nothing for ${JSON.stringify(command)}`)
  }
  return {
    ...script,
    /** An organization (its library opens with the built-in decks) with a tier and, optionally, the Tides pack. */
    tenant: (tenant: string, tier: OrgTier, tides = false) => {
      script.organization(tenant)
      if (tier !== "free") script.billing(tenant, { type: "setTier", tier })
      if (tides) script.billing(tenant, { type: "grantPack", packId: TIDES_PACK_ID })
    },
    write: (owner: User, entryId: string, title: string, body: string, tags: readonly string[] = []) =>
      sendJournal(owner, { type: "writeEntry", entryId, title, body, tags: [...tags] }),
    consent: (owner: User, entryId: string, coachId: string) => sendJournal(owner, { type: "grantConsent", entryId, coachId }),
    withdraw: (owner: User, entryId: string, coachId: string) => sendJournal(owner, { type: "withdrawConsent", entryId, coachId }),
  }
}

export type WorldScript = ReturnType<typeof makeWorldScript>

/** Projects the script's log (cards with `embeddings`, and journals) into `store`, opening one if none is given. */
export const projectWorld = async (script: WorldScript, embeddings: Embeddings, store?: ReadStore): Promise<ReadStore> => {
  const target = store ?? (await openPgliteStore()).store
  const log = script.log()
  await runToHead(target, log, journalProjection)
  await runToHead(target, log, makeCardsProjection(embeddings))
  return target
}

/**
 * Runs the cards projection of another embeddings model on a store that has
 * the old one, until its own version (which includes the model) is the
 * checkpoint's at the log's head: the runner rebuilt the table by itself.
 * (A runner's `waitFor` can answer at once from the old checkpoint, before
 * the rebuild it is about to start, so this waits on the checkpoint row.)
 */
export const switchCardsModel = async (script: WorldScript, embeddings: Embeddings, store: ReadStore, timeoutMs = 240_000): Promise<void> => {
  const log = script.log()
  const projection = makeCardsProjection(embeddings)
  const head = await Effect.runPromise(log.headPosition())
  const runner = startTestRunner({ store, log, projection })
  const deadline = Date.now() + timeoutMs
  try {
    for (;;) {
      const [row] = await owner(store, (sql) =>
        sql.query<{ version: number; position: number }>("select version, position from projection_checkpoints where projection = 'cards'"),
      )
      if (row && Number(row.version) === projection.version && Number(row.position) >= head) return
      if (Date.now() > deadline) throw new Error(`the cards projection did not rebuild for ${embeddings.model}: ${JSON.stringify(runner.snapshot())}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  } finally {
    await runner.stop()
  }
}

export const closeStore = (store: ReadStore | undefined) => (store ? Effect.runPromise(store.close()) : Promise.resolve())
