"""Wagtail admin: the xAPI forwarding outbox (counts, destinations, dead letters with a resend action).

Read-only but for two actions, both through services: resend dead letters, resume a paused destination. Only
superusers and the national administration see it (the admin's own ``wagtailadmin.access_admin`` check comes
first: Wagtail decorates every admin URL with it).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from xapi.forwarding import outbox_counts, outbox_destination_resume, outbox_resend
from xapi.models import ForwardDestination, OutboxEntry, OutboxState
from xapi.permissions import can_manage_forwarding

DEAD_LETTERS_PER_PAGE = 50


def _check(request: HttpRequest) -> None:
    if not can_manage_forwarding(request.user):
        raise PermissionDenied


def forwarding_index(request: HttpRequest) -> HttpResponse:
    _check(request)
    dead = (
        OutboxEntry.objects.filter(state=OutboxState.DEAD)
        .select_related("statement")
        .only("pk", "destination", "attempts", "last_error", "due_at", "statement__statement_id")
        .order_by("-pk")
    )
    page = Paginator(dead, DEAD_LETTERS_PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "xapi/admin/forwarding.html",
        {
            "page_title": _("xAPI forwarding"),
            "header_title": _("xAPI forwarding"),
            "header_icon": "resubmit",
            "counts": outbox_counts(),
            "destinations": ForwardDestination.objects.order_by("endpoint"),
            "page": page,
        },
    )


@require_POST
def forwarding_resend(request: HttpRequest) -> HttpResponse:
    _check(request)
    if request.POST.get("all"):
        ids = list(OutboxEntry.objects.filter(state=OutboxState.DEAD).values_list("pk", flat=True))
    else:
        ids = [int(value) for value in request.POST.getlist("entry") if value.isdigit()]
    count = outbox_resend(entry_ids=ids, actor=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d statement will be sent again.", "%(count)d statements will be sent again.", count
            ) % {"count": count},
        )  # fmt: skip
    else:
        messages.warning(request, _("No dead letter was selected."))
    return redirect("xapi_forwarding:index")


@require_POST
def forwarding_resume(request: HttpRequest, pk: int) -> HttpResponse:
    _check(request)
    destination = get_object_or_404(ForwardDestination, pk=pk)
    outbox_destination_resume(destination=destination, actor=request.user)
    messages.success(request, _("Forwarding resumed."))
    return redirect("xapi_forwarding:index")


class ForwardingMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return can_manage_forwarding(request.user)


@hooks.register("register_admin_urls")
def register_forwarding_urls():
    from django.urls import include

    urls = [
        path("", forwarding_index, name="index"),
        path("renvoyer/", forwarding_resend, name="resend"),
        path("reprendre/<int:pk>/", forwarding_resume, name="resume"),
    ]
    return [path("xapi-transfert/", include((urls, "xapi_forwarding"), namespace="xapi_forwarding"))]


@hooks.register("register_settings_menu_item")
def register_forwarding_menu_item() -> MenuItem:
    return ForwardingMenuItem(_("xAPI forwarding"), reverse("xapi_forwarding:index"), icon_name="resubmit", order=900)
