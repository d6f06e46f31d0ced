"""The facilitation kit of day 2: a one-hour Café IA for at most 20 people (original text, CC BY-SA 4.0)."""

from __future__ import annotations


def _step(title, minutes, goal, instructions, prompts, cards=False) -> dict:
    return {
        "type": "step",
        "value": {
            "title": title,
            "duration_minutes": minutes,
            "goal": goal,
            "instructions": instructions,
            "prompts": prompts,
            "show_debate_cards": cards,
        },
    }


def _card(theme, question, starter, further="") -> dict:
    return {
        "type": "card",
        "value": {"theme": theme, "question": question, "starter": starter, "going_further": further},
    }


KIT = {
    "slug": "kit-animation-cafe-ia",
    "title": "Kit d'animation : un Café IA d'une heure",
    "summary": (
        "Le déroulé clé en main d'un Café IA de 60 minutes pour 20 personnes au plus : six étapes minutées, les "
        "phrases pour lancer chaque moment, six cartes débat à découper, la liste du matériel et la fiche "
        "« passage à l'action » à remettre aux participants."
    ),
    "duration_minutes": 60,
    "max_participants": 20,
    "version": "1.0",
    "authors": [{"type": "author", "value": "Équipe pédagogique Café IA"}],
    "steps": [
        _step(
            "Accueil et règles du jeu",
            5,
            "Créer un climat où chacun ose parler, sans prérequis technique.",
            "<p>Accueillez les personnes à l'entrée, proposez une boisson, invitez-les à s'asseoir par tables de "
            "quatre ou cinq. Présentez-vous en une phrase, puis énoncez trois règles simples : on parle en son nom, "
            "on écoute jusqu'au bout, il n'y a pas de question bête.</p>",
            [
                "Ici, personne n'a besoin d'être expert : nous allons réfléchir ensemble à ce que l'IA change "
                "pour nous.",
                "Une règle pour cette heure : on a le droit de ne pas être d'accord, et de changer d'avis.",
            ],
        ),
        _step(
            "Le mot qui vient",
            10,
            "Faire émerger les représentations de l'intelligence artificielle, sans les juger.",
            "<p>Chaque personne écrit sur un post-it le premier mot que lui évoque « intelligence artificielle ». "
            "Collez les post-it au mur en les regroupant à voix haute : peurs, espoirs, outils, films… Ne corrigez "
            "rien : ces mots serviront de fil rouge.</p>",
            [
                "Quel est le premier mot qui vous vient quand on dit « intelligence artificielle » ?",
                "Je vois beaucoup de mots sur l'emploi : on y reviendra tout à l'heure.",
            ],
        ),
        _step(
            "Trois repères pour comprendre",
            10,
            "Donner un vocabulaire commun : données, apprentissage, génération.",
            "<p>En cinq minutes, avec des exemples du quotidien, posez trois repères : une IA apprend à partir "
            "d'exemples (les données) ; elle repère des régularités, elle ne « comprend » pas comme nous ; une IA "
            "générative produit un texte ou une image plausible, pas forcément vrai. Laissez cinq minutes aux "
            "questions.</p>",
            [
                "Le filtre anti-spam de votre messagerie est une IA : il a appris à partir de millions de courriels.",
                "Un agent conversationnel peut se tromper avec beaucoup d'assurance : vérifier reste notre travail.",
            ],
        ),
        _step(
            "Débat en petits groupes",
            20,
            "Confronter les points de vue sur une situation concrète.",
            "<p>Distribuez une carte débat par table. Chaque groupe désigne une personne qui garde le temps et une "
            "qui notera deux idées à partager. Passez de table en table sans prendre la parole à la place des "
            "groupes ; relancez avec la partie « pour aller plus loin » si l'échange s'essouffle.</p>",
            [
                "Vous avez quinze minutes : commencez par dire chacun ce que vous feriez à la place de la "
                "personne de la carte.",
                "Qu'est-ce qui vous ferait changer d'avis ?",
            ],
            cards=True,
        ),
        _step(
            "Mise en commun",
            10,
            "Partager ce qui ressort des groupes et relier aux mots du début.",
            "<p>Chaque table présente en une minute ses deux idées. Notez-les au tableau en face des post-it du "
            "début : qu'est-ce qui a bougé ? Terminez par une question ouverte à toute la salle.</p>",
            [
                "Si vous deviez retenir une seule idée de votre table, laquelle serait-ce ?",
                "Par rapport aux mots du début, qu'est-ce qui vous surprend ?",
            ],
        ),
        _step(
            "Passage à l'action et clôture",
            5,
            "Repartir avec un geste concret et donner envie de revenir.",
            "<p>Distribuez la fiche « passage à l'action » : chacun la remplit pour soi et la garde. Annoncez le "
            "prochain Café IA et l'endroit où trouver de l'aide près de chez soi. Remerciez les participants.</p>",
            [
                "Choisissez une seule chose que vous ferez cette semaine : c'est elle qui compte.",
                "Le prochain Café IA a lieu ici même : venez avec une question, ou avec quelqu'un.",
            ],
        ),
    ],
    "debate_cards": [
        _card(
            "Travail",
            "Votre employeur propose un outil d'IA qui rédige les comptes rendus de réunion. Faut-il l'adopter ?",
            "Le service gagne une heure par semaine, mais l'outil enregistre toutes les conversations.",
            "Qui devrait décider, et avec quelles garanties pour les salariés ?",
        ),
        _card(
            "Vie quotidienne",
            "Laisseriez-vous une IA choisir les informations que vous lisez chaque matin ?",
            "Votre application d'actualités trie déjà les articles selon ce que vous avez aimé.",
            "Comment garder une diversité de points de vue ?",
        ),
        _card(
            "Démarches",
            "Une administration répond aux usagers avec un agent conversationnel. Progrès ou recul ?",
            "Il répond la nuit et le dimanche, mais ne comprend pas toujours les situations particulières.",
            "Quel droit faudrait-il garantir à celles et ceux qui veulent parler à une personne ?",
        ),
        _card(
            "École",
            "Un collégien rend un exposé écrit avec l'aide d'une IA générative. Est-ce tricher ?",
            "Il a vérifié les sources et reformulé, mais n'a pas écrit le premier jet.",
            "Qu'est-ce qu'on veut encore apprendre à faire soi-même ?",
        ),
        _card(
            "Santé",
            "Feriez-vous confiance à une IA pour repérer une maladie sur une radiographie ?",
            "Elle se trompe moins souvent que la moyenne, mais personne ne sait expliquer chacune de ses réponses.",
            "Qui est responsable en cas d'erreur : le médecin, l'hôpital, le fabricant ?",
        ),
        _card(
            "Environnement",
            "Faut-il limiter certains usages de l'IA à cause de leur consommation d'énergie ?",
            "Générer une image demande bien plus de calcul qu'une recherche classique.",
            "Quels usages vous sembleraient prioritaires, et lesquels superflus ?",
        ),
    ],
    "materials": [
        {"type": "material", "value": {"item": "Cartes débat imprimées et découpées", "quantity": "1 jeu par table"}},
        {"type": "material", "value": {"item": "Post-it et feutres", "quantity": "1 bloc et 5 feutres par table"}},
        {"type": "material", "value": {"item": "Fiches « passage à l'action »", "quantity": "1 par personne"}},
        {"type": "material", "value": {"item": "Paperboard ou tableau", "quantity": "1"}},
        {"type": "material", "value": {"item": "Minuteur, ou ce kit en mode animation", "quantity": "1"}},
        {"type": "material", "value": {"item": "Boissons chaudes et de quoi grignoter", "quantity": "selon le lieu"}},
    ],
    "action_sheet_intro": (
        "<p>Cette fiche est pour vous : vous la gardez. Écrivez une chose réaliste, que vous pourrez faire "
        "<b>dans les sept prochains jours</b>.</p>"
    ),
    "action_items": [
        {
            "type": "item",
            "value": {
                "prompt": "Ce que je retiens de ce Café IA",
                "hint": "Une IA générative produit du plausible, pas forcément du vrai.",
                "lines": 2,
            },
        },
        {
            "type": "item",
            "value": {
                "prompt": "Une chose que je vais essayer ou vérifier cette semaine",
                "hint": "Demander à un outil de résumer un courrier, puis comparer avec l'original.",
                "lines": 3,
            },
        },
        {
            "type": "item",
            "value": {
                "prompt": "À qui je vais en parler",
                "hint": "Un collègue, un proche, mon conseiller numérique.",
                "lines": 2,
            },
        },
        {
            "type": "item",
            "value": {
                "prompt": "La question que je garde pour le prochain Café IA",
                "hint": "",
                "lines": 2,
            },
        },
    ],
}
