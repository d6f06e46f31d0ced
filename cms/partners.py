"""Partner co-authoring: one Wagtail group and one media collection per partner organisation (decision 0030).

A partner author edits and submits the pages of the modules credited to their partner, in their own image and
document collection; publication goes through the "Relecture Café IA" workflow reviewed by the national admin.
``cms`` does not know which pages are a partner's: the app that owns the modules (``courses``) answers through the
``cafeia_partner_pages`` Wagtail hook, a function ``(partner) -> iterable of pages`` (import direction).

Other apps ask *which partners a user writes for* through :func:`user_partner_ids` (the quiz snippets' policy).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from cms.snippets import Partner
from core.audit import audit_log
from core.exceptions import ApplicationError
from core.roles import Role

PARTNER_PAGES_HOOK = "cafeia_partner_pages"
# Add and edit, never publish: the partner's changes go through the review workflow (no lock, no bulk delete).
PARTNER_PAGE_PERMISSIONS = ("add_page", "change_page")
PARTNER_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)


class PartnerError(ApplicationError):
    pass


def user_partner_ids(user) -> frozenset[int]:
    """The ids of the partners `user` writes for (member of their group); empty for anyone else.

    The one question other apps ask (e.g. the quiz snippets' permission policy: a partner author edits the quizzes
    of their partners only). One query; cached on the user object for the request.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_cafeia_partner_ids", None)
    if cached is None:
        cached = frozenset(Partner.objects.filter(group__user=user).values_list("pk", flat=True))
        user._cafeia_partner_ids = cached
    return cached


def partners_of_user(user):
    """The partners `user` writes for, as a queryset (the queryset half of :func:`user_partner_ids`)."""
    return Partner.objects.filter(pk__in=user_partner_ids(user))


def partner_pages(partner: Partner) -> list[Page]:
    """The pages whose subtree the partner edits (their modules), from every ``cafeia_partner_pages`` hook."""
    pages: list[Page] = []
    for hook in hooks.get_hooks(PARTNER_PAGES_HOOK):
        pages.extend(hook(partner))
    return pages


def _group_name(partner: Partner) -> str:
    return f"Partenaire · {partner.name}"[:150]


def _collection_permissions(group: Group, collection: Collection) -> None:
    for app_label, codename in PARTNER_COLLECTION_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=permission)


@transaction.atomic
def partner_page_permissions_sync(*, partner: Partner) -> int:
    """The partner's group holds add/edit on exactly its modules' pages (no publish). Idempotent; returns the count.

    Called when a partner is created and whenever a module is published (its partner links may have changed).
    """
    if partner.group_id is None:
        return 0
    permissions = list(
        Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=PARTNER_PAGE_PERMISSIONS)
    )
    pages = {page.pk: page for page in partner_pages(partner)}
    GroupPagePermission.objects.filter(group_id=partner.group_id).exclude(page_id__in=pages).delete()
    for page in pages.values():
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(group_id=partner.group_id, page=page, permission=permission)
    return len(pages)


def partner_page_permissions_sync_all(*, partner_ids: Iterable[int] | None = None) -> None:
    partners = Partner.objects.exclude(group=None)
    if partner_ids is not None:
        partners = partners.filter(pk__in=list(partner_ids))
    for partner in partners:
        partner_page_permissions_sync(partner=partner)


@transaction.atomic
def partner_workspace_ensure(*, partner: Partner) -> Partner:
    """The partner's group (add/edit on its modules, no publish) and media collection exist. Idempotent."""
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    if partner.group_id is None:
        partner.group, _created = Group.objects.get_or_create(name=_group_name(partner))
    if partner.collection_id is None:
        root = Collection.get_first_root_node()
        existing = root.get_children().filter(name=partner.name).first()
        partner.collection = existing or root.add_child(instance=Collection(name=partner.name))
    partner.save(update_fields=["group", "collection"])
    _collection_permissions(partner.group, partner.collection)
    partner_page_permissions_sync(partner=partner)
    return partner


@transaction.atomic
def partner_create(*, name: str, slug: str, url: str = "", created_by=None) -> Partner:
    """Create a partner organisation with its group, collection and page permissions on its modules.

    Raises ``PartnerError`` (``partner_exists``) when the slug is taken: a slug keys the partner's workspace.
    """
    name, slug = name.strip(), slug.strip()
    if not name or not slug:
        raise PartnerError(_("Give the partner a name and a slug."), code="partner_invalid")
    if Partner.objects.filter(slug=slug).exists():
        raise PartnerError(_("A partner with this slug already exists."), code="partner_exists")
    partner = Partner(name=name, slug=slug, url=url)
    partner.full_clean(exclude=["group", "collection", "logo"])
    partner.save()
    partner = partner_workspace_ensure(partner=partner)
    audit_log(actor=created_by, action="cms.partner.created", target=partner, data={"slug": slug})
    return partner


@transaction.atomic
def partner_add_author(*, partner: Partner, user, added_by=None) -> None:
    """Make `user` an author of `partner`: member of its group and of the partner authors' role. Idempotent."""
    partner = partner_workspace_ensure(partner=partner)
    user.groups.add(partner.group, Group.objects.get(name=Role.PARTNER_AUTHOR.value))
    user.__dict__.pop("_cafeia_partner_ids", None)
    audit_log(actor=added_by, action="cms.partner.author_added", target=partner, data={"user": user.pk})


@transaction.atomic
def partner_remove_author(*, partner: Partner, user, removed_by=None) -> None:
    """Take `user` out of the partner's group (their other partners and role stay). Idempotent."""
    if partner.group_id is not None:
        user.groups.remove(partner.group)
    user.__dict__.pop("_cafeia_partner_ids", None)
    audit_log(actor=removed_by, action="cms.partner.author_removed", target=partner, data={"user": user.pk})
