/**
 * The words and questions of Studio's sample decks, written for Studio.
 * Each card names the motif its picture is drawn from (see art.ts).
 */
import type { Motif } from "./art.ts"

export interface CardText<Word extends string = string, Theme extends string = string> {
  readonly word: Word
  readonly question: string
  readonly motif: Motif
  readonly themes: readonly Theme[]
}

// Generic so each word and theme stays a literal type: the translations are keyed by them (translation.ts).
const card = <Word extends string, Theme extends string>(word: Word, question: string, motif: Motif, ...themes: Theme[]): CardText<Word, Theme> => ({
  word,
  question,
  motif,
  themes,
})

export const FREE_CARDS = [
  card("Threshold", "What are you standing at the edge of right now?", "door", "change", "courage"),
  card("Harbour", "Where do you go when you need to feel safe?", "boat", "rest", "belonging"),
  card("Compass", "Which direction feels true, even if it is not the easiest one?", "compass", "direction", "values"),
  card("Seedling", "What small thing in you is ready to grow?", "seed", "growth", "beginnings"),
  card("Echo", "Whose words still sound in you today?", "circles", "memory", "relationships"),
  card("Lantern", "What helps you see one step further when things are unclear?", "lantern", "clarity", "hope"),
  card("Bridge", "Who or what could connect you to where you want to be?", "bridge", "connection"),
  card("Knot", "What feels tangled, and which thread could you pull first?", "spiral", "complexity"),
  card("Horizon", "What do you see when you look as far ahead as you can?", "horizon", "vision"),
  card("Pause", "What would change if you stopped for one full minute?", "water", "rest", "presence"),
  card("Roots", "What keeps you steady when the wind is strong?", "tree", "belonging", "values"),
  card("Window", "Which view of this situation have you not looked through yet?", "window", "perspective"),
  card("Stairs", "What is the next step, however small?", "stairs", "progress"),
  card("Nest", "What are you building that others can rest in?", "nest", "care"),
  card("Current", "Are you moving with the flow, or against it?", "wave", "change"),
  card("Mirror", "What do others see in you that you find hard to see?", "window", "self-awareness"),
  card("Path", "Looking back, which turn on your path mattered most?", "path", "journey"),
  card("Spark", "When did you last feel fully alive?", "star", "energy", "joy"),
  card("Weight", "What are you carrying that is not yours to carry?", "stones", "burden"),
  card("Gift", "What would you offer if nothing were expected back?", "sun", "care", "generosity"),
  card("Fog", "What becomes clearer once you accept not knowing yet?", "horizon", "uncertainty"),
  card("Summit", "What would reaching the top mean for you, and what comes after?", "mountain", "goals"),
  card("Rhythm", "Which daily rhythm keeps you well?", "wave", "habits", "wellbeing"),
  card("Garden", "What needs tending, and what needs clearing away?", "tree", "growth"),
  card("Signal", "What message keeps trying to reach you?", "circles", "intuition"),
  card("Crossroads", "If both roads were fine, which would you choose?", "path", "decision"),
  card("Shelter", "What protects you, and what does it keep out?", "door", "safety"),
  card("Thread", "What connects the chapters of your story?", "spiral", "meaning"),
  card("Invitation", "Which invitation have you not answered yet?", "door", "opportunity"),
  card("Balance", "What would a better balance look like this week?", "stones", "wellbeing"),
  card("Wings", "What would you try if you knew you could not fail?", "birds", "freedom", "courage"),
  card("Circle", "Who is in your circle, and who is missing from it?", "circles", "relationships"),
  card("Sunrise", "What is beginning for you?", "sun", "beginnings"),
  card("Anchor", "What holds you in place, and do you want to stay?", "boat", "stability"),
  card("Map", "Which part of the map is still blank for you?", "grid", "exploration"),
  card("Stillness", "What do you hear when everything goes quiet?", "water", "presence"),
  card("Waves", "What keeps returning, again and again?", "wave", "patterns"),
  card("Light", "Where in your life is there more light than you notice?", "star", "gratitude"),
  card("Key", "What would unlock the next step?", "key", "solutions"),
  card("Trail", "Whose footsteps are you following?", "path", "influence"),
] as const

export const PRO_CARDS = [
  card("Shadow", "What part of you do you keep out of the light?", "sun", "self-awareness"),
  card("Flame", "What passion have you set aside, and why?", "flame", "passion"),
  card("Maze", "If you stopped looking for the exit, what would you notice?", "maze", "complexity"),
  card("Harvest", "What have you grown this year that you can gather now?", "tree", "achievement"),
  card("Keystone", "What one thing, if it moved, would change everything else?", "bridge", "leverage"),
  card("Tightrope", "Where are you balancing between two things you value?", "path", "dilemma"),
  card("Frontier", "Where is the edge of what you know, and what lies beyond it?", "mountain", "learning"),
  card("Orbit", "What do you keep circling without ever landing?", "circles", "avoidance"),
  card("Rain", "What would it be like to let this difficulty simply fall?", "rain", "acceptance"),
  card("Lighthouse", "Who guides you from a distance?", "lantern", "mentors"),
  card("Constellation", "Which people, taken together, draw a picture of who you are?", "star", "identity"),
  card("Drift", "Where are you drifting, and would you choose it?", "boat", "intention"),
  card("Ember", "What is still warm, even though the fire has gone down?", "flame", "resilience"),
  card("Canopy", "What could you shelter under while you grow?", "tree", "support"),
  card("Stepping Stones", "What small crossing would make a big difference?", "stones", "small steps"),
  card("Watershed", "Which moment divides your before from your after?", "mountain", "turning points"),
] as const

export const ENTERPRISE_CARDS = [
  card("Relay", "What are you handing on, and what did you receive?", "path", "teams", "succession"),
  card("Scaffold", "What structure would let your team build higher?", "stairs", "teams"),
  card("Chorus", "When does your team sound like one voice, and when should it not?", "circles", "teams"),
  card("Keel", "What keeps your organization upright in rough water?", "boat", "culture"),
  card("Crew", "Who would you want beside you on a long crossing?", "boat", "teams"),
  card("Blueprint", "What would you design differently if you started again today?", "grid", "strategy"),
  card("Confluence", "Where do two streams of work meet, and what grows there?", "wave", "collaboration"),
  card("Beacon", "What signal does your team send to the world?", "lantern", "purpose"),
] as const

export const TIDES_PACK_CARDS = [
  card("Ebb", "What is leaving, and can you let it go?", "wave", "letting go"),
  card("Flood", "What is arriving faster than you expected?", "rain", "change"),
  card("Shoreline", "Where does one part of your life end and the next begin?", "horizon", "transitions"),
  card("Driftwood", "What has travelled a long way to reach you?", "boat", "history"),
  card("Salt", "What stings, and what does it preserve?", "stones", "pain", "care"),
  card("Undertow", "What pulls at you beneath the surface?", "spiral", "hidden forces"),
  card("Slack Water", "What becomes possible in the still moment between two changes?", "water", "presence"),
  card("Moonpull", "What unseen force shapes your days?", "sun", "influence"),
] as const

const ALL_CARDS = [...FREE_CARDS, ...PRO_CARDS, ...ENTERPRISE_CARDS, ...TIDES_PACK_CARDS]

/** A built-in card's English word: what its translations are keyed by. */
export type CardWord = (typeof ALL_CARDS)[number]["word"]
/** A theme label of the built-in cards, in English. */
export type CardTheme = (typeof ALL_CARDS)[number]["themes"][number]
