/**
 * A guest keeps its journal, in Debian's Chromium against a real node, kept
 * lean: a facilitator (over the API) runs a session whose one activity is a
 * journal prompt; a phone joins by code with a name, answers the prompt,
 * creates an account from "Keep your journal", and /journal opens signed in
 * as the account with the answer in it. A change the guest journal still
 * held on the phone after the move (put in its outbox here, as a second tab
 * that was offline would leave it), on a phone whose guest journal never
 * heard of the move, reaches the account's journal by itself: it is in the
 * list and in the server's export, once, with nothing left to settle.
 */
import type { Page } from "playwright-core"
import { describe, expect, it } from "vitest"
import { seriousViolations } from "../testing/axe.ts"
import { newContext, PHONE, screenshot } from "../testing/browser.ts"
import { browserTestEnvironment } from "../testing/e2e.ts"
import { wordsFor } from "../testing/messages.ts"
import { DEMO_PASSWORD } from "../testing/node.ts"

const e2e = browserTestEnvironment()
const w = wordsFor("en")
const text = (page: Page) => page.locator("body").innerText()

const api = async (path: string, body: unknown, token?: string) => {
  const response = await fetch(`${e2e.node.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
  return (await response.json()) as any
}

/** The IndexedDB key, device and next op of a journal on this phone that moved (web/src/journal/local-store.ts), or null. */
const MOVED_GUEST_JOURNAL = `new Promise((done, fail) => {
  const open = indexedDB.open("studio-journal")
  open.onerror = () => fail(open.error)
  open.onsuccess = () => {
    const tx = open.result.transaction(["meta"])
    const metas = tx.objectStore("meta").getAll()
    const keys = tx.objectStore("meta").getAllKeys()
    tx.oncomplete = () => {
      open.result.close()
      const i = metas.result.findIndex((meta) => meta.confirmed.move)
      done(i < 0 ? null : { key: keys.result[i], device: metas.result[i].device, n: metas.result[i].nextOp })
    }
  }
})`

/**
 * Puts a new entry in that journal's outbox, as the guest's page would have
 * recorded it, and takes the move out of its copy of the journal: a phone
 * whose guest journal never heard of the move (its tab closed first).
 */
const leaveChangeIn = (journal: { key: string; device: string; n: number }) => `new Promise((done, fail) => {
  const open = indexedDB.open("studio-journal")
  open.onerror = () => fail(open.error)
  open.onsuccess = () => {
    const tx = open.result.transaction(["ops", "meta"], "readwrite")
    const cmd = { type: "writeEntry", entryId: "${journal.device}-${journal.n}", title: "Late answer", body: "Said after the move.", sync: { device: "${journal.device}", op: ${journal.n} } }
    tx.objectStore("ops").put({ n: ${journal.n}, at: Date.now(), cmd }, [${JSON.stringify(journal.key)}, ${journal.n}])
    const metas = tx.objectStore("meta")
    const read = metas.get(${JSON.stringify(journal.key)})
    read.onsuccess = () => {
      const { move, ...confirmed } = read.result.confirmed
      metas.put({ ...read.result, confirmed, nextOp: ${journal.n} + 1 }, ${JSON.stringify(journal.key)})
    }
    tx.oncomplete = () => { open.result.close(); done(null) }
  }
})`

/** The left-over items this phone has carried or settled (web/src/journal/local-store.ts): `<journal key> <item id>`. */
const CARRIED = `new Promise((done, fail) => {
  const open = indexedDB.open("studio-journal")
  open.onerror = () => fail(open.error)
  open.onsuccess = () => {
    const keys = open.result.transaction(["settled"]).objectStore("settled").getAllKeys()
    keys.onsuccess = () => { open.result.close(); done(keys.result) }
  }
})`

/** The account's journal as the server exports it (the journal app's tokens are in localStorage). */
const EXPORTED = `fetch("/api/journal/export?format=json", { headers: { authorization: "Bearer " + JSON.parse(localStorage.getItem("studio.session.v1")).token } }).then((r) => r.json())`

describe.skipIf(e2e.missing)("a guest's journal", () => {
  it("a guest answers a journal prompt, keeps the journal by creating an account, and sees the entry, and what was still on the phone, in /journal", async () => {
    const facilitator = await api("/api/auth/login", { email: "facilitator@demo.example", password: DEMO_PASSWORD })
    const prompt = "What will you take home from today?"
    const plan = { Pause: [], Expand: [], Focus: [], Doing: [{ kind: "journal", title: "Take-home", minutes: 5, prompt }] }
    const journey = await api("/api/journeys", { title: "Short circle", plan }, facilitator.token)
    const session = await api(`/api/journeys/${journey.id}/sessions`, {}, facilitator.token)
    const sessionId = (session.addr as string).slice("session/".length)

    const context = await newContext(e2e.browser, PHONE)
    const phone = await context.newPage()
    await phone.goto(`${e2e.node.url}/j/${session.code}`)
    await phone.getByLabel(w("join.name")).fill("Robin")
    await phone.getByRole("button", { name: w("join.submit"), exact: true }).click()
    await expect.poll(() => text(phone)).toContain(w("lobby.title"))

    // The facilitator moves the session to the Doing phase, which opens on its journal prompt.
    const command = (cmd: unknown) =>
      api(`/api/actors/session/${sessionId}/commands`, { id: `op-${Math.random().toString(36).slice(2)}`, cmd }, facilitator.token)
    for (let phase = 0; phase < 4; phase++) await command({ type: "advancePhase" })
    await expect.poll(() => text(phone), { timeout: 20_000 }).toContain(prompt)

    // The guest answers: kept in its own journal.
    await phone.getByLabel(w("journal.answer")).fill("Ask one more question before I answer.")
    await phone.getByRole("button", { name: w("journal.save") }).click()
    await expect.poll(() => text(phone)).toContain(w("journal.saved"))

    // Keep it: name prefilled, an email and a password.
    await phone.getByRole("button", { name: w("journal.keep.open") }).click()
    await expect(await phone.getByLabel(w("journal.keep.name")).inputValue()).toBe("Robin")
    const email = `robin-${Date.now().toString(36)}@example.org`
    await phone.getByLabel(w("journal.keep.email")).fill(email)
    await phone.getByLabel(w("journal.keep.password")).fill("robin-password")
    expect(await seriousViolations(phone), "axe: the keep-your-journal form").toEqual([])
    await phone.getByRole("button", { name: w("journal.keep.submit") }).click()
    await expect.poll(() => text(phone), { timeout: 20_000 }).toContain(w("journal.keep.done", { email }))

    // /journal opens signed in as the account, with the answer in it.
    const journal = await context.newPage()
    await journal.goto(`${e2e.node.url}/journal`)
    await expect.poll(() => journal.getByRole("list", { name: /Your entries/ }).innerText(), { timeout: 20_000 }).toContain("Take-home")
    await expect.poll(() => text(journal)).toContain("Ask one more question before I answer.")

    // A change the guest journal still holds on this phone, which never heard of the move, goes to the account's journal by itself.
    await expect.poll(() => journal.evaluate(MOVED_GUEST_JOURNAL), { timeout: 20_000 }).toBeTruthy()
    const guestJournal = (await journal.evaluate(MOVED_GUEST_JOURNAL)) as { key: string; device: string; n: number }
    await journal.evaluate(leaveChangeIn(guestJournal))
    expect(await journal.evaluate(MOVED_GUEST_JOURNAL), "the guest journal here no longer knows it moved").toBeNull()
    await journal.reload()
    const entries = journal.getByRole("list", { name: /Your entries/ })
    await expect.poll(() => entries.innerText(), { timeout: 20_000 }).toContain("Late answer")
    expect(await entries.innerText()).toContain("Said after the move.")
    await expect.poll(() => journal.locator(".journal-sync-state").innerText(), { timeout: 20_000 }).toContain("Synced")
    expect(await journal.getByRole("region", { name: "Needs your attention" }).count()).toBe(0)
    await screenshot(journal, "journal-guest-carried")
    const exported = (await journal.evaluate(EXPORTED)) as { entries: Array<{ title: string; body: string }> }
    expect(exported.entries.filter((entry) => entry.title === "Late answer").map((entry) => entry.body)).toEqual(["Said after the move."])
    expect(exported.entries.filter((entry) => entry.title === "Take-home")).toHaveLength(1)
    // The phone marked it carried, in the same write that took it in: opened again, it is not carried twice.
    expect(await journal.evaluate(CARRIED)).toEqual([`${guestJournal.key} op:${guestJournal.device}.${guestJournal.n}`])
    await context.close()
  })
})
