"""Reads of the cms app."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

from cms.models_legal import AccessibilityPage, LegalKind, LegalPage


@dataclass(frozen=True)
class LegalLink:
    kind: str
    title: str
    url: str
    compliance: str = ""


LEGAL_LINKS_CACHE_KEY = "cms:legal_links:v1"
LEGAL_LINKS_CACHE_SECONDS = 300


def legal_links_get() -> tuple[LegalLink, ...]:
    """The live legal pages in the footer's order (accessibility, legal notice, personal data), read by every page.

    Cached: publishing, unpublishing, moving or deleting a legal page clears the entry (``cms.apps``), so an edit
    shows at once in the process that made it and, with a shared cache (``CACHE_URL``), everywhere; with the
    per-process default cache, another process shows it within ``LEGAL_LINKS_CACHE_SECONDS``."""
    links = cache.get(LEGAL_LINKS_CACHE_KEY)
    if links is None:
        links = _legal_links_read()
        cache.set(LEGAL_LINKS_CACHE_KEY, links, LEGAL_LINKS_CACHE_SECONDS)
    return links


def legal_links_forget(**kwargs) -> None:
    cache.delete(LEGAL_LINKS_CACHE_KEY)


def _legal_links_read() -> tuple[LegalLink, ...]:
    links = []
    accessibility = AccessibilityPage.objects.live().defer_streamfields().first()
    if accessibility is not None:
        status = accessibility.get_compliance_status_display()
        links.append(LegalLink("accessibility", accessibility.title, accessibility.url, status))
    pages = {page.kind: page for page in LegalPage.objects.live().defer_streamfields()}
    for kind in (LegalKind.NOTICE, LegalKind.PRIVACY):
        if kind in pages:
            links.append(LegalLink(kind, pages[kind].title, pages[kind].url))
    return tuple(links)
