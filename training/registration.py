"""The xAPI registration resolver: which enrolment a learner's statement about an activity belongs to.

Registered in ``TrainingConfig.ready()``; ``xapi`` calls it without knowing this app. An activity IRI of the
platform names a page (programme, day, module, lesson) or a session; the page's programme is its ancestor in the
Wagtail tree (the path prefix), and the learner's active enrolment in a cohort of that programme gives the
registration. A learner moved to another cohort has one active enrolment: the new one.
"""

from __future__ import annotations

from uuid import UUID

from wagtail.models import Page

from training.models import ACTIVE_STATES, Enrolment, EnrolmentState, TrainingSession
from xapi.vocabulary import activity_kind

PAGE_KINDS = {"program", "day", "module", "lesson"}


def programme_id_for_activity(activity_id: str) -> int | None:
    """The ProgramPage pk above a platform activity, or None (a foreign IRI, an unknown page, a non-page kind)."""
    from courses.models import ProgramPage

    kind = activity_kind(activity_id)
    identifier = activity_id.rsplit("/", 1)[-1]
    if kind is None or not identifier.isdigit():
        return None
    if kind == "session":
        return (
            TrainingSession.objects.filter(pk=int(identifier)).values_list("cohort__programme_id", flat=True).first()
        )
    if kind not in PAGE_KINDS:
        return None
    path = Page.objects.filter(pk=int(identifier)).values_list("path", flat=True).first()
    if path is None:
        return None
    prefixes = [path[:length] for length in range(Page.steplen, len(path) + 1, Page.steplen)]
    return ProgramPage.objects.filter(path__in=prefixes).values_list("pk", flat=True).first()


def enrolment_registration_resolve(*, user, activity_id: str) -> UUID | None:
    if user is None or not getattr(user, "pk", None):
        return None
    programme_id = programme_id_for_activity(activity_id)
    if programme_id is None:
        return None
    enrolments = Enrolment.objects.filter(learner=user, cohort__programme_id=programme_id, state__in=ACTIVE_STATES)
    # an ongoing enrolment wins over a completed one; the latest wins among equals (a move leaves the old cancelled)
    current = enrolments.exclude(state=EnrolmentState.COMPLETED).order_by("-created_at", "-pk").first()
    current = current or enrolments.order_by("-created_at", "-pk").first()
    return current.registration if current else None
