"""Reads and renderings of the facilitation kit: its attribution, its screens for the facilitation mode, its PDF."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

from courses.models_kit import FacilitationKitPage
from courses.selectors import Attribution, page_url


@dataclass(frozen=True)
class Screen:
    """One screen of the facilitation mode: a step with its timer, and the debate cards when the step uses them."""

    number: int
    step: dict
    seconds: int
    cards: tuple = ()


def kit_attribution(*, kit: FacilitationKitPage) -> Attribution:
    return Attribution(
        title=kit.title,
        module_title=None,
        version=kit.version,
        authors=tuple(block.value for block in kit.authors),
        partners=(),
        licence=kit.licence,
        source_url=page_url(kit),
    )


def facilitation_screens(*, kit: FacilitationKitPage) -> tuple[Screen, ...]:
    cards = tuple(block.value for block in kit.debate_cards)
    return tuple(
        Screen(
            number=number,
            step=block.value,
            seconds=(block.value["duration_minutes"] or 0) * 60,
            cards=cards if block.value.get("show_debate_cards") else (),
        )
        for number, block in enumerate(kit.steps, start=1)
    )


def kit_pdf(*, kit: FacilitationKitPage) -> bytes:
    """The printable kit as a PDF, cached per published revision (a new publication renders a new one)."""
    key = f"courses:kit-pdf:{kit.pk}:{kit.live_revision_id or kit.latest_revision_id}"
    pdf = cache.get(key)
    if pdf is None:
        context = {"page": kit, "attribution": kit_attribution(kit=kit), "screens": facilitation_screens(kit=kit)}
        from core.pdf import render_pdf  # WeasyPrint is imported only by the processes that render

        pdf = render_pdf("courses/kit/kit_pdf.html", context)
        cache.set(key, pdf, timeout=24 * 3600)
    return pdf
