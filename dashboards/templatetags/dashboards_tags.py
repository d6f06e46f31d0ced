"""``{% dashboards_link %}``: the header link to the user's dashboard (the Hub's completion or their cohorts)."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from dashboards.selectors import can_view_completion, can_view_trainer_overview

register = template.Library()


@register.inclusion_tag("dashboards/includes/nav_link.html", takes_context=True)
def dashboards_link(context) -> dict:
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return {"link": None}
    if can_view_completion(user):
        return {"link": (reverse("dashboards:completion"), _("Hub dashboard"))}
    if can_view_trainer_overview(user):
        return {"link": (reverse("dashboards:trainer_overview"), _("My cohorts"))}
    return {"link": None}
