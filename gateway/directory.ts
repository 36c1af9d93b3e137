/**
 * Who is who across tenants: email -> accounts and live code -> session,
 * which sign-in and guest joins need before any tenant is known. Built at
 * start by folding every organization commit in the log, then kept current
 * by following each organization actor (join + onEvent). Events that slip
 * between the two are read back from the log, never from a redacted view.
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

interface Entry {
  state: OrganizationState
  seq: number
  joined?: Joined
  following?: Promise<void>
  chain: Promise<void>
}

export interface Account {
  readonly tenant: string
  readonly member: Member
}

const decodeEvent = Schema.decodeUnknownSync(OrganizationEvent)
const PAGE = 1000

export const systemUser = (tenant: string): User => ({ id: SYSTEM_USER_ID, tenant, roles: ["admin"] })
export const organizationAddress = (tenant: string) => makeAddress(tenant, ORGANIZATION_KIND, tenant)

export class Directory {
  private readonly orgs = new Map<string, Entry>()
  private readonly byEmail = new Map<string, Set<string>>()
  private readonly liveCodes = new Map<string, { tenant: string; sessionId: string }>()
  private readonly waiters = new Set<{ tenant: string; seq: number; resolve: () => void }>()
  private stopped = false

  private constructor(
    private readonly log: EventLog,
    private readonly system: ActorSystem,
  ) {}

  static async open(log: EventLog, system: ActorSystem): Promise<Directory> {
    const directory = new Directory(log, system)
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

  organization(tenant: string): OrganizationState | undefined {
    const state = this.orgs.get(tenant)?.state
    return state?.name ? state : undefined
  }

  accountsByEmail(email: string): Account[] {
    const tenants = this.byEmail.get(email.trim().toLowerCase()) ?? new Set()
    return [...tenants].flatMap((tenant) => {
      const member = Object.values(this.orgs.get(tenant)!.state.members).find((m) => m.email === email.trim().toLowerCase())
      return member ? [{ tenant, member }] : []
    })
  }

  member(tenant: string, userId: string): Member | undefined {
    const state = this.orgs.get(tenant)?.state
    return state && ownEntry(state.members, userId)
  }

  liveCode(code: string): { tenant: string; sessionId: string } | undefined {
    return this.liveCodes.get(code.toUpperCase())
  }

  /** Resolves once the directory has folded the organization's events up to `seq` (a command's ack). */
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
