"""The demo programme (L6353-1 content) and its two days: 17 h = day 1 remote 10 h + day 2 in person 7 h.

Day 1 (600 min): opening virtual class 60 + positioning questionnaire 30 + module « Qu'est-ce que l'IA ? » 270 +
module « IA & Travail » 240, at the learner's pace over about two weeks. Day 2 (420 min): two half-days in a group.
"""

from __future__ import annotations

PARTNERS = [
    {"slug": "inria", "name": "Inria", "url": "https://www.inria.fr/"},
    {"slug": "laboria", "name": "LaborIA", "url": "https://www.laboria.ai/"},
    {"slug": "france-num", "name": "France Num", "url": "https://www.francenum.gouv.fr/"},
]


def _objectives(*items: str) -> list[dict]:
    return [{"type": "objective", "value": item} for item in items]


def _half_day(title: str, *slots: tuple[str, str, str]) -> dict:
    return {
        "type": "half_day",
        "value": {"title": title, "slots": [{"start": s, "end": e, "title": t} for s, e, t in slots]},
    }


PROGRAMME = {
    "slug": "formation-animateurs-cafe-ia",
    "title": "Formation des animateurs et animatrices Café IA",
    "summary": (
        "Une formation de 17 heures, en deux temps, pour comprendre l'intelligence artificielle et ses enjeux, "
        "puis apprendre à animer un Café IA : un temps d'échange convivial d'une heure, ouvert à toutes et à tous."
    ),
    "objectives": _objectives(
        "Expliquer simplement ce qu'est l'IA, comment elle fonctionne et quelles sont ses limites, à un public "
        "non spécialiste.",
        "Analyser les effets de l'IA sur le travail et sur les métiers de l'accompagnement numérique.",
        "Animer un Café IA d'une heure pour un groupe de vingt personnes au plus, à l'aide de l'outil d'animation.",
        "Faire émerger et réguler un débat respectueux sur les enjeux de l'IA.",
        "Préparer et planifier son premier Café IA sur son territoire.",
    ),
    "audience": (
        "<p>Conseillers et conseillères numériques, médiateurs et médiatrices numériques, et toute personne "
        "appelée à animer des Cafés IA : agents publics, salariés et bénévoles d'associations, "
        "bibliothécaires.</p>"
    ),
    "prerequisites": (
        "<p>Aucune connaissance technique en intelligence artificielle n'est requise. Il faut savoir utiliser un "
        "ordinateur et un navigateur, et disposer d'une connexion internet pour la partie à distance. Avoir déjà "
        "animé un atelier collectif est un atout, pas une condition.</p>"
    ),
    "accessibility": (
        "<p>Les contenus en ligne sont conçus pour être accessibles : textes alternatifs, sous-titres, navigation "
        "au clavier. Pour toute adaptation liée à un handicap, signalez-la à votre formateur ou formatrice avant "
        "le début de la formation : la partie à distance et la journée en présentiel peuvent être aménagées.</p>"
    ),
    "teaching_means": (
        "<ul><li>Deux modules en ligne sous licence libre CC BY-SA 4.0, conçus avec Inria, LaborIA et France "
        "Num : leçons, activités interactives et quiz.</li><li>Une classe virtuelle d'ouverture.</li><li>Une "
        "journée en présentiel : mises en situation d'animation, études de cas, échanges de pratiques.</li>"
        "<li>L'outil d'animation clé en main du Café IA : déroulé minuté, questions d'animation, cartes débat, "
        "fiche « passage à l'action ».</li></ul>"
    ),
    "technical_means": (
        "<p>La plateforme Café IA Formation, accessible depuis un navigateur récent sur ordinateur, tablette ou "
        "téléphone, sans installation. Pour la journée en présentiel, une salle équipée d'un vidéoprojecteur et "
        "le matériel de l'outil d'animation, imprimé ou affiché.</p>"
    ),
    "supervision_means": (
        "<p>Chaque groupe de vingt apprenants au plus est suivi par un formateur ou une formatrice du programme "
        "Café IA. Pendant la partie à distance, une assistance technique et pédagogique répond aux messages "
        "envoyés depuis la plateforme sous deux jours ouvrés.</p>"
    ),
    "follow_up_means": (
        "<p>Partie à distance : la plateforme enregistre, pour chaque apprenant, le temps d'activité sur chaque "
        "leçon, les activités réalisées, les résultats des évaluations et les échanges avec le formateur. "
        "Journée en présentiel : chaque apprenant signe la feuille d'émargement à chaque demi-journée ; le "
        "formateur la contresigne.</p>"
    ),
    "evaluation": (
        "<ul><li>Un questionnaire de positionnement à l'entrée.</li><li>Un quiz à la fin de chaque module.</li>"
        "<li>Une mise en situation d'animation observée par le formateur pendant la journée en présentiel.</li>"
        "<li>Un questionnaire de fin de formation et un questionnaire de satisfaction.</li></ul><p>Une "
        "attestation de fin de formation, qui mentionne les objectifs, la nature, la durée de la formation et les "
        "résultats de l'évaluation, est remise à chaque apprenant.</p>"
    ),
    "total_duration_minutes": 17 * 60,
}

DAYS = [
    {
        "slug": "jour-1-a-distance",
        "title": "Jour 1 — à distance",
        "summary": (
            "Dix heures en ligne, à votre rythme, sur deux semaines environ : une classe virtuelle d'ouverture, un "
            "questionnaire de positionnement et deux modules pour comprendre l'IA et ses effets sur le travail."
        ),
        "modality": "remote",
        "duration_minutes": 10 * 60,
        "schedule": [
            _half_day(
                "Première demi-journée",
                ("09:00", "10:00", "Classe virtuelle d'ouverture : présentation de la formation et tour de table"),
                ("10:00", "10:30", "Questionnaire de positionnement"),
                ("10:30", "12:10", "Module « Qu'est-ce que l'IA ? », leçons 1 et 2"),
            ),
            _half_day(
                "Deuxième demi-journée",
                ("13:30", "15:25", "Module « Qu'est-ce que l'IA ? », leçons 3 et 4"),
                ("15:25", "16:20", "Module « Qu'est-ce que l'IA ? », leçon 5 et quiz"),
            ),
            _half_day(
                "Troisième demi-journée",
                ("09:00", "11:20", "Module « IA & Travail », leçons 1 à 3"),
                ("11:20", "13:00", "Module « IA & Travail », leçons 4 et 5 et quiz"),
            ),
        ],
    },
    {
        "slug": "jour-2-en-presentiel",
        "title": "Jour 2 — en présentiel",
        "summary": (
            "Une journée de sept heures, en groupe de vingt personnes au plus, pour apprendre à animer un Café IA "
            "avec l'outil d'animation clé en main. Vous signez la feuille d'émargement à chaque demi-journée."
        ),
        "modality": "in_person",
        "duration_minutes": 7 * 60,
        "schedule": [
            _half_day(
                "Matin",
                ("09:00", "09:30", "Accueil, émargement et retour sur la partie à distance"),
                ("09:30", "10:30", "Vivre un Café IA en tant que participant"),
                ("10:30", "10:45", "Pause"),
                ("10:45", "12:30", "Découvrir l'outil d'animation : étapes, minutage, cartes débat"),
            ),
            _half_day(
                "Après-midi",
                ("13:30", "15:00", "S'entraîner à animer, en petits groupes"),
                ("15:00", "15:15", "Pause"),
                ("15:15", "16:15", "Faire face aux situations délicates : débat tendu, fausses informations"),
                ("16:15", "16:45", "Préparer son premier Café IA : la fiche « passage à l'action »"),
                ("16:45", "17:00", "Questionnaire de fin de formation et bilan"),
            ),
        ],
    },
]
