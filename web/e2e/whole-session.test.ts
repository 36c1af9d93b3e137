/**
 * A whole session in Debian's Chromium against a real node started as
 * `npm start` starts it: a facilitator on a laptop runs a journey from a
 * template with three participants in their own browser contexts (two
 * guests on phones, one signed in with an account), through the four phases: a face-down deal with private picks
 * and the reveal, the timer, breakouts and the call-back, an anonymous dot vote, one
 * participant's network cut and restored mid-activity without losing a
 * pick, and the recap PDF downloaded. Each step checks what each
 * person sees.
 */
import type { Browser, BrowserContext, Page } from "playwright-core"
import { PDFDocument } from "pdf-lib"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { seriousViolations } from "../testing/axe.ts"
import { browserMissing, LAPTOP, launchBrowser, newContext, PHONE, screenshot } from "../testing/browser.ts"
import { DEMO_PASSWORD, startNode, type RunningNode } from "../testing/node.ts"

const missing = browserMissing()
let node: RunningNode
let browser: Browser

beforeAll(async () => {
  if (missing) return
  ;[node, browser] = await Promise.all([startNode(), launchBrowser()])
})
afterAll(async () => {
  await browser?.close()
  await node?.stop()
})

const text = (page: Page) => page.locator("body").innerText()
const TITLE = "Goal-setting workshop"

const joinAs = async (context: BrowserContext, code: string, name: string): Promise<Page> => {
  const page = await context.newPage()
  await page.goto(`${node.url}/j/${code}`)
  await page.getByLabel("Your name").fill(name)
  await page.getByRole("button", { name: "Join" }).click()
  await expect.poll(() => text(page)).toContain("You're in")
  return page
}

/** A participant with an account: the join page's "I have an account", then the same session under their own name. */
const signInAndJoin = async (context: BrowserContext, code: string, email: string): Promise<Page> => {
  const page = await context.newPage()
  await page.goto(`${node.url}/j/${code}`)
  await page.getByRole("button", { name: "I have an account" }).click()
  await page.getByLabel("Email").fill(email)
  await page.getByLabel("Password").fill(DEMO_PASSWORD)
  await page.getByRole("button", { name: "Sign in and join" }).click()
  await expect.poll(() => text(page)).toContain("You're in")
  return page
}

describe.skipIf(missing)("a whole session in the browser", () => {
  it("a facilitator and three participants run a journey from a template, start to recap", async () => {
    const laptop = await newContext(browser, LAPTOP)
    const facilitator = await laptop.newPage()
    await facilitator.goto(node.url)
    await facilitator.getByLabel("Email").fill("facilitator@demo.example")
    await facilitator.getByLabel("Password").fill(DEMO_PASSWORD)
    await facilitator.getByRole("button", { name: "Sign in" }).first().click()
    await expect.poll(() => text(facilitator)).toContain("Your sessions")
    expect(await seriousViolations(facilitator), "axe on the console home").toEqual([])
    await screenshot(facilitator, "console-home")

    // Adapt the template first: its dot vote becomes anonymous, saved as the facilitator's own journey, then started.
    await facilitator.getByRole("link", { name: `Adapt first: ${TITLE}` }).or(facilitator.getByRole("button", { name: `Adapt first: ${TITLE}` })).first().click()
    await facilitator.getByRole("button", { name: "Edit Which goals first" }).first().click()
    await facilitator.getByRole("dialog").getByLabel("Anonymous (nobody sees who voted what)").check()
    await facilitator.getByRole("dialog").getByRole("button", { name: "Done" }).click()
    await facilitator.getByRole("button", { name: "Save the journey" }).first().click()
    await expect.poll(() => text(facilitator)).toContain("Journey saved as version 1.")
    await screenshot(facilitator, "console-journey-builder")
    await facilitator.getByRole("button", { name: "Start session" }).first().click()
    await expect.poll(() => text(facilitator)).toContain("Waiting for people to join")
    const spelled = await facilitator.locator(".join-code").getAttribute("aria-label")
    const code = spelled!.replace(/^Join code: /, "").replace(/ /g, "")
    expect(code).toMatch(/^[A-Z0-9]{6}$/)

    // Three participants: a guest on a phone, two more in their own contexts.
    const phoneContext = await newContext(browser, PHONE)
    const otherContexts = await Promise.all([newContext(browser, PHONE), newContext(browser, PHONE)])
    const phone = await joinAs(phoneContext, code, "Dana")
    const others = await Promise.all([joinAs(otherContexts[0]!, code, "Eli"), signInAndJoin(otherContexts[1]!, code, "participant1@demo.example")])
    const participants = [phone, ...others]
    await expect.poll(() => text(facilitator)).toContain("3 people have joined")
    // Each open screen reports itself (presence): all three are connected, nobody marked as not.
    await expect.poll(() => facilitator.locator(".visually-hidden", { hasText: /^connected$/ }).count()).toBe(3)
    expect(await facilitator.locator(".chip", { hasText: "Not connected" }).count()).toBe(0)

    // Pause: a card draw, dealt face down here.
    await facilitator.getByRole("button", { name: "Start with Pause" }).first().click()
    for (const p of participants) await expect.poll(() => p.locator(".phase").innerText()).toBe("Pause")
    await facilitator.getByLabel("Face down (nobody sees the cards until the reveal)").check()
    await facilitator.getByLabel("Cards to deal").fill("6")
    await facilitator.getByRole("button", { name: "Deal 6 cards face down" }).first().click()
    for (const p of participants) await expect.poll(() => p.getByRole("button", { name: /Face-down card/ }).count()).toBe(6)

    // The phone's network drops mid-activity; its pick waits, and arrives when the network is back.
    await phoneContext.setOffline(true)
    await phone.getByRole("button", { name: "Face-down card 3" }).click()
    // The phone's screen stops reporting: within seconds the facilitator sees it is not connected.
    await expect.poll(() => facilitator.locator(".chip", { hasText: "Not connected" }).count(), { timeout: 30_000, message: "the facilitator sees the phone drop" }).toBe(1)
    await others[0]!.getByRole("button", { name: "Face-down card 1" }).click()
    await others[1]!.getByRole("button", { name: "Face-down card 5" }).click()
    await expect.poll(() => text(facilitator)).toContain("2 of 3 picked")
    await phoneContext.setOffline(false)
    await expect.poll(() => text(facilitator)).toContain("3 of 3 picked")
    await expect.poll(() => facilitator.locator(".chip", { hasText: "Not connected" }).count(), { message: "connected again" }).toBe(0)
    await screenshot(facilitator, "console-live-room")
    await facilitator.getByRole("button", { name: "Reveal all" }).first().click()
    for (const p of participants) await expect.poll(() => text(p)).toContain("Revealed")

    // Expand: breakouts of three, then everyone back.
    await facilitator.getByRole("button", { name: "Next phase: Expand" }).first().click()
    for (const p of participants) await expect.poll(() => p.locator(".phase").innerText()).toBe("Expand")
    await facilitator.getByRole("button", { name: "Start breakouts" }).first().click()
    for (const p of participants) await expect.poll(() => text(p)).toMatch(/Breakout: /)
    await facilitator.getByRole("button", { name: /call everyone back/i }).first().click()
    for (const p of participants) await expect.poll(() => text(p)).toContain("Everyone is back together.")

    // The timer: everyone sees the same time left, and a minute added.
    await facilitator.getByRole("button", { name: /Start the timer/ }).first().click()
    for (const p of participants) await expect.poll(() => p.getByRole("timer").innerText()).toMatch(/left/)
    await facilitator.getByRole("button", { name: "+1 min" }).first().click()

    // Focus: the canvas (not in Studio yet), then the anonymous poll.
    await facilitator.getByRole("button", { name: "Next phase: Focus" }).first().click()
    for (const p of participants) await expect.poll(() => p.locator(".phase").innerText()).toBe("Focus")
    await facilitator.getByRole("button", { name: "Next activity" }).first().click()
    await facilitator.getByRole("button", { name: "Open the poll" }).first().click()
    // An anonymous dot vote: two dots each, placed by tapping options.
    for (const [i, p] of participants.entries()) {
      await expect.poll(() => text(p)).toContain("Which goals should the team carry first?")
      await expect.poll(() => text(p)).toContain("Anonymous: no one sees your vote.")
      const option = ["Goal A", "Goal B", "Goal C"][i]!
      await p.getByRole("button", { name: new RegExp(`^${option}`) }).click()
      await p.getByRole("button", { name: new RegExp(`^${option}`) }).click()
      await p.getByRole("button", { name: "Vote" }).click()
      await expect.poll(() => text(p)).toContain("Your vote is in.")
    }
    await expect.poll(() => text(facilitator)).toContain("3 of 3 voted")
    await facilitator.getByRole("button", { name: "Close the poll" }).first().click()
    for (const p of participants) await expect.poll(() => text(p)).toContain("Results")
    await screenshot(phone, "participant-session-results")

    // Doing, then the end and the recap with its PDF.
    await facilitator.getByRole("button", { name: "Next phase: Doing" }).first().click()
    for (const p of participants) await expect.poll(() => p.locator(".phase").innerText()).toBe("Doing")
    // The journal prompt: the member writes into their own journal; a guest is told journals need an account.
    await facilitator.getByRole("button", { name: "Next activity" }).first().click()
    const member = others[1]!
    await expect.poll(() => text(member)).toContain("Write your goal as if it were already done.")
    await member.getByLabel("Your answer").fill("The team ships the new onboarding by March.")
    await member.getByRole("button", { name: "Save to my journal" }).click()
    await expect.poll(() => text(member)).toContain("Saved to your journal.")
    await expect.poll(() => text(phone)).toContain("Journals are kept for people with an account.")
    await facilitator.getByRole("button", { name: "End session" }).first().click()
    await facilitator.getByRole("dialog").getByRole("button", { name: "End session" }).click()
    for (const p of participants) await expect.poll(() => text(p)).toContain("The session has ended")
    // Ending opens the recap.
    await expect.poll(() => text(facilitator)).toContain("Who came (3)")
    await expect.poll(() => text(facilitator)).toContain("Dana")
    const [download] = await Promise.all([facilitator.waitForEvent("download"), facilitator.getByRole("button", { name: /PDF/ }).click()])
    const pdf = await PDFDocument.load(await (await import("node:fs/promises")).readFile((await download.path())!))
    expect(pdf.getPageCount()).toBeGreaterThan(0)
    await screenshot(facilitator, "console-recap")

    for (const context of [laptop, phoneContext, ...otherContexts]) await context.close()
  })

  it("in Hebrew the console mirrors: right to left from sign-in to the sessions page", async () => {
    const laptop = await newContext(browser, LAPTOP, "he-IL")
    const page = await laptop.newPage()
    await page.goto(node.url)
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe("rtl")
    expect(await seriousViolations(page), "axe on the Hebrew sign-in page").toEqual([])
    await page.getByLabel("דוא״ל").fill("facilitator@demo.example")
    await page.getByLabel("סיסמה").fill(DEMO_PASSWORD)
    await page.getByRole("button", { name: "כניסה" }).click()
    await page.getByRole("button", { name: /^התחלת מפגש/ }).first().waitFor()
    // The brand sits at the start of the bar, which in Hebrew is the right.
    const brand = await page.getByText("Studio", { exact: true }).first().boundingBox()
    expect(brand!.x).toBeGreaterThan(LAPTOP.viewport.width / 2)
    expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth), "no sideways scrolling").toBe(false)
    expect(await seriousViolations(page), "axe on the Hebrew sessions page").toEqual([])
    await screenshot(page, "console-home-he")
    await laptop.close()
  })
})
