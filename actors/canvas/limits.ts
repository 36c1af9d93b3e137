/**
 * The canvas's bounds and the one count every fold needs, free of schemas:
 * the browser folds a canvas with the actor's own `evolve` (evolve.ts)
 * without bundling Effect. elements.ts and protocol.ts re-export these.
 */
import type { ElementInput } from "./elements.ts"

/** The bound of `Coordinate` in shared.ts: moves that would pass it are refused. */
export const COORDINATE_LIMIT = 1_000_000
export const MAX_STICKY_TEXT = 1_000
export const MAX_TEXT = 2_000
export const MAX_STROKE_POINTS = 2_000
export const MAX_LABEL = 200
export const MAX_ALT = 500
export const MAX_COMMENT = 1_000
/** An https address, or a small inline PNG/JPEG (data URL) so exports can draw it. */
export const MAX_IMAGE_SRC = 200_000

export const MAX_TITLE = 200
export const MAX_ELEMENTS = 2_000
/** Across all strokes, so one canvas's state stays a few megabytes at most. */
export const MAX_TOTAL_POINTS = 200_000
export const MAX_SHARES = 200
export const MAX_COMMENTS = 2_000
export const MAX_GROUP = 100
export const MAX_VERSIONS = 50
/** An automatic checkpoint is taken once the canvas has changed for this long since the last one. */
export const CHECKPOINT_AFTER_MS = 30 * 60_000
/** What one import command may carry, so each commit fits a JetStream message. */
export const MAX_IMPORT_ELEMENTS = 500
export const MAX_IMPORT_POINTS = 30_000
export const MAX_VERSION_LABEL = 100

export const pointsOf = (element: ElementInput): number => (element.kind === "stroke" ? element.points.length : 0)
