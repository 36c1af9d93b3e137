/**
 * A canvas activity in a live session, in real browsers: the facilitator
 * opens the activity's canvas for everyone from the live room, and two
 * guests on their own screens work on it together. Each step asserts what
 * each person sees: the canvas's outline (the words a screen reader gets,
 * with each element's place) and the drawing's pixels, never only that a
 * request succeeded. On a phone, one finger draws (with the pen) or moves,
 * two fingers pan and zoom and never draw, and a member who may only look
 * gets no tools; touches are real touch events (Chromium's input domain).
 * A participant given a canvas again learns of it on the spot ("Demo Facilitator
 * shared a canvas with you — Open"); a canvas the facilitator adds as the
 * session runs reaches a guest's phone at once, and leaves it again. Boards read the session's cards only
 * once they need faces (requests counted).
 */
import type { CDPSession, Page } from "playwright-core"
import { describe, expect, it } from "vitest"
import { writeFile } from "node:fs/promises"
import { join } from "node:path"
import { PNG } from "pngjs"
import { PHONE, SCREENSHOTS, screenshot } from "../testing/browser.ts"
import { seriousViolations } from "../testing/axe.ts"
import {
  boardOutline,
  clickOnCanvas,
  dragOnCanvas,
  joinAsGuest,
  liveWithToken,
  openedCanvas,
  placeOf,
  screenPointOf,
  startCanvasSession,
  tokenOf,
  viewportOf,
} from "../testing/canvas.ts"
import { compareWithExport, elementsOfBackup } from "../testing/pixels.ts"
import { browserTestEnvironment } from "../testing/e2e.ts"
import { DEMO_PASSWORD } from "../testing/node.ts"

const e2e = browserTestEnvironment({ webgl: true })

const centreOf = async (page: Page, text: string) => {
  const place = (await placeOf(page, text))!
  return screenPointOf(page, { x: place.x + 80, y: place.y + 80 })
}

const addSticky = async (page: Page, at: { x: number; y: number }, text: string) => {
  await page.getByRole("button", { name: "Sticky note" }).click()
  await clickOnCanvas(page, at.x, at.y)
  await page.getByLabel("Text of the sticky note").fill(text)
  await page.keyboard.press("Control+Enter")
  await page.getByRole("button", { name: "Select and move" }).click()
}

type Finger = { x: number; y: number }

/** Touches as fingers make them: down together, moved together in steps, up together. */
const touch = async (cdp: CDPSession, from: Finger[], to: Finger[], steps = 10) => {
  const points = (fingers: Finger[]) => fingers.map((f, id) => ({ x: f.x, y: f.y, id, radiusX: 4, radiusY: 4, force: 0.5 }))
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: points(from) })
  for (let i = 1; i <= steps; i++) {
    const at = from.map((f, n) => ({ x: f.x + ((to[n]!.x - f.x) * i) / steps, y: f.y + ((to[n]!.y - f.y) * i) / steps }))
    await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: points(at) })
  }
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] })
}

const canvasBox = async (page: Page) => {
  await page.locator(".board-canvas canvas").scrollIntoViewIfNeeded()
  return (await page.locator(".board-canvas canvas").boundingBox())!
}

describe.skipIf(e2e.missing)("a canvas activity, together", () => {
  it("elements added, moved, connected and deleted in one browser appear in the others; locks hold in the UI and on the server; a version comes back; cards' faces are read only when needed; access revoked closes it at once, and given back is news to open or dismiss", async () => {
    const { facilitator, code } = await startCanvasSession(e2e, "facilitator@demo.example", DEMO_PASSWORD)
    const ana = await joinAsGuest(e2e, code, "Ana")
    const ben = await joinAsGuest(e2e, code, "Ben")
    const everyone: Page[] = [facilitator, ana, ben]
    // Reads of the session's cards (GET /api/sessions/:id/cards), per page: a board asks for card faces only once it needs them.
    const cardReads = new Map<Page, number>(everyone.map((page) => [page, 0]))
    for (const page of everyone)
      page.on(
        "request",
        (request) => /^\/api\/sessions\/[^/]+\/cards$/.test(new URL(request.url()).pathname) && cardReads.set(page, cardReads.get(page)! + 1),
      )
    await facilitator.getByRole("button", { name: "Open the canvas for everyone" }).click()
    for (const page of everyone) await openedCanvas(page)
    const outlines = (expected: (lines: string[]) => boolean) =>
      Promise.all(everyone.map((page) => expect.poll(async () => expected(await boardOutline(page)), { timeout: 15_000 }).toBe(true)))

    // Added in one, there in the others.
    await addSticky(ana, { x: 140, y: 200 }, "We start small")
    await addSticky(ana, { x: 560, y: 200 }, "Then we grow")
    await outlines((lines) => lines.includes("Sticky note: We start small") && lines.includes("Sticky note: Then we grow"))

    // Undone and redone by Ana, as commands: gone from every screen, then back.
    await addSticky(ana, { x: 900, y: 260 }, "Oops")
    await outlines((lines) => lines.includes("Sticky note: Oops"))
    await ana.locator(".board-canvas").focus()
    await ana.keyboard.press("Control+z")
    await outlines((lines) => !lines.includes("Sticky note: Oops"))
    await ana.keyboard.press("Control+Shift+z")
    await outlines((lines) => lines.includes("Sticky note: Oops"))

    // A picture from Ana's device: made small enough to live in the canvas, seen by everyone.
    const picture = new PNG({ width: 64, height: 48 })
    picture.data.fill(200)
    await ana.locator(".tool-file input").setInputFiles({ name: "sunrise.png", mimeType: "image/png", buffer: PNG.sync.write(picture) })
    await outlines((lines) => lines.includes("Image: sunrise"))

    // An arrow drawn up and to the right points that way (its box says which corner it starts from).
    await ana.getByRole("button", { name: "Shape", exact: true }).click()
    await ana.getByRole("button", { name: "Arrow", exact: true }).click()
    const box = (await ana.locator(".board-canvas canvas").boundingBox())!
    await dragOnCanvas(ana, { x: box.x + 1000, y: box.y + 330 }, { x: box.x + 1120, y: box.y + 250 })
    await outlines((lines) => lines.filter((line) => line === "Arrow").length === 2)
    await ana.getByRole("button", { name: "Select and move" }).click()

    // Moved by Ben: everyone sees it where he left it.
    const before = (await placeOf(ben, "We start small"))!
    const grab = await centreOf(ben, "We start small")
    await dragOnCanvas(ben, grab, { x: grab.x + 60, y: grab.y + 90 })
    const zoom = Number((await ben.locator(".board-canvas").getAttribute("data-viewport"))!.split(",")[2])
    for (const page of everyone) {
      await expect.poll(async () => (await placeOf(page, "We start small"))!.y).toBeCloseTo(before.y + 90 / zoom, 0)
    }

    // Connected by Ana with the connector tool, from one note to the other.
    await ana.getByRole("button", { name: "Connect two elements" }).click()
    await dragOnCanvas(ana, await centreOf(ana, "We start small"), await centreOf(ana, "Then we grow"))
    await outlines((lines) => lines.includes("Connector from “We start small” to “Then we grow”"))
    await ana.getByRole("button", { name: "Select and move" }).click()
    await screenshot(ana, "canvas-connected")

    // Ben comments on Ana's note; Ana reads the thread.
    await ben.mouse.click(...(Object.values(await centreOf(ben, "Then we grow")) as [number, number]))
    await ben.getByRole("button", { name: "Comments (0)" }).click()
    await ben.getByLabel("Your comment").fill("Agreed, one step at a time")
    await ben.getByRole("button", { name: "Post comment" }).click()
    await ana.mouse.click(...(Object.values(await centreOf(ana, "Then we grow")) as [number, number]))
    await ana.getByRole("button", { name: "Comments (1)" }).click()
    await expect.poll(() => ana.locator(".comment-thread").innerText()).toContain("Agreed, one step at a time")
    await ana.locator(".board-panel").getByRole("button", { name: "Close" }).click()
    await ben.locator(".board-panel").getByRole("button", { name: "Close" }).click()
    await ana.getByRole("button", { name: "Select and move" }).click()

    // Deleted by Ben: select the connector on its line, press Delete.
    const [a, b] = [await centreOf(ben, "We start small"), await centreOf(ben, "Then we grow")]
    await ben.mouse.click((a.x + b.x) / 2, (a.y + b.y) / 2)
    await expect.poll(() => ben.locator(".selection-name").innerText()).toContain("Connector from")
    await ben.keyboard.press("Delete")
    await outlines((lines) => !lines.some((line) => line.startsWith("Connector")))

    // A version: saved, a note deleted, the version restored: the note is back on every screen.
    await facilitator.getByRole("button", { name: "History" }).click()
    await facilitator.getByLabel("Name this version (optional)").fill("Before cleanup")
    await facilitator.getByRole("button", { name: "Save a version now" }).click()
    await facilitator.getByText("Before cleanup").waitFor()
    await ana.mouse.click(...(Object.values(await centreOf(ana, "We start small")) as [number, number]))
    await expect.poll(() => ana.locator(".selection-name").innerText()).toBe("Sticky note: We start small")
    await ana.keyboard.press("Delete")
    await outlines((lines) => !lines.includes("Sticky note: We start small"))
    await facilitator.locator(".version-list li", { hasText: "Before cleanup" }).getByRole("button", { name: "Restore" }).click()
    await outlines((lines) => lines.includes("Sticky note: We start small"))

    // The facilitator locks a note: it shows as locked, Ana's drag moves nothing, and the server refuses a move too.
    await facilitator.getByRole("button", { name: /^Show everything/ }).click()
    await facilitator.mouse.click(...(Object.values(await centreOf(facilitator, "Then we grow")) as [number, number]))
    await expect.poll(() => facilitator.locator(".selection-name").innerText()).toBe("Sticky note: Then we grow")
    await facilitator.getByRole("toolbar", { name: "Selection" }).getByRole("button", { name: "Lock", exact: true }).click()
    await outlines((lines) => lines.includes("Sticky note: Then we grow (locked)"))
    const lockedAt = (await placeOf(ana, "Then we grow"))!
    const lockedGrab = await centreOf(ana, "Then we grow")
    await dragOnCanvas(ana, lockedGrab, { x: lockedGrab.x - 150, y: lockedGrab.y + 40 })
    await expect.poll(() => ana.locator(".board-status").innerText()).toBe("All changes saved")
    expect(await placeOf(ana, "Then we grow")).toEqual(lockedAt)
    const canvasId = (await ana.locator("[data-testid=canvas-outline] li", { hasText: "Then we grow" }).getAttribute("data-element-id"))!
    const addr = `canvas/${(await ana.locator(".board-canvas").getAttribute("aria-describedby"))!.slice("outline-".length)}`
    const program = await liveWithToken(e2e.node.url, await tokenOf(ana))
    try {
      await expect(program.send(addr, { type: "moveElement", elementId: canvasId, x: 0, y: 0 })).rejects.toMatchObject({ code: "conflict" })
    } finally {
      program.close()
    }
    expect(await placeOf(facilitator, "Then we grow")).toEqual(lockedAt)
    // A restore would change the locked note: the facilitator's history says so, and waits.
    await expect.poll(() => facilitator.locator(".board-panel").innerText()).toContain("Some elements are locked by the facilitator")
    await screenshot(facilitator, "canvas-facilitator")

    // What the facilitator's screen shows is what the server's PNG export draws (cursors, selection and map put away first).
    await facilitator.getByRole("button", { name: "Unlock", exact: true }).click()
    await facilitator.locator(".board-canvas").focus()
    await facilitator.keyboard.press("Escape")
    await expect.poll(() => facilitator.locator(".selection-name").count()).toBe(0)
    await facilitator.getByLabel("Map").uncheck()
    await facilitator.getByRole("button", { name: /^People/ }).click()
    await facilitator.getByLabel("Show others' cursors and selections").uncheck()
    await facilitator.getByRole("button", { name: /^Show everything/ }).click()
    await facilitator.getByRole("button", { name: "Zoom in" }).click()
    await facilitator.getByRole("button", { name: "Zoom in" }).click()
    await expect.poll(() => facilitator.locator(".board-status").innerText()).toBe("All changes saved")
    const token = await tokenOf(facilitator)
    const exported = async (format: string) =>
      Buffer.from(
        await (
          await fetch(`${e2e.node.url}/api/canvases/${addr.slice("canvas/".length)}/export?format=${format}`, {
            headers: { authorization: `Bearer ${token}` },
          })
        ).arrayBuffer(),
      )
    const elements = elementsOfBackup(JSON.parse((await exported("json")).toString()))
    const comparison = compareWithExport(
      await facilitator.locator(".board-canvas canvas").screenshot(),
      await viewportOf(facilitator),
      await exported("png"),
      elements,
    )
    await writeFile(join(SCREENSHOTS, "canvas-screen-vs-export-diff.png"), comparison.diff)
    console.log(
      `[canvas pixels] ${comparison.width}x${comparison.height} compared, ${comparison.ink} ink pixels, ${comparison.different} differ (${((100 * comparison.different) / comparison.ink).toFixed(1)}% of ink)`,
    )
    expect(comparison.ink).toBeGreaterThan(2_000)
    expect(comparison.different / comparison.ink).toBeLessThan(0.1)

    // Cards: nobody's board has read the session's cards so far (no card on it, no Cards panel open).
    expect([...cardReads.values()]).toEqual([0, 0, 0])
    // The facilitator deals a face-up spread (the live room deals only in a card activity: here, as a program would), opens the Cards panel
    // (the first read), and puts a card on the canvas: every screen reads the faces then, and says the card's question with its word.
    const sessionAddr = `session/${new URL(facilitator.url()).pathname.split("/").pop()}`
    const dealer = await liveWithToken(e2e.node.url, token)
    try {
      const session = dealer.subscribe<{ decks: { deckId: string; tier: string }[] }>(sessionAddr, {
        init: (snapshot) => snapshot as never,
        apply: (state) => state,
      })
      await session.ready()
      const deck = session.state()!.decks.find((d) => d.tier === "free") ?? session.state()!.decks[0]!
      await dealer.send(sessionAddr, { type: "drawCards", deckId: deck.deckId, count: 3, faceDown: false, picksPerPerson: 0 })
    } finally {
      dealer.close()
    }
    await facilitator.getByRole("button", { name: "Cards", exact: true }).click()
    await expect.poll(() => cardReads.get(facilitator)).toBe(1)
    const dealt = facilitator.locator(".board-cards li").first()
    await dealt.waitFor({ timeout: 15_000 })
    const word = await dealt.locator(".board-card-word").innerText()
    const question = await dealt.locator(".board-card-question").innerText()
    expect(question.length).toBeGreaterThan(0)
    await dealt.getByRole("button", { name: `Add the card ${word}` }).click()
    await facilitator.locator(".board-panel").getByRole("button", { name: "Close" }).click()
    await outlines((lines) => lines.includes(`Card: ${word}. ${question}`))
    // Close enough to read it (the card went in the middle of the view, which zooming keeps there).
    await facilitator.locator(".board-canvas").focus()
    await facilitator.keyboard.press("Escape")
    for (let i = 0; i < 2; i++) await facilitator.getByRole("button", { name: "Zoom in" }).click()
    await facilitator.locator(".board-canvas canvas").screenshot({ path: join(SCREENSHOTS, "canvas-card-question.png") })
    expect(cardReads.get(ana)).toBeGreaterThan(0)
    expect(cardReads.get(ben)).toBeGreaterThan(0)

    // Ben's access revoked: his canvas closes at once; Ana's stays.
    await facilitator.getByRole("button", { name: "Share" }).click()
    await facilitator.locator(".share-list").getByLabel("Ben").selectOption("none")
    await expect.poll(() => ben.locator(".board").innerText()).toContain("You do not have access to this canvas")
    expect(await ben.locator("[data-testid=canvas-outline]").count()).toBe(0)
    expect(await boardOutline(ana)).toContain("Sticky note: We start small")

    // Ana finds the session's canvases shared with her in a list of her own (the read model, as a guest may read it).
    await ana.getByText("Canvases shared with you").click()
    await expect
      .poll(
        async () => {
          await ana.getByRole("button", { name: "Look again" }).click()
          return ana
            .locator(".session-canvas-list")
            .innerText()
            .catch(() => "")
        },
        { timeout: 15_000 },
      )
      .toContain("Weather report")

    // Made private: nobody it was shared with sees it any more.
    await facilitator.getByLabel("Only me (facilitators can look in)").check()
    await expect.poll(() => ana.locator(".board").innerText()).toContain("You do not have access to this canvas")
    expect(await ana.locator("[data-testid=canvas-outline]").count()).toBe(0)

    // Shared again, with Ben given his access back: each learns of it where they are, and may open it or put the news away.
    // First their lists show it gone (they look again by themselves once a board lost its access): what comes back after is news.
    const noneShared = "No other canvas of this session is shared with you yet."
    await ben.getByText("Canvases shared with you").click()
    for (const page of [ana, ben]) await expect.poll(() => page.locator(".session-canvases").innerText(), { timeout: 30_000 }).toContain(noneShared)
    await facilitator.getByLabel("The people I choose").check()
    await facilitator.locator(".share-list").getByLabel("Ben").selectOption("edit")
    const notice = (page: Page) => page.getByRole("status").filter({ hasText: "Demo Facilitator shared a canvas with you" })
    for (const page of [ana, ben]) {
      await notice(page).waitFor({ timeout: 30_000 })
      expect(await notice(page).innerText()).toContain("Weather report")
      expect(await notice(page).getAttribute("aria-live")).toBe("polite")
    }
    await screenshot(ben, "canvas-shared-notice")
    expect(await seriousViolations(ben), "axe: a participant with the news of a shared canvas").toEqual([])
    // Ana opens it: her canvas is back, and the news gone.
    await notice(ana).getByRole("button", { name: "Open", exact: true }).click()
    await expect.poll(() => boardOutline(ana), { timeout: 15_000 }).toContain("Sticky note: We start small")
    await expect.poll(() => ana.locator(".shared-notice").count()).toBe(0)
    // Ben puts the news away: it goes, and the canvas waits in his list.
    await notice(ben).getByRole("button", { name: "Dismiss", exact: true }).click()
    await expect.poll(() => ben.locator(".shared-notice").count()).toBe(0)
    expect(await ben.locator(".session-canvas-list").innerText()).toContain("Weather report")
  }, 240_000)

  it("one finger draws, two fingers pan and zoom without drawing, and a view-only member has no tools", async () => {
    const { facilitator, code } = await startCanvasSession(e2e, "facilitator@demo.example", DEMO_PASSWORD)
    const phone = await joinAsGuest(e2e, code, "Noa", PHONE)
    await facilitator.getByRole("button", { name: "Open the canvas for everyone" }).click()
    await openedCanvas(facilitator)
    await openedCanvas(phone)
    const cdp = await phone.context().newCDPSession(phone)
    const drawings = async (page: Page) => (await boardOutline(page)).filter((line) => line === "Drawing").length

    // One finger with the pen: a stroke, on the facilitator's canvas too.
    await phone.getByRole("button", { name: "Draw" }).click()
    let box = await canvasBox(phone)
    await touch(cdp, [{ x: box.x + 60, y: box.y + 60 }], [{ x: box.x + 200, y: box.y + 140 }])
    await expect.poll(() => drawings(facilitator)).toBe(1)

    // Two fingers apart: zoomed in around them, nothing drawn.
    const before = await viewportOf(phone)
    box = await canvasBox(phone)
    const mid = { x: box.x + box.width / 2, y: box.y + box.height / 2 }
    await touch(
      cdp,
      [
        { x: mid.x - 30, y: mid.y },
        { x: mid.x + 30, y: mid.y },
      ],
      [
        { x: mid.x - 90, y: mid.y + 20 },
        { x: mid.x + 90, y: mid.y + 20 },
      ],
    )
    await expect.poll(async () => (await viewportOf(phone)).zoom).toBeGreaterThan(before.zoom * 2)
    expect(await drawings(phone)).toBe(1)
    expect(await drawings(facilitator)).toBe(1)
    // Nothing on the phone scrolls sideways: the one-row toolbar scrolls within itself.
    expect(await phone.evaluate("document.documentElement.scrollWidth <= innerWidth && innerWidth === 360")).toBe(true)
    await screenshot(phone, "canvas-phone")
    expect(await seriousViolations(phone), "axe: the canvas on a phone").toEqual([])

    // Given view access only: the tools go, the canvas stays.
    await facilitator.getByRole("button", { name: "Share" }).click()
    await facilitator.locator(".share-list").getByLabel("Noa").selectOption("view")
    await expect.poll(() => phone.locator(".board-top").innerText()).toContain("View only")
    expect(await phone.getByRole("toolbar", { name: "Tools" }).count()).toBe(0)
    expect(await drawings(phone)).toBe(1)
    expect(await seriousViolations(facilitator), "axe: the live room with a canvas").toEqual([])

    // A canvas added as the session runs: made for the session, so the guest may be given it, and is brought to it at once.
    await facilitator.getByRole("button", { name: "New canvas" }).click()
    const dialog = facilitator.getByRole("dialog", { name: "A new canvas for everyone" })
    await dialog.getByLabel("Title").fill("Parking lot")
    await dialog.getByLabel("Blank canvas").check()
    await screenshot(facilitator, "console-live-room-canvas-dialog")
    expect(await seriousViolations(facilitator), "axe: the new canvas dialog in the live room").toEqual([])
    await dialog.getByRole("button", { name: "Create and bring everyone" }).click()
    await dialog.waitFor({ state: "hidden" })
    const parkingLot = phone.locator(".board", { hasText: "Parking lot" })
    await parkingLot.waitFor({ timeout: 30_000 })
    // Every member may edit it (the activity's canvas left this guest view only), and what the room adds reaches the phone.
    expect(await parkingLot.getByRole("toolbar", { name: "Tools" }).count()).toBe(1)
    await addSticky(facilitator, { x: 200, y: 160 }, "Ask about budgets")
    await expect.poll(() => boardOutline(phone), { timeout: 15_000 }).toContain("Sticky note: Ask about budgets")
    await screenshot(facilitator, "console-live-room-canvas")
    await screenshot(phone, "participant-room-canvas")

    // Back to the plan: the parking lot leaves the phone.
    await facilitator.getByRole("button", { name: "Back to the activity" }).click()
    await expect.poll(() => parkingLot.count(), { timeout: 15_000 }).toBe(0)
  }, 150_000)
})
