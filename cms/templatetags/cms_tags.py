from __future__ import annotations

from django import template

from cms.selectors import legal_links_get

register = template.Library()


@register.inclusion_tag("cms/includes/legal_links.html")
def legal_links():
    """The footer's links to the legal pages (the accessibility one says the state of compliance)."""
    return {"links": legal_links_get()}
