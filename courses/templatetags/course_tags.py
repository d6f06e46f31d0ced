from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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


@register.filter
def css_string(value) -> str:
    """Text for a double-quoted CSS string (``content: "…"`` of PDF page footers): quotes and backslashes escaped."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3C ")
    return mark_safe(text)  # escaped for CSS above; the templates put it in <style> only


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key) if mapping else None
