/**
 * Insights over a real server: the engine is fed by the server's own
 * appends, its clock is driven by the test (no sleeps), and the SSE stream
 * carries the facilitator's view. Only the session's facilitators may read
 * it; a participant without consent is never named; the retrospective is
 * there once the session ends.
 */
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { actorKinds } from "../../actors/index.ts"
import type { User } from "../../engine/actor-kind.ts"
import { makeAddress } from "../../engine/address.ts"
import { NodeInsights } from "../../ml/insights/live/node-insights.ts"
import type { InsightsView } from "../../ml/insights/present.ts"
import { ManualClock } from "../../ml/insights/testing/manual-clock.ts"
import { startTestServer, sticky, type TestServer } from "../testing/harness.ts"

const lead: User = { id: "lead", tenant: "t1", roles: ["facilitator"] }
const ana: User = { id: "ana", tenant: "t1", roles: ["participant"] }
const ben: User = { id: "ben", tenant: "t1", roles: ["participant"] }
const cy: User = { id: "cy", tenant: "t1", roles: ["participant"] }
const session = makeAddress("t1", "session", "insight-1")
const canvas = makeAddress("t1", "canvas", "insight-board")
let server: TestServer
let clock: ManualClock
let n = 0
const send = (user: User, addr: typeof session, command: object) => Effect.runPromise(server.system.send(addr, user, `c${n++}`, command))

/** Reads an SSE response as (event, data) pairs, for as long as the test asks. */
const openStream = async (user: User) => {
  const response = await fetch(`${server.http}/api/sessions/insight-1/insights/live`, {
    headers: { authorization: `Bearer ${await server.token(user)}` },
  })
  expect(response.status).toBe(200)
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let buffer = ""
  const next = async (): Promise<{ event: string; data: any }> => {
    for (;;) {
      const end = buffer.indexOf("\n\n")
      if (end >= 0) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const event = /^event: ?(.*)$/m.exec(block)?.[1]
        const data = block
          .split("\n")
          .filter((line) => line.startsWith("data:"))
          .map((line) => line.slice(5).trimStart())
          .join("\n")
        if (event) return { event, data: JSON.parse(data) }
        continue
      }
      const { value, done } = await reader.read()
      if (done) throw new Error("the stream ended")
      buffer += decoder.decode(value, { stream: true })
    }
  }
  /** The next `insights` view that satisfies `test`. */
  const until = async (test: (view: InsightsView) => boolean): Promise<InsightsView> => {
    for (;;) {
      const { event, data } = await next()
      if (event === "insights" && test(data)) return data
    }
  }
  return { next, until, close: () => reader.cancel() }
}

beforeAll(async () => {
  clock = new ManualClock(Date.now())
  server = await startTestServer({ kinds: actorKinds, insights: new NodeInsights(clock) })
  await send(lead, session, { type: "create", title: "Insights circle", joinCode: "ABC234" })
  for (const [user, name] of [
    [ana, "Ana"],
    [ben, "Ben"],
    [cy, "Cy"],
  ] as const)
    await send(user, session, { type: "join", joinCode: "ABC234", displayName: name })
  await send(ana, session, { type: "setInsightsConsent", given: true })
  await send(lead, session, { type: "advancePhase" })
  await send(ana, canvas, { type: "create", title: "Our board", privacy: "shared", sessionId: "insight-1" })
})
afterAll(() => server.dispose())

describe("insight routes", () => {
  it("are for the session's facilitators only", async () => {
    const response = await fetch(`${server.http}/api/sessions/insight-1/insights/live`, {
      headers: { authorization: `Bearer ${await server.token(ben)}` },
    })
    expect(response.status).toBe(403)
    const none = await fetch(`${server.http}/api/sessions/insight-1/insights`)
    expect(none.status).toBe(401)
    const retrospective = await fetch(`${server.http}/api/sessions/insight-1/insights/retrospective`, {
      headers: { authorization: `Bearer ${await server.token(lead)}` },
    })
    expect(retrospective.status).toBe(409)
  })

  it("say 501 as a problem document naming what is missing on a node without insights", async () => {
    const bare = await startTestServer({ kinds: actorKinds })
    try {
      await Effect.runPromise(bare.system.send(session, lead, "bare-create", { type: "create", title: "No insights here", joinCode: "ABC234" }))
      const response = await fetch(`${bare.http}/api/sessions/insight-1/insights`, { headers: { authorization: `Bearer ${await bare.token(lead)}` } })
      expect(response.status).toBe(501)
      expect(response.headers.get("content-type")).toBe("application/problem+json")
      expect(await response.json()).toMatchObject({ status: 501, code: "not_implemented", detail: expect.stringMatching(/not configured/) })
    } finally {
      await bare.dispose()
    }
  })

  it("streams a dominant participant who consented, names nobody else, and anonymises on the lead's switch", async () => {
    const stream = await openStream(lead)
    await stream.until(() => true)
    for (let i = 0; i < 20; i++) await send(ana, canvas, { type: "addElement", element: sticky(`idea ${i}`) })
    await send(ben, session, { type: "raiseHand" })
    await send(cy, session, { type: "raiseHand" })
    const dominant = await stream.until((view) => view.insights.some((i) => i.kind === "dominant"))
    expect(dominant.insights.find((i) => i.kind === "dominant")!.who).toEqual(["ana"])
    expect(dominant.people.map((p) => p.userId)).toEqual(["ana"])
    expect(JSON.stringify(dominant)).not.toMatch(/"ben"|"cy"|Ben|Cy/)
    expect(dominant.room.participants).toBe(3)
    expect(dominant.notice).toMatch(/does not infer emotions/)
    await send(lead, session, { type: "setInsightsAnonymised", anonymised: true })
    const anonymous = await stream.until((view) => view.anonymised)
    expect(anonymous.people).toEqual([])
    expect(anonymous.insights.every((i) => i.who.length === 0)).toBe(true)
    expect(JSON.stringify(anonymous)).not.toMatch(/Ana/)
    await send(lead, session, { type: "setInsightsAnonymised", anonymised: false })
    await stream.until((view) => !view.anonymised)
    // Time is the test's: three quiet minutes later the phase shows as stuck, at the next tick.
    clock.advanceTo(Math.max(clock.now(), Date.now()) + 181_000)
    const stuck = await stream.until((view) => view.insights.some((i) => i.kind === "stuck"))
    expect(stuck.insights.find((i) => i.kind === "stuck")!.who).toEqual([])
    await send(lead, session, { type: "end" })
    let ended
    do ended = await stream.next()
    while (ended.event !== "ended")
    expect(ended.data.moments.map((m: { kind: string }) => m.kind)).toEqual(expect.arrayContaining(["dominant", "stuck"]))
    await stream.close()
    const response = await fetch(`${server.http}/api/sessions/insight-1/insights/retrospective`, {
      headers: { authorization: `Bearer ${await server.token(lead)}` },
    })
    expect(response.status).toBe(200)
    const retrospective = await response.json()
    expect(retrospective.people.map((p: { userId: string }) => p.userId)).toEqual(["ana"])
    expect(retrospective.room.participants).toBe(3)
  })

  it("reads the retrospective back from the log after the node restarts", async () => {
    const dir = server.dir
    await server.stop()
    server = await startTestServer({ kinds: actorKinds, dir, insights: new NodeInsights(new ManualClock(Date.now())) })
    const response = await fetch(`${server.http}/api/sessions/insight-1/insights/retrospective`, {
      headers: { authorization: `Bearer ${await server.token(lead)}` },
    })
    expect(response.status).toBe(200)
    const retrospective = await response.json()
    expect(retrospective.people.map((p: { userId: string; operations: number }) => [p.userId, p.operations])).toEqual([["ana", 20]])
    expect(retrospective.moments.map((m: { kind: string }) => m.kind)).toContain("dominant")
    expect(JSON.stringify(retrospective)).not.toMatch(/"ben"|"cy"|Ben|Cy/)
  })
})
