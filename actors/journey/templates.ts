/**
 * Ready journey templates: complete plans a facilitator can run as they are
 * or start a journey from. Canvas exercises name the canvas templates of
 * actors/canvas; card draws use the built-in sample deck. Written in
 * English; template-translation.ts gives them in the other languages.
 */
import type { Activity, Plan, PollMode, ResultsWhen } from "./activity.ts"

/** Every template's id, in the order they are listed: the translations are keyed by these (template-translation.ts). */
export const JOURNEY_TEMPLATE_IDS = [
  "first-meeting",
  "team-retrospective",
  "one-to-one-coaching",
  "goal-setting-workshop",
  "onboarding-circle",
  "difficult-conversation",
  "values-discovery",
  "year-in-review",
  "team-decision",
  "wellbeing-check-in",
  "project-kickoff",
  "life-balance",
] as const
export type JourneyTemplateId = (typeof JOURNEY_TEMPLATE_IDS)[number]

export interface JourneyTemplate {
  readonly templateId: JourneyTemplateId
  readonly title: string
  readonly description: string
  readonly plan: Plan
}

const SAMPLE = "studio-sample"

const draw = (title: string, prompt: string, options: { faceDown?: boolean; count?: number; picks?: number; minutes?: number } = {}): Activity => ({
  kind: "cardDraw",
  title,
  minutes: options.minutes ?? 10,
  deckId: SAMPLE,
  count: options.count ?? 12,
  faceDown: options.faceDown ?? false,
  picksPerPerson: options.picks ?? 1,
  prompt,
})
const reflect = (title: string, prompt: string, minutes = 5): Activity => ({ kind: "reflection", title, minutes, prompt })
const canvas = (title: string, templateId: string, prompt: string | null = null, minutes = 15): Activity => ({
  kind: "canvas",
  title,
  minutes,
  templateId,
  prompt,
})
const timer = (title: string, seconds: number): Activity => ({ kind: "timer", title, minutes: Math.ceil(seconds / 60), seconds })
const journal = (title: string, prompt: string, minutes = 5): Activity => ({ kind: "journal", title, minutes, prompt })
const poll = (
  title: string,
  question: string,
  options: string[],
  settings: { mode?: PollMode; dots?: number; anonymous?: boolean; resultsWhen?: ResultsWhen } = {},
): Activity => ({
  kind: "poll",
  title,
  minutes: 5,
  question,
  options,
  mode: settings.mode ?? "single",
  dots: settings.dots ?? 3,
  anonymous: settings.anonymous ?? false,
  resultsWhen: settings.resultsWhen ?? "live",
})
const breakout = (title: string, prompt: string, settings: { rooms?: number; size?: number; names?: string[]; minutes?: number }): Activity => ({
  kind: "breakout",
  title,
  minutes: settings.minutes ?? 15,
  rooms: settings.rooms ?? null,
  size: settings.rooms ? null : (settings.size ?? 3),
  names: settings.names ?? [],
  prompt,
})

export const JOURNEY_TEMPLATES: readonly JourneyTemplate[] = [
  {
    templateId: "first-meeting",
    title: "A first meeting",
    description: "Open a new group: arrive, meet through the cards, agree what the group is for.",
    plan: {
      Pause: [timer("One quiet minute", 60), draw("How I arrive", "Choose the card that says how you arrive today.")],
      Expand: [reflect("Round of names", "Say your name and what your card shows about you.", 15)],
      Focus: [poll("What we want", "What do you most want from these meetings?", ["Learning", "Support", "Ideas", "Company"], { mode: "multiple" })],
      Doing: [
        canvas("Our agreements", "values-map", "Write one agreement that would make this group safe for you."),
        journal("First note", "What surprised you in this first meeting?"),
      ],
    },
  },
  {
    templateId: "team-retrospective",
    title: "Team retrospective",
    description: "Look back on a stretch of work together and choose what to change next.",
    plan: {
      Pause: [draw("The sprint in a card", "Draw a card blind: what does it say about the last weeks?", { faceDown: true, count: 10 })],
      Expand: [canvas("What helped, what hindered", "obstacles-and-resources", null, 20)],
      Focus: [
        poll("Where to act", "Which topic should we work on first?", ["Planning", "Handovers", "Meetings", "Tools", "Focus time"], {
          mode: "dots",
          dots: 3,
        }),
      ],
      Doing: [
        reflect("One action each", "Name one thing you will do differently, starting tomorrow."),
        journal("Note to self", "What do I want to remember from this retrospective?"),
      ],
    },
  },
  {
    templateId: "one-to-one-coaching",
    title: "One-to-one coaching session",
    description: "A coach and one client: slow down, open the question, find the next step.",
    plan: {
      Pause: [timer("Breathe", 90), draw("A card for now", "Let a card choose you.", { faceDown: true, count: 6 })],
      Expand: [reflect("Around the card", "What does this card bring up? What else?", 15)],
      Focus: [canvas("Where I want to go", "goal-ladder", "Write the goal at the top and the steps below it.", 20)],
      Doing: [journal("My next step", "What will I do before we meet again, and by when?")],
    },
  },
  {
    templateId: "goal-setting-workshop",
    title: "Goal-setting workshop",
    description: "A group sets goals for the coming period, tests them in small groups and commits.",
    plan: {
      Pause: [draw("A picture of success", "Choose a card that shows what success would look like.", { count: 16 })],
      Expand: [breakout("Dream big", "Share your card and the goal behind it; help each other make it bolder.", { size: 3, minutes: 20 })],
      Focus: [
        canvas("Goal ladder", "goal-ladder", null, 20),
        poll("Which goals first", "Which goals should the team carry first?", ["Goal A", "Goal B", "Goal C", "Goal D"], { mode: "dots", dots: 2 }),
      ],
      Doing: [
        reflect("Commitments", "Say out loud what you commit to this month."),
        journal("My goal", "Write your goal as if it were already done."),
      ],
    },
  },
  {
    templateId: "onboarding-circle",
    title: "Onboarding circle",
    description: "Welcome new colleagues: stories, expectations and who to ask for what.",
    plan: {
      Pause: [draw("What I bring", "Choose a card for something you bring to this team.")],
      Expand: [breakout("Pairs", "Tell your pair the story behind your card.", { size: 2, minutes: 10 })],
      Focus: [canvas("Who to ask", "team-constellation", "Place yourself and who you go to for what.")],
      Doing: [
        poll("How ready do you feel", "How ready do you feel to start?", ["Very", "Mostly", "Not yet"], { anonymous: true, resultsWhen: "closed" }),
      ],
    },
  },
  {
    templateId: "difficult-conversation",
    title: "Preparing a difficult conversation",
    description: "Prepare, with a coach or a peer, a conversation you have been avoiding.",
    plan: {
      Pause: [draw("The conversation", "Draw a card blind: what does it say about the conversation ahead?", { faceDown: true, count: 8 })],
      Expand: [reflect("Both sides", "What does the other person need? What do you need?", 15)],
      Focus: [reflect("The first sentence", "Write the first sentence you will say.", 10)],
      Doing: [
        poll("How it feels now", "How do you feel about the conversation now?", ["Calmer", "The same", "More nervous"], {
          anonymous: true,
          resultsWhen: "closed",
        }),
        journal("After", "What do I want to remember when it gets hard?"),
      ],
    },
  },
  {
    templateId: "values-discovery",
    title: "Values discovery",
    description: "Find the values a person or a team actually lives by, and the ones they want to.",
    plan: {
      Pause: [draw("A value in a picture", "Choose two cards that show something you value.", { count: 20, picks: 2 })],
      Expand: [canvas("Values map", "values-map", null, 25)],
      Focus: [
        poll("Our top values", "Which values matter most to us?", ["Honesty", "Care", "Courage", "Curiosity", "Freedom", "Fairness"], {
          mode: "dots",
          dots: 3,
        }),
      ],
      Doing: [journal("Living it", "Where will this value show in my week?")],
    },
  },
  {
    templateId: "year-in-review",
    title: "Year in review",
    description: "Look back on a year: what happened, what grew, what to leave behind.",
    plan: {
      Pause: [timer("Quiet look back", 120), draw("My year", "Choose a card that sums up your year.", { count: 20 })],
      Expand: [
        canvas("Gratitude board", "gratitude-board", "Thank someone, or something, for this year."),
        breakout("Stories", "Share one moment of the year you are proud of.", { rooms: 3 }),
      ],
      Focus: [reflect("Leave behind", "What will you not carry into next year?")],
      Doing: [canvas("Letter to my future self", "letter-to-future-self", null, 15), journal("One word", "One word for next year, and why.")],
    },
  },
  {
    templateId: "team-decision",
    title: "Making a team decision",
    description: "Lay out options, hear every voice, vote in confidence and agree the next step.",
    plan: {
      Pause: [draw("How I feel about this", "Choose a card that shows how you feel about the decision.", { count: 12 })],
      Expand: [breakout("Options", "List the options and what each would cost us.", { size: 4, minutes: 20 })],
      Focus: [poll("The decision", "Which option do you support?", ["Option 1", "Option 2", "Option 3"], { anonymous: true, resultsWhen: "closed" })],
      Doing: [reflect("Next step", "Who does what, by when?", 10)],
    },
  },
  {
    templateId: "wellbeing-check-in",
    title: "Wellbeing check-in",
    description: "A short, safe check-in on how the team is really doing.",
    plan: {
      Pause: [canvas("Weather report", "check-in-weather", "Place yourself on today's weather.", 10)],
      Expand: [draw("What I need", "Draw a card blind: what do you need this week?", { faceDown: true, count: 10 })],
      Focus: [
        poll("Energy", "How is your energy this week?", ["High", "Fine", "Low", "Running on empty"], { anonymous: true, resultsWhen: "closed" }),
      ],
      Doing: [journal("Taking care", "One thing I will do for myself this week.")],
    },
  },
  {
    templateId: "project-kickoff",
    title: "Project kickoff",
    description: "Start a project with a shared picture of the goal, the risks and the first steps.",
    plan: {
      Pause: [draw("The project in a card", "Choose a card that shows what this project could become.", { count: 16 })],
      Expand: [canvas("The path ahead", "journey-phases", null, 20)],
      Focus: [
        canvas("Risks and resources", "obstacles-and-resources", null, 20),
        poll("Biggest risk", "Which risk worries you most?", ["Time", "Scope", "People", "Money"], { resultsWhen: "closed" }),
      ],
      Doing: [breakout("First steps", "Agree the first three steps for your part.", { rooms: 3, names: ["Design", "Build", "People"] })],
    },
  },
  {
    templateId: "life-balance",
    title: "Life balance",
    description: "A personal look at the areas of life and where attention should go next.",
    plan: {
      Pause: [draw("Balance", "Let a card choose you.", { faceDown: true, count: 6 })],
      Expand: [canvas("Wheel of life", "wheel-of-life", "Score each area from 1 to 10.", 20)],
      Focus: [reflect("One area", "Which one area, if it moved, would lift the others?", 10)],
      Doing: [journal("First move", "What is my first small move in that area?")],
    },
  },
]

export const journeyTemplate = (templateId: string): JourneyTemplate | undefined =>
  JOURNEY_TEMPLATES.find((template) => template.templateId === templateId)
