"""The facilitation kit of day 2: the turnkey tool to run a one-hour Café IA (decision 0032).

Three renderings of one page: the printable kit (the page, with a print stylesheet), its PDF (``pdf/``, through
``core.pdf``), and the *facilitation mode* (``animation/``) for a projector or a tablet — one step per screen, a
timer per step, keyboard navigation, everything inline in one document that a small service worker scoped to
``animation/`` keeps for offline use.
"""

from __future__ import annotations

import json
from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from cms.models import CafeIABasePage
from cms.snippets import licence_default_pk
from courses.blocks.base import block_error_leaves
from courses.blocks.kit import ActionItemBlock, DebateCardBlock, KitStepBlock, MaterialBlock
from courses.models import CoursePage


class FacilitationKitPage(RoutablePageMixin, CoursePage):
    duration_minutes = models.PositiveIntegerField(_("duration of a session"), default=60, help_text=_("In minutes."))
    max_participants = models.PositiveIntegerField(_("participants at most"), default=20)
    steps = StreamField([("step", KitStepBlock())], verbose_name=_("steps of the session"))
    debate_cards = StreamField([("card", DebateCardBlock())], blank=True, verbose_name=_("debate cards"))
    materials = StreamField([("material", MaterialBlock())], blank=True, verbose_name=_("material"))
    action_sheet_intro = RichTextField(
        _("action sheet: introduction"), blank=True, features=["bold", "italic"], help_text=_("Printed on the sheet.")
    )
    action_items = StreamField([("item", ActionItemBlock())], blank=True, verbose_name=_("action sheet: questions"))
    licence = models.ForeignKey(
        "cms.Licence",
        on_delete=models.PROTECT,
        default=licence_default_pk,
        related_name="+",
        verbose_name=_("licence"),
    )
    authors = StreamField([("author", blocks.CharBlock(label=_("author"), max_length=255))], verbose_name=_("authors"))
    version = models.CharField(_("version"), max_length=20, default="1.0")

    parent_page_types = ["courses.DayPage"]
    subpage_types: list[str] = []
    template = "courses/facilitation_kit_page.html"
    search_fields = [*CafeIABasePage.search_fields, index.SearchField("steps"), index.SearchField("debate_cards")]
    content_panels = [
        *CafeIABasePage.content_panels,
        FieldRowPanel([FieldPanel("duration_minutes"), FieldPanel("max_participants")]),
        FieldPanel("steps"),
        FieldPanel("debate_cards"),
        FieldPanel("materials"),
        MultiFieldPanel([FieldPanel("action_sheet_intro"), FieldPanel("action_items")], heading=_("Action sheet")),
        MultiFieldPanel(
            [FieldPanel("licence", permission="cms.change_licence"), FieldPanel("authors"), FieldPanel("version")],
            heading=_("Attribution"),
        ),
    ]
    title_required_message = _("Give the kit a title.")

    class Meta:
        verbose_name = _("facilitation kit")
        verbose_name_plural = _("facilitation kits")

    @property
    def steps_total_minutes(self) -> int:
        return sum(step.value["duration_minutes"] or 0 for step in self.steps)

    def clean(self):
        """Blocks are complete, and the steps fill the session exactly (a facilitator plans on the total)."""
        super().clean()
        errors = {}
        for name in ("steps", "debate_cards", "materials", "action_items"):
            field = getattr(self, name)
            try:
                field.stream_block.clean(field)
            except ValidationError as error:
                errors[name] = block_error_leaves(error)
        if "steps" not in errors and self.steps and self.steps_total_minutes != self.duration_minutes:
            message = _("The steps last %(steps)s minutes but the session %(session)s: adjust one or the other.")
            errors["steps"] = [
                ValidationError(
                    message,
                    code="steps_duration_mismatch",
                    params={"steps": self.steps_total_minutes, "session": self.duration_minutes},
                )
            ]
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        from courses.kit import facilitation_screens, kit_attribution
        from courses.selectors import page_breadcrumb

        context = super().get_context(request, *args, **kwargs)
        context["attribution"] = kit_attribution(kit=self)
        context["screens"] = facilitation_screens(kit=self)
        context["mode_url"] = self.url + self.reverse_subpage("facilitation_mode")
        context["pdf_url"] = self.url + self.reverse_subpage("pdf")
        context["breadcrumb"] = page_breadcrumb(page=self)
        return context

    @path("animation/", name="facilitation_mode")
    def facilitation_mode(self, request):
        from courses.kit import facilitation_screens, kit_attribution

        context = {
            "page": self,
            "screens": facilitation_screens(kit=self),
            "attribution": kit_attribution(kit=self),
            "cache_version": self.live_revision_id or 0,
        }
        return TemplateResponse(request, "courses/kit/facilitation_mode.html", context)

    @path("animation/service-worker/", name="service_worker")
    def service_worker(self, request):
        from django.template.loader import render_to_string

        script = render_to_string(
            "courses/kit/sw.js",
            {
                "page_id": self.pk,
                "version": self.live_revision_id or 0,
                "mode_url_json": json.dumps(urlparse(self.url or "").path + "animation/"),
            },
        )
        response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
        response["Cache-Control"] = "no-cache"  # a new publication reaches the next online visit
        # Wagtail URLs end with a slash, so the worker lives one level below the page it controls
        response["Service-Worker-Allowed"] = urlparse(self.url or "").path + "animation/"
        return response

    @path("pdf/", name="pdf")
    def pdf(self, request):
        from courses.kit import kit_pdf

        response = HttpResponse(kit_pdf(kit=self), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{self.slug}.pdf"'
        return response
