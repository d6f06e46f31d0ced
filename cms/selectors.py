"""Reads of the cms app."""

from __future__ import annotations

from dataclasses import dataclass

from cms.models_legal import AccessibilityPage, LegalKind, LegalPage


@dataclass(frozen=True)
class LegalLink:
    kind: str
    title: str
    url: str
    compliance: str = ""


def legal_links_get() -> tuple[LegalLink, ...]:
    """The live legal pages in the footer's order (accessibility, legal notice, personal data). Two small queries
    per page; not cached, so an edit shows at once and no stale link survives a deletion."""
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
