"""The home page's first content, shared by migration 0002 and ``seed_demo`` (which recreates it after a flush).

Migration 0002 imports this module: change the text here only together with a data migration.
"""

HOME_TITLE = "Se former pour animer un Café IA"
HOME_INTRO = (
    "<p>Café IA est un programme national de débats conviviaux sur l'intelligence artificielle, ouverts à toutes "
    "et à tous. Pour multiplier les cafés, les conseillers et conseillères numériques suivent une formation de "
    "<b>17 heures</b>, en deux journées non consécutives.</p>"
)
HOME_BODY = [
    {"type": "heading", "value": "Jour 1 — à distance"},
    {
        "type": "paragraph",
        "value": (
            "<p>Comprendre comment fonctionne l'IA, son histoire et ses enjeux, avec les modules sous licence "
            "CC BY-SA <i>« Qu'est-ce que l'IA ? »</i> (conçu avec Inria) et <i>« IA &amp; Travail »</i> (conçu avec "
            "LaborIA et France Num) : leçons, activités interactives et quiz.</p>"
        ),
    },
    {"type": "heading", "value": "Jour 2 — en présentiel"},
    {
        "type": "paragraph",
        "value": (
            "<p>Apprendre à animer un Café IA avec un outil d'animation clé en main, en petit groupe avec votre "
            "formateur ou formatrice. Vous signez la feuille d'émargement de chaque demi-journée.</p>"
        ),
    },
    {
        "type": "callout",
        "value": {
            "title": "À la fin de la formation",
            "text": "<p>Vous téléchargez votre attestation de fin de formation, vérifiable par toute personne "
            "à qui vous la présentez.</p>",
        },
    },
]
ADMIN_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page")
ADMIN_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
)
