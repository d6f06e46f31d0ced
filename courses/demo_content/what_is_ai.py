"""Module « Qu'est-ce que l'IA ? »: original French text written for Café IA Formation, CC BY-SA 4.0."""

from __future__ import annotations

from courses.demo_content.helpers import callout, discuss, glossary, text

MODULE = {
    "slug": "qu-est-ce-que-l-ia",
    "title": "Qu'est-ce que l'IA ?",
    "summary": (
        "Comprendre ce que recouvre l'intelligence artificielle, d'où elle vient, comment fonctionnent "
        "l'apprentissage automatique et les modèles génératifs, ce qu'ils ne savent pas faire et ce qu'ils coûtent."
    ),
    "objectives": [
        "Expliquer avec ses mots ce qu'est un système d'intelligence artificielle, exemples du quotidien à l'appui.",
        "Situer les grandes étapes de l'histoire de l'IA, de 1950 aux IA génératives.",
        "Décrire comment un modèle apprend à partir de données et comment un modèle génératif produit un texte.",
        "Repérer une erreur, une « hallucination » ou un biais dans la réponse d'un outil d'IA.",
        "Présenter les principaux enjeux environnementaux et sociétaux de l'IA lors d'un débat.",
    ],
    "duration": 270,
    "partners": ["inria"],
    "authors": ["Équipe pédagogique Café IA", "Équipe médiation scientifique d'Inria"],
    "version": "1.0",
    "change_log": [("1.0", "2025-09-01", "Première version publiée.")],
    "lessons": [
        {
            "slug": "ce-qu-est-l-ia",
            "title": "Ce qu'est l'intelligence artificielle",
            "summary": "Une définition simple, des exemples du quotidien, et ce que l'IA n'est pas.",
            "duration": 50,
            "body": [
                text(
                    "<p>L'expression « intelligence artificielle » désigne un ensemble de techniques informatiques "
                    "qui permettent à une machine d'accomplir des tâches que l'on associe d'ordinaire à "
                    "l'intelligence humaine : reconnaître une image, comprendre une phrase, traduire un texte, "
                    "recommander un film ou jouer aux échecs. Il ne s'agit pas d'une machine qui pense, mais de "
                    "programmes qui calculent, souvent très vite et sur d'immenses quantités de données.</p>"
                    "<h2>Une IA au quotidien</h2>"
                    "<p>Nous utilisons déjà de nombreux systèmes d'IA sans toujours le savoir. Le filtre "
                    "anti-spam de la messagerie trie les courriels. Le téléphone déverrouille l'écran en "
                    "reconnaissant un visage. L'application de navigation estime le temps de trajet à partir du "
                    "trafic observé. Les plateformes de vidéo proposent le prochain épisode en fonction de ce que "
                    "nous avons regardé. Depuis 2022, les assistants conversationnels, capables de rédiger un "
                    "courrier ou de résumer un document, ont rendu l'IA visible pour le grand public.</p>"
                    "<h2>Ce que l'IA n'est pas</h2>"
                    "<p>Un système d'IA n'a ni conscience, ni intentions, ni compréhension du monde comparable "
                    "à la nôtre. Il est conçu pour une tâche et n'est fiable que dans les conditions proches de "
                    "celles pour lesquelles il a été conçu. Un logiciel qui reconnaît des chats sur des photos ne "
                    "sait rien des chats. Parler d'« intelligence » est donc une métaphore commode, qui peut "
                    "induire en erreur si on la prend au pied de la lettre.</p>"
                ),
                glossary(
                    "Système d'IA",
                    "Selon le règlement européen sur l'IA, un système automatisé qui, à partir des données qu'il "
                    "reçoit, produit des prédictions, du contenu, des recommandations ou des décisions pouvant "
                    "influencer un environnement physique ou virtuel, avec un certain degré d'autonomie.",
                ),
                callout(
                    "key",
                    "À retenir",
                    "<p>L'IA n'est pas une entité unique mais une famille de techniques. Pour en parler "
                    "clairement, mieux vaut toujours préciser de quel outil il s'agit et à quoi il sert.</p>",
                ),
                discuss(
                    "Quels outils utilisez-vous chaque semaine qui reposent sans doute sur de l'IA ? "
                    "Lesquels vous ont surpris en apprenant qu'ils en utilisent ?",
                    "<ul><li>Pensez au téléphone, à la messagerie, aux achats en ligne, aux démarches.</li>"
                    "<li>Distinguez ce que l'outil fait de ce qu'on imagine qu'il fait.</li></ul>",
                ),
            ],
        },
        {
            "slug": "une-breve-histoire-de-l-ia",
            "title": "Une brève histoire de l'IA",
            "summary": "Soixante-dix ans d'espoirs, d'hivers et de percées, du test de Turing aux IA génératives.",
            "duration": 50,
            "body": [
                text(
                    "<p>L'idée de machines capables de raisonner est ancienne, mais l'intelligence artificielle "
                    "comme discipline scientifique naît au milieu du XX<sup>e</sup> siècle, avec les premiers "
                    "ordinateurs.</p>"
                    "<h2>Les pionniers (1950-1970)</h2>"
                    "<p>En 1950, le mathématicien britannique Alan Turing se demande si une machine peut penser "
                    "et propose un « jeu de l'imitation » : une machine réussit si l'on ne peut pas la distinguer "
                    "d'un humain au cours d'une conversation écrite. En 1956, un atelier réuni au Dartmouth "
                    "College, aux États-Unis, adopte le terme « intelligence artificielle ». Les chercheurs "
                    "écrivent alors des programmes qui démontrent des théorèmes ou jouent aux dames, et certains "
                    "prédisent des machines aussi intelligentes que les humains en une génération.</p>"
                    "<h2>Hivers et systèmes experts (1970-2000)</h2>"
                    "<p>Les promesses ne sont pas tenues : les ordinateurs manquent de puissance et le monde "
                    "réel se révèle bien plus complexe que les jeux. Les financements se tarissent au cours des "
                    "années 1970 ; c'est le premier « hiver de l'IA ». Les années 1980 voient l'essor des systèmes "
                    "experts, qui appliquent des règles écrites par des spécialistes, par exemple pour aider au "
                    "diagnostic. Coûteux à maintenir, ils déçoivent à leur tour. En 1997, l'ordinateur Deep Blue "
                    "bat pourtant le champion du monde d'échecs Garry Kasparov.</p>"
                    "<h2>L'apprentissage profond et les IA génératives (depuis 2010)</h2>"
                    "<p>Trois ingrédients changent la donne : des masses de données numériques, des processeurs "
                    "graphiques très puissants et les réseaux de neurones profonds. En 2012, l'un de ces réseaux "
                    "écrase la concurrence dans un concours de reconnaissance d'images. En 2016, AlphaGo bat l'un "
                    "des meilleurs joueurs de go. En 2017, une nouvelle architecture, le <i>Transformer</i>, "
                    "ouvre la voie aux grands modèles de langage, et à la fin de 2022 la mise en ligne de "
                    "ChatGPT fait découvrir l'IA générative à des centaines de millions de personnes.</p>"
                ),
                callout(
                    "info",
                    "La recherche française dans cette histoire",
                    "<p>Des équipes françaises, notamment dans les laboratoires publics de recherche en "
                    "informatique, ont contribué aux réseaux de neurones, à l'apprentissage statistique et au "
                    "traitement de la langue. Le prix Turing 2018 a distingué trois pionniers de "
                    "l'apprentissage profond, dont le Français Yann LeCun.</p>",
                ),
                discuss(
                    "L'histoire de l'IA alterne promesses spectaculaires et déceptions. Qu'est-ce que cela nous "
                    "apprend pour juger les annonces d'aujourd'hui ?",
                ),
            ],
        },
        {
            "slug": "apprentissage-automatique-et-modeles-generatifs",
            "title": "Comment fonctionnent l'apprentissage automatique et les modèles génératifs",
            "summary": "Apprendre à partir d'exemples, entraîner un modèle, prédire le mot suivant.",
            "duration": 60,
            "body": [
                text(
                    "<p>Pendant longtemps, programmer voulait dire écrire toutes les règles à la main. "
                    "L'apprentissage automatique renverse cette logique : au lieu de décrire comment reconnaître "
                    "un chat, on montre au programme des milliers de photos étiquetées « chat » ou « pas chat », "
                    "et il ajuste lui-même ses réglages pour se tromper le moins possible.</p>"
                    "<h2>Données, entraînement, modèle</h2>"
                    "<p>Le programme qui apprend s'appelle un modèle. Il contient des paramètres, des nombres "
                    "que l'on corrige petit à petit pendant l'entraînement : à chaque exemple, on mesure l'écart "
                    "entre la réponse du modèle et la bonne réponse, puis on modifie légèrement les paramètres "
                    "pour réduire cet écart. Une fois entraîné, le modèle peut traiter des exemples qu'il n'a "
                    "jamais vus. Sa qualité dépend directement de celle des données : si elles sont incomplètes "
                    "ou déséquilibrées, le modèle le sera aussi.</p>"
                    "<p>Les réseaux de neurones sont une famille de modèles inspirés de très loin du cerveau : "
                    "des couches de petites unités de calcul, reliées entre elles. On parle d'apprentissage "
                    "profond quand ces couches sont nombreuses.</p>"
                    "<h2>Les modèles génératifs</h2>"
                    "<p>Un grand modèle de langage est entraîné sur d'immenses quantités de textes à une tâche "
                    "simple en apparence : prédire le morceau de mot suivant. Quand il répond à une question, il "
                    "produit sa réponse morceau par morceau, en choisissant à chaque étape une suite probable. "
                    "Il est ensuite ajusté, notamment avec des évaluations humaines, pour suivre des consignes et "
                    "éviter certains contenus. Les générateurs d'images fonctionnent sur un principe voisin : ils "
                    "apprennent à reconstituer des images à partir de bruit, guidés par une description.</p>"
                ),
                glossary(
                    "Jeton (token)",
                    "Unité de texte manipulée par un modèle de langage : un mot court, un morceau de mot ou un "
                    "signe de ponctuation. La longueur des textes traités se compte en jetons.",
                ),
                callout(
                    "warning",
                    "Probable ne veut pas dire vrai",
                    "<p>Un modèle de langage produit un texte plausible, pas un texte vérifié. Il peut "
                    "affirmer avec aplomb une information fausse : on parle d'« hallucination ».</p>",
                ),
                discuss(
                    "Comment expliqueriez-vous à une personne que vous accompagnez qu'un assistant "
                    "conversationnel « prédit » ses réponses plutôt qu'il ne les « sait » ?",
                    "<ul><li>Cherchez une comparaison du quotidien (la saisie prédictive du téléphone, par "
                    "exemple).</li><li>Dites ce que cela change pour l'usage : vérifier, croiser, citer ses "
                    "sources.</li></ul>",
                ),
            ],
        },
        {
            "slug": "limites-et-biais",
            "title": "Limites et biais de l'IA",
            "summary": "Erreurs, hallucinations, biais : pourquoi ils existent et comment les repérer.",
            "duration": 55,
            "body": [
                text(
                    "<p>Un système d'IA peut être impressionnant et se tromper lourdement. Connaître ses "
                    "limites n'est pas une manière de le dénigrer : c'est la condition pour l'utiliser à bon "
                    "escient et pour aider d'autres personnes à le faire.</p>"
                    "<h2>Des erreurs d'un genre particulier</h2>"
                    "<p>Un modèle reproduit les régularités de ses données d'entraînement. Face à une situation "
                    "éloignée de ces données, il peut échouer sans prévenir. Les modèles de langage, eux, "
                    "inventent parfois des références, des chiffres ou des citations : leur texte est fluide et "
                    "sûr de lui, ce qui rend l'erreur difficile à voir. Ils ne savent pas non plus ce qui s'est "
                    "passé après la collecte de leurs données, sauf s'ils sont reliés à une source à jour.</p>"
                    "<h2>D'où viennent les biais</h2>"
                    "<p>Un biais apparaît quand un système traite systématiquement moins bien certaines "
                    "personnes ou certaines situations. Il vient souvent des données : si un outil de tri de "
                    "candidatures apprend à partir des recrutements passés d'une entreprise qui embauchait "
                    "surtout des hommes, il risque de défavoriser les candidatures féminines. Ce cas s'est "
                    "produit dans une grande entreprise du numérique, qui a abandonné son outil en 2018. En 2018 "
                    "également, une étude a montré que des logiciels commerciaux de reconnaissance faciale se "
                    "trompaient beaucoup plus souvent sur les visages de femmes à la peau foncée que sur ceux "
                    "d'hommes à la peau claire.</p>"
                    "<p>Les biais peuvent aussi venir des choix de conception : ce que l'on décide de mesurer, "
                    "la façon de définir une « bonne » réponse, le public pour lequel l'outil a été testé.</p>"
                ),
                glossary(
                    "Hallucination",
                    "Réponse d'un modèle génératif qui paraît plausible mais qui est fausse ou inventée, "
                    "par exemple une source qui n'existe pas.",
                ),
                callout(
                    "key",
                    "Trois réflexes à transmettre",
                    "<ul><li>Vérifier toute information importante auprès d'une source fiable.</li>"
                    "<li>Se demander pour qui l'outil pourrait moins bien fonctionner.</li>"
                    "<li>Garder une personne responsable de la décision finale.</li></ul>",
                ),
                discuss(
                    "Avez-vous déjà obtenu une réponse fausse ou étrange d'un outil d'IA ? Comment vous en "
                    "êtes-vous rendu compte ?",
                ),
            ],
        },
        {
            "slug": "enjeux-environnementaux-et-societaux",
            "title": "Enjeux environnementaux et sociétaux",
            "summary": "Énergie, eau, matériaux, travail invisible, information et démocratie.",
            "duration": 55,
            "body": [
                text(
                    "<p>L'IA n'est pas immatérielle. Elle repose sur des centres de données, des puces et des "
                    "réseaux, et sur le travail de nombreuses personnes. Ses effets dépassent largement la "
                    "technique : ils touchent l'environnement, l'emploi, l'information et nos libertés.</p>"
                    "<h2>Un coût environnemental réel</h2>"
                    "<p>Entraîner un grand modèle demande des milliers de processeurs pendant des semaines ; "
                    "l'utiliser, des millions de fois par jour, consomme aussi de l'électricité. Les centres de "
                    "données doivent être refroidis, souvent avec de l'eau. Selon l'Agence internationale de "
                    "l'énergie, ils représentaient environ 1,5 % de la consommation mondiale d'électricité en "
                    "2024, une part qui augmente avec l'IA. Il faut y ajouter la fabrication des serveurs et des "
                    "terminaux, qui mobilise des métaux et pèse lourd dans l'empreinte du numérique. Choisir un "
                    "outil proportionné au besoin, et se demander si l'IA est utile, fait partie d'un usage "
                    "responsable. En France, un référentiel pour une « IA frugale » a été publié par l'AFNOR en "
                    "2024.</p>"
                    "<h2>Des enjeux de société</h2>"
                    "<p>Les modèles sont souvent entraînés grâce à des personnes qui annotent des données ou "
                    "filtrent des contenus choquants, parfois dans des conditions précaires. Les contenus "
                    "générés, dont les fausses images et les voix imitées, facilitent la désinformation et les "
                    "escroqueries. La concentration des moyens de calcul dans quelques entreprises pose des "
                    "questions de souveraineté. Enfin, l'usage de l'IA dans les services publics, la santé ou "
                    "l'emploi appelle transparence et recours.</p>"
                    "<p>L'Union européenne a adopté en 2024 un règlement sur l'IA qui classe les usages selon "
                    "leur niveau de risque, interdit certaines pratiques et impose des obligations aux systèmes "
                    "dits à haut risque.</p>"
                ),
                callout(
                    "info",
                    "Un sujet de débat idéal",
                    "<p>Ces enjeux n'ont pas de réponse unique : ils se prêtent bien à la discussion lors d'un "
                    "Café IA, où chacun peut confronter son expérience et ses valeurs.</p>",
                ),
                discuss(
                    "Pour quels usages l'IA vous paraît-elle valoir son coût environnemental ? Pour lesquels "
                    "vous semble-t-elle superflue ?",
                    "<ul><li>Comparez un usage médical, un usage administratif et un usage de loisir.</li>"
                    "<li>Demandez-vous qui profite du service et qui en supporte les coûts.</li></ul>",
                ),
            ],
        },
    ],
}
