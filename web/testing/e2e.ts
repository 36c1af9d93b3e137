/**
 * What every browser test file starts with: a real node as `npm start`
 * starts it and Debian's Chromium. `missing` says why browser tests cannot
 * run here (undefined when they can; under CI a missing browser fails
 * instead).
 *
 * A node takes seconds to start and a browser about one, so the files that
 * run in one test worker share one node (its demo organizations) and one
 * browser per launch flavour; each file closes the browser contexts it
 * opened, and works in its own sessions, canvases and entries (an empty
 * state is shown with an organization no other file signs in to). A file
 * that sets the node's environment gets a node of its own, stopped after
 * its tests. Shared ones end with the worker.
 */
import type { Browser, Page } from "playwright-core"
import { afterAll, beforeAll } from "vitest"
import { browserMissing, LAPTOP, launchBrowser, newContext, type LaunchOptions } from "./browser.ts"
import { DEMO_PASSWORD, startNode, type RunningNode } from "./node.ts"

export interface BrowserTestEnvironment {
  readonly missing: string | undefined
  readonly node: RunningNode
  readonly browser: Browser
}

/**
 * A node and a browser start together in about 10 s here; the first browser files of a run start beside the bench
 * smoke and each other, and with two CPU burners on 2 cores that passed the 60 s default.
 */
const START_MS = 180_000

let sharedNode: Promise<RunningNode> | undefined
const sharedBrowsers = new Map<string, Promise<Browser>>()

const workerNode = (): Promise<RunningNode> => {
  if (!sharedNode) {
    sharedNode = startNode()
    sharedNode.then(
      (node) => process.once("exit", () => node.killNow()),
      () => (sharedNode = undefined),
    )
  }
  return sharedNode
}

// Playwright closes the browsers it launched when this process exits.
const workerBrowser = (options: LaunchOptions): Promise<Browser> => {
  const flavour = options.webgl ? "webgl" : "plain"
  let browser = sharedBrowsers.get(flavour)
  if (!browser) {
    browser = launchBrowser(options)
    browser.catch(() => sharedBrowsers.delete(flavour))
    sharedBrowsers.set(flavour, browser)
  }
  return browser
}

/** `nodeEnv`: settings for a node of this file's own (as an operator would set them). */
export const browserTestEnvironment = (options: LaunchOptions = {}, nodeEnv: Record<string, string> = {}): BrowserTestEnvironment => {
  const missing = browserMissing()
  const ownNode = Object.keys(nodeEnv).length > 0
  let node: RunningNode | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    if (missing) return
    ;[node, browser] = await Promise.all([ownNode ? startNode(nodeEnv) : workerNode(), workerBrowser(options)])
  }, START_MS)
  afterAll(async () => {
    await Promise.all(browser?.contexts().map((context) => context.close()) ?? [])
    if (ownNode) await node?.stop()
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

/** The demo facilitator signed in to the console on a laptop, as a person does it: a page on the sessions screen. */
export const facilitatorSignedIn = async (env: BrowserTestEnvironment): Promise<Page> => {
  const page = await (await newContext(env.browser, LAPTOP)).newPage()
  await page.goto(env.node.url)
  await page.getByLabel("Email").fill("facilitator@demo.example")
  await page.getByLabel("Password").fill(DEMO_PASSWORD)
  await page.getByRole("button", { name: "Sign in", exact: true }).click()
  await page.getByRole("button", { name: "Sign out" }).waitFor()
  return page
}
