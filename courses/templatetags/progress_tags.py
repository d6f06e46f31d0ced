"""The signed-in learner's progress, for the ``progress`` blocks of the course pages (read through selectors).

A tag rather than ``get_context``: progress is per learner, so it is read at render time from ``request.user``,
and nothing about it can end up in a shared page cache key.
"""

from django import template

from courses.selectors import lesson_progress_get, module_progress_get, programme_progress_get
from xapi.vocabulary import activity_iri

register = template.Library()


@register.simple_tag(takes_context=True)
def lesson_progress(context, lesson):
    return lesson_progress_get(user=context["request"].user, lesson=lesson)


@register.simple_tag(takes_context=True)
def module_progress(context, module):
    return module_progress_get(user=context["request"].user, module=module)


@register.simple_tag(takes_context=True)
def programme_progress(context, programme):
    return programme_progress_get(user=context["request"].user, programme=programme)


@register.simple_tag
def lesson_activity_iri(kind: str, page) -> str:
    """The xAPI activity IRI of a course page, for the tracking script's ``data-`` attributes."""
    return activity_iri(kind, page.pk)
