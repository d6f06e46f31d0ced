"""Wagtail admin: territories and Hubs, kept by the national admin group (migration 0002 grants its rights).

Cohorts, sessions and attendance are run from the trainer's space, not from the admin: their writes go through
services that keep the sheet's invariants.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from training.models import Hub, Territory


class TerritoryViewSet(ModelViewSet):
    model = Territory
    name = "territories"
    icon = "site"
    menu_label = _("Territories")
    list_display = ["name", "region", "time_zone", "holiday_subdivision"]
    search_fields = ["name", "region"]
    form_fields = ["name", "region", "departements", "time_zone", "holiday_subdivision"]
    inspect_view_enabled = False


class HubViewSet(ModelViewSet):
    model = Hub
    name = "hubs"
    icon = "group"
    menu_label = _("Hubs")
    list_display = ["name"]
    search_fields = ["name"]
    form_fields = ["name", "territories", "coordinators"]
    inspect_view_enabled = False


class TrainingViewSetGroup(ViewSetGroup):
    items = (TerritoryViewSet, HubViewSet)
    menu_icon = "globe"
    menu_label = _("Training")
    menu_name = "training"


@hooks.register("register_admin_viewset")
def register_training_admin() -> TrainingViewSetGroup:
    return TrainingViewSetGroup()
