/**
 * The canvas on a phone: one finger draws (with the pen) or moves (with the
 * select tool), two fingers pan and zoom and never draw; a member who may
 * only look gets no tools. Touches are real touch events (Chromium's input
 * domain), as a finger makes them.
 */
import type { CDPSession, Page } from "playwright-core"
import { describe, expect, it } from "vitest"
import { PHONE, screenshot } from "../testing/browser.ts"
import { seriousViolations } from "../testing/axe.ts"
import { boardOutline, joinAsGuest, openedCanvas, startCanvasSession, viewportOf } from "../testing/canvas.ts"
import { browserTestEnvironment } from "../testing/e2e.ts"
import { DEMO_PASSWORD } from "../testing/node.ts"

const e2e = browserTestEnvironment({ webgl: true })

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

describe.skipIf(e2e.missing)("the canvas on a phone", () => {
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
    await touch(cdp, [{ x: mid.x - 30, y: mid.y }, { x: mid.x + 30, y: mid.y }], [{ x: mid.x - 90, y: mid.y + 20 }, { x: mid.x + 90, y: mid.y + 20 }])
    await expect.poll(async () => (await viewportOf(phone)).zoom).toBeGreaterThan(before.zoom * 2)
    expect(await drawings(phone)).toBe(1)
    expect(await drawings(facilitator)).toBe(1)
    await screenshot(phone, "canvas-phone")
    expect(await seriousViolations(phone), "axe: the canvas on a phone").toEqual([])

    // Given view access only: the tools go, the canvas stays.
    await facilitator.getByRole("button", { name: "Share" }).click()
    await facilitator.locator(".share-list").getByLabel("Noa").selectOption("view")
    await expect.poll(() => phone.locator(".board-top").innerText()).toContain("View only")
    expect(await phone.getByRole("toolbar", { name: "Tools" }).count()).toBe(0)
    expect(await drawings(phone)).toBe(1)
    expect(await seriousViolations(facilitator), "axe: the live room with a canvas").toEqual([])
  }, 150_000)
})
