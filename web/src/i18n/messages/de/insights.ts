import type { insights as en } from "../en/insights.ts"

export const insights: { readonly [K in keyof typeof en]: string } = {
  "insights.title": "Einblicke",
  "insights.notice":
    "Einblicke beschreiben nur Aktivität. Studio leitet keine Gefühle aus Entscheidungen auf der Leinwand, aus Gesichtern oder Stimmen ab: Die KI-Verordnung der EU verbietet Emotionserkennung am Arbeitsplatz und in der Bildung.",
  "insights.connecting": "Der Raum wird beobachtet…",
  "insights.unavailable": "Einblicke sind nicht verfügbar: {reason}",
  "insights.none": "Gerade fällt nichts auf.",
  "insights.anonymise": "Raum anonymisieren (niemanden nennen)",
  "insights.consenting": "{consenting} von {participants} Teilnehmenden sind einverstanden, genannt zu werden; die anderen zählen nur in den Summen.",
  "insights.aParticipant": "Eine teilnehmende Person",
  "insights.silent": "{who} hat seit {seconds} s nichts beigetragen, während der Raum {ops} Aktionen gemacht hat.",
  "insights.dominant": "{who} hat in den letzten Minuten {percent} % der Aktionen im Raum gemacht.",
  "insights.sameTheme": "{who} hat {count} von {cards} Karten mit dem Thema „{theme}“ gewählt.",
  "insights.stuck": "Seit {minutes} Min. keine Aktivität: Die Phase hängt vielleicht fest.",
  "insights.phaseDone": "Alle sind fertig: Ihr könnt weitermachen.",
  "insights.pollDone": "Alle haben abgestimmt: Ihr könnt weitermachen.",
  "insights.collaboration": "{builders} von {participants} Teilnehmenden haben auf der Arbeit anderer aufgebaut ({links}-mal).",
  "insights.collaborationPair": "Am häufigsten hat {from} auf der Arbeit von {to} aufgebaut.",
  "insights.people": "Aktivität der Einverstandenen",
  "insights.person": "{name} · Aktionen: {ops} · Arten: {kinds} · aktiv: {minutes} Min.",
  "insights.drawnTo": "Zieht es zu: {themes}",
  "insights.retrospective": "Einblicke aus der Sitzung",
  "insights.retrospectiveWaiting": "Die Zusammenfassung der Einblicke wird vorbereitet…",
  "insights.retrospectiveNone": "Für diese Sitzung sind keine Einblicke verfügbar.",
  "insights.summary": "{minutes} Min., {participants} Teilnehmende, {ops} Aktionen",
  "insights.moments": "Was auffiel",
  "insights.steps": "Aktionen je Phase",
  "insights.stepLine": "{label}: {ops}",
  "insights.consentLabel": "Die Einblicke der Moderation dürfen mich nennen",
  "insights.consentHint":
    "Aus, bis du es einschaltest. Einblicke zählen, was du in der Sitzung tust, nie wie du dich fühlst; ohne deine Zustimmung zählst du nur in den Summen.",
}
