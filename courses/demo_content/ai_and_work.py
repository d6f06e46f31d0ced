"""Module « IA & Travail »: original French text written for Café IA Formation, CC BY-SA 4.0."""

from __future__ import annotations

from courses.demo_content.helpers import callout, discuss, glossary, text

MODULE = {
    "slug": "ia-et-travail",
    "title": "IA & Travail",
    "summary": (
        "Ce que l'IA change dans le travail : des tâches plutôt que des métiers, automatiser ou augmenter, le "
        "métier de conseiller numérique, le dialogue social et les droits, un usage réfléchi des outils."
    ),
    "objectives": [
        "Analyser un métier en tâches pour estimer ce que l'IA peut y changer.",
        "Distinguer automatisation et augmentation à partir d'exemples concrets.",
        "Identifier les usages de l'IA utiles à l'accompagnement numérique et ceux à éviter.",
        "Citer les droits des salariés et les instances à associer quand l'IA entre dans une organisation.",
        "Appliquer des règles simples de protection des données et de vérification en utilisant un outil d'IA.",
    ],
    "duration": 240,
    "partners": ["laboria", "france-num"],
    "authors": ["Équipe pédagogique Café IA", "Équipe du programme LaborIA", "Équipe France Num"],
    "version": "1.0",
    "change_log": [("1.0", "2025-09-01", "Première version publiée.")],
    "lessons": [
        {
            "slug": "des-taches-pas-des-metiers",
            "title": "Des tâches, pas des métiers",
            "summary": "Pourquoi il faut regarder les tâches pour comprendre l'effet de l'IA sur l'emploi.",
            "duration": 45,
            "body": [
                text(
                    "<p>« L'IA va-t-elle supprimer mon métier ? » La question revient dans tous les débats. "
                    "Pour y répondre sérieusement, il faut d'abord changer d'échelle : un métier n'est pas un "
                    "bloc, c'est un ensemble de tâches très différentes.</p>"
                    "<h2>Décomposer un métier</h2>"
                    "<p>Prenons une secrétaire médicale. Elle accueille les patients, gère les rendez-vous, "
                    "rédige des courriers à partir de notes, classe des dossiers, répond au téléphone, rassure "
                    "une personne inquiète. Certaines de ces tâches peuvent être assistées par un outil d'IA, "
                    "comme la mise en forme d'un courrier ou la gestion d'un agenda. D'autres reposent sur la "
                    "relation, le jugement et la connaissance du contexte, que les outils actuels ne "
                    "remplacent pas.</p>"
                    "<h2>Ce que disent les études</h2>"
                    "<p>En 2013, une étude de l'université d'Oxford estimait que 47 % des emplois américains "
                    "étaient fortement exposés à l'automatisation. En 2016, des chercheurs travaillant pour "
                    "l'OCDE ont refait le calcul en raisonnant par tâches : la part des emplois réellement "
                    "menacés tombait alors autour de 9 % en moyenne dans les pays étudiés. En 2023, "
                    "l'Organisation internationale du travail a conclu que l'IA générative transformerait "
                    "surtout le contenu des emplois, les métiers administratifs étant les plus exposés.</p>"
                    "<p>Ces chiffres sont des estimations d'exposition, pas des prévisions : ce qui arrive "
                    "vraiment dépend des choix des organisations, du coût des outils, de la réglementation et du "
                    "dialogue avec les personnes concernées.</p>"
                ),
                glossary(
                    "Exposition à l'IA",
                    "Part des tâches d'un métier qu'un outil d'IA pourrait techniquement réaliser ou assister. "
                    "Une forte exposition ne signifie pas que l'emploi disparaîtra.",
                ),
                discuss(
                    "Choisissez un métier que vous connaissez bien. Quelles tâches un outil d'IA pourrait-il "
                    "assister ? Lesquelles resteraient profondément humaines ?",
                    "<ul><li>Listez au moins six tâches.</li><li>Pour chacune, demandez-vous ce qui compte le "
                    "plus : la vitesse, la fiabilité, la relation, la responsabilité ?</li></ul>",
                ),
            ],
        },
        {
            "slug": "automatiser-ou-augmenter",
            "title": "Automatiser ou augmenter",
            "summary": "Remplacer une tâche ou aider la personne qui la fait : deux voies, des choix d'organisation.",
            "duration": 45,
            "body": [
                text(
                    "<p>Face à une tâche, un outil d'IA peut jouer deux rôles. Il peut l'accomplir à la place "
                    "d'une personne : c'est l'automatisation. Il peut aussi aider la personne à la faire plus "
                    "vite, mieux ou autrement : on parle alors d'augmentation.</p>"
                    "<h2>Deux voies, un même outil</h2>"
                    "<p>Le même logiciel de transcription peut servir à supprimer un poste de saisie, ou à "
                    "libérer du temps pour qu'une travailleuse sociale écoute davantage les personnes qu'elle "
                    "reçoit. La technique ne décide pas seule : c'est l'organisation du travail qui oriente vers "
                    "l'une ou l'autre voie. Les recherches menées en France dans le cadre du programme LaborIA "
                    "montrent que les effets de l'IA dépendent beaucoup de la manière dont elle est introduite, "
                    "et de la place laissée aux salariés dans ce choix.</p>"
                    "<h2>Les pièges de l'augmentation</h2>"
                    "<p>L'augmentation n'est pas toujours heureuse. Quand l'outil fixe le rythme, le travail peut "
                    "s'intensifier. Quand il propose sans cesse des réponses toutes faites, la personne risque de "
                    "perdre peu à peu son savoir-faire, ou de valider par habitude sans vérifier : c'est le biais "
                    "d'automatisation. Enfin, la surveillance peut s'inviter dans les outils qui mesurent chaque "
                    "action.</p>"
                    "<p>Une bonne intégration de l'IA part donc des besoins du travail réel, associe ceux qui le "
                    "font, prévoit la formation et garde une personne responsable de ce qui est produit.</p>"
                ),
                glossary(
                    "Biais d'automatisation",
                    "Tendance à faire trop confiance à une proposition produite par une machine, au point de "
                    "ne plus la vérifier ou d'écarter des informations contraires.",
                ),
                callout(
                    "key",
                    "Une question à poser",
                    "<p>Devant tout projet d'IA au travail : « Qui gagne du temps, et que fait-on de ce temps "
                    "gagné ? »</p>",
                ),
                discuss(
                    "Dans votre structure, quel outil numérique a déjà changé votre manière de travailler ? "
                    "Vous a-t-il plutôt remplacé sur une tâche ou plutôt aidé ?",
                ),
            ],
        },
        {
            "slug": "ce-qui-change-pour-les-conseillers-numeriques",
            "title": "Ce qui change pour les conseillers numériques",
            "summary": "De nouvelles questions du public, de nouveaux outils, de nouvelles précautions.",
            "duration": 50,
            "body": [
                text(
                    "<p>Les conseillers et conseillères numériques accompagnent chaque jour des personnes dans "
                    "leurs usages : démarches en ligne, messagerie, sécurité, outils de travail. L'IA modifie ce "
                    "métier de trois façons.</p>"
                    "<h2>De nouvelles questions du public</h2>"
                    "<p>Les personnes accompagnées entendent parler de l'IA et s'interrogent : est-ce fiable ? "
                    "Mes données sont-elles utilisées ? Ce message vocal de ma banque est-il vrai ? Les "
                    "arnaques utilisant des voix imitées ou de faux documents se multiplient. Savoir expliquer "
                    "simplement ce qu'est un contenu généré, et comment le repérer, devient une compétence "
                    "d'accompagnement à part entière.</p>"
                    "<h2>De nouveaux outils pour accompagner</h2>"
                    "<p>Un assistant conversationnel peut aider à reformuler un courrier administratif en "
                    "langage clair, à préparer un atelier ou à traduire une consigne. Utilisé avec la personne "
                    "accompagnée, il peut aussi devenir un support d'apprentissage : on compare sa réponse à la "
                    "source officielle, on repère ce qui manque.</p>"
                    "<h2>De nouvelles précautions</h2>"
                    "<p>Les informations confiées à un outil en ligne peuvent être conservées et réutilisées. "
                    "Il ne faut donc jamais y saisir les données personnelles des personnes accompagnées : "
                    "numéro de sécurité sociale, situation familiale, santé, identifiants. La réponse d'un outil "
                    "ne remplace pas l'information officielle, par exemple celle de service-public.fr, ni l'avis "
                    "d'un professionnel. Enfin, l'accompagnement reste une relation : l'outil ne doit pas faire "
                    "à la place de la personne ce qu'elle souhaite apprendre à faire.</p>"
                ),
                callout(
                    "warning",
                    "Données des personnes accompagnées",
                    "<p>Pas de données personnelles dans un outil d'IA en ligne, même pour « gagner du "
                    "temps ». En cas de doute, anonymisez ou renoncez.</p>",
                ),
                discuss(
                    "Quelles questions sur l'IA les personnes que vous accompagnez vous posent-elles déjà ? "
                    "Lesquelles vous mettent en difficulté ?",
                    "<ul><li>Notez-les : elles feront de bons points de départ pour votre futur Café IA.</li></ul>",
                ),
            ],
        },
        {
            "slug": "dialogue-social-et-droits",
            "title": "Dialogue social et droits des travailleurs",
            "summary": "Information, consultation, données personnelles, règlement européen : le cadre.",
            "duration": 50,
            "body": [
                text(
                    "<p>Introduire un outil d'IA dans une organisation n'est pas seulement un choix technique. "
                    "Le droit du travail, la protection des données et, désormais, le règlement européen sur "
                    "l'IA encadrent cette introduction et donnent des droits aux salariés.</p>"
                    "<h2>Informer et consulter</h2>"
                    "<p>Dans les entreprises d'au moins cinquante salariés, le comité social et économique "
                    "(CSE) doit être informé et consulté avant l'introduction de nouvelles technologies et avant "
                    "tout projet important qui modifie les conditions de travail. Les salariés doivent aussi "
                    "être informés au préalable de tout dispositif qui collecte des informations les concernant "
                    "personnellement. Au-delà de ces obligations, associer tôt les équipes aide à choisir des "
                    "usages utiles et acceptés.</p>"
                    "<h2>Protéger les données et les décisions</h2>"
                    "<p>Le règlement général sur la protection des données (RGPD) s'applique aux outils d'IA "
                    "qui traitent des données personnelles : finalité précise, données limitées au nécessaire, "
                    "information des personnes. Il donne aussi le droit de ne pas faire l'objet d'une décision "
                    "entièrement automatisée produisant des effets importants, sauf exceptions encadrées.</p>"
                    "<h2>Le règlement européen sur l'IA</h2>"
                    "<p>Adopté en 2024 et applicable par étapes, le règlement européen sur l'IA classe parmi les "
                    "systèmes à haut risque ceux qui servent à recruter, à répartir les tâches ou à évaluer les "
                    "performances des salariés : ils sont soumis à des exigences de qualité des données, de "
                    "transparence et de contrôle humain. Il interdit certaines pratiques, comme la "
                    "reconnaissance des émotions sur le lieu de travail, sauf raisons médicales ou de sécurité. "
                    "Il demande enfin aux organisations qui utilisent l'IA de veiller à ce que leur personnel "
                    "dispose d'une maîtrise suffisante de ces outils.</p>"
                ),
                glossary(
                    "CSE",
                    "Comité social et économique : l'instance qui représente le personnel dans l'entreprise. "
                    "Ses attributions s'élargissent à partir de cinquante salariés.",
                ),
                discuss(
                    "Si votre employeur introduisait demain un outil d'IA pour organiser vos rendez-vous, "
                    "quelles questions aimeriez-vous poser avant sa mise en service ?",
                ),
            ],
        },
        {
            "slug": "utiliser-l-ia-au-travail-avec-discernement",
            "title": "Utiliser l'IA au travail avec discernement",
            "summary": "Une méthode simple : choisir, protéger, vérifier, assumer, partager.",
            "duration": 50,
            "body": [
                text(
                    "<p>Les outils d'IA peuvent faire gagner du temps sur des tâches de rédaction, de synthèse "
                    "ou de recherche d'idées. Pour qu'ils restent une aide et non un risque, quelques réflexes "
                    "suffisent. Ils valent pour vous comme pour les personnes que vous formerez.</p>"
                    "<h2>Choisir l'outil et la tâche</h2>"
                    "<p>Commencez par vous demander si l'IA est utile : une recherche sur un site officiel ou un "
                    "modèle de document existant suffit parfois. Vérifiez que votre structure autorise l'outil et "
                    "privilégiez ceux qu'elle met à disposition, dont les conditions d'utilisation des données "
                    "sont connues.</p>"
                    "<h2>Protéger les informations</h2>"
                    "<p>Ne confiez à l'outil ni données personnelles, ni informations confidentielles de votre "
                    "structure. Remplacez les noms par des mentions neutres et retirez les détails "
                    "identifiants.</p>"
                    "<h2>Vérifier et assumer</h2>"
                    "<p>Relisez tout ce que l'outil produit comme le travail d'un stagiaire pressé : les faits, "
                    "les chiffres, les dates, les références. Un texte que vous envoyez reste le vôtre, et vous "
                    "en êtes responsable. Pour une information juridique ou administrative, revenez toujours à "
                    "la source officielle.</p>"
                    "<h2>Être transparent et partager</h2>"
                    "<p>Dites quand un contenu a été produit avec l'aide d'une IA, surtout s'il est destiné au "
                    "public. Partagez avec vos collègues ce qui fonctionne et ce qui échoue : les bonnes "
                    "pratiques d'une équipe valent mieux que des usages isolés et cachés.</p>"
                    "<h2>Un exemple</h2>"
                    "<p>Une conseillère numérique prépare un atelier sur les arnaques en ligne. Elle demande à un "
                    "assistant conversationnel des exemples de messages frauduleux, sans mentionner aucune "
                    "personne réelle. Elle garde les idées utiles, vérifie les conseils sur "
                    "cybermalveillance.gouv.fr, corrige deux affirmations inexactes et indique sur son support "
                    "qu'elle s'est aidée d'une IA pour le préparer.</p>"
                ),
                callout(
                    "key",
                    "La méthode en cinq mots",
                    "<p>Choisir, protéger, vérifier, assumer, partager.</p>",
                ),
                discuss(
                    "Parmi ces cinq réflexes, lequel vous paraît le plus difficile à tenir au quotidien, et "
                    "pourquoi ?",
                    "<ul><li>Pensez aux moments de forte charge de travail.</li><li>Imaginez une règle "
                    "d'équipe qui aiderait à le tenir.</li></ul>",
                ),
            ],
        },
    ],
}
