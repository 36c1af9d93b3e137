/**
 * Seeded interleavings of offline journal edits on two and three devices,
 * with operations and events delivered in random order, duplicated and
 * lost. Properties: every device converges to the journal's state, no text
 * is lost, every conflict is shown on every device, and no operation is
 * applied twice. STUDIO_TEST_SEED replays a run.
 */
import { describe, expect, it } from "vitest"
import type { Doc } from "../../actors/journal/rich-text.ts"
import { initialState } from "../../actors/journal/decider.ts"
import { JournalReplica } from "./replica.ts"
import { makeRandom, testSeed, type Random } from "../../engine/testing/random.ts"
import { Network, SimJournal, TextLedger } from "./testing/simulation.ts"

const seed = testSeed("journal sync")
const initialJournal = () => initialState({ tenant: "tenant-1", kind: "journal", id: "writer" })

interface Device {
  replica: JournalReplica
  online: boolean
  ops: number
}

const textsOf = (replica: JournalReplica, entryId: string, field: "title" | "body"): string[] => {
  const entry = replica.view().entries.find((e) => e.id === entryId)
  if (!entry) return []
  return [
    field === "title" ? entry.title : entry.body,
    ...entry.conflicts.filter((c) => c.field === field).map((c) => (field === "title" ? c.title : c.body) ?? ""),
  ]
}

const resolve = (replica: JournalReplica, entryId: string, field: "title" | "body", words: string, ledger: TextLedger) => {
  const op = replica.nextOpId
  const text = `${field[0]}:resolved:${words}`
  ledger.discards(op, entryId, field, textsOf(replica, entryId, field))
  replica.resolve(entryId, field, field === "title" ? { title: text } : { body: text })
  ledger.wrote(op, entryId, field, text)
}

/** One random thing the writer does on a device, recorded in the ledger. */
const act = (random: Random, device: Device, ledger: TextLedger) => {
  const { replica } = device
  const entries = replica.view().entries
  const op = replica.nextOpId
  const words = `${replica.device}#${op}:${random.pick(["calm", "storm", "light", "wait", "trust"])}`
  const asDoc = (text: string): Doc => [{ type: "paragraph", text }]
  // Few entries, many edits: concurrent edits of the same text are what this test is about.
  const choice = entries.length === 0 || (entries.length < 3 && random.chance(0.2)) ? 0 : 3 + random.int(7)
  if (choice <= 2) {
    const title = `t:${words}`
    const body = `b:${words}`
    const entryId = replica.write({ title, ...(random.chance(0.5) ? { doc: asDoc(body) } : { body }), tags: [random.pick(["a", "b"])] })
    ledger.wrote(op, entryId, "title", title)
    ledger.wrote(op, entryId, "body", body)
    return
  }
  const conflicted = entries.filter((e) => e.conflicts.length > 0)
  const entry = conflicted.length > 0 && choice >= 7 ? random.pick(conflicted) : random.pick(entries)
  if (choice <= 6) {
    const field = random.pick(["title", "body"] as const)
    const text = `${field[0]}:${words}`
    ledger.discards(op, entry.id, field, textsOf(replica, entry.id, field))
    replica.edit(
      entry.id,
      field === "title"
        ? { title: text, addTags: [random.pick(["c", "d"])] }
        : random.chance(0.5)
          ? { doc: asDoc(text) }
          : { body: text, mood: 1 + random.int(5) },
    )
    ledger.wrote(op, entry.id, field, text)
  } else if (choice <= 8 && entry.conflicts.length > 0) {
    resolve(replica, entry.id, entry.conflicts[0]!.field, words, ledger)
  } else if (choice === 9) {
    for (const field of ["title", "body"] as const) ledger.discards(op, entry.id, field, textsOf(replica, entry.id, field))
    replica.delete(entry.id)
  }
}

const runWorld = (random: Random, deviceCount: number, steps: number) => {
  const journal = new SimJournal("tenant-1", "writer")
  const network = new Network(random)
  const ledger = new TextLedger()
  let clock = 0
  const devices: Device[] = Array.from({ length: deviceCount }, (_, i) => ({
    replica: new JournalReplica(`dev${i}`, "tenant-1", "writer", () => ++clock),
    online: true,
    ops: 0,
  }))
  const deliver = (lossRate: number) => {
    const message = network.take(lossRate)
    if (!message) return
    if ("op" in message) journal.handle(message.op)
    else devices.find((d) => d.replica.device === message.to)?.replica.receive(message.events)
  }
  const pull = (device: Device) => {
    // Events leave in random chunks, each chunk in its own message, so they can arrive in any order.
    const events = journal.eventsSince(device.replica.seq)
    for (let i = 0; i < events.length; ) {
      const size = 1 + random.int(4)
      network.send({ to: device.replica.device, events: random.shuffle(events.slice(i, i + size)) })
      i += size
    }
  }
  // Operations go one by one or in syncOps batches of random sizes: both must end the same.
  const push = (device: Device) =>
    (random.chance(0.5) ? device.replica.outbox() : device.replica.outboxBatches(1 + random.int(5))).forEach((op) =>
      network.send({ to: "journal", op }),
    )
  // A join too far behind gets the journal's state instead of its events.
  const pullSnapshot = (device: Device) => device.replica.adopt(structuredClone(journal.state), journal.seq)

  for (let step = 0; step < steps; step++) {
    const device = random.pick(devices)
    const roll = random.int(100)
    if (roll < 35) act(random, device, ledger)
    else if (roll < 45) device.online = !device.online
    else if (roll < 52 && device.online) push(device)
    else if (roll < 60 && device.online) pull(device)
    else if (roll < 62 && device.online) pullSnapshot(device)
    else if (roll < 62) device.replica = JournalReplica.fromSnapshot(device.replica.snapshot(), () => ++clock)
    else deliver(0.1)
  }
  // Everyone comes back online and keeps syncing until nothing is left to send or to learn.
  const settle = () => {
    for (let round = 0; round < 200; round++) {
      devices.forEach((device) => (device.online = true))
      const settled = devices.every((d) => d.replica.pendingCount === 0 && d.replica.seq === journal.seq) && network.size === 0
      if (settled) return
      devices.forEach((device) => (push(device), pull(device)))
      while (network.size > 0) deliver(0)
    }
  }
  settle()
  // Then every device settles the conflicts it sees, at the same time as the others, and they sync again.
  for (const device of devices) {
    for (const item of device.replica.attention()) {
      if (item.kind === "conflict" && random.chance(0.7))
        resolve(device.replica, item.entryId, item.field, `${device.replica.device}#${device.replica.nextOpId}:end`, ledger)
    }
  }
  settle()
  return { journal, devices, ledger }
}

const check = (random: Random, deviceCount: number) => {
  const { journal, devices, ledger } = runWorld(random, deviceCount, 300)
  for (const { replica } of devices) {
    expect(replica.pendingCount, `${replica.device} still has operations to send`).toBe(0)
    expect(replica.view(), `${replica.device} differs from the journal`).toEqual(journal.state)
  }
  const refusedOps = new Set(journal.log.flatMap(({ ev }) => (ev.type === "syncRefused" ? [ev.op] : [])))
  const applied = (op: string) => {
    const [device, n] = [op.slice(0, op.lastIndexOf(".")), Number(op.slice(op.lastIndexOf(".") + 1))]
    return (journal.state.devices[device] ?? 0) >= n && !refusedOps.has(op)
  }
  const lost = ledger.lost(journal.state, applied)
  const trail = lost.map((text) => journal.log.filter(({ ev }) => JSON.stringify(ev).includes(text.split("#")[1]!.split(":")[0]!)))
  expect(lost, JSON.stringify(trail)).toEqual([])
  const conflicts = journal.state.entries.flatMap((entry) => entry.conflicts.map((conflict) => conflict.id)).sort()
  for (const { replica } of devices) {
    const shown = replica
      .attention()
      .flatMap((item) => (item.kind === "conflict" ? [item.conflict.id] : []))
      .sort()
    expect(shown).toEqual(conflicts)
  }
  // Each device's operations were applied exactly once: the journal's counter is the number the device made.
  const opsApplied = new Map<string, Set<string>>()
  for (const { ev } of journal.log) {
    if ("op" in ev && ev.op) {
      const device = ev.op.slice(0, ev.op.lastIndexOf("."))
      opsApplied.set(device, (opsApplied.get(device) ?? new Set()).add(ev.op))
    }
  }
  for (const { replica } of devices) {
    const made = replica.snapshot().nextOp - 1
    expect(opsApplied.get(replica.device)?.size ?? 0).toBe(made)
    expect(journal.state.devices[replica.device] ?? 0).toBe(made)
  }
  const count = (type: string) => journal.log.filter(({ ev }) => ev.type === type).length
  return { conflicts: count("conflictRecorded"), resolved: count("conflictsResolved"), orphans: count("editOrphaned"), events: journal.seq }
}

describe("offline journal sync", () => {
  for (const deviceCount of [2, 3]) {
    it(`${deviceCount} devices converge with no text lost and every conflict shown, through reordering, duplicates and losses`, () => {
      const random = makeRandom(seed + deviceCount)
      const totals = { conflicts: 0, resolved: 0, orphans: 0, events: 0 }
      for (let world = 0; world < 25; world++) {
        const outcome = check(random, deviceCount)
        for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += outcome[key]
      }
      // Guards the generator: a run without conflicts or deletes would prove little.
      expect(
        [totals.conflicts, totals.resolved, totals.orphans].every((n) => n > 0),
        JSON.stringify(totals),
      ).toBe(true)
      expect(totals.events).toBeGreaterThan(1000)
    })
  }

  it("a replayed outbox after a restart appends nothing twice", () => {
    const journal = new SimJournal("tenant-1", "writer")
    const phone = new JournalReplica("phone", "tenant-1", "writer", () => 1)
    const id = phone.write({ title: "one", body: "first" })
    phone.edit(id, { body: "second" })
    const saved = phone.snapshot()
    for (const op of phone.outbox()) journal.handle(op)
    const restarted = JournalReplica.fromSnapshot(saved)
    for (const op of [...restarted.outbox(), ...restarted.outbox()]) expect(journal.handle(op)).toBe("ack")
    restarted.receive(journal.eventsSince(0))
    expect(journal.seq).toBe(3)
    expect(restarted.pendingCount).toBe(0)
    expect(restarted.view().entries.map((e) => e.body)).toEqual(["second"])
  })

  it("operations sent out of order are refused until the earlier ones arrive", () => {
    const journal = new SimJournal("tenant-1", "writer")
    const phone = new JournalReplica("phone", "tenant-1", "writer")
    const id = phone.write({ title: "one", body: "first" })
    phone.edit(id, { title: "two" })
    const [first, second] = phone.outbox()
    expect(journal.handle(second!)).toMatchObject({ code: "conflict", message: expect.stringMatching(/op 1 before op 2/) })
    expect(journal.handle(first!)).toBe("ack")
    expect(journal.handle(second!)).toBe("ack")
    expect(journal.state.entries[0]?.title).toBe("two")
  })

  it("a syncOps batch applies its operations exactly as they would apply one by one", () => {
    const single = new SimJournal("tenant-1", "writer")
    const batched = new SimJournal("tenant-1", "writer")
    const phone = new JournalReplica("phone", "tenant-1", "writer", () => 1)
    const first = phone.write({ title: "one", body: "first", tags: ["a"] })
    phone.write({ title: "two", body: "second" })
    phone.edit(first, { body: "first, again", addTags: ["b"], mood: 4 })
    phone.delete(first)
    for (const op of phone.outbox()) expect(single.handle(op)).toBe("ack")
    const batches = phone.outboxBatches(3)
    expect(batches.map((batch) => batch.id)).toEqual(["phone.1-3", "phone.4-4"])
    for (const batch of [...batches, ...batches]) expect(batched.handle(batch)).toBe("ack")
    // The same events in the same order (only the clock, which ticks per command, differs).
    expect(batched.log.map((event) => event.ev)).toEqual(single.log.map((event) => event.ev))
    expect(batched.state.devices).toEqual({ phone: 4 })
  })

  it("a batch holding an operation without sync is refused whole and changes nothing", () => {
    const journal = new SimJournal("tenant-1", "writer")
    const before = journal.seq
    const refused = journal.handle({ id: "x", cmd: { type: "syncOps", ops: [{ type: "writeEntry", title: "no device", entryId: "e1" }] } })
    expect(refused).toMatchObject({ code: "invalid_command", message: expect.stringMatching(/has no sync/) })
    expect(journal.seq).toBe(before)
    expect(() => journal.handle({ id: "y", cmd: { type: "syncOps", ops: [] } })).toThrow()
  })

  it("a snapshot from the journal replaces what was confirmed and empties the outbox of what it shows applied", () => {
    const journal = new SimJournal("tenant-1", "writer")
    const phone = new JournalReplica("phone", "tenant-1", "writer", () => 1)
    phone.write({ title: "one", body: "first" })
    for (const op of phone.outboxBatches()) journal.handle(op)
    phone.write({ title: "two", body: "second" })
    phone.adopt(structuredClone(journal.state), journal.seq)
    expect(phone.seq).toBe(journal.seq)
    expect(phone.pendingCount).toBe(1)
    expect(phone.view().entries.map((e) => e.title)).toEqual(["one", "two"])
    phone.adopt(initialJournal(), 0)
    expect(phone.seq, "an older snapshot is ignored").toBe(journal.seq)
  })

  it("refuses ids the protocol could never carry", () => {
    expect(() => new JournalReplica("a phone", "tenant-1", "writer")).toThrow(/device must match/)
    expect(() => new JournalReplica("phone", "tenant-1", "writer/../x")).toThrow(/owner id must match/)
  })
})
