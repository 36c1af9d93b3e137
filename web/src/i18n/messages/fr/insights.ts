import type { insights as en } from "../en/insights.ts"

export const insights: { readonly [K in keyof typeof en]: string } = {
  "insights.title": "Observations",
  "insights.notice":
    "Les observations décrivent uniquement l'activité. Studio ne déduit aucune émotion des choix faits sur le canevas, des visages ni des voix : le règlement européen sur l'IA interdit la reconnaissance des émotions au travail et dans l'enseignement.",
  "insights.connecting": "Observation de la salle…",
  "insights.unavailable": "Les observations ne sont pas disponibles : {reason}",
  "insights.none": "Rien ne ressort pour l'instant.",
  "insights.anonymise": "Anonymiser la salle (ne nommer personne)",
  "insights.consenting": "{consenting} participants sur {participants} acceptent d'être nommés ; les autres ne comptent que dans les totaux.",
  "insights.aParticipant": "Une personne participante",
  "insights.silent": "{who} n'a rien apporté depuis {seconds} s alors que la salle a fait {ops} actions.",
  "insights.dominant": "{who} a fait {percent} % des actions de la salle ces dernières minutes.",
  "insights.sameTheme": "{who} a choisi {count} cartes sur {cards} avec le thème « {theme} ».",
  "insights.stuck": "Aucune activité depuis {minutes} min : la phase est peut-être bloquée.",
  "insights.phaseDone": "Tout le monde a terminé : vous pouvez passer à la suite.",
  "insights.pollDone": "Tout le monde a voté : vous pouvez passer à la suite.",
  "insights.collaboration": "{builders} participants sur {participants} ont prolongé le travail des autres ({links} fois).",
  "insights.collaborationPair": "Le plus souvent, {from} a prolongé le travail de {to}.",
  "insights.people": "Activité des personnes qui ont accepté",
  "insights.person": "{name} · actions : {ops} · types : {kinds} · active : {minutes} min",
  "insights.drawnTo": "Attiré·e par : {themes}",
  "insights.retrospective": "Observations de la séance",
  "insights.retrospectiveWaiting": "Le résumé des observations est en préparation…",
  "insights.retrospectiveNone": "Aucune observation n'est disponible pour cette séance.",
  "insights.summary": "{minutes} min, {participants} participants, {ops} actions",
  "insights.moments": "Ce qui est ressorti",
  "insights.steps": "Actions par phase",
  "insights.stepLine": "{label} : {ops}",
  "insights.consentLabel": "Autoriser les observations de l'animateur à me nommer",
  "insights.consentHint":
    "Désactivé tant que vous ne l'activez pas. Les observations comptent ce que vous faites pendant la séance, jamais ce que vous ressentez ; sans votre accord, vous ne comptez que dans les totaux.",
}
