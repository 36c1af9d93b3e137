/**
 * A guest keeps its journal by creating an account: POST /api/guests/account
 * with an email, a name and a password (the rules of sign-up and invitations)
 * makes the guest a participant of the same organization and moves its
 * journal (journal/<guest id>) into the account's (journal/<account id>).
 *
 * Safe to repeat, and a failure midway is finished by calling again with the
 * same email and password: the account's id is derived from the guest's, so
 * every call names the same account; each step is idempotent (the account is
 * added once, the journal's move steps decide nothing twice, imported
 * entries are skipped when already there). The guest's journal is closed
 * first, so nothing written after the copy is left behind, and emptied last.
 * Consent does not move (actors/journal/move-commands.ts says why): the
 * answer says how many entries were shared, so the app can say they are
 * private again.
 *
 * The guest's session goes on under its guest token (its seat, its canvases);
 * the answer carries the account's tokens, as sign-in does.
 */
import { createHash } from "node:crypto"
import { Schema } from "effect"
import type { User } from "../../engine/actor-kind.ts"
import { makeAddress } from "../../engine/address.ts"
import type { ImportedEntry, JournalState } from "../../actors/journal/index.ts"
import type { Entry } from "../../actors/journal/state.ts"
import { sessionOfScope } from "../auth/guest-scope.ts"
import { hashPassword, verifyPassword } from "../auth/passwords.ts"
import { organizationAddress, systemUser, type Account } from "../directory.ts"
import { readActor } from "./actor-reads.ts"
import { memberIdentity, sessionFor } from "./auth-routes.ts"
import type { Routes } from "./define.ts"
import { limit, sendCommand, type ApiDeps } from "./deps.ts"
import { ApiProblem } from "./problem.ts"
import { AddMemberRequest, Session } from "./schemas.ts"

export const GuestAccountRequest = Schema.Struct({
  email: AddMemberRequest.fields.email,
  name: AddMemberRequest.fields.name,
  password: AddMemberRequest.fields.password,
}).annotate({ identifier: "GuestAccountRequest" })

export const GuestAccount = Schema.Struct({
  ...Session.fields,
  journal: Schema.Struct({
    addr: Schema.String.annotate({ description: "the account's journal, journal/<account id>" }),
    moved: Schema.Int.annotate({
      description: "entries the guest's journal held when this call moved them (0 when a retry finds them moved already)",
    }),
    unshared: Schema.Int.annotate({ description: "entries that were shared with a coach and are private again: consent does not move" }),
  }),
}).annotate({ identifier: "GuestAccount" })

/** The account a guest becomes: the same for every call, so a retry finishes the first call's work instead of making another. */
export const accountIdOf = (tenant: string, guestId: string): string =>
  `u-${createHash("sha256").update(`guest-account/${tenant}/${guestId}`).digest("base64url").slice(0, 16)}`

/** Entries per import command: few enough that a commit stays far below a NATS message (1 MiB by default). */
const IMPORT_BYTES = 256 * 1024
const IMPORT_ENTRIES = 100

const imported = (entry: Entry): ImportedEntry => ({
  entryId: entry.id,
  title: entry.title,
  body: entry.body,
  doc: entry.doc,
  tags: entry.tags,
  mood: entry.mood,
  sessionId: entry.sessionId,
  prompt: entry.prompt,
  createdAt: entry.createdAt,
  updatedAt: entry.updatedAt,
  ...(entry.conflicts.length > 0
    ? {
        conflicts: entry.conflicts.map((conflict) => ({
          id: conflict.id,
          field: conflict.field,
          value:
            conflict.field === "title"
              ? { title: conflict.title ?? "" }
              : { body: conflict.body ?? "", ...(conflict.doc ? { doc: conflict.doc } : {}) },
        })),
      }
    : {}),
})

const batches = (entries: readonly ImportedEntry[]): ImportedEntry[][] => {
  const out: ImportedEntry[][] = []
  let current: ImportedEntry[] = []
  let bytes = 0
  for (const entry of entries) {
    const size = JSON.stringify(entry).length
    if (current.length > 0 && (current.length >= IMPORT_ENTRIES || bytes + size > IMPORT_BYTES)) {
      out.push(current)
      current = []
      bytes = 0
    }
    current.push(entry)
    bytes += size
  }
  if (current.length > 0) out.push(current)
  return out
}

export const guestAccountRoutes = (routes: Routes, deps: ApiDeps): void => {
  const { system, directory } = deps

  /** The account for this guest: added now, or found from an earlier call by the same person (same email and password). */
  const ensureAccount = async (guest: User, body: typeof GuestAccountRequest.Type): Promise<Account> => {
    const { tenant } = guest
    const userId = accountIdOf(tenant, guest.id)
    const email = body.email.trim().toLowerCase()
    const sameCaller = async (account: Account) =>
      account.member.email === email && (await verifyPassword(body.password, account.member.passwordHash))
    const known = await directory.member(tenant, userId)
    if (known) {
      if (!(await sameCaller({ tenant, member: known }))) {
        throw new ApiProblem(
          "conflict",
          "you already made an account from this guest visit; sign in with it, or send the same email and password again to finish moving your journal",
        )
      }
      return { tenant, member: known }
    }
    if ((await directory.accountsByEmail(email)).some((account) => account.tenant === tenant)) {
      throw new ApiProblem("conflict", "this email already has an account in this organization; sign in with it instead")
    }
    const passwordHash = await hashPassword(body.password, deps.scryptCost)
    const seq = await sendCommand(system, organizationAddress(tenant), systemUser(tenant), `guest-account-${userId}`, {
      type: "addMember",
      userId,
      email,
      name: body.name,
      roles: ["participant"],
      passwordHash,
    })
    await directory.caughtUp(tenant, seq)
    const member = await directory.member(tenant, userId)
    if (!member) throw new ApiProblem("unavailable", "the account was made but is not visible yet; try again")
    // Two calls at once: the first one's account stands, and only its email and password open it.
    if (member.passwordHash !== passwordHash && !(await sameCaller({ tenant, member }))) {
      throw new ApiProblem("conflict", "you already made an account from this guest visit; sign in with it")
    }
    return { tenant, member }
  }

  /** The guest's own journal as it sees it, or undefined when it never opened one (a journal not made yet answers `forbidden`). */
  const ownJournal = (guest: User, addr: ReturnType<typeof makeAddress>) =>
    readActor<JournalState>(system, addr, guest).catch((error: unknown) => {
      if (error instanceof ApiProblem && (error.code === "forbidden" || error.code === "not_found")) return undefined
      throw error
    })

  /** Closes the guest's journal, copies its entries into the account's, then empties it; every step decides nothing twice. */
  const moveJournal = async (guest: User, accountId: string) => {
    const { tenant } = guest
    const gateway = systemUser(tenant)
    const from = makeAddress(tenant, "journal", guest.id)
    const to = makeAddress(tenant, "journal", accountId)
    const before = await ownJournal(guest, from)
    const unshared = before?.move ? 0 : (before?.entries ?? []).filter((entry) => entry.coaches.length > 0).length
    await sendCommand(system, from, gateway, `move-start-${accountId}`, { type: "startMove", to: accountId })
    const closed = await ownJournal(guest, from)
    const entries = (closed?.entries ?? []).map(imported)
    for (const [index, batch] of batches(entries).entries()) {
      await sendCommand(system, to, gateway, `move-import-${guest.id}-${entries.length}-${index}`, {
        type: "importEntries",
        from: guest.id,
        entries: batch,
      })
    }
    await sendCommand(system, from, gateway, `move-finish-${accountId}`, { type: "finishMove", to: accountId })
    return { addr: `journal/${accountId}`, moved: entries.length, unshared }
  }

  routes.define(
    {
      method: "post",
      path: "/api/guests/account",
      summary:
        "A guest keeps its journal by creating an account: it becomes a participant of the organization and its journal entries move to the account; repeat the same call to finish one that failed midway",
      auth: true,
      guests: true,
      request: GuestAccountRequest,
      response: GuestAccount,
    },
    async ({ body, identity }) => {
      const caller = identity!
      if (!caller.user.roles.includes("guest") || sessionOfScope(caller.scope) === undefined) {
        throw new ApiProblem("forbidden", "only a guest (joined a live session by its code) makes an account this way; you have one already")
      }
      const guest = caller.user
      if (!(await directory.organization(guest.tenant))) throw new ApiProblem("not_found", "this organization no longer exists")
      limit(deps.limits.commandsPerUser, `${guest.tenant}/${guest.id}`, "commands")
      const account = await ensureAccount(guest, body)
      const journal = await moveJournal(guest, account.member.id)
      return { ...(await sessionFor(deps, memberIdentity(account), account.member.email)), journal }
    },
  )
}
