/** The canvas templates in Hebrew; phase names as the console shows them. */
import type { CanvasTemplateTranslations } from "./template-translation.ts"

export const HE: CanvasTemplateTranslations = {
  "past-present-future": {
    title: "עבר, הווה, עתיד",
    purpose: "פריסת קלפים: לבחור קלף אחד לכל זמן ולומר מה הוא מראה לך.",
    board: { "Past, present, future": "עבר, הווה, עתיד", Past: "עבר", Present: "הווה", Future: "עתיד" },
  },
  "values-map": {
    title: "מפת ערכים",
    purpose: "למקם את מה שהכי חשוב קרוב למרכז, ואת מה שפחות חשוב רחוק יותר.",
    board: { "Values map": "מפת ערכים", Core: "ליבה", Important: "חשוב", "Nice to have": "נחמד שיהיה" },
  },
  "team-constellation": {
    title: "קונסטלציה צוותית",
    purpose: "כל אחד ואחת בצוות מניחים קלף לעצמם; המרחק והקווים מראים עד כמה יש תחושת חיבור.",
    board: { "Team constellation": "קונסטלציה צוותית", "Our goal": "המטרה שלנו", Me: "אני", You: "את/ה", "close?": "קרובים?" },
  },
  "journey-phases": {
    title: "המסע",
    purpose: "עמודה לכל שלב: עצירה, התרחבות, מיקוד, עשייה.",
    board: { "The journey": "המסע", Pause: "עצירה", Expand: "התרחבות", Focus: "מיקוד", Doing: "עשייה" },
  },
  "stop-start-continue": {
    title: "להפסיק, להתחיל, להמשיך",
    purpose: "ממה להיפרד, מה להתחיל, ומה לשמור.",
    board: { "Stop, start, continue": "להפסיק, להתחיל, להמשיך", Stop: "להפסיק", Start: "להתחיל", Continue: "להמשיך" },
  },
  "hopes-and-fears": {
    title: "תקוות וחששות",
    purpose: "לתת שם למה שמקווים לו ולמה שחוששים ממנו, לפני שמתחילים.",
    board: { "Hopes and fears": "תקוות וחששות", Hopes: "תקוות", Fears: "חששות" },
  },
  "wheel-of-life": {
    title: "גלגל החיים",
    purpose: "לדרג כל תחום בחיים מ־1 עד 10 בסימון על החישור שלו.",
    board: {
      "Wheel of life": "גלגל החיים",
      Work: "עבודה",
      Health: "בריאות",
      Family: "משפחה",
      Friends: "חברים",
      Growth: "התפתחות",
      Fun: "הנאה",
      Money: "כסף",
      Home: "בית",
    },
  },
  "obstacles-and-resources": {
    title: "מכשולים ומשאבים",
    purpose: "המטרה למעלה; מה שעומד בדרך משמאל, ומה שעוזר מימין.",
    board: { "Obstacles and resources": "מכשולים ומשאבים", "My goal": "המטרה שלי", Obstacles: "מכשולים", Resources: "משאבים" },
  },
  "gratitude-board": {
    title: "לוח הכרת תודה",
    purpose: "שלושה דברים שיש לך הכרת תודה עליהם היום, וקלף אחד שמראה אחד מהם.",
    board: { "Gratitude board": "לוח הכרת תודה", "A card for it": "קלף בשבילו" },
  },
  "goal-ladder": {
    title: "סולם מטרות",
    purpose: "מהמטרה שבראש הסולם ועד הצעד הקטן הראשון שאפשר לעשות השבוע.",
    board: { "Goal ladder": "סולם מטרות", Goal: "מטרה", Milestone: "אבן דרך", "Next step": "הצעד הבא", "First step this week": "צעד ראשון השבוע" },
  },
  "letter-to-future-self": {
    title: "מכתב לעצמי בעתיד",
    purpose: "לכתוב לעצמך, לשנה מהיום; להצמיד קלף שמחזיק את התחושה.",
    board: { "Letter to my future self": "מכתב לעצמי בעתיד", "Dear me,": "אל עצמי," },
  },
  "check-in-weather": {
    title: "מזג האוויר הפנימי",
    purpose: "מה מזג האוויר הפנימי שלך? למקם את הפתק על הסקאלה, מסערה ועד שמש.",
    board: { "Check-in weather": "מזג האוויר הפנימי", Storm: "סערה", Rain: "גשם", Clouds: "עננים", Sun: "שמש", "Me today": "אני היום" },
  },
}
