/**
 * A labelled retrieval set over Studio's built-in decks (the sample deck and
 * Tides): questions a person might bring to the coach, in their own words,
 * each with the cards a facilitator would reach for. Written for Studio.
 * Most share few or no words with their cards, as real questions do.
 */
import type { CardWord } from "../../../actors/cards/sample-deck/words.ts"

export interface LabelledQuestion {
  readonly question: string
  readonly relevant: readonly CardWord[]
}

const q = (question: string, ...relevant: CardWord[]): LabelledQuestion => ({ question, relevant })

export const LABELLED_QUESTIONS: readonly LabelledQuestion[] = [
  // Rushing, rest and presence
  q("I can't stop rushing from one thing to the next", "Pause", "Stillness", "Rhythm"),
  q("My days are so full I never get a moment to breathe", "Pause", "Balance", "Slack Water"),
  q("How do I slow down when everything feels urgent?", "Pause", "Stillness", "Rhythm"),
  q("I feel exhausted and need somewhere to recover", "Harbour", "Shelter", "Pause"),
  q("Everything is noisy in my head and I want some quiet", "Stillness", "Pause"),
  q("I want to be more present with my children in the evenings", "Stillness", "Pause", "Balance"),
  q("Between one job ending and the next starting I have a few calm weeks", "Slack Water", "Shoreline", "Pause"),
  q("Work takes over my weekends", "Balance", "Rhythm", "Weight"),
  q("What routines help me stay healthy?", "Rhythm", "Balance", "Garden"),
  q("I keep burning out every spring", "Rhythm", "Waves", "Ember"),
  // Change and transitions
  q("I'm about to leave my job and it scares me", "Threshold", "Shoreline", "Wings"),
  q("Everything at work is changing faster than I can keep up", "Flood", "Current", "Threshold"),
  q("We're moving to another country next month", "Threshold", "Shoreline", "Sunrise"),
  q("My kids left home and the house feels different", "Shoreline", "Ebb", "Nest"),
  q("Should I go with the changes in my company or push back?", "Current", "Drift", "Anchor"),
  q("Something new is starting in my life and I want to welcome it", "Sunrise", "Seedling", "Invitation"),
  q("I'm retiring soon and don't know who I'll be", "Shoreline", "Constellation", "Threshold"),
  q("A big life chapter is closing", "Shoreline", "Ebb", "Thread"),
  q("There's a moment I keep coming back to where everything changed", "Watershed", "Path"),
  q("Since the accident my life has a before and an after", "Watershed", "Ember", "Rain"),
  // Letting go, acceptance, pain
  q("I need to let go of a friendship that has ended", "Ebb", "Rain", "Circle"),
  q("How can I accept something I cannot change?", "Rain", "Fog", "Ebb"),
  q("I'm grieving and I don't know what to do with it", "Rain", "Salt", "Ember"),
  q("An old criticism still hurts", "Salt", "Echo"),
  q("Something painful taught me a lot", "Salt", "Harvest", "Ember"),
  q("I hold on to things long after they're over", "Ebb", "Anchor", "Weight"),
  q("My mother's voice is still in my head when I make choices", "Echo", "Trail"),
  q("I'm carrying my whole team's problems on my shoulders", "Weight", "Scaffold"),
  q("I feel responsible for everyone's happiness", "Weight", "Nest", "Gift"),
  q("My burden feels too heavy to carry alone", "Weight", "Canopy", "Crew"),
  // Uncertainty and clarity
  q("I don't know what I want anymore", "Fog", "Compass", "Signal"),
  q("Everything feels unclear and I can't see a way forward", "Lantern", "Fog", "Stairs"),
  q("How do I live with not knowing how things will turn out?", "Fog", "Rain", "Map"),
  q("I'm confused about which direction my career should take", "Compass", "Crossroads", "Horizon"),
  q("I can't decide between two good job offers", "Crossroads", "Tightrope", "Compass"),
  q("I have to choose and both options seem fine", "Crossroads"),
  q("I'm torn between my family and my ambitions", "Tightrope", "Balance", "Crossroads"),
  q("My gut keeps telling me something is wrong", "Signal", "Undertow"),
  q("I keep ignoring a feeling that won't go away", "Signal", "Orbit", "Undertow"),
  q("My situation is a mess and I don't know where to start untangling it", "Knot", "Maze", "Stairs"),
  q("The problem is so complicated I'm lost in it", "Maze", "Knot"),
  q("I've been stuck looking for a way out for months", "Maze", "Key", "Knot"),
  // Progress, steps, goals
  q("What's the smallest thing I could do today?", "Stairs", "Stepping Stones"),
  q("Big goals overwhelm me, I need tiny steps", "Stepping Stones", "Stairs"),
  q("I reached my goal and now I feel empty", "Summit", "Harvest"),
  q("I've been climbing for years, what happens when I get there?", "Summit", "Horizon"),
  q("What am I working towards in the long run?", "Horizon", "Summit", "Compass"),
  q("I need a vision for the next five years", "Horizon", "Blueprint"),
  q("I'm looking for the one change that would fix most of my problems", "Keystone", "Key"),
  q("What could unlock this situation?", "Key", "Keystone"),
  q("I need a solution, not more analysis", "Key", "Stairs"),
  q("Looking back on this year, what have I achieved?", "Harvest", "Path"),
  q("I want to celebrate what I accomplished", "Harvest", "Light", "Summit"),
  // Growth, learning, beginnings
  q("I want to grow but don't know where to start", "Seedling", "Garden", "Stairs"),
  q("There's a small idea in me that wants to become something", "Seedling", "Spark", "Sunrise"),
  q("What should I stop doing so I can grow?", "Garden", "Ebb"),
  q("I'm learning something completely new and it's humbling", "Frontier", "Map", "Seedling"),
  q("I'm at the edge of my expertise", "Frontier", "Threshold"),
  q("I want to explore parts of life I haven't tried", "Map", "Frontier", "Invitation"),
  q("Someone offered me a chance and I haven't replied", "Invitation", "Threshold"),
  q("An opportunity came up and I'm hesitating", "Invitation", "Wings", "Threshold"),
  // Courage, freedom, fear
  q("I'm afraid of failing if I try", "Wings", "Threshold"),
  q("What would I do if fear wasn't holding me back?", "Wings", "Threshold", "Anchor"),
  q("I want to feel free again", "Wings", "Anchor"),
  q("I keep avoiding a hard conversation", "Orbit", "Threshold", "Signal"),
  q("I circle around the same problem without facing it", "Orbit", "Waves", "Maze"),
  q("I keep putting off what matters most", "Orbit", "Flame", "Drift"),
  // Energy, passion, joy
  q("When did I last feel really alive?", "Spark", "Flame"),
  q("I lost my passion for my work", "Flame", "Ember", "Spark"),
  q("I gave up painting years ago and I miss it", "Flame", "Ember"),
  q("After a hard year there's still a little motivation left", "Ember", "Light"),
  q("I'm burned out but not completely finished", "Ember", "Pause", "Harbour"),
  q("What brings me joy?", "Spark", "Light", "Gift"),
  q("I want to notice the good things in my life", "Light", "Harvest"),
  q("I'm grateful for more than I admit", "Light", "Gift"),
  // Self, identity, awareness
  q("Other people see strengths in me that I don't", "Mirror", "Constellation"),
  q("There's a side of me I hide from everyone", "Shadow", "Mirror"),
  q("I'm ashamed of parts of myself", "Shadow", "Salt"),
  q("Who am I, really?", "Constellation", "Mirror", "Roots"),
  q("The people around me shape who I am", "Constellation", "Circle", "Trail"),
  q("What ties my whole life story together?", "Thread", "Path"),
  q("My life feels like separate pieces that don't connect", "Thread", "Bridge"),
  q("I want to understand where I come from", "Roots", "Driftwood", "Path"),
  q("Family history keeps showing up in my choices", "Driftwood", "Echo", "Undertow"),
  q("I keep repeating the same mistakes", "Waves", "Orbit"),
  q("The same pattern shows up in every relationship", "Waves", "Circle"),
  q("Forces I can't see are pulling my life off course", "Undertow", "Moonpull", "Drift"),
  q("I'm not choosing my life, I'm just drifting", "Drift", "Compass", "Current"),
  q("I want to live more on purpose", "Drift", "Compass", "Beacon"),
  q("I'm following a path my parents chose for me", "Trail", "Compass", "Echo"),
  q("Whose example am I copying without noticing?", "Trail", "Echo", "Moonpull"),
  // Safety, stability, values
  q("Where do I feel safe when the world is chaotic?", "Harbour", "Shelter", "Roots"),
  q("What keeps me grounded when things get hard?", "Roots", "Anchor", "Keel"),
  q("What protects me, and what is it keeping away?", "Shelter", "Anchor"),
  q("I feel stuck in a place I chose for security", "Anchor", "Shelter", "Harbour"),
  q("What matters most to me?", "Compass", "Roots"),
  q("My values and my job are pulling in different directions", "Tightrope", "Compass"),
  // Relationships, care, support
  q("I feel lonely even with friends around", "Circle", "Bridge", "Harbour"),
  q("Who is really on my side?", "Circle", "Crew", "Canopy"),
  q("I'd like a mentor to guide me", "Lighthouse", "Trail"),
  q("Someone far away still guides my decisions", "Lighthouse", "Echo"),
  q("I need support while I figure things out", "Canopy", "Harbour", "Lighthouse"),
  q("How do I reconnect with my brother?", "Bridge", "Circle"),
  q("I want to give without expecting anything back", "Gift", "Nest"),
  q("I'm creating a home for my family", "Nest", "Shelter"),
  q("I take care of everyone but myself", "Nest", "Weight", "Balance"),
  // Teams and organizations
  q("My team can't agree on anything", "Chorus", "Confluence", "Crew"),
  q("How can our team speak with one voice without losing the quiet people?", "Chorus"),
  q("I'm handing my role to a successor", "Relay", "Driftwood"),
  q("Our team needs better structure to do bigger things", "Scaffold", "Blueprint"),
  q("What holds our company steady in a crisis?", "Keel", "Anchor", "Roots"),
  q("Our company culture is falling apart", "Keel", "Beacon"),
  q("Who do I want on my team for a long, hard project?", "Crew", "Circle"),
  q("If we started the strategy over, what would we change?", "Blueprint", "Scaffold"),
  q("Two departments need to work together", "Confluence", "Bridge"),
  q("What is our team's purpose, and does anyone outside see it?", "Beacon", "Compass"),
  // Perspective
  q("I only see this problem one way", "Window", "Mirror"),
  q("How would someone else see my situation?", "Window", "Mirror"),
]
