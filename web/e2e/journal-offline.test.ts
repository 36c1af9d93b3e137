/**
 * The journal as an offline app, in Debian's Chromium against a real node:
 * a phone signs in at /journal (the service worker installs), loses the
 * network, writes three entries and edits one that a laptop, signed in as
 * the same person, edits too. The phone reloads with no network at all (the
 * app comes from the service worker, the entries from IndexedDB), then
 * both are online: every entry is on both screens, the conflict is shown
 * with both versions, merging it by hand settles it everywhere, and the
 * server's export holds every entry and no lost text.
 */
import type { BrowserContext, Page } from "playwright-core"
import { describe, expect, it } from "vitest"
import { seriousViolations } from "../testing/axe.ts"
import { LAPTOP, newContext, PHONE, screenshot } from "../testing/browser.ts"
import { browserTestEnvironment } from "../testing/e2e.ts"
import { DEMO_PASSWORD } from "../testing/node.ts"

const e2e = browserTestEnvironment()
const EMAIL = "participant1@demo.example"

const main = (page: Page) => page.locator("body").innerText()
const status = (page: Page) => page.locator(".journal-sync-state").innerText()

const signIn = async (context: BrowserContext): Promise<Page> => {
  const page = await context.newPage()
  await page.goto(`${e2e.node.url}/journal`)
  await page.getByLabel("Email").fill(EMAIL)
  await page.getByLabel("Password").fill(DEMO_PASSWORD)
  await page.getByRole("button", { name: "Sign in" }).click()
  await expect.poll(() => status(page)).toContain("Synced")
  return page
}

const write = async (page: Page, entry: { title: string; body: string; tags?: string; mood?: string }) => {
  await page.getByRole("link", { name: "New entry" }).click()
  await page.getByLabel("Title").fill(entry.title)
  await page.getByLabel("What's on your mind").fill(entry.body)
  if (entry.tags) await page.getByLabel("Tags").fill(entry.tags)
  if (entry.mood) await page.getByRole("radio", { name: entry.mood, exact: true }).check()
  await page.getByRole("button", { name: "Save entry" }).click()
  await expect.poll(() => main(page)).toContain("Saved on this device")
  await page.getByRole("link", { name: "All entries" }).click()
  await expect.poll(() => page.getByRole("list", { name: /Your entries/ }).innerText()).toContain(entry.title)
}

const editBody = async (page: Page, title: string, body: string) => {
  await page.getByRole("link", { name: new RegExp(title) }).click()
  await page.getByLabel("What's on your mind").fill(body)
  await page.getByRole("button", { name: "Save entry" }).click()
  await expect.poll(() => main(page)).toContain("Saved on this device")
  await page.getByRole("link", { name: "All entries" }).click()
}

const noSeriousViolations = async (page: Page, where: string) => expect(await seriousViolations(page), `axe: ${where}`).toEqual([])

describe.skipIf(e2e.missing)("the journal offline", () => {
  it("writes offline, opens offline from the service worker, shows a second device's edit as a conflict, and loses nothing", async () => {
    const phoneContext = await newContext(e2e.browser, PHONE)
    const laptopContext = await newContext(e2e.browser, LAPTOP)
    const phone = await signIn(phoneContext)
    // The page is served by the network the first time; from now on the service worker has the app.
    await expect.poll(() => phone.evaluate("navigator.serviceWorker.controller !== null")).toBe(true)
    await write(phone, { title: "Morning pages", body: "First thoughts of the day." })
    await expect.poll(() => status(phone)).toContain("Synced")

    const laptop = await signIn(laptopContext)
    await expect.poll(() => main(laptop)).toContain("Morning pages")

    // The phone loses the network: three new entries and an edit, all kept on the phone.
    await phoneContext.setOffline(true)
    await expect.poll(() => status(phone)).toContain("Offline")
    await write(phone, { title: "Walk by the river", body: "The water was high.", tags: "calm, outside", mood: "Good" })
    await write(phone, { title: "Hard conversation", body: "I said what I needed to say.", mood: "Low" })
    await write(phone, { title: "Gratitude", body: "Three things went well today.", tags: "calm" })
    await editBody(phone, "Morning pages", "Written on the phone, offline.")
    await expect.poll(() => status(phone)).toContain("Offline · 4 changes kept on this device")

    // Reloaded with no network at all: the app comes from the service worker, the entries from IndexedDB.
    await phone.reload()
    await expect.poll(() => main(phone)).toContain("Gratitude")
    for (const title of ["Walk by the river", "Hard conversation", "Morning pages"]) expect(await main(phone)).toContain(title)
    await expect.poll(() => status(phone)).toContain("Offline · 4 changes kept on this device")
    // Search works offline, over titles, text and tags.
    await phone.getByLabel("Search your journal").fill("calm")
    await expect.poll(() => main(phone)).toContain("2 entries found")
    await phone.getByLabel("Search your journal").fill("")
    await screenshot(phone, "journal-list")
    await noSeriousViolations(phone, "the journal list, offline")
    await phone.getByRole("link", { name: /Walk by the river/ }).click()
    await expect.poll(() => phone.getByLabel("Tags").inputValue()).toBe("calm, outside")
    expect(await phone.getByRole("radio", { name: "Good", exact: true }).isChecked()).toBe(true)
    await screenshot(phone, "journal-editor")
    await noSeriousViolations(phone, "the entry editor")
    await phone.getByRole("link", { name: "All entries" }).click()

    // Meanwhile the laptop changes the same text.
    await editBody(laptop, "Morning pages", "Written on the laptop.")
    await expect.poll(() => status(laptop)).toContain("Synced")

    // Both online: everything arrives on both devices, and the two versions are shown side by side.
    await phoneContext.setOffline(false)
    await expect.poll(() => status(phone), { timeout: 20_000 }).toContain("1 thing to settle")
    for (const title of ["Walk by the river", "Hard conversation", "Gratitude"]) await expect.poll(() => main(laptop)).toContain(title)
    await expect.poll(() => status(laptop)).toContain("1 thing to settle")
    await expect.poll(() => main(phone)).toContain("“Morning pages” has two versions of its text")
    await phone.getByRole("link", { name: /has two versions of its text/ }).click()
    const conflict = phone.getByRole("region", { name: "Two versions of the text" })
    await expect.poll(() => conflict.innerText()).toContain("Written on the laptop.")
    expect(await conflict.innerText()).toContain("Written on the phone, offline.")
    expect(await conflict.innerText()).toMatch(/Version 1 · another device[\s\S]*Version 2 · this device/)
    await screenshot(phone, "journal-conflict")
    await noSeriousViolations(phone, "the conflict view")

    // Merged by hand: both texts stay, on both devices.
    await conflict.getByRole("button", { name: "Merge by hand" }).click()
    await conflict.getByLabel("The merged text").fill("Written on the laptop.\nWritten on the phone, offline.")
    await conflict.getByRole("button", { name: "Keep the merged text" }).click()
    await expect.poll(() => phone.getByRole("region", { name: "Two versions of the text" }).count()).toBe(0)
    await expect.poll(() => status(phone)).toContain("Synced")
    await expect.poll(() => status(laptop)).toContain("Synced")
    await laptop.getByRole("link", { name: /Morning pages/ }).click()
    await expect.poll(() => laptop.getByLabel("What's on your mind").inputValue()).toBe("Written on the laptop.\nWritten on the phone, offline.")

    // The server holds every entry, each text once.
    const exported = await phone.evaluate(`fetch("/api/journal/export?format=json", { headers: { authorization: "Bearer " + JSON.parse(localStorage.getItem("studio.session.v1")).token } }).then((r) => r.json())`) as { entries: Array<{ title: string; body: string }> }
    const titles = exported.entries.map((entry) => entry.title)
    expect(titles).toEqual(expect.arrayContaining(["Gratitude", "Hard conversation", "Morning pages", "Walk by the river"]))
    expect(titles.filter((title) => title === "Morning pages")).toHaveLength(1)
    expect(exported.entries.find((entry) => entry.title === "Morning pages")?.body).toBe("Written on the laptop.\nWritten on the phone, offline.")

    await phoneContext.close()
    await laptopContext.close()
  }, 120_000)
})
