/**
 * Who is who across tenants: email -> accounts and live code -> session,
 * which sign-in and guest joins need before any tenant is known, and each
 * organization's members and invitations for its routes. Two adapters:
 *
 * - `ReadModelDirectory` (a node with a read side, as `npm start` runs):
 *   asks the directory read model (projections/models/directory.ts) through
 *   the read-side worker. Nothing is folded at start, and an organization
 *   created on another node is known as soon as the read model has it. Every
 *   answer is read after the read model reached the log's head as it was
 *   when asked, so an account created or a code opened a moment ago is there
 *   (read-your-writes). The only cross-tenant answers are the two narrow
 *   lookups of migration 8 (projections/store/migrations.ts).
 * - `FoldedDirectory` (a gateway without a read side: tests and tools): folds
 *   every organization commit of the log at start, then follows each
 *   organization actor (join + onEvent); events that slip between the two are
 *   read back from the log, never from a redacted view.
 */
import { Effect, Schema } from "effect"
import type { User } from "../engine/actor-kind.ts"
import { makeAddress } from "../engine/address.ts"
import type { EventLog } from "../engine/eventlog/port.ts"
import type { ActorSystem, Joined, PublishedEvent } from "../engine/runtime/api.ts"
import { ownEntry } from "../engine/records.ts"
import {
  ORGANIZATION_KIND,
  OrganizationEvent,
  SYSTEM_USER_ID,
  evolveOrganization,
  initialOrganization,
  type Member,
  type OrganizationState,
} from "../actors/organization/index.ts"
import { DIRECTORY_PROJECTION } from "../projections/models/directory.ts"
import type { DirectoryQueries } from "../projections/reads/directory.ts"
import { ApiProblem } from "./http/problem.ts"

export interface Account {
  readonly tenant: string
  readonly member: Member
}

export interface Directory {
  /** The organization, once created (it has a name). */
  organization(tenant: string): Promise<OrganizationState | undefined>
  accountsByEmail(email: string): Promise<Account[]>
  member(tenant: string, userId: string): Promise<Member | undefined>
  liveCode(code: string): Promise<{ tenant: string; sessionId: string } | undefined>
  /** Resolves once the directory holds the organization's events up to `seq` (a command's ack). */
  caughtUp(tenant: string, seq: number): Promise<void>
  /** The same directory, waiting up to `ms` for its read model where it would give up sooner (the start's seeding, not a person's sign-in). */
  withPatience(ms: number): Directory
  close(): void
}

export const systemUser = (tenant: string): User => ({ id: SYSTEM_USER_ID, tenant, roles: ["admin"] })
export const organizationAddress = (tenant: string) => makeAddress(tenant, ORGANIZATION_KIND, tenant)

/** What the read-model directory needs of the read side: its queries (answers as JSON text) and waiting for a log position. */
export interface DirectoryReadSide {
  read(
    caller: User,
    query: { readonly name: keyof DirectoryQueries; readonly params: DirectoryQueries[keyof DirectoryQueries]["params"] },
  ): Promise<
    { readonly ok: true; readonly value: string } | { readonly ok: false; readonly error: { readonly code: string; readonly detail: string } }
  >
  /** Resolves at once when the projections are there; otherwise wakes their runners and waits. */
  waitFor(position: number, timeoutMs?: number, projections?: readonly string[]): Promise<boolean>
}

/**
 * Who sign-in and guest joins ask as, before they know a tenant. Those two
 * queries read no table as the caller, only migration 8's functions, whose
 * answers do not depend on who asks; so even a real tenant of this name
 * would be shown nothing of its own through them.
 */
const NO_TENANT = systemUser("_directory")
/** How long a sign-in or a join waits for the directory before it answers 503 "catching up". */
const READ_WAIT_MS = 10_000

export class ReadModelDirectory implements Directory {
  constructor(
    /** Only its head is read: the position the read model must reach before an answer. */
    private readonly log: Pick<EventLog, "headPosition">,
    private readonly readSide: DirectoryReadSide,
    private readonly patienceMs = READ_WAIT_MS,
  ) {}

  withPatience(ms: number): Directory {
    return new ReadModelDirectory(this.log, this.readSide, ms)
  }

  /** Waits until the read model holds everything the log held when asked, and returns that position. */
  private async head(): Promise<number> {
    const at = await Effect.runPromise(this.log.headPosition())
    // The directory projection only: a sign-in never waits for another read model (a card library rebuilding, say).
    const reached = await this.readSide.waitFor(at, this.patienceMs, [DIRECTORY_PROJECTION]).catch(() => false)
    if (!reached) throw new ApiProblem("unavailable", "the directory is catching up; try again shortly")
    return at
  }

  private async ask<K extends keyof DirectoryQueries>(
    caller: User,
    name: K,
    params: Omit<DirectoryQueries[K]["params"], "at">,
  ): Promise<DirectoryQueries[K]["answer"]> {
    const at = await this.head()
    const outcome = await this.readSide.read(caller, { name, params: { ...params, at } as DirectoryQueries[K]["params"] }).catch(() => undefined)
    if (!outcome) throw new ApiProblem("unavailable", "the read models are restarting; try again shortly")
    if (!outcome.ok) throw new ApiProblem(outcome.error.code === "unavailable" ? "unavailable" : "internal", `directory: ${outcome.error.detail}`)
    return JSON.parse(outcome.value) as DirectoryQueries[K]["answer"]
  }

  async organization(tenant: string): Promise<OrganizationState | undefined> {
    const found = await this.ask(systemUser(tenant), "organization", {})
    return found?.state.name ? found.state : undefined
  }

  async accountsByEmail(email: string): Promise<Account[]> {
    return [...(await this.ask(NO_TENANT, "accounts", { email: email.trim().toLowerCase() }))]
  }

  async member(tenant: string, userId: string): Promise<Member | undefined> {
    return (await this.ask(systemUser(tenant), "member", { userId })) ?? undefined
  }

  async liveCode(code: string): Promise<{ tenant: string; sessionId: string } | undefined> {
    return (await this.ask(NO_TENANT, "liveCode", { code: code.toUpperCase() })) ?? undefined
  }

  async caughtUp(_tenant: string, _seq: number): Promise<void> {
    // The command was acked, so its commit is at or before the head: reaching the head covers it.
    await this.head()
  }

  close(): void {}
}

/** The directory a gateway uses: the read model when it has a read side, else the fold of the log. */
export const openDirectory = (log: EventLog, system: ActorSystem, readSide: DirectoryReadSide | undefined): Promise<Directory> =>
  readSide ? Promise.resolve(new ReadModelDirectory(log, readSide)) : FoldedDirectory.open(log, system)

/** The fold of the log, for callers without a read side (tests, tools, benches). */
export const Directory = {
  open: (log: EventLog, system: ActorSystem): Promise<Directory> => FoldedDirectory.open(log, system),
}

interface Entry {
  state: OrganizationState
  seq: number
  joined?: Joined
  following?: Promise<void>
  chain: Promise<void>
}

const decodeEvent = Schema.decodeUnknownSync(OrganizationEvent)
const PAGE = 1000

export class FoldedDirectory implements Directory {
  private readonly orgs = new Map<string, Entry>()
  private readonly byEmail = new Map<string, Set<string>>()
  private readonly liveCodes = new Map<string, { tenant: string; sessionId: string }>()
  private readonly waiters = new Set<{ tenant: string; seq: number; resolve: () => void }>()
  private stopped = false

  private constructor(
    private readonly log: EventLog,
    private readonly system: ActorSystem,
  ) {}

  static async open(log: EventLog, system: ActorSystem): Promise<FoldedDirectory> {
    const directory = new FoldedDirectory(log, system)
    let position = 0
    for (;;) {
      const commits = await Effect.runPromise(log.readAll(position, PAGE))
      for (const commit of commits) {
        if (commit.addr.kind !== ORGANIZATION_KIND) continue
        commit.events.forEach((raw, i) => directory.apply(commit.addr.tenant, commit.firstSeq + i, raw))
      }
      if (commits.length < PAGE) break
      position = commits.at(-1)!.position
    }
    await Promise.all([...directory.orgs.keys()].map((tenant) => directory.follow(tenant)))
    return directory
  }

  async organization(tenant: string): Promise<OrganizationState | undefined> {
    const state = this.orgs.get(tenant)?.state
    return state?.name ? state : undefined
  }

  async accountsByEmail(email: string): Promise<Account[]> {
    const tenants = this.byEmail.get(email.trim().toLowerCase()) ?? new Set()
    return [...tenants].flatMap((tenant) => {
      const member = Object.values(this.orgs.get(tenant)!.state.members).find((m) => m.email === email.trim().toLowerCase())
      return member ? [{ tenant, member }] : []
    })
  }

  async member(tenant: string, userId: string): Promise<Member | undefined> {
    const state = this.orgs.get(tenant)?.state
    return state && ownEntry(state.members, userId)
  }

  async liveCode(code: string): Promise<{ tenant: string; sessionId: string } | undefined> {
    return this.liveCodes.get(code.toUpperCase())
  }

  async caughtUp(tenant: string, seq: number): Promise<void> {
    if (!this.orgs.get(tenant)?.joined) await this.follow(tenant)
    if ((this.orgs.get(tenant)?.seq ?? 0) >= seq) return
    await this.catchUp(tenant)
    if ((this.orgs.get(tenant)?.seq ?? 0) >= seq) return
    await new Promise<void>((resolve) => this.waiters.add({ tenant, seq, resolve }))
  }

  /** Starts following an organization created after start (or re-follows one whose actor restarted). */
  follow(tenant: string): Promise<void> {
    const entry = this.entry(tenant)
    if (entry.joined || this.stopped) return Promise.resolve()
    entry.following ??= this.join(tenant, entry).finally(() => (entry.following = undefined))
    return entry.following
  }

  private async join(tenant: string, entry: Entry): Promise<void> {
    const joined = await Effect.runPromise(
      this.system.join({
        addr: organizationAddress(tenant),
        user: systemUser(tenant),
        since: entry.seq,
        onEvent: (event) => this.onLive(tenant, event),
        onClose: () => {
          entry.joined = undefined
          setTimeout(() => void this.follow(tenant).catch(() => undefined), 100)
        },
      }),
    )
    entry.joined = joined
    if (joined.seq > entry.seq) await this.catchUp(tenant)
  }

  /** The fold is in memory: it never waits. */
  withPatience(): Directory {
    return this
  }

  close(): void {
    this.stopped = true
    for (const entry of this.orgs.values()) entry.joined?.leave()
  }

  private onLive(tenant: string, event: PublishedEvent): void {
    const entry = this.entry(tenant)
    if (event.seq === entry.seq + 1) this.apply(tenant, event.seq, event.ev)
    else if (event.seq > entry.seq + 1) void this.catchUp(tenant)
  }

  /** Reads the events this directory has not folded yet straight from the log, one catch-up at a time. */
  private catchUp(tenant: string): Promise<void> {
    const entry = this.entry(tenant)
    entry.chain = entry.chain
      .then(async () => {
        const commits = await Effect.runPromise(this.log.readStream(organizationAddress(tenant), entry.seq))
        for (const commit of commits) commit.events.forEach((raw, i) => this.apply(tenant, commit.firstSeq + i, raw))
      })
      .catch((error) => console.error(JSON.stringify({ level: "error", message: "directory catch-up failed", tenant, error: String(error) })))
    return entry.chain
  }

  private entry(tenant: string): Entry {
    let entry = this.orgs.get(tenant)
    if (!entry) {
      entry = { state: initialOrganization(), seq: 0, chain: Promise.resolve() }
      this.orgs.set(tenant, entry)
    }
    return entry
  }

  private apply(tenant: string, seq: number, raw: unknown): void {
    const entry = this.entry(tenant)
    if (seq !== entry.seq + 1) return
    const event = decodeEvent(raw)
    entry.state = evolveOrganization(entry.state, event)
    entry.seq = seq
    if (event.type === "memberAdded") {
      const tenants = this.byEmail.get(event.email) ?? new Set<string>()
      this.byEmail.set(event.email, tenants.add(tenant))
    } else if (event.type === "liveCodeOpened") this.liveCodes.set(event.code, { tenant, sessionId: event.sessionId })
    else if (event.type === "liveCodeClosed") this.liveCodes.delete(event.code)
    for (const waiter of this.waiters) {
      if (waiter.tenant === tenant && entry.seq >= waiter.seq) {
        this.waiters.delete(waiter)
        waiter.resolve()
      }
    }
  }
}
