/**
 * An axe-core scan of the page a test is on, as the accessibility budget asks:
 * no serious or critical violation. axe-core's browser build is evaluated in
 * the page (through the DevTools protocol, which the page's CSP does not
 * govern); @axe-core/playwright needs Node 22.
 */
import { readFile } from "node:fs/promises"
import { createRequire } from "node:module"
import type { Page } from "playwright-core"

const axeSource = readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8")

export interface AxeViolation {
  readonly id: string
  readonly impact: string | null
  readonly help: string
  readonly targets: readonly string[]
}

/** Serious and critical violations on the page as it is now (WCAG 2.1 A and AA rules). */
export const seriousViolations = async (page: Page): Promise<AxeViolation[]> => {
  await page.evaluate(await axeSource)
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(
            context: Document,
            options: object,
          ): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }> }>
        }
      }
    ).axe
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) }))
  })
}
