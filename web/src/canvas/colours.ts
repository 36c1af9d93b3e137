/**
 * Colours on a canvas: the palettes the tools offer (each with a name, so
 * a colour is never the only way to tell things apart) and one colour per
 * member for cursors and selections, the same on every screen.
 */
import type { MessageKey } from "../i18n/i18n.ts"

export interface Swatch {
  readonly value: string
  readonly name: MessageKey
}

export const STICKY_COLOURS: readonly Swatch[] = [
  { value: "#fff3a3", name: "canvas.colour.yellow" },
  { value: "#ffd6a5", name: "canvas.colour.orange" },
  { value: "#ffc9de", name: "canvas.colour.pink" },
  { value: "#cdeccd", name: "canvas.colour.green" },
  { value: "#c7e3f7", name: "canvas.colour.blue" },
  { value: "#e0d4f7", name: "canvas.colour.purple" },
]

export const INK_COLOURS: readonly Swatch[] = [
  { value: "#1f2933", name: "canvas.colour.black" },
  { value: "#c0392b", name: "canvas.colour.red" },
  { value: "#1f6fb2", name: "canvas.colour.blue" },
  { value: "#2e7d32", name: "canvas.colour.green" },
  { value: "#b35c00", name: "canvas.colour.orange" },
  { value: "#7b3fa0", name: "canvas.colour.purple" },
]

/** Cursor colours dark enough for white name labels (WCAG AA on 12 px bold). */
const MEMBER_COLOURS = ["#b3261e", "#1b5e9e", "#2e6b30", "#8a4b00", "#6a3a8c", "#00695c", "#a0285a", "#4a5a12"]

/** A member's colour from their id: the same on every screen, with no one to agree it. */
export const memberColour = (userId: string): string => {
  let hash = 2166136261
  for (let i = 0; i < userId.length; i++) hash = Math.imul(hash ^ userId.charCodeAt(i), 16777619)
  return MEMBER_COLOURS[(hash >>> 0) % MEMBER_COLOURS.length]!
}
