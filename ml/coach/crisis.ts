/**
 * Crisis language: self-harm, suicide, abuse, danger. The coach is not a
 * therapist; a question with any of these words gets a kind reply that
 * points to people and emergency services, and no model is called. Our own
 * word list in the UI's five languages; all of them are checked whatever the
 * asker's language, since people switch languages when it matters. It errs
 * on the side of replying with care: a false alarm costs one gentle reply.
 *
 * A term ending in `*` matches any word that starts with it.
 */
const TERMS: Readonly<Record<string, readonly string[]>> = {
  en: [
    "suicid*",
    "kill myself",
    "killing myself",
    "end my life",
    "take my own life",
    "want to die",
    "wanna die",
    "better off dead",
    "self-harm*",
    "self harm*",
    "hurt myself",
    "hurting myself",
    "cut myself",
    "cutting myself",
    "overdose*",
    "abuse*",
    "abusing",
    "abusive",
    "hits me",
    "beats me",
    "rape*",
    "molest*",
    "in danger",
    "not safe at home",
    "unsafe at home",
    "threatens to kill",
  ],
  he: [
    "התאבד*",
    "להתאבד",
    "לפגוע בעצמי",
    "פגיעה עצמית",
    "לשים קץ לחיי",
    "רוצה למות",
    "התעללות",
    "מתעלל*",
    "מכה אותי",
    "אונס",
    "נאנסתי",
    "בסכנה",
    "לא בטוח בבית",
    "לא בטוחה בבית",
  ],
  es: [
    "suicid*",
    "matarme",
    "quitarme la vida",
    "quiero morir",
    "autolesi*",
    "hacerme daño",
    "abuso*",
    "abusa de mí",
    "maltrat*",
    "me pega",
    "violaci*",
    "violó",
    "en peligro",
    "no estoy a salvo",
  ],
  de: [
    "selbstmord*",
    "suizid*",
    "mich umbringen",
    "mir das leben nehmen",
    "will sterben",
    "selbstverletz*",
    "mich verletzen",
    "mich ritzen",
    "missbrauch*",
    "misshandl*",
    "schlägt mich",
    "vergewaltig*",
    "in gefahr",
    "nicht sicher zu hause",
  ],
  fr: [
    "suicid*",
    "me tuer",
    "mettre fin à mes jours",
    "envie de mourir",
    "veux mourir",
    "automutil*",
    "me faire du mal",
    "abus",
    "abusé*",
    "maltrait*",
    "me frappe",
    "viol",
    "violée",
    "violé",
    "en danger",
    "pas en sécurité chez moi",
  ],
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

const PATTERN = new RegExp(
  Object.values(TERMS)
    .flat()
    .map((term) => (term.endsWith("*") ? `(?<![\\p{L}])${escape(term.slice(0, -1))}` : `(?<![\\p{L}])${escape(term)}(?![\\p{L}])`))
    .join("|"),
  "iu",
)

/** Does the text carry crisis language in any of the five languages? */
export const isCrisis = (text: string): boolean => PATTERN.test(text.normalize("NFC").replace(/\s+/g, " "))

export const crisisTermCount = (): number => Object.values(TERMS).flat().length
