"""The course side of partner co-authoring: which pages a partner edits, and keeping that in step with publication.

A partner edits the modules that credit it (``ModulePartner``), lessons included (Wagtail page permissions apply to
a page's subtree). Partner links are part of the module's revisions: they take effect when the module is published
(by the national admin, after review), and the permissions are re-synced then.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from cms.partners import partner_page_permissions_sync_all, user_partner_ids
from cms.snippets import Partner
from courses.models import ModulePage


def partner_module_pages(partner: Partner) -> QuerySet[ModulePage]:
    """The modules crediting `partner` (the ``cafeia_partner_pages`` hook of ``cms.partners``)."""
    return ModulePage.objects.filter(partner_links__partner=partner).order_by("path")


def module_published_handle(*, page: Page) -> None:
    """After a module's publication, the partners' page permissions follow its (possibly new) partner links."""
    if isinstance(page, ModulePage):
        partner_page_permissions_sync_all()


def chooser_pages_for(*, user, pages: QuerySet[Page]) -> QuerySet[Page]:
    """What a partner author sees in the page chooser: live pages, and the drafts they may edit themselves.

    The national team sees everything; a partner must not read another partner's unpublished titles there.
    """
    if not user_partner_ids(user) or _is_publisher(user):
        return pages
    editable = PagePermissionPolicy().instances_user_has_any_permission_for(user, ["add", "change"])
    return pages.filter(Q(live=True) | Q(pk__in=editable.values("pk")))


def _is_publisher(user) -> bool:
    return user.is_superuser or PagePermissionPolicy().user_has_permission(user, "publish")
