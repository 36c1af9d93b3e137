/**
 * What every browser test file starts with: a real node as `npm start`
 * starts it and Debian's Chromium, started before the file's tests and
 * stopped after them. `missing` says why browser tests cannot run here
 * (undefined when they can; under CI a missing browser fails instead).
 */
import type { Browser } from "playwright-core"
import { afterAll, beforeAll } from "vitest"
import { browserMissing, launchBrowser, type LaunchOptions } from "./browser.ts"
import { startNode, type RunningNode } from "./node.ts"

export interface BrowserTestEnvironment {
  readonly missing: string | undefined
  readonly node: RunningNode
  readonly browser: Browser
}

/** `nodeEnv`: settings for the node this file starts (as an operator would set them). */
export const browserTestEnvironment = (options: LaunchOptions = {}, nodeEnv: Record<string, string> = {}): BrowserTestEnvironment => {
  const missing = browserMissing()
  let node: RunningNode | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    if (missing) return
    ;[node, browser] = await Promise.all([startNode(nodeEnv), launchBrowser(options)])
  })
  afterAll(async () => {
    await browser?.close()
    await node?.stop()
  })
  return {
    missing,
    get node() {
      if (!node) throw new Error("the node starts in beforeAll: use it inside a test")
      return node
    },
    get browser() {
      if (!browser) throw new Error("the browser starts in beforeAll: use it inside a test")
      return browser
    },
  }
}
