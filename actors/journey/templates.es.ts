/** The journey templates in Spanish: tú for each person, neutral forms where a group is addressed. */
import { polled, prompted, roomed, titled, type JourneyTemplateTranslations } from "./template-texts.ts"

export const ES: JourneyTemplateTranslations = {
  "first-meeting": {
    title: "Un primer encuentro",
    description: "Abrir un grupo nuevo: llegar, conocerse a través de las cartas y acordar para qué existe el grupo.",
    Pause: [titled("Un minuto de silencio"), prompted("Cómo llego", "Elige la carta que dice cómo llegas hoy.")],
    Expand: [prompted("Ronda de nombres", "Di tu nombre y lo que tu carta muestra de ti.")],
    Focus: [polled("Lo que queremos", "¿Qué es lo que más quieres de estos encuentros?", ["Aprendizaje", "Apoyo", "Ideas", "Compañía"])],
    Doing: [
      prompted("Nuestros acuerdos", "Escribe un acuerdo que haría de este grupo un lugar seguro para ti."),
      prompted("Primera nota", "¿Qué te sorprendió en este primer encuentro?"),
    ],
  },
  "team-retrospective": {
    title: "Retrospectiva de equipo",
    description: "Mirar atrás a un periodo de trabajo compartido y elegir qué cambiar a continuación.",
    Pause: [prompted("El sprint en una carta", "Saca una carta a ciegas: ¿qué dice de las últimas semanas?")],
    Expand: [titled("Lo que ayudó, lo que frenó")],
    Focus: [
      polled("Dónde actuar", "¿En qué tema deberíamos trabajar primero?", [
        "Planificación",
        "Traspasos",
        "Reuniones",
        "Herramientas",
        "Tiempo de concentración",
      ]),
    ],
    Doing: [
      prompted("Una acción por persona", "Nombra una cosa que harás de otra manera a partir de mañana."),
      prompted("Nota para mí", "¿Qué quiero recordar de esta retrospectiva?"),
    ],
  },
  "one-to-one-coaching": {
    title: "Sesión de coaching individual",
    description: "Un coach y una persona: bajar el ritmo, abrir la pregunta, encontrar el siguiente paso.",
    Pause: [titled("Respirar"), prompted("Una carta para ahora", "Deja que una carta te elija.")],
    Expand: [prompted("Alrededor de la carta", "¿Qué te despierta esta carta? ¿Qué más?")],
    Focus: [prompted("Adónde quiero ir", "Escribe la meta arriba y los pasos debajo.")],
    Doing: [prompted("Mi siguiente paso", "¿Qué haré antes de que nos volvamos a ver, y para cuándo?")],
  },
  "goal-setting-workshop": {
    title: "Taller de metas",
    description: "Un grupo fija metas para el próximo periodo, las pone a prueba en grupos pequeños y se compromete.",
    Pause: [prompted("Una imagen del éxito", "Elige una carta que muestre cómo sería el éxito.")],
    Expand: [roomed("Soñar en grande", "Comparte tu carta y la meta que hay detrás; ayuda a los demás a hacer la suya más audaz.")],
    Focus: [
      titled("Escalera de metas"),
      polled("Qué metas primero", "¿Qué metas debería impulsar primero el equipo?", ["Meta A", "Meta B", "Meta C", "Meta D"]),
    ],
    Doing: [
      prompted("Compromisos", "Di en voz alta a qué te comprometes este mes."),
      prompted("Mi meta", "Escribe tu meta como si ya estuviera cumplida."),
    ],
  },
  "onboarding-circle": {
    title: "Círculo de bienvenida",
    description: "Dar la bienvenida a quienes llegan al equipo: historias, expectativas y a quién acudir para cada cosa.",
    Pause: [prompted("Lo que aporto", "Elige una carta para algo que aportas a este equipo.")],
    Expand: [roomed("Por parejas", "Cuenta a la otra persona la historia de tu carta.")],
    Focus: [prompted("A quién acudir", "Sitúate en el lienzo y señala a quién acudes para cada cosa.")],
    Doing: [polled("Cómo llegas al inicio", "¿Hasta qué punto te sientes en condiciones de empezar?", ["Mucho", "Bastante", "Todavía no"])],
  },
  "difficult-conversation": {
    title: "Preparar una conversación difícil",
    description: "Preparar, con un coach o un colega, una conversación que llevas tiempo evitando.",
    Pause: [prompted("La conversación", "Saca una carta a ciegas: ¿qué dice de la conversación que tienes por delante?")],
    Expand: [prompted("Los dos lados", "¿Qué necesita la otra persona? ¿Qué necesitas tú?")],
    Focus: [prompted("La primera frase", "Escribe la primera frase que dirás.")],
    Doing: [
      polled("Cómo lo vives ahora", "¿Cómo te sientes ahora con respecto a la conversación?", ["Con más calma", "Igual", "Con más nervios"]),
      prompted("Después", "¿Qué quiero recordar cuando se ponga difícil?"),
    ],
  },
  "values-discovery": {
    title: "Descubrir valores",
    description: "Encontrar los valores con los que una persona o un equipo vive de verdad, y aquellos con los que quiere vivir.",
    Pause: [prompted("Un valor en una imagen", "Elige dos cartas que muestren algo que valoras.")],
    Expand: [titled("Mapa de valores")],
    Focus: [
      polled("Nuestros valores principales", "¿Qué valores nos importan más?", [
        "Honestidad",
        "Cuidado",
        "Valentía",
        "Curiosidad",
        "Libertad",
        "Justicia",
      ]),
    ],
    Doing: [prompted("Vivirlo", "¿Dónde se notará este valor en mi semana?")],
  },
  "year-in-review": {
    title: "Balance del año",
    description: "Mirar atrás a un año: qué pasó, qué creció, qué dejar atrás.",
    Pause: [titled("Una mirada tranquila atrás"), prompted("Mi año", "Elige una carta que resuma tu año.")],
    Expand: [
      prompted("Tablero de gratitud", "Da las gracias a alguien, o a algo, por este año."),
      roomed("Historias", "Comparte un momento del año que te llene de orgullo."),
    ],
    Focus: [prompted("Dejar atrás", "¿Qué no vas a llevar contigo al año que viene?")],
    Doing: [titled("Carta a mi yo del futuro"), prompted("Una palabra", "Una palabra para el año que viene, y por qué.")],
  },
  "team-decision": {
    title: "Tomar una decisión en equipo",
    description: "Exponer las opciones, escuchar todas las voces, votar con confianza y acordar el siguiente paso.",
    Pause: [prompted("Cómo me siento con esto", "Elige una carta que muestre cómo te sientes con la decisión.")],
    Expand: [roomed("Opciones", "Enumera las opciones y lo que nos costaría cada una.")],
    Focus: [polled("La decisión", "¿Qué opción apoyas?", ["Opción 1", "Opción 2", "Opción 3"])],
    Doing: [prompted("Siguiente paso", "¿Quién hace qué, y para cuándo?")],
  },
  "wellbeing-check-in": {
    title: "Chequeo de bienestar",
    description: "Un chequeo breve y seguro de cómo está el equipo de verdad.",
    Pause: [prompted("Parte meteorológico", "Sitúate en el tiempo que hace hoy.")],
    Expand: [prompted("Lo que necesito", "Saca una carta a ciegas: ¿qué necesitas esta semana?")],
    Focus: [polled("Energía", "¿Cómo está tu energía esta semana?", ["Alta", "Bien", "Baja", "En reserva"])],
    Doing: [prompted("Cuidarme", "Una cosa que haré por mí esta semana.")],
  },
  "project-kickoff": {
    title: "Arranque de proyecto",
    description: "Empezar un proyecto con una imagen compartida de la meta, los riesgos y los primeros pasos.",
    Pause: [prompted("El proyecto en una carta", "Elige una carta que muestre en qué podría convertirse este proyecto.")],
    Expand: [titled("El camino por delante")],
    Focus: [titled("Riesgos y recursos"), polled("El mayor riesgo", "¿Qué riesgo te preocupa más?", ["Tiempo", "Alcance", "Personas", "Dinero"])],
    Doing: [roomed("Primeros pasos", "Acordar en grupo los tres primeros pasos de esta parte.", ["Diseño", "Desarrollo", "Personas"])],
  },
  "life-balance": {
    title: "Equilibrio vital",
    description: "Una mirada personal a las áreas de la vida y a dónde debería ir la atención ahora.",
    Pause: [prompted("Equilibrio", "Deja que una carta te elija.")],
    Expand: [prompted("Rueda de la vida", "Puntúa cada área del 1 al 10.")],
    Focus: [prompted("Un área", "¿Qué área, si se moviera, levantaría a las demás?")],
    Doing: [prompted("Primer movimiento", "¿Cuál es mi primer pequeño movimiento en esa área?")],
  },
}
