"""Wagtail admin wiring of the courses app (R12): partner pages, the partners' page chooser."""

from __future__ import annotations

from wagtail import hooks

from cms.partners import PARTNER_PAGES_HOOK
from courses.partners import chooser_pages_for, partner_module_pages

hooks.register(PARTNER_PAGES_HOOK, partner_module_pages)


@hooks.register("construct_page_chooser_queryset")
def partner_chooser_pages(pages, request):
    return chooser_pages_for(user=request.user, pages=pages)
