"""Demo quizzes: original French questions written for Café IA Formation (CC BY-SA 4.0), on the two demo modules."""

from __future__ import annotations


def single(prompt: str, choices: list[tuple[str, bool]], explanation: str = "") -> dict:
    return {"type": "single", "value": _choices(prompt, choices, explanation)}


def multiple(prompt: str, choices: list[tuple[str, bool]], explanation: str = "") -> dict:
    return {"type": "multiple", "value": _choices(prompt, choices, explanation)}


def true_false(prompt: str, answer: bool, explanation: str = "") -> dict:
    value = {"prompt": prompt, "answer": "true" if answer else "false", "points": 1, "explanation": explanation}
    return {"type": "true_false", "value": value}


def short_answer(prompt: str, accepted: list[str], explanation: str = "") -> dict:
    return {"type": "short_answer", "value": {"prompt": prompt, "accepted": accepted, "points": 1,
                                              "explanation": explanation}}  # fmt: skip


def ordering(prompt: str, items: list[str], explanation: str = "") -> dict:
    return {"type": "ordering", "value": {"prompt": prompt, "items": items, "points": 1, "explanation": explanation}}


def likert(prompt: str, scale: str = "satisfaction") -> dict:
    return {"type": "likert", "value": {"prompt": prompt, "scale": scale}}


def free_text(prompt: str) -> dict:
    return {"type": "free_text", "value": {"prompt": prompt}}


def _choices(prompt, choices, explanation) -> dict:
    return {
        "prompt": prompt,
        "choices": [{"text": text, "correct": correct} for text, correct in choices],
        "points": 1,
        "explanation": explanation,
    }


Q_DEFINITION = single(
    "Laquelle de ces phrases décrit le mieux un système d'intelligence artificielle ?",
    [
        (
            "Un programme qui accomplit des tâches associées à l'intelligence humaine en calculant sur des données",
            True,
        ),
        ("Une machine qui pense et ressent comme un être humain", False),
        ("Un robot humanoïde", False),
        ("Un moteur de recherche, et rien d'autre", False),
    ],
    "L'IA désigne des techniques qui calculent ; elle ne pense pas et ne se réduit pas aux robots.",
)
Q_EVERYDAY = multiple(
    "Parmi ces usages du quotidien, lesquels reposent sur de l'IA ?",
    [
        ("Le filtre anti-spam d'une messagerie", True),
        ("La traduction automatique d'une page web", True),
        ("Une calculatrice de poche", False),
        ("Les recommandations d'une plateforme de vidéos", True),
    ],
    "Filtrer, traduire et recommander apprennent à partir de données ; une calculatrice applique des règles fixes.",
)
Q_HALLUCINATION = true_false(
    "Un outil d'IA générative peut inventer une référence qui n'existe pas tout en paraissant sûr de lui.",
    True,
    "C'est ce qu'on appelle une « hallucination » : il faut toujours vérifier les sources citées.",
)
Q_LEARNING = short_answer(
    "Comment appelle-t-on l'ensemble des exemples à partir desquels un modèle apprend ? (deux mots)",
    ["données d'entraînement", "donnees d'apprentissage", "jeu d'entraînement", "corpus d'entraînement"],
    "On parle de données d'entraînement (ou d'apprentissage).",
)
Q_HISTORY = ordering(
    "Remettez ces étapes de l'histoire de l'IA dans l'ordre chronologique.",
    [
        "Alan Turing propose son « jeu de l'imitation » (1950)",
        "Le terme « intelligence artificielle » apparaît à la conférence de Dartmouth (1956)",
        "Deep Blue bat le champion du monde d'échecs (1997)",
        "Les IA génératives de texte deviennent grand public (2022)",
    ],
)
Q_ENERGY = true_false(
    "Entraîner et utiliser de grands modèles d'IA consomme de l'électricité et de l'eau.",
    True,
    "Les centres de données consomment de l'énergie et de l'eau pour le refroidissement.",
)
Q_TASKS = single(
    "Selon les études sur l'IA et le travail, qu'est-ce que l'IA transforme d'abord ?",
    [
        ("Des tâches, à l'intérieur des métiers", True),
        ("Des métiers entiers, qui disparaissent d'un coup", False),
        ("Uniquement les emplois industriels", False),
    ],
    "L'IA automatise ou assiste certaines tâches ; la plupart des métiers se recomposent plutôt qu'ils ne "
    "disparaissent.",
)
Q_AUGMENT = multiple(
    "Quelles situations relèvent de l'« augmentation » plutôt que de l'automatisation ?",
    [
        ("Une conseillère utilise un outil pour préparer un premier brouillon qu'elle relit et corrige", True),
        ("Un logiciel trie seul les candidatures sans qu'aucune personne ne les regarde", False),
        ("Un agent s'appuie sur une synthèse automatique pour préparer un rendez-vous", True),
    ],
    "Augmenter, c'est outiller la personne qui garde la décision ; automatiser, c'est la remplacer sur la tâche.",
)
Q_RIGHTS = true_false(
    "L'introduction d'un outil d'IA qui modifie les conditions de travail peut donner lieu à une consultation du "
    "comité social et économique (CSE).",
    True,
    "Les représentants du personnel sont consultés sur l'introduction de nouvelles technologies.",
)
Q_DISCERNMENT = single(
    "Avant de coller un document dans un outil d'IA en ligne, que faut-il vérifier en priorité ?",
    [
        ("Qu'il ne contient pas de données personnelles ou confidentielles", True),
        ("Qu'il est rédigé en anglais", False),
        ("Qu'il fait moins d'une page", False),
    ],
)

PRACTICE_QUIZZES = {
    "qu-est-ce-que-l-ia": {
        "title": "S'entraîner : qu'est-ce que l'IA ?",
        "introduction": "Cinq questions pour vérifier ce que vous avez retenu du module. Sans limite de temps.",
        "feedback_policy": "immediate",
        "questions": [Q_DEFINITION, Q_EVERYDAY, Q_HALLUCINATION, Q_LEARNING, Q_HISTORY],
    },
    "ia-et-travail": {
        "title": "S'entraîner : IA & Travail",
        "introduction": "Quatre questions sur les transformations du travail. Les corrections s'affichent à la fin.",
        "feedback_policy": "after_submission",
        "questions": [Q_TASKS, Q_AUGMENT, Q_RIGHTS, Q_DISCERNMENT],
    },
}

ENTRY_EVALUATION = {
    "title": "Évaluation de positionnement",
    "kind": "entry",
    "introduction": (
        "Avant de commencer, faites le point sur ce que vous savez déjà. Il n'y a ni bonne ni mauvaise note : "
        "ce positionnement sert à mesurer vos progrès à la fin de la formation."
    ),
    "feedback_policy": "never",
    "max_attempts": 1,
    "questions": [Q_DEFINITION, Q_EVERYDAY, Q_HALLUCINATION, Q_TASKS, Q_AUGMENT, Q_DISCERNMENT],
}

EXIT_EVALUATION = {
    "title": "Évaluation finale",
    "kind": "exit",
    "introduction": (
        "Cette évaluation conclut la partie à distance. Six questions sont tirées au hasard ; il faut 70 % des "
        "points pour la réussir. Vous disposez de deux tentatives de 20 minutes."
    ),
    "feedback_policy": "after_submission",
    "pass_mark": 70,
    "max_attempts": 2,
    "time_limit_minutes": 20,
    "shuffle_questions": True,
    "shuffle_choices": True,
    "draw_count": 6,
    "questions": [
        Q_DEFINITION,
        Q_EVERYDAY,
        Q_HALLUCINATION,
        Q_LEARNING,
        Q_HISTORY,
        Q_ENERGY,
        Q_TASKS,
        Q_AUGMENT,
        Q_RIGHTS,
        Q_DISCERNMENT,
    ],  # fmt: skip
}

SATISFACTION_SURVEY = {
    "title": "Votre avis sur la formation",
    "kind": "survey",
    "introduction": "Vos réponses sont anonymes dans les bilans : elles nous aident à améliorer la formation.",
    "feedback_policy": "never",
    "max_attempts": 1,
    "questions": [
        likert("Dans l'ensemble, êtes-vous satisfait·e de la formation ?"),
        likert("Les contenus à distance étaient clairs.", "agreement"),
        likert("La journée en présentiel m'a préparé·e à animer un Café IA.", "agreement"),
        likert("Je recommanderais cette formation à un·e collègue.", "agreement"),
        free_text("Qu'avez-vous le plus apprécié ?"),
        free_text("Que faudrait-il améliorer ?"),
    ],
}

COLD_SURVEY = {
    "title": "Trois mois après la formation",
    "kind": "survey",
    "introduction": "Quelques questions, trois mois après : qu'avez-vous fait de la formation ?",
    "feedback_policy": "never",
    "max_attempts": 1,
    "cold_survey_weeks": 12,
    "questions": [
        likert("Depuis la formation, je me sens capable d'animer un Café IA.", "agreement"),
        free_text("Avez-vous animé un Café IA depuis la formation ? Racontez-nous en quelques lignes."),
        free_text("De quoi auriez-vous besoin pour animer (ou animer à nouveau) un Café IA ?"),
    ],
}

QUIZ_LESSON = ("qu-est-ce-que-l-ia", "ce-qu-est-l-ia")  # the demo lesson that ends with the practice quiz block
