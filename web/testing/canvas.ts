/**
 * Canvas browser tests' steps, as a person takes them: a facilitator starts
 * a session whose first activity is a canvas, guests join by code, and each
 * works on the canvas with the mouse. What a person sees of a canvas is read
 * from its outline (the words a screen reader gets, with each element's
 * place) and from its pixels.
 */
import type { Page } from "playwright-core"
import { expect } from "vitest"
import { LAPTOP, newContext, type PHONE } from "./browser.ts"
import type { BrowserTestEnvironment } from "./e2e.ts"

/** A journey template whose first activity (Pause) is a canvas. */
export const CANVAS_TEMPLATE = "Wellbeing check-in"

const bodyText = (page: Page) => page.locator("body").innerText()

/** Signs in on a laptop, starts a session from the canvas template and its first phase; returns the page and the join code. */
export const startCanvasSession = async (
  e2e: BrowserTestEnvironment,
  email: string,
  password: string,
): Promise<{ facilitator: Page; code: string }> => {
  const facilitator = await (await newContext(e2e.browser, LAPTOP)).newPage()
  await facilitator.goto(e2e.node.url)
  await facilitator.getByLabel("Email").fill(email)
  await facilitator.getByLabel("Password").fill(password)
  await facilitator.getByRole("button", { name: "Sign in", exact: true }).click()
  await facilitator
    .getByRole("button", { name: `Start session: ${CANVAS_TEMPLATE}` })
    .first()
    .click()
  await expect.poll(() => facilitator.url(), { timeout: 30_000 }).toMatch(/\/sessions\/[^/]+$/)
  const spelled = await facilitator.locator(".join-code").getAttribute("aria-label")
  const code = spelled!.replace(/^[^:]*:\s*/, "").replace(/ /g, "")
  await facilitator.getByRole("region", { name: "Current activity" }).getByRole("button", { name: "Start with Pause" }).click()
  await expect.poll(() => bodyText(facilitator)).toContain("Open the canvas for everyone")
  return { facilitator, code }
}

/** A guest joins by code with a name (on a laptop unless a phone is given) and waits in the session. */
export const joinAsGuest = async (
  e2e: BrowserTestEnvironment,
  code: string,
  name: string,
  device: typeof LAPTOP | typeof PHONE = LAPTOP,
): Promise<Page> => {
  const page = await (await newContext(e2e.browser, device)).newPage()
  await page.goto(`${e2e.node.url}/j/${code}`)
  await page.getByLabel("Your name").fill(name)
  await page.getByRole("button", { name: "Join", exact: true }).click()
  await expect.poll(() => bodyText(page)).toMatch(/Weather report|The facilitator will open the canvas/)
  return page
}

/** Waits until the canvas is open on the page and pixi has drawn its first frame. */
export const openedCanvas = async (page: Page): Promise<void> => {
  await page.locator(".board-canvas canvas").waitFor({ timeout: 60_000 })
  await page.locator(".board-canvas[data-viewport]").waitFor()
}

/** The canvas's outline as a screen reader reads it: one line per element, in drawing order. */
export const boardOutline = (page: Page): Promise<string[]> => page.locator("[data-testid=canvas-outline] li").allInnerTexts()

/** Where an element (found by its outline text) is placed, in world coordinates. */
export const placeOf = async (page: Page, text: string): Promise<{ x: number; y: number } | undefined> => {
  const item = page.locator("[data-testid=canvas-outline] li", { hasText: text }).first()
  if ((await item.count()) === 0) return undefined
  const [x, y] = ((await item.getAttribute("data-place")) ?? "").split(",").map(Number)
  return { x: x!, y: y! }
}

/** The page's view of the canvas: the world point at its top-left and the zoom. */
export const viewportOf = async (page: Page): Promise<{ x: number; y: number; zoom: number }> => {
  const [x, y, zoom] = ((await page.locator(".board-canvas").getAttribute("data-viewport")) ?? "").split(",").map(Number)
  return { x: x!, y: y!, zoom: zoom! }
}

/** A world point on the page's screen (page coordinates, for the mouse). */
export const screenPointOf = async (page: Page, world: { x: number; y: number }): Promise<{ x: number; y: number }> => {
  await page.locator(".board-canvas canvas").scrollIntoViewIfNeeded()
  const box = (await page.locator(".board-canvas canvas").boundingBox())!
  const view = await viewportOf(page)
  return { x: box.x + (world.x - view.x) * view.zoom, y: box.y + (world.y - view.y) * view.zoom }
}

/** Clicks at a point of the canvas element (CSS pixels from its top-left). */
export const clickOnCanvas = async (page: Page, x: number, y: number): Promise<void> => {
  await page.locator(".board-canvas canvas").scrollIntoViewIfNeeded()
  const box = (await page.locator(".board-canvas canvas").boundingBox())!
  await page.mouse.click(box.x + x, box.y + y)
}

/** Presses at one page point, moves in steps, and lets go at another, as a hand would. */
export const dragOnCanvas = async (page: Page, from: { x: number; y: number }, to: { x: number; y: number }, steps = 12): Promise<void> => {
  await page.mouse.move(from.x, from.y)
  await page.mouse.down()
  await page.mouse.move(to.x, to.y, { steps })
  await page.mouse.up()
}

/** The token this page's tab signed in or joined with (kept in its sessionStorage by the client module). */
export const tokenOf = async (page: Page): Promise<string> => {
  const stored = await page.evaluate('sessionStorage.getItem("studio.session.v1")')
  return (JSON.parse(String(stored)) as { token: string }).token
}

/** The live protocol as a program speaks it, with a page's identity: for what the UI will not let a person try. */
export const liveWithToken = async (nodeUrl: string, token: string) => {
  const { default: WebSocket } = await import("ws")
  const { createLive } = await import("../src/client/index.ts")
  return createLive({
    url: `${nodeUrl.replace(/^http/, "ws")}/live`,
    WebSocket: WebSocket as never,
    auth: { token: () => token, refresh: async () => token, onToken: () => () => {} },
    heartbeatMs: 0,
  })
}
