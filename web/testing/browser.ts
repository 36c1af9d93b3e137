/**
 * Debian's Chromium driven by playwright-core, as a person would use Studio:
 * a laptop for the facilitator, a phone for a participant, each in its own
 * browser context (its own storage, its own socket). Never a browser
 * download: the executable is /usr/bin/chromium, installed by .ci/run.
 */
import { existsSync } from "node:fs"
import { mkdir } from "node:fs/promises"
import { join } from "node:path"
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core"

export const CHROMIUM = "/usr/bin/chromium"

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
]

/** Why browser tests cannot run here, or undefined when they can. Under CI a missing browser is a failure, not a skip. */
export const browserMissing = (): string | undefined => {
  if (existsSync(CHROMIUM)) return undefined
  const reason = `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`
  if (process.env["CI"]) throw new Error(reason)
  return reason
}

/** Software WebGL for pixi.js: headless Chromium only offers SwiftShader's WebGL when asked to, since Chrome 139. */
const WEBGL_FLAGS = ["--enable-unsafe-swiftshader", "--use-angle=swiftshader"]

export interface LaunchOptions {
  /** WebGL through SwiftShader (the canvas scene's tests and benches); off by default. */
  readonly webgl?: boolean
}

export const launchBrowser = (options: LaunchOptions = {}): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM, args: options.webgl ? [...FLAGS, ...WEBGL_FLAGS] : FLAGS })

export const PHONE = { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } as const
export const LAPTOP = { viewport: { width: 1366, height: 768 } } as const

export const newContext = (browser: Browser, device: typeof PHONE | typeof LAPTOP, locale = "en-US"): Promise<BrowserContext> =>
  browser.newContext({ ...device, locale })

/** Where the browser tests keep their screenshots, for a person to look at. */
export const SCREENSHOTS = join(new URL("..", import.meta.url).pathname, "screenshots")

export const screenshot = async (page: Page, name: string): Promise<string> => {
  await mkdir(SCREENSHOTS, { recursive: true })
  const path = join(SCREENSHOTS, `${name}.png`)
  await page.screenshot({ path, fullPage: false })
  return path
}
