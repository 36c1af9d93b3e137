/**
 * The replies the coach gives without a model, in the UI's five languages
 * (our own words): the crisis reply, and the reply when nothing the asker
 * may see speaks to the question.
 */
interface Replies {
  readonly crisis: string
  readonly nothing: string
}

const replies: Record<string, Replies> = {
  en: {
    crisis:
      "It sounds like you are carrying something very heavy, and I am glad you said it. I am an AI coach, not a counsellor, and this deserves a person who can be with you. If you are in danger or thinking of harming yourself, please call your local emergency number now (112 in Europe, 911 in North America) or a crisis line where you live. You could also tell your facilitator or someone you trust today.",
    nothing:
      "I found no card in your library and no journal entry you shared with the coach that speaks to this yet. Try other words, or share an entry with the coach from your journal.",
  },
  he: {
    crisis:
      "נשמע שאת/ה נושא/ת משהו כבד מאוד, וטוב שאמרת את זה. אני מאמן בינה מלאכותית ולא איש טיפול, וזה ראוי לאדם שיכול להיות איתך. אם את/ה בסכנה או חושב/ת לפגוע בעצמך, התקשר/י עכשיו למספר החירום המקומי (101 מד״א או 100 משטרה בישראל) או לקו סיוע נפשי (ער״ן 1201). אפשר גם לספר היום למנחה או למישהו שאת/ה סומך/ת עליו.",
    nothing: "לא מצאתי בספרייה קלף או ביומן רשומה ששיתפת עם המאמן שמדברים על זה. נסה/י מילים אחרות, או שתף/י רשומה עם המאמן מהיומן.",
  },
  es: {
    crisis:
      "Parece que llevas algo muy pesado, y me alegra que lo hayas dicho. Soy un coach de IA, no un terapeuta, y esto merece una persona que pueda acompañarte. Si estás en peligro o piensas en hacerte daño, llama ahora al número de emergencias de tu zona (112 en Europa, 911 en América) o a una línea de crisis donde vives. También puedes contárselo hoy a tu facilitador o a alguien de confianza.",
    nothing:
      "No encontré ninguna carta en tu biblioteca ni ninguna entrada que hayas compartido con el coach que hable de esto. Prueba con otras palabras o comparte una entrada de tu diario con el coach.",
  },
  de: {
    crisis:
      "Es klingt, als trügest du gerade etwas sehr Schweres, und es ist gut, dass du es sagst. Ich bin ein KI-Coach, keine Beraterin und kein Therapeut, und das verdient einen Menschen, der für dich da sein kann. Wenn du in Gefahr bist oder daran denkst, dir etwas anzutun, ruf bitte jetzt den Notruf an (112) oder eine Krisenhotline in deiner Nähe (in Deutschland die Telefonseelsorge, 0800 111 0 111). Du kannst dich heute auch deiner Moderatorin oder jemandem anvertrauen, dem du vertraust.",
    nothing:
      "Ich habe in deiner Bibliothek keine Karte und keinen mit dem Coach geteilten Journaleintrag gefunden, der dazu passt. Versuche andere Worte oder teile einen Eintrag aus deinem Journal mit dem Coach.",
  },
  fr: {
    crisis:
      "On dirait que tu portes quelque chose de très lourd, et je suis content que tu l'aies dit. Je suis un coach IA, pas un thérapeute, et cela mérite une personne qui puisse être avec toi. Si tu es en danger ou si tu penses à te faire du mal, appelle maintenant le numéro d'urgence local (112 en Europe, 3114 en France) ou une ligne d'écoute près de chez toi. Tu peux aussi en parler aujourd'hui à ton animateur ou à quelqu'un de confiance.",
    nothing:
      "Je n'ai trouvé dans ta bibliothèque aucune carte, ni dans ton journal aucune entrée partagée avec le coach, qui parle de cela. Essaie d'autres mots, ou partage une entrée de ton journal avec le coach.",
  },
}

export const repliesFor = (language: string): Replies => replies[language.toLowerCase().split("-")[0] ?? "en"] ?? replies["en"]!
