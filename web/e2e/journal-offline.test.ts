/**
 * The journal as an offline app, in Debian's Chromium against a real node:
 * a phone signs in at /journal (the service worker installs), loses the
 * network, writes three entries and edits one that a laptop, signed in as
 * the same person, edits too. The phone reloads with no network at all (the
 * app comes from the service worker, the entries from IndexedDB), then
 * both are online: every entry is on both screens, the conflict is shown
 * with both versions, merging it by hand settles it everywhere, and the
 * server's export holds every entry and no lost text. An entry formatted
 * offline with the toolbar and shortcuts (heading, bold, list) keeps its
 * formatting through the offline reload, on the laptop and in the export;
 * an offline edit of an entry the laptop deleted meanwhile is shown with
 * its words and becomes a new entry. The conflict's versions show their
 * formatting, and merging them by hand keeps it.
 *
 * A second person numbers and quotes lines from the toolbar and with
 * Ctrl+Shift+7 / +9, and then, in Hebrew, finds the toolbar mirrored, on
 * the screen, and working.
 *
 * A third keeps writing while the session's access token is renewed (the
 * page's clock moved past its lifetime): the same journal stays open and
 * the words being typed stay in the box.
 */
import type { BrowserContext, Page } from "playwright-core"
import { describe, expect, it } from "vitest"
import { seriousViolations } from "../testing/axe.ts"
import { LAPTOP, newContext, PHONE, screenshot } from "../testing/browser.ts"
import { browserTestEnvironment } from "../testing/e2e.ts"
import { wordsFor } from "../testing/messages.ts"
import { DEMO_PASSWORD } from "../testing/node.ts"

const e2e = browserTestEnvironment()
const EMAIL = "participant1@demo.example"

const main = (page: Page) => page.locator("body").innerText()
const status = (page: Page) => page.locator(".journal-sync-state").innerText()

const signIn = async (context: BrowserContext, email = EMAIL): Promise<Page> => {
  const page = await context.newPage()
  await page.goto(`${e2e.node.url}/journal`)
  await page.getByLabel("Email").fill(email)
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

/** Heading, bold (Ctrl+B), a bulleted list from the toolbar continued with Enter: typed, as on a keyboard. */
const writeFormatted = async (page: Page) => {
  await page.getByRole("link", { name: "New entry" }).click()
  await page.getByLabel("Title").fill("Plans")
  const text = page.getByLabel("What's on your mind")
  await text.click()
  await page.getByRole("button", { name: "Heading" }).click()
  await page.keyboard.type("Plans")
  await page.keyboard.press("Enter")
  await page.keyboard.type("Walk ")
  await page.keyboard.press("Control+b")
  await page.keyboard.type("early")
  await page.keyboard.press("End")
  await page.keyboard.press("Enter")
  await page.getByRole("button", { name: "Bulleted list" }).click()
  await page.keyboard.type("Call the bank")
  await page.keyboard.press("Enter")
  await page.keyboard.type("Buy bread")
  expect(await text.inputValue()).toBe(FORMATTED)
  await page.getByRole("button", { name: "Save entry" }).click()
  await expect.poll(() => main(page)).toContain("Saved on this device")
  await page.getByRole("link", { name: "All entries" }).click()
}

const FORMATTED = "## Plans\nWalk **early**\n- Call the bank\n- Buy bread"
/** "Small steps": a numbered list, a quote and a line of its own. */
const STEPS = "1. Call the bank\n2. Buy bread\n> Be kind to yourself.\nRest counts."
/** "Morning pages" once the two versions are merged by hand. */
const MERGED = "- Written on the laptop.\n- Written on the **phone**, offline."

/** The entry "Plans" opens with its marks in the text box, and its preview draws them as elements. */
const expectFormatted = async (page: Page, where: string) => {
  await page.getByRole("link", { name: /^Plans/ }).click()
  await expect.poll(() => page.getByLabel("What's on your mind").inputValue()).toBe(FORMATTED)
  await page.getByRole("button", { name: "Preview" }).click()
  const preview = page.getByRole("region", { name: "How the entry reads" })
  expect(await preview.locator("h3").innerText(), where).toBe("Plans")
  expect(await preview.locator("strong").innerText(), where).toBe("early")
  expect(await preview.locator("li").allInnerTexts(), where).toEqual(["Call the bank", "Buy bread"])
  await preview.scrollIntoViewIfNeeded()
  await screenshot(page, `journal-formatted-${page.viewportSize()!.width < 600 ? "phone" : "laptop"}`)
  await noSeriousViolations(page, `the formatted entry on ${where}`)
  await page.getByRole("link", { name: "All entries" }).click()
}

const noSeriousViolations = async (page: Page, where: string) => expect(await seriousViolations(page), `axe: ${where}`).toEqual([])

describe.skipIf(e2e.missing)("the journal offline", () => {
  it("writes offline, opens offline from the service worker, shows a second device's edit as a conflict, and loses nothing", async () => {
    const phoneContext = await newContext(e2e.browser, PHONE)
    const laptopContext = await newContext(e2e.browser, LAPTOP)
    const phone = await signIn(phoneContext)
    // The page is served by the network the first time; from now on the service worker has the app.
    // Installing precaches the whole app: on a busy machine that takes longer than a poll's default second.
    await expect.poll(() => phone.evaluate("navigator.serviceWorker.controller !== null"), { timeout: 30_000 }).toBe(true)
    await write(phone, { title: "Morning pages", body: "First thoughts of the day." })
    await write(phone, { title: "Shopping list", body: "Bread, apples." })
    await expect.poll(() => status(phone)).toContain("Synced")

    const laptop = await signIn(laptopContext)
    await expect.poll(() => main(laptop)).toContain("Morning pages")

    // The phone loses the network: three new entries and an edit, all kept on the phone.
    await phoneContext.setOffline(true)
    await expect.poll(() => status(phone)).toContain("Offline")
    await write(phone, { title: "Walk by the river", body: "The water was high.", tags: "calm, outside", mood: "Good" })
    await write(phone, { title: "Hard conversation", body: "I said what I needed to say.", mood: "Low" })
    await write(phone, { title: "Gratitude", body: "Three things went well today.", tags: "calm" })
    await editBody(phone, "Morning pages", "Written on the **phone**, offline.")
    await writeFormatted(phone)
    await expect.poll(() => status(phone)).toContain("Offline · 5 changes kept on this device")

    // Reloaded with no network at all: the app comes from the service worker, the entries from IndexedDB.
    await phone.reload()
    await expect.poll(() => main(phone)).toContain("Gratitude")
    for (const title of ["Walk by the river", "Hard conversation", "Morning pages"]) expect(await main(phone)).toContain(title)
    await expect.poll(() => status(phone)).toContain("Offline · 5 changes kept on this device")
    await expectFormatted(phone, "the phone, reloaded offline")
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
    await editBody(laptop, "Morning pages", "- Written on the laptop.")
    await expect.poll(() => status(laptop)).toContain("Synced")

    // Both online: everything arrives on both devices, and the two versions are shown side by side.
    await phoneContext.setOffline(false)
    await expect.poll(() => status(phone), { timeout: 20_000 }).toContain("1 thing to settle")
    for (const title of ["Walk by the river", "Hard conversation", "Gratitude", "Plans"]) await expect.poll(() => main(laptop)).toContain(title)
    await expect.poll(() => status(laptop)).toContain("1 thing to settle")
    await expect.poll(() => main(phone)).toContain("“Morning pages” has two versions of its text")
    await phone.getByRole("link", { name: /has two versions of its text/ }).click()
    const conflict = phone.getByRole("region", { name: "Two versions of the text" })
    await expect.poll(() => conflict.innerText()).toContain("Written on the laptop.")
    expect(await conflict.innerText()).toContain("Written on the phone, offline.")
    expect(await conflict.innerText()).toMatch(/Version 1 · another device[\s\S]*Version 2 · this device/)
    // Each version reads with its formatting: the laptop's list, the phone's bold word.
    const version = (n: number) => conflict.getByRole("article", { name: new RegExp(`^Version ${n}`) })
    expect(await version(1).locator("li").allInnerTexts()).toEqual(["Written on the laptop."])
    expect(await version(2).locator("strong").allInnerTexts()).toEqual(["phone"])
    expect(await version(2).innerText()).not.toContain("**")
    await screenshot(phone, "journal-conflict")
    await noSeriousViolations(phone, "the conflict view")

    // Merged by hand, from both versions with their marks: the writer joins the two lines into one list with the toolbar.
    await conflict.getByRole("button", { name: "Merge by hand" }).click()
    const merged = conflict.getByLabel("The merged text")
    expect(await merged.inputValue()).toBe("- Written on the laptop.\n\nWritten on the **phone**, offline.")
    await merged.click()
    await phone.keyboard.press("Control+Home")
    await phone.keyboard.press("End")
    await phone.keyboard.press("Delete")
    await phone.keyboard.press("Shift+Control+End")
    await conflict.getByRole("button", { name: "Bulleted list" }).click()
    expect(await merged.inputValue()).toBe(MERGED)
    await conflict.getByRole("button", { name: "Preview" }).click()
    const mergedPreview = conflict.getByRole("region", { name: "How the entry reads" })
    expect(await mergedPreview.locator("li").allInnerTexts()).toEqual(["Written on the laptop.", "Written on the phone, offline."])
    // The toolbar, the box and the preview in one picture.
    await merged.evaluate((box) => box.scrollIntoView({ block: "center" }))
    await screenshot(phone, "journal-conflict-merge")
    await noSeriousViolations(phone, "merging by hand")
    await conflict.getByRole("button", { name: "Keep the merged text" }).click()
    await expect.poll(() => phone.getByRole("region", { name: "Two versions of the text" }).count()).toBe(0)
    await expect.poll(() => status(phone)).toContain("Synced")
    await expect.poll(() => status(laptop)).toContain("Synced")
    // The merge kept its formatting: the entry's box on the laptop holds the list and the bold word.
    await laptop.getByRole("link", { name: /Morning pages/ }).click()
    await expect.poll(() => laptop.getByLabel("What's on your mind").inputValue()).toBe(MERGED)

    // The server holds every entry, each text once.
    const exported = (await phone.evaluate(
      `fetch("/api/journal/export?format=json", { headers: { authorization: "Bearer " + JSON.parse(localStorage.getItem("studio.session.v1")).token } }).then((r) => r.json())`,
    )) as { entries: Array<{ title: string; body: string }> }
    const titles = exported.entries.map((entry) => entry.title)
    expect(titles).toEqual(expect.arrayContaining(["Gratitude", "Hard conversation", "Morning pages", "Walk by the river"]))
    expect(titles.filter((title) => title === "Morning pages")).toHaveLength(1)
    expect(exported.entries.find((entry) => entry.title === "Morning pages")?.body).toBe("Written on the laptop.\nWritten on the phone, offline.")
    const exportedMarkdown = () =>
      phone.evaluate(
        `fetch("/api/journal/export?format=md", { headers: { authorization: "Bearer " + JSON.parse(localStorage.getItem("studio.session.v1")).token } }).then((r) => r.text())`,
      ) as Promise<string>
    // The formatting reached the laptop, and the server's Markdown export reads it.
    await laptop.getByRole("link", { name: "All entries" }).click()
    await expectFormatted(laptop, "the laptop")
    const markdown = await exportedMarkdown()
    expect(markdown).toContain("## Plans\n\nWalk **early**\n\n- Call the bank\n\n- Buy bread")
    expect(markdown).toContain("- Written on the laptop.\n\n- Written on the **phone**, offline.")

    // An edit made offline to an entry the laptop deletes meanwhile is not lost: its words are shown, and become a new entry.
    await phoneContext.setOffline(true)
    await expect.poll(() => status(phone)).toContain("Offline")
    await phone.getByRole("link", { name: "All entries" }).click()
    await editBody(phone, "Shopping list", "Bread, apples, and *oat milk*.")
    laptop.once("dialog", (dialog) => void dialog.accept())
    await laptop.getByRole("link", { name: /Shopping list/ }).click()
    await laptop.getByRole("button", { name: "Delete entry" }).click()
    await expect.poll(() => main(laptop)).not.toContain("Shopping list")
    await phoneContext.setOffline(false)
    const attention = phone.getByRole("region", { name: "Needs your attention" })
    await expect.poll(() => attention.innerText(), { timeout: 20_000 }).toContain("You edited an entry on another device after it was deleted")
    expect(await attention.locator("em").innerText()).toBe("oat milk")
    await screenshot(phone, "journal-orphaned-edit")
    await noSeriousViolations(phone, "an orphaned edit")
    await attention.getByRole("button", { name: "Write as a new entry" }).click()
    await expect.poll(() => attention.count()).toBe(0)
    await expect.poll(() => status(phone)).toContain("Synced")
    await expect.poll(() => main(laptop)).toContain("Bread, apples, and oat milk.")

    await phoneContext.close()
    await laptopContext.close()
  }, 120_000)

  it("numbers and quotes lines from the toolbar and the keyboard, and mirrors the toolbar in Hebrew", async () => {
    const context = await newContext(e2e.browser, PHONE)
    // Another person's journal: the story above counts its own entries.
    const page = await signIn(context, "participant2@demo.example")
    await page.getByRole("link", { name: "New entry" }).click()
    await page.getByLabel("Title").fill("Small steps")
    const text = page.getByLabel("What's on your mind")
    const toolbar = page.getByRole("toolbar", { name: "Formatting" })
    await text.click()
    // A numbered list from its button, carried on by Enter and ended by Enter on an empty item.
    await toolbar.getByRole("button", { name: "Numbered list" }).click()
    await page.keyboard.type("Call the bank")
    await page.keyboard.press("Enter")
    await page.keyboard.type("Buy bread")
    await page.keyboard.press("Enter")
    await page.keyboard.press("Enter")
    // A quote from Ctrl+Shift+9, carried on by Enter; its button takes the last line out of it again.
    await page.keyboard.press("Control+Shift+9")
    await page.keyboard.type("Be kind to yourself.")
    await page.keyboard.press("Enter")
    await page.keyboard.type("Rest counts.")
    expect(await text.inputValue()).toBe("1. Call the bank\n2. Buy bread\n> Be kind to yourself.\n> Rest counts.")
    await toolbar.getByRole("button", { name: "Quote" }).click()
    expect(await text.inputValue()).toBe("1. Call the bank\n2. Buy bread\n> Be kind to yourself.\nRest counts.")
    // Ctrl+Shift+7 over the two numbered lines takes the numbers off, and again puts them back, counted.
    await page.keyboard.press("Control+Home")
    await page.keyboard.press("Shift+ArrowDown")
    await page.keyboard.press("Control+Shift+7")
    expect(await text.inputValue()).toBe("Call the bank\nBuy bread\n> Be kind to yourself.\nRest counts.")
    await page.keyboard.press("Control+Shift+7")
    expect(await text.inputValue()).toBe(STEPS)
    // Each button says what it does and its shortcut.
    expect(await toolbar.getByRole("button", { name: "Numbered list" }).getAttribute("title")).toBe("Numbered list (Ctrl+Shift+7)")
    expect(await toolbar.getByRole("button", { name: "Quote" }).getAttribute("aria-keyshortcuts")).toBe("Control+Shift+9 Meta+Shift+9")
    await page.getByRole("button", { name: "Preview" }).click()
    const preview = page.getByRole("region", { name: "How the entry reads" })
    expect(await preview.locator("ol > li").allInnerTexts()).toEqual(["Call the bank", "Buy bread"])
    expect(await preview.locator("blockquote").allInnerTexts()).toEqual(["Be kind to yourself."])
    await toolbar.scrollIntoViewIfNeeded()
    await screenshot(page, "journal-toolbar")
    await page.getByRole("button", { name: "Save entry" }).click()
    await expect.poll(() => main(page)).toContain("Saved on this device")
    // Opened again, the entry reads back as typed, the list counted 1, 2.
    await page.getByRole("link", { name: "All entries" }).click()
    await page.getByRole("link", { name: /^Small steps/ }).click()
    await expect.poll(() => text.inputValue()).toBe(STEPS)

    // In Hebrew the page runs right to left: the toolbar starts on the right and fits the phone; the buttons work there too.
    const he = wordsFor("he")
    await page.getByLabel("Language").selectOption("he")
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe("rtl")
    const heToolbar = page.getByRole("toolbar", { name: he("journal.format.toolbar") })
    const box = async (name: string) => (await heToolbar.getByRole("button", { name, exact: true }).boundingBox())!
    expect((await box(he("journal.format.bold"))).x).toBeGreaterThan((await box(he("journal.format.italic"))).x)
    for (const key of ["bold", "italic", "bullet", "numbered", "quote", "heading"] as const) {
      const button = await box(he(`journal.format.${key}`))
      expect(button.x, `${key} on the screen`).toBeGreaterThanOrEqual(0)
      expect(button.x + button.width, `${key} on the screen`).toBeLessThanOrEqual(PHONE.viewport.width)
    }
    const heText = page.getByLabel(he("journal.entry.body"))
    await heText.click()
    await page.keyboard.press("Control+End")
    await page.keyboard.press("Enter")
    await heToolbar.getByRole("button", { name: he("journal.format.quote") }).click()
    await page.keyboard.type("לנשום עמוק.")
    await heToolbar.getByRole("button", { name: he("journal.format.numbered") }).click()
    expect(await heText.inputValue()).toBe(`${STEPS}\n1. לנשום עמוק.`)
    await heToolbar.getByRole("button", { name: he("journal.format.numbered") }).click()
    await heToolbar.getByRole("button", { name: he("journal.format.quote") }).click()
    expect(await heText.inputValue()).toBe(`${STEPS}\n> לנשום עמוק.`)
    await heToolbar.getByRole("button", { name: he("journal.format.preview") }).click()
    const hePreview = page.getByRole("region", { name: he("journal.format.previewTitle") })
    await expect.poll(() => hePreview.locator("blockquote").allInnerTexts()).toEqual(["Be kind to yourself.", "לנשום עמוק."])
    // Each quote's rule stands where its own words begin: left of the English one, right of the Hebrew one.
    const rules = await hePreview
      .locator("blockquote")
      .evaluateAll((quotes) =>
        quotes.map((quote) => ({ left: getComputedStyle(quote).borderLeftWidth, right: getComputedStyle(quote).borderRightWidth })),
      )
    expect(rules).toEqual([
      { left: "3px", right: "0px" },
      { left: "0px", right: "3px" },
    ])
    // The box runs in the direction of its text (it starts in English), not of the page.
    expect(await heText.evaluate((box) => getComputedStyle(box).direction)).toBe("ltr")
    await heToolbar.scrollIntoViewIfNeeded()
    await screenshot(page, "journal-toolbar-he")
    await noSeriousViolations(page, "the toolbar in Hebrew")
    await context.close()
  }, 60_000)

  it("keeps the words being typed when the session's token is renewed", async () => {
    const context = await newContext(e2e.browser, PHONE)
    const page = await context.newPage()
    // The page's clock only: the server's stays real, so the renewal is a real refresh against the node.
    await page.clock.install()
    await page.goto(`${e2e.node.url}/journal`)
    await page.getByLabel("Email").fill("participant3@demo.example")
    await page.getByLabel("Password").fill(DEMO_PASSWORD)
    await page.getByRole("button", { name: "Sign in" }).click()
    await expect.poll(() => status(page)).toContain("Synced")
    await page.getByRole("link", { name: "New entry" }).click()
    await page.getByLabel("Title").fill("Half a thought")
    await page.getByLabel("What's on your mind").fill("Still writing when the token runs out")

    // When the page took the renewed session in (two tokens issued within one second may be the same text).
    const renewedAt = () => page.evaluate(() => (JSON.parse(localStorage.getItem("studio.session.v1") ?? "{}") as { receivedAt?: number }).receivedAt)
    const before = await renewedAt()
    await page.clock.fastForward("15:00")
    await expect.poll(renewedAt, { timeout: 30_000 }).not.toBe(before)
    await expect.poll(() => status(page), { timeout: 30_000 }).toContain("Synced")
    expect(await page.getByLabel("Title").inputValue()).toBe("Half a thought")
    expect(await page.getByLabel("What's on your mind").inputValue()).toBe("Still writing when the token runs out")
    await context.close()
  }, 90_000)
})
