/** The journey templates in German: du for each person, ihr where a group works together. */
import { polled, prompted, roomed, titled, type JourneyTemplateTranslations } from "./template-texts.ts"

export const DE: JourneyTemplateTranslations = {
  "first-meeting": {
    title: "Ein erstes Treffen",
    description: "Eine neue Gruppe eröffnen: ankommen, sich über die Karten kennenlernen, vereinbaren, wofür die Gruppe da ist.",
    Pause: [titled("Eine stille Minute"), prompted("Wie ich ankomme", "Wähle die Karte, die sagt, wie du heute ankommst.")],
    Expand: [prompted("Namensrunde", "Sag deinen Namen und was deine Karte über dich zeigt.")],
    Focus: [polled("Was wir wollen", "Was wünschst du dir am meisten von diesen Treffen?", ["Lernen", "Unterstützung", "Ideen", "Gemeinschaft"])],
    Doing: [
      prompted("Unsere Vereinbarungen", "Schreib eine Vereinbarung auf, die diese Gruppe für dich zu einem sicheren Ort machen würde."),
      prompted("Erste Notiz", "Was hat dich bei diesem ersten Treffen überrascht?"),
    ],
  },
  "team-retrospective": {
    title: "Team-Retrospektive",
    description: "Gemeinsam auf eine Arbeitsphase zurückblicken und entscheiden, was sich als Nächstes ändern soll.",
    Pause: [prompted("Der Sprint in einer Karte", "Zieh eine Karte verdeckt: Was sagt sie über die letzten Wochen?")],
    Expand: [titled("Was geholfen, was gebremst hat")],
    Focus: [
      polled("Wo ansetzen", "An welchem Thema sollten wir zuerst arbeiten?", ["Planung", "Übergaben", "Besprechungen", "Werkzeuge", "Fokuszeit"]),
    ],
    Doing: [
      prompted("Eine Aktion pro Person", "Nenne eine Sache, die du ab morgen anders machst."),
      prompted("Notiz an mich", "Was möchte ich aus dieser Retrospektive mitnehmen?"),
    ],
  },
  "one-to-one-coaching": {
    title: "Einzelcoaching",
    description: "Ein Coach und ein Mensch: langsamer werden, die Frage öffnen, den nächsten Schritt finden.",
    Pause: [titled("Atmen"), prompted("Eine Karte für jetzt", "Lass dich von einer Karte wählen.")],
    Expand: [prompted("Rund um die Karte", "Was löst diese Karte in dir aus? Was noch?")],
    Focus: [prompted("Wohin ich will", "Schreib das Ziel oben hin und die Schritte darunter.")],
    Doing: [prompted("Mein nächster Schritt", "Was tue ich bis zu unserem nächsten Treffen, und bis wann?")],
  },
  "goal-setting-workshop": {
    title: "Workshop zur Zielsetzung",
    description: "Eine Gruppe setzt sich Ziele für die kommende Zeit, prüft sie in Kleingruppen und legt sich fest.",
    Pause: [prompted("Ein Bild von Erfolg", "Wähle eine Karte, die zeigt, wie Erfolg aussehen würde.")],
    Expand: [roomed("Groß träumen", "Teilt eure Karte und das Ziel dahinter; helft einander, es mutiger zu machen.")],
    Focus: [
      titled("Zielleiter"),
      polled("Welche Ziele zuerst", "Welche Ziele sollte das Team zuerst angehen?", ["Ziel A", "Ziel B", "Ziel C", "Ziel D"]),
    ],
    Doing: [
      prompted("Zusagen", "Sprich laut aus, wozu du dich diesen Monat verpflichtest."),
      prompted("Mein Ziel", "Schreib dein Ziel so auf, als wäre es schon erreicht."),
    ],
  },
  "onboarding-circle": {
    title: "Willkommensrunde",
    description: "Neue Kolleginnen und Kollegen willkommen heißen: Geschichten, Erwartungen und wen man wofür fragt.",
    Pause: [prompted("Was ich mitbringe", "Wähle eine Karte für etwas, das du in dieses Team mitbringst.")],
    Expand: [roomed("Zu zweit", "Erzähl deinem Gegenüber die Geschichte hinter deiner Karte.")],
    Focus: [prompted("Wen fragen", "Platziere dich selbst und die Menschen, an die du dich wofür wendest.")],
    Doing: [polled("Wie bereit fühlst du dich", "Wie bereit fühlst du dich für den Start?", ["Sehr", "Größtenteils", "Noch nicht"])],
  },
  "difficult-conversation": {
    title: "Ein schwieriges Gespräch vorbereiten",
    description: "Mit einem Coach oder einer Kollegin ein Gespräch vorbereiten, dem du bisher ausgewichen bist.",
    Pause: [prompted("Das Gespräch", "Zieh eine Karte verdeckt: Was sagt sie über das Gespräch, das vor dir liegt?")],
    Expand: [prompted("Beide Seiten", "Was braucht die andere Person? Was brauchst du?")],
    Focus: [prompted("Der erste Satz", "Schreib den ersten Satz auf, den du sagen wirst.")],
    Doing: [
      polled("Wie es sich jetzt anfühlt", "Wie geht es dir jetzt mit dem Gespräch?", ["Ruhiger", "Unverändert", "Nervöser"]),
      prompted("Danach", "Woran möchte ich mich erinnern, wenn es schwierig wird?"),
    ],
  },
  "values-discovery": {
    title: "Werte entdecken",
    description: "Die Werte finden, nach denen ein Mensch oder ein Team wirklich lebt, und die, nach denen sie leben möchten.",
    Pause: [prompted("Ein Wert in einem Bild", "Wähle zwei Karten, die etwas zeigen, das dir wichtig ist.")],
    Expand: [titled("Wertelandkarte")],
    Focus: [
      polled("Unsere wichtigsten Werte", "Welche Werte sind uns am wichtigsten?", [
        "Ehrlichkeit",
        "Fürsorge",
        "Mut",
        "Neugier",
        "Freiheit",
        "Gerechtigkeit",
      ]),
    ],
    Doing: [prompted("Den Wert leben", "Wo wird sich dieser Wert in meiner Woche zeigen?")],
  },
  "year-in-review": {
    title: "Jahresrückblick",
    description: "Auf ein Jahr zurückblicken: was geschehen ist, was gewachsen ist, was zurückbleiben darf.",
    Pause: [titled("Stiller Rückblick"), prompted("Mein Jahr", "Wähle eine Karte, die dein Jahr zusammenfasst.")],
    Expand: [
      prompted("Dankbarkeitswand", "Danke jemandem oder etwas für dieses Jahr."),
      roomed("Geschichten", "Teile einen Moment des Jahres, auf den du stolz bist."),
    ],
    Focus: [prompted("Zurücklassen", "Was nimmst du nicht mit ins nächste Jahr?")],
    Doing: [titled("Brief an mein zukünftiges Ich"), prompted("Ein Wort", "Ein Wort für das nächste Jahr, und warum.")],
  },
  "team-decision": {
    title: "Eine Teamentscheidung treffen",
    description: "Optionen auslegen, jede Stimme hören, vertraulich abstimmen und den nächsten Schritt vereinbaren.",
    Pause: [prompted("Wie es mir damit geht", "Wähle eine Karte, die zeigt, wie es dir mit der Entscheidung geht.")],
    Expand: [roomed("Möglichkeiten", "Listet die Möglichkeiten auf und was jede uns kosten würde.")],
    Focus: [polled("Die Entscheidung", "Welche Variante unterstützt du?", ["Variante 1", "Variante 2", "Variante 3"])],
    Doing: [prompted("Nächster Schritt", "Wer macht was bis wann?")],
  },
  "wellbeing-check-in": {
    title: "Check-in zum Wohlbefinden",
    description: "Ein kurzer, geschützter Check-in, wie es dem Team wirklich geht.",
    Pause: [prompted("Wetterbericht", "Ordne dich beim heutigen Wetter ein.")],
    Expand: [prompted("Was ich brauche", "Zieh eine Karte verdeckt: Was brauchst du diese Woche?")],
    Focus: [polled("Energie", "Wie ist deine Energie diese Woche?", ["Hoch", "Gut", "Niedrig", "Auf Reserve"])],
    Doing: [prompted("Für mich sorgen", "Eine Sache, die ich diese Woche für mich tue.")],
  },
  "project-kickoff": {
    title: "Projektstart",
    description: "Ein Projekt mit einem gemeinsamen Bild von Ziel, Risiken und ersten Schritten beginnen.",
    Pause: [prompted("Das Projekt in einer Karte", "Wähle eine Karte, die zeigt, was aus diesem Projekt werden könnte.")],
    Expand: [titled("Der Weg vor uns")],
    Focus: [
      titled("Risiken und Ressourcen"),
      polled("Größtes Risiko", "Welches Risiko macht dir die meisten Sorgen?", ["Zeit", "Umfang", "Menschen", "Geld"]),
    ],
    Doing: [roomed("Erste Schritte", "Vereinbart die ersten drei Schritte für euren Teil.", ["Gestaltung", "Umsetzung", "Menschen"])],
  },
  "life-balance": {
    title: "Lebensbalance",
    description: "Ein persönlicher Blick auf die Lebensbereiche und darauf, wohin die Aufmerksamkeit als Nächstes gehen sollte.",
    Pause: [prompted("Gleichgewicht", "Lass dich von einer Karte wählen.")],
    Expand: [prompted("Lebensrad", "Bewerte jeden Bereich von 1 bis 10.")],
    Focus: [prompted("Ein Bereich", "Welcher eine Bereich würde, wenn er sich bewegte, die anderen mitziehen?")],
    Doing: [prompted("Erster Schritt", "Was ist mein erster kleiner Schritt in diesem Bereich?")],
  },
}
