/** The canvas templates in German; phase names as the console shows them. */
import type { CanvasTemplateTranslations } from "./template-translation.ts"

export const DE: CanvasTemplateTranslations = {
  "past-present-future": {
    title: "Vergangenheit, Gegenwart, Zukunft",
    purpose: "Eine Kartenlegung: Wähle für jede Zeit eine Karte und sag, was sie dir zeigt.",
    board: { "Past, present, future": "Vergangenheit, Gegenwart, Zukunft", Past: "Vergangenheit", Present: "Gegenwart", Future: "Zukunft" },
  },
  "values-map": {
    title: "Wertelandkarte",
    purpose: "Was am meisten zählt, kommt nah an die Mitte, was weniger zählt, weiter nach außen.",
    board: { "Values map": "Wertelandkarte", Core: "Kern", Important: "Wichtig", "Nice to have": "Schön zu haben" },
  },
  "team-constellation": {
    title: "Teamaufstellung",
    purpose: "Jedes Mitglied legt eine Karte für sich; Abstand und Linien zeigen, wie verbunden es sich fühlt.",
    board: { "Team constellation": "Teamaufstellung", "Our goal": "Unser Ziel", Me: "Ich", You: "Du", "close?": "nah?" },
  },
  "journey-phases": {
    title: "Die Reise",
    purpose: "Eine Spalte für jede Phase: Innehalten, Erweitern, Fokussieren, Handeln.",
    board: { "The journey": "Die Reise", Pause: "Innehalten", Expand: "Erweitern", Focus: "Fokussieren", Doing: "Handeln" },
  },
  "stop-start-continue": {
    title: "Aufhören, anfangen, weitermachen",
    purpose: "Was wir lassen, was wir beginnen, was wir beibehalten.",
    board: { "Stop, start, continue": "Aufhören, anfangen, weitermachen", Stop: "Aufhören", Start: "Anfangen", Continue: "Weitermachen" },
  },
  "hopes-and-fears": {
    title: "Hoffnungen und Befürchtungen",
    purpose: "Benenne, was du dir erhoffst und was du befürchtest, bevor es losgeht.",
    board: { "Hopes and fears": "Hoffnungen und Befürchtungen", Hopes: "Hoffnungen", Fears: "Befürchtungen" },
  },
  "wheel-of-life": {
    title: "Lebensrad",
    purpose: "Bewerte jeden Lebensbereich von 1 bis 10, indem du auf seiner Speiche markierst.",
    board: {
      "Wheel of life": "Lebensrad",
      Work: "Arbeit",
      Health: "Gesundheit",
      Family: "Familie",
      Friends: "Freundschaften",
      Growth: "Entwicklung",
      Fun: "Freude",
      Money: "Geld",
      Home: "Zuhause",
    },
  },
  "obstacles-and-resources": {
    title: "Hindernisse und Ressourcen",
    purpose: "Dein Ziel oben; links, was im Weg steht, rechts, was hilft.",
    board: { "Obstacles and resources": "Hindernisse und Ressourcen", "My goal": "Mein Ziel", Obstacles: "Hindernisse", Resources: "Ressourcen" },
  },
  "gratitude-board": {
    title: "Dankbarkeitswand",
    purpose: "Drei Dinge, für die du heute dankbar bist, und eine Karte, die eines davon zeigt.",
    board: { "Gratitude board": "Dankbarkeitswand", "A card for it": "Eine Karte dafür" },
  },
  "goal-ladder": {
    title: "Zielleiter",
    purpose: "Vom Ziel ganz oben bis zum ersten kleinen Schritt, den du diese Woche gehen kannst.",
    board: {
      "Goal ladder": "Zielleiter",
      Goal: "Ziel",
      Milestone: "Meilenstein",
      "Next step": "Nächster Schritt",
      "First step this week": "Erster Schritt diese Woche",
    },
  },
  "letter-to-future-self": {
    title: "Brief an mein zukünftiges Ich",
    purpose: "Schreib dir selbst in einem Jahr; steck eine Karte dazu, die das Gefühl festhält.",
    board: { "Letter to my future self": "Brief an mein zukünftiges Ich", "Dear me,": "Liebes Ich," },
  },
  "check-in-weather": {
    title: "Wetter-Check-in",
    purpose: "Wie ist dein inneres Wetter? Setz deine Notiz auf die Skala von Sturm bis Sonne.",
    board: { "Check-in weather": "Wetter-Check-in", Storm: "Sturm", Rain: "Regen", Clouds: "Wolken", Sun: "Sonne", "Me today": "Ich heute" },
  },
}
