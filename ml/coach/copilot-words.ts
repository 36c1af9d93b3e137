/**
 * The facilitator copilot's own words, written for Studio in the five UI
 * languages: the frames its reflection questions put before a card's own
 * question, and the sentences of a session summary. A frame never asks
 * anything itself (the question is always the card's), and a summary
 * sentence only states counts, names of phases and card words it is given:
 * nothing about how anyone felt.
 */
import type { ContentLanguage } from "../../actors/content-language.ts"
import type { Phase } from "../recommend/interactions.ts"

export interface CopilotWords {
  /** Before the card's question, by why the card is there. */
  readonly picked: (word: string, count: number) => string
  readonly dealt: (word: string) => string
  readonly phase: (word: string) => string
  /** A short move for the phase, before the question (lobby: before the first phase). */
  readonly move: Readonly<Record<Phase | "lobby", string>>
  readonly phaseName: Readonly<Record<Phase, string>>
  readonly summary: {
    readonly heading: (title: string) => string
    readonly draft: string
    readonly ran: (minutes: number, people: number) => string
    readonly runningSoFar: (minutes: number, people: number) => string
    readonly phases: (names: string) => string
    readonly noPhases: string
    readonly dealt: (cards: number, spreads: number) => string
    readonly picked: (picks: number, top: string, count: number) => string
    /** When no card stands out: the picks, and the words picked (already quoted and listed). */
    readonly pickedList: (picks: number, words: string) => string
    readonly quote: (word: string) => string
    readonly noPicks: string
    readonly polls: (polls: number) => string
    readonly breakouts: (rooms: number) => string
    readonly phasesTitle: string
    /** `minutes` rounded; 0 reads "under a minute", never "0 min". */
    readonly phaseLine: (phase: string, minutes: number, activities: string) => string
    readonly cardsTitle: string
    readonly dealtLine: (deck: string, words: string, faceDown: boolean) => string
    readonly pickedTitle: string
    readonly pickedLine: (word: string, count: number) => string
    readonly namedLine: (name: string, word: string) => string
    readonly pollsTitle: string
    readonly pollLine: (question: string, results: string) => string
    readonly footer: string
    readonly and: string
  }
}

const list = (items: readonly string[], and: string) =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} ${and} ${items.at(-1)}`

const en: CopilotWords = {
  picked: (w, n) => (n === 1 ? `Someone picked “${w}”.` : `${n} of you picked “${w}”.`),
  dealt: (w) => `Look again at “${w}”.`,
  phase: (w) => `A card for this moment, “${w}”.`,
  move: {
    lobby: "To open the circle:",
    Pause: "Take a quiet breath first.",
    Expand: "Let the answers go wide; nothing is wrong yet.",
    Focus: "Choose one thing and stay with it.",
    Doing: "Think of one step for this week.",
  },
  phaseName: { Pause: "Pause", Expand: "Expand", Focus: "Focus", Doing: "Doing" },
  summary: {
    heading: (t) => `Session summary: ${t}`,
    draft: "Draft so far: the session is still open.",
    ran: (m, p) => `The session ran for ${m === 0 ? "under a minute" : `${m} min`} with ${p} ${p === 1 ? "participant" : "participants"}.`,
    runningSoFar: (m, p) =>
      `The session has been open for ${m === 0 ? "under a minute" : `${m} min`} with ${p} ${p === 1 ? "participant" : "participants"}.`,
    phases: (names) => `It went through ${names}.`,
    noPhases: "It did not start a phase.",
    dealt: (c, s) => `${c} ${c === 1 ? "card was" : "cards were"} dealt in ${s} ${s === 1 ? "spread" : "spreads"}.`,
    picked: (p, top, n) => `${p} ${p === 1 ? "pick was" : "picks were"} revealed; the card picked most was “${top}” (${n}).`,
    pickedList: (p, words) => `${p} ${p === 1 ? "pick was" : "picks were"} revealed: ${words}.`,
    quote: (w) => `“${w}”`,
    noPicks: "No picks were revealed.",
    polls: (n) => `${n} ${n === 1 ? "poll was" : "polls were"} run.`,
    breakouts: (n) => `The group worked in ${n} breakout ${n === 1 ? "room" : "rooms"}.`,
    phasesTitle: "Phases",
    phaseLine: (p, m, a) => `${p}: ${m === 0 ? "under a minute" : `${m} min`}${a ? ` (${a})` : ""}`,
    cardsTitle: "Cards dealt",
    dealtLine: (d, w, down) => `${d}: ${w}${down ? " (face down)" : ""}`,
    pickedTitle: "Cards picked",
    pickedLine: (w, n) => `${w}: ${n}`,
    namedLine: (name, w) => `${name} picked ${w}`,
    pollsTitle: "Polls",
    pollLine: (q, r) => `${q}: ${r}`,
    footer: "Drafted by Studio from the session recap. It reports what happened, never how anyone felt.",
    and: "and",
  },
}

const he: CopilotWords = {
  picked: (w, n) => (n === 1 ? `מישהו בחר את „${w}”.` : `${n} מכם בחרו את „${w}”.`),
  dealt: (w) => `הביטו שוב ב„${w}”.`,
  phase: (w) => `קלף לרגע הזה, „${w}”.`,
  move: {
    lobby: "לפתיחת המעגל:",
    Pause: "קחו קודם נשימה שקטה.",
    Expand: "תנו לתשובות להתרחב; עוד אין תשובה לא נכונה.",
    Focus: "בחרו דבר אחד והישארו איתו.",
    Doing: "חשבו על צעד אחד לשבוע הזה.",
  },
  phaseName: { Pause: "עצירה", Expand: "התרחבות", Focus: "מיקוד", Doing: "עשייה" },
  summary: {
    heading: (t) => `סיכום המפגש: ${t}`,
    draft: "טיוטה עד כה: המפגש עדיין פתוח.",
    ran: (m, p) => `המפגש נמשך ${m === 0 ? "פחות מדקה" : `${m} דקות`}, עם ${p === 1 ? "משתתף אחד" : `${p} משתתפים`}.`,
    runningSoFar: (m, p) => `המפגש פתוח כבר ${m === 0 ? "פחות מדקה" : `${m} דקות`}, עם ${p === 1 ? "משתתף אחד" : `${p} משתתפים`}.`,
    phases: (names) => `הוא עבר בשלבים ${names}.`,
    noPhases: "הוא לא התחיל אף שלב.",
    dealt: (c, s) => `${c === 1 ? "חולק קלף אחד" : `חולקו ${c} קלפים`} ${s === 1 ? "בפריסה אחת" : `ב־${s} פריסות`}.`,
    picked: (p, top, n) => `נחשפו ${p} בחירות; הקלף שנבחר הכי הרבה היה „${top}” (${n}).`,
    pickedList: (p, words) => (p === 1 ? `נחשפה בחירה אחת: ${words}.` : `נחשפו ${p} בחירות: ${words}.`),
    quote: (w) => `„${w}”`,
    noPicks: "לא נחשפו בחירות.",
    polls: (n) => (n === 1 ? "נערך סקר אחד." : `נערכו ${n} סקרים.`),
    breakouts: (n) => (n === 1 ? "הקבוצה עבדה בחדר עבודה אחד." : `הקבוצה עבדה ב־${n} חדרי עבודה.`),
    phasesTitle: "שלבים",
    phaseLine: (p, m, a) => `${p}: ${m === 0 ? "פחות מדקה" : `${m} דקות`}${a ? ` (${a})` : ""}`,
    cardsTitle: "קלפים שחולקו",
    dealtLine: (d, w, down) => `${d}: ${w}${down ? " (פנים למטה)" : ""}`,
    pickedTitle: "קלפים שנבחרו",
    pickedLine: (w, n) => `${w}: ${n}`,
    namedLine: (name, w) => `${name} בחר/ה את ${w}`,
    pollsTitle: "סקרים",
    pollLine: (q, r) => `${q}: ${r}`,
    footer: "נוסח על ידי Studio מתוך סיכום המפגש. הוא מתאר מה קרה, לעולם לא איך מישהו הרגיש.",
    and: "ו",
  },
}

const es: CopilotWords = {
  picked: (w, n) => (n === 1 ? `Alguien eligió «${w}».` : `${n} de ustedes eligieron «${w}».`),
  dealt: (w) => `Miren otra vez «${w}».`,
  phase: (w) => `Una carta para este momento, «${w}».`,
  move: {
    lobby: "Para abrir el círculo:",
    Pause: "Primero, respiren con calma.",
    Expand: "Que las respuestas se abran; todavía nada está mal.",
    Focus: "Elijan una sola cosa y quédense con ella.",
    Doing: "Piensen en un paso para esta semana.",
  },
  phaseName: { Pause: "Pausa", Expand: "Expandir", Focus: "Enfocar", Doing: "Hacer" },
  summary: {
    heading: (t) => `Resumen de la sesión: ${t}`,
    draft: "Borrador hasta ahora: la sesión sigue abierta.",
    ran: (m, p) => `La sesión duró ${m === 0 ? "menos de un minuto" : `${m} min`} con ${p} ${p === 1 ? "participante" : "participantes"}.`,
    runningSoFar: (m, p) =>
      `La sesión lleva ${m === 0 ? "menos de un minuto" : `${m} min`} abierta con ${p} ${p === 1 ? "participante" : "participantes"}.`,
    phases: (names) => `Pasó por ${names}.`,
    noPhases: "No empezó ninguna fase.",
    dealt: (c, s) => `Se repartieron ${c} ${c === 1 ? "carta" : "cartas"} en ${s} ${s === 1 ? "tirada" : "tiradas"}.`,
    picked: (p, top, n) => `Se revelaron ${p} ${p === 1 ? "elección" : "elecciones"}; la carta más elegida fue «${top}» (${n}).`,
    pickedList: (p, words) => (p === 1 ? `Se reveló 1 elección: ${words}.` : `Se revelaron ${p} elecciones: ${words}.`),
    quote: (w) => `«${w}»`,
    noPicks: "No se revelaron elecciones.",
    polls: (n) => `Se hicieron ${n} ${n === 1 ? "encuesta" : "encuestas"}.`,
    breakouts: (n) => `El grupo trabajó en ${n} ${n === 1 ? "sala" : "salas"} de grupos.`,
    phasesTitle: "Fases",
    phaseLine: (p, m, a) => `${p}: ${m === 0 ? "menos de un minuto" : `${m} min`}${a ? ` (${a})` : ""}`,
    cardsTitle: "Cartas repartidas",
    dealtLine: (d, w, down) => `${d}: ${w}${down ? " (boca abajo)" : ""}`,
    pickedTitle: "Cartas elegidas",
    pickedLine: (w, n) => `${w}: ${n}`,
    namedLine: (name, w) => `${name} eligió ${w}`,
    pollsTitle: "Encuestas",
    pollLine: (q, r) => `${q}: ${r}`,
    footer: "Redactado por Studio a partir del resumen de la sesión. Cuenta lo que pasó, nunca cómo se sintió nadie.",
    and: "y",
  },
}

const de: CopilotWords = {
  picked: (w, n) => (n === 1 ? `Eine Person hat „${w}“ gewählt.` : `${n} von euch haben „${w}“ gewählt.`),
  dealt: (w) => `Schaut noch einmal auf „${w}“.`,
  phase: (w) => `Eine Karte für diesen Moment: „${w}“.`,
  move: {
    lobby: "Zum Eröffnen der Runde:",
    Pause: "Nehmt zuerst einen ruhigen Atemzug.",
    Expand: "Lasst die Antworten weit werden; noch ist nichts falsch.",
    Focus: "Wählt eine Sache und bleibt bei ihr.",
    Doing: "Denkt an einen Schritt für diese Woche.",
  },
  phaseName: { Pause: "Innehalten", Expand: "Erweitern", Focus: "Fokussieren", Doing: "Handeln" },
  summary: {
    heading: (t) => `Zusammenfassung der Sitzung: ${t}`,
    draft: "Entwurf bis jetzt: Die Sitzung ist noch offen.",
    ran: (m, p) => `Die Sitzung dauerte ${m === 0 ? "weniger als eine Minute" : `${m} Min.`} mit ${p} Teilnehmenden.`,
    runningSoFar: (m, p) => `Die Sitzung ist seit ${m === 0 ? "weniger als einer Minute" : `${m} Min.`} offen, mit ${p} Teilnehmenden.`,
    phases: (names) => `Sie ging durch ${names}.`,
    noPhases: "Sie hat keine Phase begonnen.",
    dealt: (c, s) => `${c} ${c === 1 ? "Karte wurde" : "Karten wurden"} in ${s} ${s === 1 ? "Auslage" : "Auslagen"} ausgeteilt.`,
    picked: (p, top, n) => `${p} ${p === 1 ? "Wahl wurde" : "Wahlen wurden"} aufgedeckt; am häufigsten gewählt wurde „${top}“ (${n}).`,
    pickedList: (p, words) => `${p} ${p === 1 ? "Wahl wurde" : "Wahlen wurden"} aufgedeckt: ${words}.`,
    quote: (w) => `„${w}“`,
    noPicks: "Es wurden keine Wahlen aufgedeckt.",
    polls: (n) => `${n} ${n === 1 ? "Umfrage wurde" : "Umfragen wurden"} durchgeführt.`,
    breakouts: (n) => `Die Gruppe arbeitete in ${n} ${n === 1 ? "Kleingruppenraum" : "Kleingruppenräumen"}.`,
    phasesTitle: "Phasen",
    phaseLine: (p, m, a) => `${p}: ${m === 0 ? "unter einer Minute" : `${m} Min.`}${a ? ` (${a})` : ""}`,
    cardsTitle: "Ausgeteilte Karten",
    dealtLine: (d, w, down) => `${d}: ${w}${down ? " (verdeckt)" : ""}`,
    pickedTitle: "Gewählte Karten",
    pickedLine: (w, n) => `${w}: ${n}`,
    namedLine: (name, w) => `${name} hat ${w} gewählt`,
    pollsTitle: "Umfragen",
    pollLine: (q, r) => `${q}: ${r}`,
    footer: "Von Studio aus dem Sitzungsrückblick entworfen. Er berichtet, was geschah, nie, wie sich jemand fühlte.",
    and: "und",
  },
}

const fr: CopilotWords = {
  picked: (w, n) => (n === 1 ? `Une personne a choisi « ${w} ».` : `${n} d’entre vous ont choisi « ${w} ».`),
  dealt: (w) => `Regardez à nouveau « ${w} ».`,
  phase: (w) => `Une carte pour ce moment : « ${w} ».`,
  move: {
    lobby: "Pour ouvrir le cercle :",
    Pause: "Prenez d’abord une respiration calme.",
    Expand: "Laissez les réponses s’ouvrir ; rien n’est faux pour l’instant.",
    Focus: "Choisissez une seule chose et restez-y.",
    Doing: "Pensez à un pas pour cette semaine.",
  },
  phaseName: { Pause: "Pause", Expand: "Ouvrir", Focus: "Cibler", Doing: "Agir" },
  summary: {
    heading: (t) => `Synthèse de la séance : ${t}`,
    draft: "Brouillon à ce stade : la séance est encore ouverte.",
    ran: (m, p) => `La séance a duré ${m === 0 ? "moins d’une minute" : `${m} min`} avec ${p} ${p === 1 ? "participant" : "participants"}.`,
    runningSoFar: (m, p) =>
      `La séance est ouverte depuis ${m === 0 ? "moins d’une minute" : `${m} min`} avec ${p} ${p === 1 ? "participant" : "participants"}.`,
    phases: (names) => `Elle est passée par ${names}.`,
    noPhases: "Elle n’a commencé aucune phase.",
    dealt: (c, s) => `${c} ${c === 1 ? "carte a été distribuée" : "cartes ont été distribuées"} en ${s} ${s === 1 ? "tirage" : "tirages"}.`,
    picked: (p, top, n) => `${p} ${p === 1 ? "choix a été révélé" : "choix ont été révélés"} ; la carte la plus choisie a été « ${top} » (${n}).`,
    pickedList: (p, words) => `${p} ${p === 1 ? "choix a été révélé" : "choix ont été révélés"} : ${words}.`,
    quote: (w) => `« ${w} »`,
    noPicks: "Aucun choix n’a été révélé.",
    polls: (n) => `${n} ${n === 1 ? "sondage a été lancé" : "sondages ont été lancés"}.`,
    breakouts: (n) => `Le groupe a travaillé en ${n} ${n === 1 ? "sous-groupe" : "sous-groupes"}.`,
    phasesTitle: "Phases",
    phaseLine: (p, m, a) => `${p} : ${m === 0 ? "moins d’une minute" : `${m} min`}${a ? ` (${a})` : ""}`,
    cardsTitle: "Cartes distribuées",
    dealtLine: (d, w, down) => `${d} : ${w}${down ? " (face cachée)" : ""}`,
    pickedTitle: "Cartes choisies",
    pickedLine: (w, n) => `${w} : ${n}`,
    namedLine: (name, w) => `${name} a choisi ${w}`,
    pollsTitle: "Sondages",
    pollLine: (q, r) => `${q} : ${r}`,
    footer: "Rédigé par Studio à partir du récapitulatif de la séance. Il rapporte ce qui s’est passé, jamais ce que quelqu’un a ressenti.",
    and: "et",
  },
}

const WORDS: Readonly<Record<ContentLanguage, CopilotWords>> = { en, he, es, de, fr }

export const copilotWords = (language: ContentLanguage): CopilotWords => WORDS[language]

/** "a, b and c" in the language (Hebrew joins the last with a prefixed ו). */
export const listIn = (language: ContentLanguage, items: readonly string[]): string =>
  language === "he" && items.length > 1 ? `${items.slice(0, -1).join(", ")} ו${items.at(-1)}` : list(items, WORDS[language].summary.and)
