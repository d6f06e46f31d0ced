"""Wagtail admin wiring of the cms app: the licence and partner snippets, grouped under one menu item."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.partners import partner_workspace_ensure
from cms.snippets import Licence, Partner


class LicenceViewSet(SnippetViewSet):
    model = Licence
    icon = "doc-full"
    menu_label = _("Licences")
    list_display = ["short_name", "name", "url"]
    search_fields = ["short_name", "name"]


class PartnerViewSet(SnippetViewSet):
    model = Partner
    icon = "group"
    menu_label = _("Partners")
    list_display = ["name", "slug", "url"]
    search_fields = ["name"]


class CommonsViewSetGroup(SnippetViewSetGroup):
    items = (LicenceViewSet, PartnerViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Commons")
    menu_name = "commons"


register_snippet(CommonsViewSetGroup)


@hooks.register("after_create_snippet")
def partner_workspace_after_create(request, instance):
    """A partner created in the admin gets its group, collection and page permissions, as ``partner_create`` does."""
    if isinstance(instance, Partner):
        partner_workspace_ensure(partner=instance)
