/**
 * The journey templates in French: tu for each person, vous where a group
 * works together. A no-break space (U+00A0) keeps "?" and ":" with their words.
 */
import { polled, prompted, roomed, titled, type JourneyTemplateTranslations } from "./template-texts.ts"

export const FR: JourneyTemplateTranslations = {
  "first-meeting": {
    title: "Une première rencontre",
    description: "Ouvrir un nouveau groupe : arriver, faire connaissance à travers les cartes, convenir de ce à quoi sert le groupe.",
    Pause: [titled("Une minute de calme"), prompted("Comment j'arrive", "Choisis la carte qui dit comment tu arrives aujourd'hui.")],
    Expand: [prompted("Tour des prénoms", "Dis ton prénom et ce que ta carte montre de toi.")],
    Focus: [polled("Ce que nous voulons", "Qu'attends-tu le plus de ces rencontres ?", ["Apprentissage", "Soutien", "Idées", "Convivialité"])],
    Doing: [
      prompted("Nos accords", "Écris un accord qui ferait de ce groupe un lieu sûr pour toi."),
      prompted("Première note", "Qu'est-ce qui a été une surprise pour toi dans cette première rencontre ?"),
    ],
  },
  "team-retrospective": {
    title: "Rétrospective d'équipe",
    description: "Revenir ensemble sur une période de travail et choisir ce qu'on change ensuite.",
    Pause: [prompted("Le sprint en une carte", "Tire une carte à l'aveugle : que dit-elle des dernières semaines ?")],
    Expand: [titled("Ce qui a aidé, ce qui a freiné")],
    Focus: [
      polled("Où agir", "Sur quel sujet devrions-nous travailler en premier ?", [
        "Planification",
        "Passations",
        "Réunions",
        "Outils",
        "Temps de concentration",
      ]),
    ],
    Doing: [
      prompted("Une action par personne", "Nomme une chose que tu feras autrement dès demain."),
      prompted("Note pour moi", "Qu'est-ce que je veux retenir de cette rétrospective ?"),
    ],
  },
  "one-to-one-coaching": {
    title: "Séance de coaching individuel",
    description: "Un coach et une personne accompagnée : ralentir, ouvrir la question, trouver le prochain pas.",
    Pause: [titled("Respirer"), prompted("Une carte pour maintenant", "Laisse une carte te choisir.")],
    Expand: [prompted("Autour de la carte", "Qu'est-ce que cette carte fait venir ? Quoi d'autre ?")],
    Focus: [prompted("Où je veux aller", "Écris l'objectif en haut et les étapes en dessous.")],
    Doing: [prompted("Mon prochain pas", "Que ferai-je avant notre prochaine rencontre, et pour quand ?")],
  },
  "goal-setting-workshop": {
    title: "Atelier d'objectifs",
    description: "Un groupe fixe ses objectifs pour la période à venir, les met à l'épreuve en petits groupes et s'engage.",
    Pause: [prompted("Une image de la réussite", "Choisis une carte qui montre à quoi ressemblerait la réussite.")],
    Expand: [roomed("Voir grand", "Partagez votre carte et l'objectif qui se cache derrière ; aidez-vous à le rendre plus audacieux.")],
    Focus: [
      titled("Échelle d'objectifs"),
      polled("Quels objectifs d'abord", "Quels objectifs l'équipe devrait-elle porter en premier ?", [
        "Objectif A",
        "Objectif B",
        "Objectif C",
        "Objectif D",
      ]),
    ],
    Doing: [
      prompted("Engagements", "Dis à voix haute ce à quoi tu t'engages ce mois-ci."),
      prompted("Mon objectif", "Écris ton objectif comme s'il était déjà atteint."),
    ],
  },
  "onboarding-circle": {
    title: "Cercle d'accueil",
    description: "Accueillir de nouveaux collègues : des histoires, des attentes, et à qui demander quoi.",
    Pause: [prompted("Ce que j'apporte", "Choisis une carte pour quelque chose que tu apportes à cette équipe.")],
    Expand: [roomed("En binômes", "Raconte à ton binôme l'histoire derrière ta carte.")],
    Focus: [prompted("À qui demander", "Place-toi, et place les personnes vers qui tu te tournes pour chaque chose.")],
    Doing: [polled("Ton niveau de préparation", "À quel point te sens-tu en mesure de commencer ?", ["Tout à fait", "Plutôt", "Pas encore"])],
  },
  "difficult-conversation": {
    title: "Préparer une conversation difficile",
    description: "Préparer, avec un coach ou un pair, une conversation que tu repousses depuis un moment.",
    Pause: [prompted("La conversation", "Tire une carte à l'aveugle : que dit-elle de la conversation qui t'attend ?")],
    Expand: [prompted("Les deux côtés", "De quoi l'autre personne a-t-elle besoin ? De quoi as-tu besoin ?")],
    Focus: [prompted("La première phrase", "Écris la première phrase que tu diras.")],
    Doing: [
      polled("Où j'en suis maintenant", "Comment te sens-tu maintenant face à cette conversation ?", [
        "Plus de calme",
        "Comme avant",
        "Plus de tension",
      ]),
      prompted("Après", "De quoi ai-je envie de me souvenir quand ce sera difficile ?"),
    ],
  },
  "values-discovery": {
    title: "Découvrir ses valeurs",
    description: "Trouver les valeurs selon lesquelles une personne ou une équipe vit vraiment, et celles selon lesquelles elle voudrait vivre.",
    Pause: [prompted("Une valeur en image", "Choisis deux cartes qui montrent quelque chose qui compte pour toi.")],
    Expand: [titled("Carte des valeurs")],
    Focus: [
      polled("Nos valeurs essentielles", "Quelles valeurs comptent le plus pour nous ?", [
        "Honnêteté",
        "Bienveillance",
        "Courage",
        "Curiosité",
        "Liberté",
        "Équité",
      ]),
    ],
    Doing: [prompted("La vivre", "Où cette valeur se verra-t-elle dans ma semaine ?")],
  },
  "year-in-review": {
    title: "Bilan de l'année",
    description: "Revenir sur une année : ce qui s'est passé, ce qui a grandi, ce qu'on laisse derrière soi.",
    Pause: [titled("Regard tranquille en arrière"), prompted("Mon année", "Choisis une carte qui résume ton année.")],
    Expand: [
      prompted("Tableau de gratitude", "Remercie quelqu'un, ou quelque chose, pour cette année."),
      roomed("Histoires", "Partage un moment de l'année qui te remplit de fierté."),
    ],
    Focus: [prompted("Laisser derrière", "Qu'est-ce que tu n'emporteras pas dans l'année qui vient ?")],
    Doing: [titled("Lettre à mon futur moi"), prompted("Un mot", "Un mot pour l'année prochaine, et pourquoi.")],
  },
  "team-decision": {
    title: "Prendre une décision en équipe",
    description: "Poser les options, entendre chaque voix, voter en confiance et convenir de la suite.",
    Pause: [prompted("Ce que je ressens", "Choisis une carte qui montre ce que tu ressens face à la décision.")],
    Expand: [roomed("Les options", "Liste les options et ce que chacune nous coûterait.")],
    Focus: [polled("La décision", "Quel choix soutiens-tu ?", ["Choix 1", "Choix 2", "Choix 3"])],
    Doing: [prompted("Prochaine étape", "Qui fait quoi, et pour quand ?")],
  },
  "wellbeing-check-in": {
    title: "Météo du bien-être",
    description: "Un point court et sûr sur la façon dont l'équipe va vraiment.",
    Pause: [prompted("Bulletin météo", "Place-toi sur la météo du jour.")],
    Expand: [prompted("Ce dont j'ai besoin", "Tire une carte à l'aveugle : de quoi as-tu besoin cette semaine ?")],
    Focus: [polled("Énergie", "Comment est ton énergie cette semaine ?", ["Haute", "Correcte", "Basse", "Sur la réserve"])],
    Doing: [prompted("Prendre soin de moi", "Une chose que je ferai pour moi cette semaine.")],
  },
  "project-kickoff": {
    title: "Lancement de projet",
    description: "Démarrer un projet avec une image partagée de l'objectif, des risques et des premiers pas.",
    Pause: [prompted("Le projet en une carte", "Choisis une carte qui montre ce que ce projet pourrait devenir.")],
    Expand: [titled("Le chemin devant nous")],
    Focus: [
      titled("Risques et ressources"),
      polled("Le plus grand risque", "Quel risque t'inquiète le plus ?", ["Temps", "Périmètre", "Personnes", "Argent"]),
    ],
    Doing: [roomed("Premiers pas", "Mettez-vous d'accord sur les trois premiers pas de votre partie.", ["Conception", "Réalisation", "Humain"])],
  },
  "life-balance": {
    title: "Équilibre de vie",
    description: "Un regard personnel sur les domaines de la vie et sur là où l'attention devrait aller ensuite.",
    Pause: [prompted("Équilibre", "Laisse une carte te choisir.")],
    Expand: [prompted("Roue de la vie", "Note chaque domaine de 1 à 10.")],
    Focus: [prompted("Un domaine", "Quel domaine, s'il bougeait, entraînerait tous les autres ?")],
    Doing: [prompted("Premier mouvement", "Quel est mon premier petit pas dans ce domaine ?")],
  },
}
