"""First versions of the legal pages (``seed_demo``). The operator completes the bracketed parts in Wagtail."""

from __future__ import annotations

import datetime

REVIEWED = datetime.date(2026, 11, 1)


def _h(text: str) -> dict:
    return {"type": "heading", "value": text}


def _p(html: str) -> dict:
    return {"type": "paragraph", "value": html}


NOTICE = {
    "slug": "mentions-legales",
    "title": "Mentions légales",
    "kind": "mentions",
    "last_reviewed": REVIEWED,
    "body": [
        _h("Éditeur du site"),
        _p(
            "<p>Ce site est édité par l'organisme de formation qui porte la formation des animateurs et "
            "animatrices Café IA : [raison sociale], [adresse], [numéro SIRET], numéro de déclaration d'activité "
            "[numéro] (cet enregistrement ne vaut pas agrément de l'État).</p>"
        ),
        _h("Directeur ou directrice de la publication"),
        _p("<p>[Prénom Nom], [fonction].</p>"),
        _h("Hébergement"),
        _p("<p>[Nom de l'hébergeur], [adresse], [téléphone]. Les données sont hébergées en France.</p>"),
        _h("Propriété intellectuelle et licences"),
        _p(
            "<p>Sauf mention contraire, les contenus de formation (modules, leçons, kit d'animation) sont publiés "
            "sous licence Creative Commons Attribution – Partage dans les mêmes conditions 4.0 International "
            "(CC BY-SA 4.0) : vous pouvez les copier, les adapter et les diffuser, y compris à des fins "
            "commerciales, en citant leurs auteurs et en partageant vos adaptations sous la même licence. "
            "Chaque page indique ses auteurs, ses partenaires et sa source. Le logo de la République française "
            "et la Marque de l'État ne sont pas couverts par cette licence.</p>"
        ),
        _h("Liens et sites tiers"),
        _p(
            "<p>Aucune page de ce site ne charge de ressource depuis un autre domaine. Les vidéos hébergées "
            "ailleurs ne sont chargées qu'après votre clic, après vous avoir indiqué l'hébergeur concerné.</p>"
        ),
    ],
}

PRIVACY = {
    "slug": "donnees-personnelles",
    "title": "Données personnelles",
    "kind": "privacy",
    "last_reviewed": REVIEWED,
    "body": [
        _h("Responsable de traitement"),
        _p(
            "<p>[Raison sociale de l'organisme de formation], représenté par [Prénom Nom]. Délégué ou déléguée à "
            "la protection des données : [adresse électronique].</p>"
        ),
        _h("Finalités et bases légales"),
        _p(
            "<ul><li>Organiser la formation, suivre votre progression, établir la feuille d'émargement et "
            "l'attestation de fin de formation : exécution du contrat de formation et obligations légales de "
            "l'organisme de formation (Code du travail, articles L6353-1 et suivants).</li>"
            "<li>Publier vos commentaires et traiter vos propositions d'amendement : votre consentement, que "
            "vous exprimez en les envoyant.</li>"
            "<li>Améliorer les contenus à partir de statistiques agrégées : intérêt légitime.</li></ul>"
        ),
        _h("Données traitées"),
        _p(
            "<p>Votre nom, votre prénom et votre adresse électronique ; votre progression dans les leçons et le "
            "temps d'activité mesuré dans la page (et non le temps de connexion) ; vos réponses aux quiz et "
            "activités ; vos émargements ; vos commentaires et propositions. Les traces d'apprentissage (xAPI) "
            "ne contiennent pas votre nom ni votre adresse électronique, mais un identifiant pseudonyme.</p>"
        ),
        _h("Durées de conservation"),
        _p(
            "<p>Les données de formation et d'émargement sont conservées pendant la durée exigée pour justifier "
            "de la formation auprès des financeurs, puis supprimées ou anonymisées. Les commentaires sont "
            "conservés tant que votre compte existe.</p>"
        ),
        _h("Vos droits"),
        _p(
            "<p>Vous disposez d'un droit d'accès, de rectification, d'effacement, de limitation et d'opposition, "
            "ainsi que d'un droit à la portabilité de vos données. Écrivez à [adresse électronique]. Si vous "
            "estimez, après nous avoir contactés, que vos droits ne sont pas respectés, vous pouvez adresser une "
            "réclamation à la CNIL.</p>"
        ),
        _h("Cookies"),
        _p(
            "<p>Ce site n'utilise que des cookies strictement nécessaires (session de connexion, protection des "
            "formulaires) : ils ne demandent pas votre consentement. Aucun outil de mesure d'audience tiers n'est "
            "utilisé.</p>"
        ),
    ],
}

ACCESSIBILITY = {
    "slug": "accessibilite",
    "title": "Déclaration d'accessibilité",
    "compliance_status": "partial",
    "compliance_rate": None,
    "audit_date": None,
    "audit_by": "",
    "statement_date": REVIEWED,
    "scope": (
        "<p>Le site a été conçu avec le Système de design de l'État (DSFR). Chaque modification est vérifiée "
        "automatiquement avec axe-core sur les pages publiques et les pages des apprenants (programme, module, "
        "leçon, kit d'animation, recherche, pages légales). Pages prévues pour l'audit : accueil, connexion, "
        "programme, module, leçon, kit d'animation et mode animation, recherche, mentions légales, données "
        "personnelles, cette déclaration.</p>"
    ),
    "non_compliant": (
        "<ul><li>Les activités interactives H5P sont fournies par des tiers ; leur accessibilité varie selon le "
        "type d'activité.</li><li>Certaines vidéos externes n'ont pas encore de transcription.</li></ul>"
    ),
    "derogations": "",
    "plan": (
        "<p>[Année] : audit complet par un prestataire indépendant, correction des non-conformités relevées, "
        "transcription de toutes les vidéos. Le schéma pluriannuel de mise en accessibilité est publié sur "
        "[adresse du schéma].</p>"
    ),
    "contact": (
        "<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, écrivez-nous à [adresse électronique] "
        "pour être orienté vers une alternative accessible ou obtenir le contenu sous une autre forme.</p>"
    ),
}
