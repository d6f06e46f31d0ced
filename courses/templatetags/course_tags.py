from __future__ import annotations

from django import template
from django.utils.html import format_html

from courses.durations import duration_iso, duration_label

register = template.Library()


@register.filter
def duration(minutes: int | None) -> str:
    """``{{ page.duration_minutes|duration }}`` → ``<time datetime="PT1H30M">1 h 30</time>``."""
    if not minutes:
        return ""
    return format_html('<time datetime="{}">{}</time>', duration_iso(minutes), duration_label(minutes))


@register.filter
def times(count: int | None) -> range:
    """``{% for _ in 3|times %}``: writing lines on a printed sheet."""
    return range(count or 0)
