/** The canvas templates in French; phase names as the console shows them. */
import type { CanvasTemplateTranslations } from "./template-translation.ts"

export const FR: CanvasTemplateTranslations = {
  "past-present-future": {
    title: "Passé, présent, futur",
    purpose: "Un tirage de cartes : choisis une carte pour chaque temps et dis ce qu'elle te montre.",
    board: { "Past, present, future": "Passé, présent, futur", Past: "Passé", Present: "Présent", Future: "Futur" },
  },
  "values-map": {
    title: "Carte des valeurs",
    purpose: "Place ce qui compte le plus près du centre, et ce qui compte moins plus loin.",
    board: { "Values map": "Carte des valeurs", Core: "Essentiel", Important: "Important", "Nice to have": "Appréciable" },
  },
  "team-constellation": {
    title: "Constellation d'équipe",
    purpose: "Chaque membre pose une carte pour soi ; la distance et les lignes montrent le lien ressenti.",
    board: { "Team constellation": "Constellation d'équipe", "Our goal": "Notre objectif", Me: "Moi", You: "Toi", "close?": "proches ?" },
  },
  "journey-phases": {
    title: "Le parcours",
    purpose: "Une colonne par phase : Pause, Ouvrir, Cibler, Agir.",
    board: { "The journey": "Le parcours", Pause: "Pause", Expand: "Ouvrir", Focus: "Cibler", Doing: "Agir" },
  },
  "stop-start-continue": {
    title: "Arrêter, commencer, continuer",
    purpose: "Ce qu'on laisse, ce qu'on commence, ce qu'on garde.",
    board: { "Stop, start, continue": "Arrêter, commencer, continuer", Stop: "Arrêter", Start: "Commencer", Continue: "Continuer" },
  },
  "hopes-and-fears": {
    title: "Espoirs et craintes",
    purpose: "Nomme ce que tu espères et ce que tu crains avant de commencer.",
    board: { "Hopes and fears": "Espoirs et craintes", Hopes: "Espoirs", Fears: "Craintes" },
  },
  "wheel-of-life": {
    title: "Roue de la vie",
    purpose: "Note chaque domaine de la vie de 1 à 10 en traçant sur son rayon.",
    board: {
      "Wheel of life": "Roue de la vie",
      Work: "Travail",
      Health: "Santé",
      Family: "Famille",
      Friends: "Amitiés",
      Growth: "Évolution",
      Fun: "Plaisir",
      Money: "Argent",
      Home: "Foyer",
    },
  },
  "obstacles-and-resources": {
    title: "Obstacles et ressources",
    purpose: "Ton objectif en haut ; à gauche ce qui fait obstacle, à droite ce qui aide.",
    board: { "Obstacles and resources": "Obstacles et ressources", "My goal": "Mon objectif", Obstacles: "Freins", Resources: "Ressources" },
  },
  "gratitude-board": {
    title: "Tableau de gratitude",
    purpose: "Trois choses pour lesquelles tu as de la gratitude aujourd'hui, et une carte qui montre l'une d'elles.",
    board: { "Gratitude board": "Tableau de gratitude", "A card for it": "Une carte pour cela" },
  },
  "goal-ladder": {
    title: "Échelle d'objectifs",
    purpose: "De l'objectif tout en haut jusqu'au premier petit pas possible cette semaine.",
    board: {
      "Goal ladder": "Échelle d'objectifs",
      Goal: "Objectif",
      Milestone: "Jalon",
      "Next step": "Prochaine étape",
      "First step this week": "Premier pas cette semaine",
    },
  },
  "letter-to-future-self": {
    title: "Lettre à mon futur moi",
    purpose: "Écris-toi dans un an ; épingle une carte qui garde le sentiment.",
    board: { "Letter to my future self": "Lettre à mon futur moi", "Dear me,": "Cher moi," },
  },
  "check-in-weather": {
    title: "Météo intérieure",
    purpose: "Quel temps fait-il en toi ? Place ta note sur l'échelle, de l'orage au soleil.",
    board: { "Check-in weather": "Météo intérieure", Storm: "Orage", Rain: "Pluie", Clouds: "Nuages", Sun: "Soleil", "Me today": "Moi aujourd'hui" },
  },
}
