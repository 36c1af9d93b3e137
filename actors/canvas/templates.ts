/**
 * Exercise templates: ready layouts a facilitator or participant starts
 * from. A template is plain data; applying one copies its elements into the
 * `templateApplied` event, so the log never depends on this file staying
 * the same. A connector names its ends by their place in the list (`#3`).
 * Written in English; template-translation.ts gives them in the other
 * languages (titles, purposes and the words they write on the board).
 */
import type { ElementInput } from "./elements.ts"

/** Every template's id: the translations are keyed by these. */
export const CANVAS_TEMPLATE_IDS = [
  "past-present-future",
  "values-map",
  "team-constellation",
  "journey-phases",
  "stop-start-continue",
  "hopes-and-fears",
  "wheel-of-life",
  "obstacles-and-resources",
  "gratitude-board",
  "goal-ladder",
  "letter-to-future-self",
  "check-in-weather",
] as const
export type CanvasTemplateId = (typeof CANVAS_TEMPLATE_IDS)[number]

export interface Template {
  readonly id: CanvasTemplateId
  readonly title: string
  readonly purpose: string
  readonly elements: readonly ElementInput[]
}

const ink = "#1f2933"
const yellow = "#ffd400"
const blue = "#8ecae6"
const green = "#b7e4c7"
const pink = "#ffafcc"

const heading = (text: string, x: number, y: number, w = 300): ElementInput => ({ kind: "text", text, colour: ink, fontSize: 28, x, y, w, h: 40 })
const label = (text: string, x: number, y: number, w = 200): ElementInput => ({ kind: "text", text, colour: ink, fontSize: 18, x, y, w, h: 28 })
const note = (text: string, x: number, y: number, colour = yellow): ElementInput => ({ kind: "sticky", text, colour, x, y, w: 180, h: 140 })
const frame = (x: number, y: number, w: number, h: number, colour = "#cbd2d9"): ElementInput => ({
  kind: "shape",
  shape: "rectangle",
  colour,
  x,
  y,
  w,
  h,
})
const circle = (x: number, y: number, d: number, colour = "#cbd2d9"): ElementInput => ({ kind: "shape", shape: "ellipse", colour, x, y, w: d, h: d })
const link = (from: number, to: number, text = "", arrow = true): ElementInput => ({
  kind: "connector",
  from: `#${from}`,
  to: `#${to}`,
  colour: ink,
  width: 2,
  arrow,
  label: text,
})

/** Three columns with a heading and a card slot each. */
const columns = (
  id: CanvasTemplateId,
  title: string,
  purpose: string,
  names: readonly string[],
  colours: readonly string[] = [yellow, blue, green, pink],
): Template => ({
  id,
  title,
  purpose,
  elements: [
    heading(title, 40, 20, 600),
    ...names.flatMap((name, i) => [
      frame(40 + i * 260, 80, 240, 420),
      label(name, 60 + i * 260, 100),
      note("", 70 + i * 260, 160, colours[i % colours.length]),
    ]),
  ],
})

export const TEMPLATES: readonly Template[] = [
  columns("past-present-future", "Past, present, future", "A card spread: pick one card for each time and say what it shows you.", [
    "Past",
    "Present",
    "Future",
  ]),
  {
    id: "values-map",
    title: "Values map",
    purpose: "Place what matters most near the centre and what matters less further out.",
    elements: [
      heading("Values map", 40, 20),
      circle(100, 80, 600),
      circle(250, 230, 300, "#e4e7eb"),
      circle(350, 330, 100, yellow),
      label("Core", 370, 365, 80),
      label("Important", 280, 260),
      label("Nice to have", 130, 120),
    ],
  },
  {
    id: "team-constellation",
    title: "Team constellation",
    purpose: "Each member places a card for themselves; distance and lines show how connected they feel.",
    elements: [
      heading("Team constellation", 40, 20, 400),
      circle(300, 250, 120, yellow),
      label("Our goal", 315, 295, 90),
      note("Me", 80, 120, blue),
      note("You", 560, 120, green),
      link(1, 3, "close?", false),
      link(1, 4, "close?", false),
    ],
  },
  {
    id: "journey-phases",
    title: "The journey",
    purpose: "One column for each phase: Pause, Expand, Focus, Doing.",
    elements: [
      heading("The journey", 40, 20),
      ...["Pause", "Expand", "Focus", "Doing"].flatMap((phase, i) => [frame(40 + i * 220, 80, 200, 460), label(phase, 60 + i * 220, 100, 160)]),
      link(1, 3),
      link(3, 5),
      link(5, 7),
    ],
  },
  columns(
    "stop-start-continue",
    "Stop, start, continue",
    "What to let go of, what to begin, what to keep.",
    ["Stop", "Start", "Continue"],
    [pink, green, blue],
  ),
  columns("hopes-and-fears", "Hopes and fears", "Name what you hope for and what you fear before you begin.", ["Hopes", "Fears"], [green, pink]),
  {
    id: "wheel-of-life",
    title: "Wheel of life",
    purpose: "Rate each area of life from 1 to 10 by drawing on its spoke.",
    elements: [
      heading("Wheel of life", 40, 20),
      circle(150, 80, 500),
      ...["Work", "Health", "Family", "Friends", "Growth", "Fun", "Money", "Home"].map((area, i) => {
        const angle = (i / 8) * 2 * Math.PI
        return label(area, Math.round(360 + Math.cos(angle) * 290), Math.round(320 + Math.sin(angle) * 290), 100)
      }),
    ],
  },
  {
    id: "obstacles-and-resources",
    title: "Obstacles and resources",
    purpose: "Your goal at the top; what stands in the way on the left, what helps on the right.",
    elements: [
      heading("Obstacles and resources", 40, 20, 500),
      note("My goal", 320, 80, yellow),
      frame(40, 260, 360, 320, pink),
      frame(440, 260, 360, 320, green),
      label("Obstacles", 60, 275),
      label("Resources", 460, 275),
      link(2, 1, "", true),
      link(3, 1, "", true),
    ],
  },
  {
    id: "gratitude-board",
    title: "Gratitude board",
    purpose: "Three things you are grateful for today, one card that shows one of them.",
    elements: [
      heading("Gratitude board", 40, 20),
      note("1.", 40, 100, green),
      note("2.", 240, 100, green),
      note("3.", 440, 100, green),
      frame(640, 100, 200, 300),
      label("A card for it", 650, 410),
    ],
  },
  {
    id: "goal-ladder",
    title: "Goal ladder",
    purpose: "From the goal at the top down to the first small step you can take this week.",
    elements: [
      heading("Goal ladder", 40, 20),
      ...["Goal", "Milestone", "Next step", "First step this week"].map((rung, i) => note(rung, 200, 80 + i * 160, [pink, blue, green, yellow][i])),
      link(4, 3),
      link(3, 2),
      link(2, 1),
    ],
  },
  {
    id: "letter-to-future-self",
    title: "Letter to my future self",
    purpose: "Write to yourself a year from now; pin a card that holds the feeling.",
    elements: [
      heading("Letter to my future self", 40, 20, 500),
      frame(40, 80, 560, 500, "#f5f7fa"),
      { kind: "text", text: "Dear me,", colour: ink, fontSize: 20, x: 60, y: 100, w: 520, h: 460 },
      frame(640, 80, 200, 300),
    ],
  },
  {
    id: "check-in-weather",
    title: "Check-in weather",
    purpose: "How is your inner weather? Place your note on the scale from storm to sunshine.",
    elements: [
      heading("Check-in weather", 40, 20),
      { kind: "shape", shape: "arrow", colour: ink, x: 40, y: 200, w: 760, h: 10 },
      ...["Storm", "Rain", "Clouds", "Sun"].map((weather, i) => label(weather, 40 + i * 240, 160, 120)),
      note("Me today", 320, 260, yellow),
    ],
  },
]

export const templateById = (id: string): Template | undefined => TEMPLATES.find((template) => template.id === id)
