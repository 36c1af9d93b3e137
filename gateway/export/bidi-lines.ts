/**
 * Lines of mixed-direction text for the PDF exports, laid out by the Unicode
 * Bidirectional Algorithm (bidi-js). pdfkit has no bidi of its own: the font
 * engine under it (fontkit) reverses a whole string when the first letter it
 * meets is Hebrew or Arabic, so a Hebrew line with an English name in it came
 * out with the name spelled backwards, and spaces landed at the wrong end.
 *
 * Here a paragraph is cut into pieces that never mix directions, scripts or
 * styles, wrapped at spaces in reading order, and each line's pieces put in
 * the order they appear on the page, left to right. A piece is handed to the
 * font as fontkit will draw it correctly: a right-to-left piece with Hebrew or
 * Arabic letters in reading order (fontkit turns it), any other right-to-left
 * piece (punctuation between two Hebrew words) already turned. Mirrored
 * characters (brackets) are swapped inside right-to-left pieces.
 */
import bidiModule from "bidi-js"

// A CommonJS package whose types declare an ES default export: Node hands over the function itself.
const bidiFactory = (typeof bidiModule === "function" ? bidiModule : bidiModule.default) as typeof bidiModule.default
const bidi = bidiFactory()

export interface StyledRun<Style> {
  readonly text: string
  readonly style: Style
}

export interface Piece<Style> {
  /** What to hand the font (see the module comment for which order). */
  readonly text: string
  readonly style: Style
  /** Whether the piece reads right to left on the page. */
  readonly rtl: boolean
  /** Left edge, from the line's left edge. */
  readonly x: number
  readonly width: number
}

export interface Line<Style> {
  /** Pieces in page order, left to right. */
  readonly pieces: ReadonlyArray<Piece<Style>>
  readonly width: number
}

export interface Paragraph<Style> {
  /** Whether the paragraph reads right to left (its lines align right). */
  readonly rtl: boolean
  readonly lines: ReadonlyArray<Line<Style>>
}

/** Hebrew, Arabic, Syriac, Thaana, NKo and the presentation forms: letters fontkit turns on its own. */
const RTL_LETTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/
const SPACE = /\s/

/** Whether any character of `text` is a right-to-left letter (the cheap test before laying out). */
export const hasRightToLeft = (text: string): boolean => RTL_LETTER.test(text)

interface Unit<Style> {
  readonly start: number
  /** Exclusive. */
  readonly end: number
  readonly style: Style
  readonly level: number
  width: number
}

const asDrawn = (text: string, rtl: boolean): string => {
  if (!rtl) return text
  const mirrored = [...text].map((char) => bidi.getMirroredCharacter(char) ?? char).join("")
  return RTL_LETTER.test(mirrored) ? mirrored : [...mirrored].reverse().join("")
}

/**
 * Lays out one paragraph made of styled runs into lines no wider than `maxWidth`,
 * measuring with `measure(text, style)` (text as drawn). The paragraph reads
 * the way its first strong letter reads, unless `direction` says otherwise.
 */
export const layoutParagraph = <Style>(
  runs: ReadonlyArray<StyledRun<Style>>,
  maxWidth: number,
  measure: (text: string, style: Style) => number,
  direction?: "ltr" | "rtl",
): Paragraph<Style> => {
  const text = runs.map((run) => run.text).join("")
  const styleAt: Style[] = runs.flatMap((run) => Array.from({ length: run.text.length }, () => run.style))
  const embedding = bidi.getEmbeddingLevels(text, direction)
  const rtl = (embedding.paragraphs[0]?.level ?? 0) % 2 === 1
  const levels = embedding.levels

  // Units: the longest stretches without a space, a change of style or a change of level.
  const units: Array<Unit<Style>> = []
  /** For each unit, whether a space comes before it (a place the line may break). */
  const spaceBefore: boolean[] = []
  let pendingSpace = false
  for (let i = 0; i < text.length; ) {
    if (SPACE.test(text[i]!)) {
      pendingSpace = units.length > 0
      i++
      continue
    }
    let end = i + 1
    while (end < text.length && !SPACE.test(text[end]!) && styleAt[end] === styleAt[i] && levels[end] === levels[i]) end++
    const unit: Unit<Style> = { start: i, end, style: styleAt[i]!, level: levels[i]!, width: 0 }
    unit.width = measure(asDrawn(text.slice(i, end), unit.level % 2 === 1), unit.style)
    units.push(unit)
    spaceBefore.push(pendingSpace)
    pendingSpace = false
    i = end
  }

  // Lines in reading order, broken only where a space was.
  const lineUnits: Array<Array<Unit<Style>>> = []
  let current: Array<Unit<Style>> = []
  let width = 0
  const spaceWidth = (unit: Unit<Style>) => measure(" ", unit.style)
  for (let u = 0; u < units.length; ) {
    // A word: units glued together until the next space.
    let next = u + 1
    while (next < units.length && !spaceBefore[next]) next++
    const word = units.slice(u, next)
    const wordWidth = word.reduce((sum, unit) => sum + unit.width, 0)
    const gap = current.length > 0 ? spaceWidth(word[0]!) : 0
    if (current.length > 0 && width + gap + wordWidth > maxWidth) {
      lineUnits.push(current)
      current = []
      width = 0
    }
    width += (current.length > 0 ? spaceWidth(word[0]!) : 0) + wordWidth
    current.push(...word)
    u = next
  }
  if (current.length > 0) lineUnits.push(current)

  const lines = lineUnits.map((line) => placeLine(text, embedding, line, measure))
  return { rtl, lines }
}

/** One line's units in page order, with the spaces between them as gaps. */
const placeLine = <Style>(
  text: string,
  embedding: ReturnType<typeof bidi.getEmbeddingLevels>,
  line: ReadonlyArray<Unit<Style>>,
  measure: (text: string, style: Style) => number,
): Line<Style> => {
  const first = line[0]!.start
  const last = line.at(-1)!.end - 1
  const unitOf = new Map<number, Unit<Style>>()
  for (const unit of line) for (let i = unit.start; i < unit.end; i++) unitOf.set(i, unit)
  const pieces: Array<Piece<Style>> = []
  let x = 0
  let previous: Unit<Style> | undefined
  for (const index of bidi.getReorderedIndices(text, embedding, first, last)) {
    const unit = unitOf.get(index)
    if (!unit) {
      // A space inside the line: a gap as wide as a space of the text beside it.
      if (previous) x += measure(" ", previous.style)
      previous = undefined
      continue
    }
    if (unit === previous) continue
    const rtl = unit.level % 2 === 1
    pieces.push({ text: asDrawn(text.slice(unit.start, unit.end), rtl), style: unit.style, rtl, x, width: unit.width })
    x += unit.width
    previous = unit
  }
  return { pieces, width: x }
}
