/** The canvas templates in Spanish; phase names as the console shows them. */
import type { CanvasTemplateTranslations } from "./template-translation.ts"

export const ES: CanvasTemplateTranslations = {
  "past-present-future": {
    title: "Pasado, presente, futuro",
    purpose: "Una tirada de cartas: elige una carta para cada tiempo y di lo que te muestra.",
    board: { "Past, present, future": "Pasado, presente, futuro", Past: "Pasado", Present: "Presente", Future: "Futuro" },
  },
  "values-map": {
    title: "Mapa de valores",
    purpose: "Coloca lo que más importa cerca del centro y lo que importa menos más lejos.",
    board: { "Values map": "Mapa de valores", Core: "Esencial", Important: "Importante", "Nice to have": "Deseable" },
  },
  "team-constellation": {
    title: "Constelación del equipo",
    purpose: "Cada persona coloca una carta que la representa; la distancia y las líneas muestran cuánta conexión siente.",
    board: { "Team constellation": "Constelación del equipo", "Our goal": "Nuestra meta", Me: "Yo", You: "Tú", "close?": "¿cerca?" },
  },
  "journey-phases": {
    title: "El viaje",
    purpose: "Una columna para cada fase: Pausa, Expandir, Enfocar, Hacer.",
    board: { "The journey": "El viaje", Pause: "Pausa", Expand: "Expandir", Focus: "Enfocar", Doing: "Hacer" },
  },
  "stop-start-continue": {
    title: "Dejar, empezar, seguir",
    purpose: "Qué dejar de hacer, qué empezar y qué mantener.",
    board: { "Stop, start, continue": "Dejar, empezar, seguir", Stop: "Dejar", Start: "Empezar", Continue: "Seguir" },
  },
  "hopes-and-fears": {
    title: "Esperanzas y miedos",
    purpose: "Nombra lo que esperas y lo que temes antes de empezar.",
    board: { "Hopes and fears": "Esperanzas y miedos", Hopes: "Esperanzas", Fears: "Miedos" },
  },
  "wheel-of-life": {
    title: "Rueda de la vida",
    purpose: "Puntúa cada área de la vida del 1 al 10 marcando en su radio.",
    board: {
      "Wheel of life": "Rueda de la vida",
      Work: "Trabajo",
      Health: "Salud",
      Family: "Familia",
      Friends: "Amistades",
      Growth: "Crecimiento",
      Fun: "Diversión",
      Money: "Dinero",
      Home: "Hogar",
    },
  },
  "obstacles-and-resources": {
    title: "Obstáculos y recursos",
    purpose: "Tu meta arriba; lo que se interpone a la izquierda, lo que ayuda a la derecha.",
    board: { "Obstacles and resources": "Obstáculos y recursos", "My goal": "Mi meta", Obstacles: "Obstáculos", Resources: "Recursos" },
  },
  "gratitude-board": {
    title: "Tablero de gratitud",
    purpose: "Tres cosas por las que hoy sientes gratitud, y una carta que muestre una de ellas.",
    board: { "Gratitude board": "Tablero de gratitud", "A card for it": "Una carta para ello" },
  },
  "goal-ladder": {
    title: "Escalera de metas",
    purpose: "Desde la meta, arriba, hasta el primer pequeño paso que puedes dar esta semana.",
    board: {
      "Goal ladder": "Escalera de metas",
      Goal: "Meta",
      Milestone: "Hito",
      "Next step": "Siguiente paso",
      "First step this week": "Primer paso esta semana",
    },
  },
  "letter-to-future-self": {
    title: "Carta a mi yo del futuro",
    purpose: "Escríbete para dentro de un año; fija una carta que guarde el sentimiento.",
    board: { "Letter to my future self": "Carta a mi yo del futuro", "Dear me,": "Querido yo:" },
  },
  "check-in-weather": {
    title: "El tiempo de hoy",
    purpose: "¿Qué tiempo hace dentro de ti? Coloca tu nota en la escala, de tormenta a sol.",
    board: { "Check-in weather": "El tiempo de hoy", Storm: "Tormenta", Rain: "Lluvia", Clouds: "Nubes", Sun: "Sol", "Me today": "Yo hoy" },
  },
}
