from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale, Page, Site

from cms.home_content import ADMIN_COLLECTION_PERMISSIONS, ADMIN_PAGE_PERMISSIONS, HOME_BODY, HOME_INTRO, HOME_TITLE
from cms.models import HomePage
from cms.workflow import review_workflow_ensure
from core.roles import Role


@transaction.atomic
def home_page_ensure() -> tuple[HomePage, bool]:
    """The home page exists and is the default site's root; the national admin group manages every page.

    Idempotent. Migration 0002 does the same on a fresh database; this recreates it after a flush.
    """
    Locale.objects.get_or_create(language_code="fr")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    home = HomePage.objects.first()
    created = home is None
    if created:
        home = root.add_child(instance=HomePage(title=HOME_TITLE, slug="accueil", intro=HOME_INTRO, body=HOME_BODY))
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "localhost", "root_page": home})
    admin_group = Group.objects.get(name=Role.NATIONAL_ADMIN.value)
    for codename in ADMIN_PAGE_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=admin_group, page=root, permission=permission)
    collection = Collection.get_first_root_node()
    for app_label, codename in ADMIN_COLLECTION_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupCollectionPermission.objects.get_or_create(
            group=admin_group, collection=collection, permission=permission
        )
    review_workflow_ensure()
    return home, created


@transaction.atomic
def legal_pages_ensure() -> list[str]:
    """The legal notice, personal data and accessibility pages exist under the home page (published). Idempotent:
    an existing page (found by kind) is left as editors made it."""
    from cms.legal_content import ACCESSIBILITY, NOTICE, PRIVACY
    from cms.models_legal import AccessibilityPage, LegalPage

    home = HomePage.objects.first() or home_page_ensure()[0]
    created = []
    for data in (NOTICE, PRIVACY):
        if not LegalPage.objects.filter(kind=data["kind"]).exists():
            page = home.add_child(instance=LegalPage(**data))
            page.save_revision().publish()
            created.append(f"legal page « {page.title} »")
    if not AccessibilityPage.objects.exists():
        page = home.add_child(instance=AccessibilityPage(**ACCESSIBILITY))
        page.save_revision().publish()
        created.append(f"legal page « {page.title} »")
    return created
