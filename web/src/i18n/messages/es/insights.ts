import type { insights as en } from "../en/insights.ts"

export const insights: { readonly [K in keyof typeof en]: string } = {
  "insights.title": "Observaciones",
  "insights.notice":
    "Las observaciones describen solo la actividad. Studio no deduce emociones de lo que se elige en el lienzo, de las caras ni de las voces: el Reglamento de IA de la UE prohíbe reconocer emociones en el trabajo y en la educación.",
  "insights.connecting": "Observando la sala…",
  "insights.unavailable": "Las observaciones no están disponibles: {reason}",
  "insights.none": "Ahora mismo no destaca nada.",
  "insights.anonymise": "Anonimizar la sala (sin nombres)",
  "insights.consenting": "{consenting} de {participants} participantes aceptaron aparecer con su nombre; el resto solo cuenta en los totales.",
  "insights.aParticipant": "Una persona participante",
  "insights.silent": "{who} no ha aportado nada en {seconds} s mientras la sala hizo {ops} acciones.",
  "insights.dominant": "{who} hizo el {percent}% de las acciones de la sala en los últimos minutos.",
  "insights.sameTheme": "{who} eligió {count} de {cards} cartas con el tema «{theme}».",
  "insights.stuck": "Sin actividad desde hace {minutes} min: puede que la fase esté atascada.",
  "insights.phaseDone": "Todo el mundo ha terminado: podéis seguir.",
  "insights.pollDone": "Todo el mundo ha votado: podéis seguir.",
  "insights.collaboration": "{builders} de {participants} participantes construyeron sobre el trabajo de otros ({links} veces).",
  "insights.collaborationPair": "Quien más lo hizo: {from}, sobre el trabajo de {to}.",
  "insights.people": "Actividad de quienes aceptaron",
  "insights.person": "{name} · acciones: {ops} · tipos: {kinds} · activo/a: {minutes} min",
  "insights.drawnTo": "Le atraen: {themes}",
  "insights.retrospective": "Observaciones de la sesión",
  "insights.retrospectiveWaiting": "Preparando el resumen de observaciones…",
  "insights.retrospectiveNone": "No hay observaciones disponibles para esta sesión.",
  "insights.summary": "{minutes} min, {participants} participantes, {ops} acciones",
  "insights.moments": "Lo que destacó",
  "insights.steps": "Acciones por fase",
  "insights.stepLine": "{label}: {ops}",
  "insights.consentLabel": "Permitir que las observaciones del facilitador me nombren",
  "insights.consentHint":
    "Desactivado salvo que lo actives. Las observaciones cuentan lo que haces en la sesión, nunca cómo te sientes; sin tu permiso solo cuentas en los totales.",
}
