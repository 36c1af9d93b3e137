/**
 * A guest's journal over a real server, and keeping it by creating an
 * account (POST /api/guests/account): the guest reads and writes its own
 * journal and no other, live and over HTTP; the account gets the entries with
 * their session, prompt, tags, mood, text and times; a retry moves nothing
 * twice, a move that failed midway is finished by calling again; members,
 * guests of other sessions and tokens of other tenants cannot touch the
 * guest's journal; bad input is a 400 that changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { journalKind } from "../../actors/journal/index.ts"
import { makeAddress } from "../../engine/address.ts"
import { LiveClient } from "../testing/live-client.ts"
import { systemUser } from "../directory.ts"
import { seedDemo } from "../seed.ts"
import { TEST_SCRYPT_COST, freshId, startTestServer, testKinds, type TestServer } from "../testing/harness.ts"
import { sendCommand } from "./deps.ts"

let server: TestServer
const PASSWORD = "demo-password-1"
beforeAll(async () => {
  server = await startTestServer({ kinds: { ...testKinds, journal: journalKind } })
  await seedDemo(server.system, server.gateway.directory, { STUDIO_DEMO_PASSWORD: PASSWORD }, TEST_SCRYPT_COST)
})
afterAll(() => server.dispose())

let ipCounter = 0
const call = async (method: string, path: string, body?: unknown, token?: string) => {
  const response = await fetch(`${server.http}${path}`, {
    method,
    headers: {
      "content-type": "application/json",
      "x-studio-peer": `10.9.${Math.floor(ipCounter / 200)}.${ipCounter++ % 200}`,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  return { status: response.status, body: (await response.json()) as any }
}
const login = async (email: string, password = PASSWORD, tenant?: string) =>
  (await call("POST", "/api/auth/login", { email, password, ...(tenant ? { tenant } : {}) })).body

/** A live session of `admin`'s organization and a guest joined to it. */
const guestIn = async (admin: { token: string }, name = "Visitor") => {
  const session = (await call("POST", "/api/sessions", { title: "Evening circle" }, admin.token)).body
  const guest = (await call("POST", "/api/live/join", { code: session.code, name })).body
  return {
    sessionId: (session.addr as string).slice("session/".length),
    code: session.code as string,
    guest: guest as { token: string; user: { id: string; tenant: string } },
  }
}

const keep = (token: string, body: unknown) => call("POST", "/api/guests/account", body, token)
const entryOf = (sessionId: string, title: string) => ({
  type: "writeEntry",
  title,
  body: `${title}: what I noticed`,
  tags: ["calm", "group"],
  mood: 4,
  sessionId,
  prompt: "What did you notice?",
})

/** The guest writes its journal live: one entry online, two as device operations in a batch, and shares the first with a coach. */
const writeGuestJournal = async (guest: { token: string; user: { id: string } }, sessionId: string, coachId?: string) => {
  const client = await LiveClient.open(server.url, guest.token)
  const addr = `journal/${guest.user.id}`
  expect(await client.cmd(addr, freshId("op"), { type: "create" })).toMatchObject({ t: "ack" })
  expect(await client.cmd(addr, freshId("op"), { ...entryOf(sessionId, "First"), entryId: "e-first" })).toMatchObject({ t: "ack" })
  const ops = ["Second", "Third"].map((title, i) => ({
    ...entryOf(sessionId, title),
    entryId: `phone-${i + 1}`,
    sync: { device: "phone", op: i + 1 },
  }))
  expect(await client.cmd(addr, freshId("op"), { type: "syncOps", ops })).toMatchObject({ t: "ack" })
  if (coachId) expect(await client.cmd(addr, freshId("op"), { type: "grantConsent", entryId: "e-first", coachId })).toMatchObject({ t: "ack" })
  const joined = await client.join(addr)
  await client.close()
  return (joined as { snapshot: { entries: Array<{ id: string; createdAt: number; updatedAt: number }> } }).snapshot.entries
}

const journalOf = async (token: string, addr: string) => {
  const client = await LiveClient.open(server.url, token)
  const joined = await client.join(addr)
  await client.close()
  return joined as any
}

describe("a guest's own journal", () => {
  it("is the one journal a guest may name, live and over HTTP; no other guest or member reads it", async () => {
    const facilitator = await login("facilitator@demo.example")
    const { sessionId, code, guest } = await guestIn(facilitator)
    const other = (await guestIn(facilitator, "Other")).guest
    const sameSession = (await call("POST", "/api/live/join", { code, name: "Neighbour" })).body
    await writeGuestJournal(guest, sessionId)
    const mine = `journal/${guest.user.id}`

    expect(await journalOf(guest.token, mine)).toMatchObject({
      t: "joined",
      snapshot: { ownerId: guest.user.id, entries: [{ id: "e-first", sessionId }, {}, {}] },
    })
    // Another guest, of another session or of the same one, and members: refused.
    expect(sameSession.token).toEqual(expect.any(String))
    for (const token of [other.token, sameSession.token]) {
      expect(await journalOf(token, mine)).toMatchObject({ t: "error", code: "forbidden" })
      expect(
        await call("POST", `/api/actors/journal/${guest.user.id}/commands`, { id: freshId("op"), cmd: entryOf(sessionId, "intruder") }, token),
      ).toMatchObject({ status: 403 })
    }
    for (const email of ["facilitator@demo.example", "participant1@demo.example"]) {
      const member = await login(email)
      expect(await journalOf(member.token, mine)).toMatchObject({ t: "error", code: "forbidden" })
      expect(
        (
          await call(
            "POST",
            `/api/actors/journal/${guest.user.id}/commands`,
            { id: freshId("op"), cmd: entryOf(sessionId, "intruder") },
            member.token,
          )
        ).status,
      ).toBe(403)
    }
    // The guest over HTTP: its own journal yes (a write, an export), any other no.
    expect(
      await call("POST", `/api/actors/journal/${guest.user.id}/commands`, { id: freshId("op"), cmd: entryOf(sessionId, "Over HTTP") }, guest.token),
    ).toMatchObject({ status: 200 })
    expect(
      await call("POST", `/api/actors/journal/${other.user.id}/commands`, { id: freshId("op"), cmd: { type: "create" } }, guest.token),
    ).toMatchObject({ status: 403 })
    expect(
      await call("POST", "/api/actors/journal/u-demo-participant1/commands", { id: freshId("op"), cmd: { type: "create" } }, guest.token),
    ).toMatchObject({ status: 403 })
    expect(await journalOf(guest.token, "journal/u-demo-participant1")).toMatchObject({ t: "error", code: "forbidden" })
    const exported = await fetch(`${server.http}/api/journal/export?format=json`, { headers: { authorization: `Bearer ${guest.token}` } })
    expect(exported.status).toBe(200)
    expect(((await exported.json()) as { entries: unknown[] }).entries).toHaveLength(4)
    expect(
      (
        await fetch(`${server.http}/api/journal/export?format=json&owner=u-demo-participant1`, {
          headers: { authorization: `Bearer ${guest.token}` },
        })
      ).status,
    ).toBe(403)
    // Entries of another session are refused to a guest.
    const client = await LiveClient.open(server.url, guest.token)
    expect(await client.cmd(mine, freshId("op"), entryOf("s-elsewhere", "Elsewhere"))).toMatchObject({ t: "nack", code: "forbidden" })
    await client.close()
  })
})

describe("POST /api/guests/account", () => {
  it("makes the guest a participant, moves its entries with their session, prompt, tags, mood, text and times, and signs it in", async () => {
    const facilitator = await login("facilitator@demo.example")
    const { sessionId, guest } = await guestIn(facilitator, "Dana")
    const written = await writeGuestJournal(guest, sessionId, "u-demo-facilitator")
    expect(await journalOf(facilitator.token, `journal/${guest.user.id}`)).toMatchObject({ t: "joined", snapshot: { entries: [{ id: "e-first" }] } })

    const email = `${freshId("dana")}@example.org`
    const kept = await keep(guest.token, { email: email.toUpperCase(), name: "Dana", password: "a-long-password" })
    expect(kept).toMatchObject({
      status: 200,
      body: {
        token: expect.any(String),
        refreshToken: expect.any(String),
        user: { tenant: "demo", roles: ["participant"], name: "Dana", email },
        journal: { moved: 3, unshared: 1 },
      },
    })
    const accountId = kept.body.user.id as string
    expect(accountId).toMatch(/^u-/)
    expect(kept.body.journal.addr).toBe(`journal/${accountId}`)

    // The account's journal holds the entries as they were written.
    const account = await journalOf(kept.body.token, `journal/${accountId}`)
    expect(
      account.snapshot.entries.map((e: any) => [e.id, e.title, e.sessionId, e.prompt, e.tags, e.mood, e.createdAt, e.updatedAt, e.coaches]),
    ).toEqual(written.map((e: any) => [e.id, e.title, sessionId, "What did you notice?", ["calm", "group"], 4, e.createdAt, e.updatedAt, []]))
    expect(account.snapshot.entries.map((e: any) => e.body)).toEqual(["First: what I noticed", "Second: what I noticed", "Third: what I noticed"])
    // Signing in works with what the guest chose; the account is a participant of the same organization.
    expect((await login(email, "a-long-password")).user).toMatchObject({ id: accountId, tenant: "demo", roles: ["participant"] })
    // The guest's journal is closed and empty; the coach it was shared with reads neither journal.
    expect(await journalOf(guest.token, `journal/${guest.user.id}`)).toMatchObject({
      snapshot: { entries: [], move: { to: accountId, finished: true } },
    })
    const client = await LiveClient.open(server.url, guest.token)
    expect(await client.cmd(`journal/${guest.user.id}`, freshId("op"), entryOf(sessionId, "late"))).toMatchObject({
      t: "nack",
      code: "conflict",
      message: expect.stringMatching(/moved/),
    })
    await client.close()
    expect(await journalOf(facilitator.token, `journal/${guest.user.id}`)).toMatchObject({ t: "error", code: "forbidden" })
    expect(await journalOf(facilitator.token, `journal/${accountId}`)).toMatchObject({ t: "error", code: "forbidden" })

    // A retry answers the same account and moves nothing twice; another password does not open it.
    const again = await keep(guest.token, { email, name: "Dana", password: "a-long-password" })
    expect(again).toMatchObject({ status: 200, body: { user: { id: accountId }, journal: { moved: 0, unshared: 0 } } })
    expect((await journalOf(kept.body.token, `journal/${accountId}`)).snapshot.entries).toHaveLength(3)
    expect(await keep(guest.token, { email, name: "Dana", password: "another-password" })).toMatchObject({ status: 409, body: { code: "conflict" } })
    expect(await keep(guest.token, { email: `x${email}`, name: "Dana", password: "a-long-password" })).toMatchObject({ status: 409 })
  })

  it("finishes a move that stopped midway, without duplicating an entry", async () => {
    const facilitator = await login("facilitator@demo.example")
    const { sessionId, guest } = await guestIn(facilitator, "Eli")
    await writeGuestJournal(guest, sessionId)
    const email = `${freshId("eli")}@example.org`
    // A first call that added the account, closed the journal and moved one entry before failing.
    const first = await keep(guest.token, { email, name: "Eli", password: "a-long-password" })
    const accountId = first.body.user.id as string
    const gateway = systemUser("demo")
    const from = makeAddress("demo", "journal", guest.user.id)
    const other = await guestIn(facilitator, "Eli again")
    await writeGuestJournal(other.guest, other.sessionId)
    const otherEmail = `${freshId("eli2")}@example.org`
    // Replay the steps by hand for the second guest up to the middle: account, close, one batch of one entry.
    const { accountIdOf } = await import("./guest-account-routes.ts")
    const otherAccount = accountIdOf("demo", other.guest.user.id)
    const otherFrom = makeAddress("demo", "journal", other.guest.user.id)
    await sendCommand(server.system, otherFrom, gateway, "partial-start", { type: "startMove", to: otherAccount })
    const closed = (await journalOf(other.guest.token, `journal/${other.guest.user.id}`)).snapshot
    const [firstEntry] = closed.entries
    await sendCommand(server.system, makeAddress("demo", "journal", otherAccount), gateway, "partial-import", {
      type: "importEntries",
      from: other.guest.user.id,
      entries: [
        {
          entryId: firstEntry.id,
          title: firstEntry.title,
          body: firstEntry.body,
          tags: firstEntry.tags,
          mood: firstEntry.mood,
          sessionId: firstEntry.sessionId,
          prompt: firstEntry.prompt,
          createdAt: firstEntry.createdAt,
          updatedAt: firstEntry.updatedAt,
        },
      ],
    })
    // The guest calls again: the account is made, the rest moves, nothing twice.
    const finished = await keep(other.guest.token, { email: otherEmail, name: "Eli", password: "a-long-password" })
    expect(finished).toMatchObject({ status: 200, body: { user: { id: otherAccount }, journal: { moved: 3 } } })
    const entries = (await journalOf(finished.body.token, `journal/${otherAccount}`)).snapshot.entries
    expect(entries.map((e: any) => e.id).sort()).toEqual(closed.entries.map((e: any) => e.id).sort())
    expect((await journalOf(other.guest.token, `journal/${other.guest.user.id}`)).snapshot).toMatchObject({ entries: [], move: { finished: true } })
    // The first guest's move is untouched by all this.
    expect((await journalOf(first.body.token, `journal/${accountId}`)).snapshot.entries).toHaveLength(3)
    expect(from.id).toBe(guest.user.id)
  })

  it("works for a guest that never wrote: an account, and a journal closed so nothing lands there later", async () => {
    const facilitator = await login("facilitator@demo.example")
    const { guest } = await guestIn(facilitator, "Quiet")
    const kept = await keep(guest.token, { email: `${freshId("quiet")}@example.org`, name: "Quiet", password: "a-long-password" })
    expect(kept).toMatchObject({ status: 200, body: { journal: { moved: 0, unshared: 0 }, user: { roles: ["participant"] } } })
    const client = await LiveClient.open(server.url, guest.token)
    expect(await client.cmd(`journal/${guest.user.id}`, freshId("op"), { type: "create" })).toMatchObject({ t: "nack", code: "conflict" })
    expect(await client.cmd(`journal/${guest.user.id}`, freshId("op"), { type: "writeEntry", title: "", body: "late" })).toMatchObject({
      t: "nack",
      code: "conflict",
    })
    await client.close()
  })

  it("is refused to members, and cannot touch a guest's journal from another session or another tenant", async () => {
    const facilitator = await login("facilitator@demo.example")
    const { sessionId, guest } = await guestIn(facilitator, "Ana")
    await writeGuestJournal(guest, sessionId)
    const mine = `journal/${guest.user.id}`
    const body = { email: `${freshId("m")}@example.org`, name: "Someone", password: "a-long-password" }

    for (const email of ["participant1@demo.example", "facilitator@demo.example"]) {
      expect(await keep((await login(email)).token, body)).toMatchObject({
        status: 403,
        body: { code: "forbidden", detail: expect.stringMatching(/only a guest/) },
      })
    }
    // A guest of another session keeps its own journal only.
    const stranger = await guestIn(facilitator, "Stranger")
    const strangerKept = await keep(stranger.guest.token, body)
    expect(strangerKept).toMatchObject({ status: 200, body: { journal: { moved: 0 } } })
    // A guest of another organization: its account lands there, never here.
    const otherAdmin = await login("admin@other.example")
    const foreign = await guestIn(otherAdmin, "Foreign")
    expect(foreign.guest.user.tenant).toBe("other")
    const foreignKept = await keep(foreign.guest.token, { ...body, email: `${freshId("f")}@example.org` })
    expect(foreignKept).toMatchObject({ status: 200, body: { user: { tenant: "other" } } })
    expect(await journalOf(foreignKept.body.token, mine)).toMatchObject({ t: "error", code: "not_found" })
    // A guest token of an organization that does not exist (a signed token, as the server would mint).
    const ghost = await server.tokens.issue({ user: { id: "guest-ghost", tenant: "ghost", roles: ["guest"] }, scope: "session/s-ghost" }, "access")
    expect(await keep(ghost, body)).toMatchObject({ status: 404 })

    // Through all this the guest's journal is its own, untouched.
    expect((await journalOf(guest.token, mine)).snapshot).toMatchObject({ entries: [{}, {}, {}] })
    expect((await journalOf(guest.token, mine)).snapshot.move).toBeUndefined()
  })

  it("answers bad input with a 400 naming the field, and an email already in use with a 409; neither changes anything", async () => {
    const facilitator = await login("facilitator@demo.example")
    const { sessionId, guest } = await guestIn(facilitator, "Noor")
    await writeGuestJournal(guest, sessionId)
    const email = `${freshId("noor")}@example.org`
    const bad: Array<[unknown, RegExp]> = [
      [{ email, name: "Noor", password: "short" }, /password/],
      [{ email: "not-an-email", name: "Noor", password: "a-long-password" }, /email/],
      [{ email, name: "", password: "a-long-password" }, /name/],
      [{ email, password: "a-long-password" }, /name/],
      [{ email, name: "Noor", password: "x".repeat(257) }, /password/],
    ]
    for (const [body, field] of bad)
      expect(await keep(guest.token, body)).toMatchObject({ status: 400, body: { code: "bad_frame", detail: expect.stringMatching(field) } })
    expect(await keep(guest.token, { email: "participant1@demo.example", name: "Noor", password: "a-long-password" })).toMatchObject({
      status: 409,
      body: { detail: expect.stringMatching(/already has an account/) },
    })
    expect(await server.gateway.directory.accountsByEmail(email)).toEqual([])
    // Nothing moved or closed: the guest writes on.
    const client = await LiveClient.open(server.url, guest.token)
    expect(await client.cmd(`journal/${guest.user.id}`, freshId("op"), entryOf(sessionId, "Still mine"))).toMatchObject({ t: "ack" })
    await client.close()
    expect(await keep("not-a-token", { email, name: "Noor", password: "a-long-password" })).toMatchObject({ status: 401 })
  })

  it("is in the OpenAPI document with its request and answer", async () => {
    const { body } = await call("GET", "/api/openapi.json")
    expect(body.paths["/api/guests/account"].post.requestBody.content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/GuestAccountRequest",
    })
    expect(body.components.schemas.GuestAccountRequest.required.sort()).toEqual(["email", "name", "password"])
    expect(body.components.schemas.GuestAccount.required).toEqual(expect.arrayContaining(["token", "refreshToken", "user", "journal"]))
  })
})
