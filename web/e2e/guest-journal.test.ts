/**
 * A guest keeps its journal, in Debian's Chromium against a real node, kept
 * lean: a facilitator (over the API) runs a session whose one activity is a
 * journal prompt; a phone joins by code with a name, answers the prompt,
 * creates an account from "Keep your journal", and /journal opens signed in
 * as the account with the answer in it. A change the guest journal still
 * held on the phone after the move (put in its outbox here, as a second tab
 * that was offline would leave it) is shown in /journal with its words, and
 * becomes an entry of the account.
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

/** Puts a new entry in that journal's outbox, as the guest's page would have recorded it. */
const leaveChangeIn = (journal: { key: string; device: string; n: number }) => `new Promise((done, fail) => {
  const open = indexedDB.open("studio-journal")
  open.onerror = () => fail(open.error)
  open.onsuccess = () => {
    const tx = open.result.transaction(["ops"], "readwrite")
    const cmd = { type: "writeEntry", entryId: "${journal.device}-${journal.n}", title: "Late answer", body: "Said after the move.", sync: { device: "${journal.device}", op: ${journal.n} } }
    tx.objectStore("ops").put({ n: ${journal.n}, at: Date.now(), cmd }, [${JSON.stringify(journal.key)}, ${journal.n}])
    tx.oncomplete = () => { open.result.close(); done(null) }
  }
})`

describe.skipIf(e2e.missing)("a guest's journal", () => {
  it("a guest answers a journal prompt, keeps the journal by creating an account, and sees the entry in /journal", async () => {
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
    const command = (cmd: unknown) => api(`/api/actors/session/${sessionId}/commands`, { id: `op-${Math.random().toString(36).slice(2)}`, cmd }, facilitator.token)
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

    // The guest journal on this phone learnt that it moved; a change it still holds is shown in the account's journal.
    await expect.poll(() => journal.evaluate(MOVED_GUEST_JOURNAL), { timeout: 20_000 }).toBeTruthy()
    await journal.evaluate(leaveChangeIn((await journal.evaluate(MOVED_GUEST_JOURNAL)) as { key: string; device: string; n: number }))
    await journal.reload()
    const attention = journal.getByRole("region", { name: "Needs your attention" })
    await expect.poll(() => attention.innerText(), { timeout: 20_000 }).toContain("A change from your guest journal could not be applied")
    expect(await attention.innerText()).toContain("Said after the move")
    await screenshot(journal, "journal-guest-leftover")
    await attention.getByRole("button", { name: "Write as a new entry" }).click()
    await expect.poll(() => attention.count()).toBe(0)
    await expect.poll(() => journal.getByRole("list", { name: /Your entries/ }).innerText()).toContain("Late answer")
    await context.close()
  })
})
