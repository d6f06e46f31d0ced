"""Enrolments: a learner's seat, request or waiting-list spot in a cohort.

Every write locks the cohort row first, so two trainers (or a CSV import and a learner's request) can never give
more seats than there are. Re-enrolling someone already enrolled returns their enrolment unchanged (idempotent).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.models import User
from core.roles import Role
from core.services import AccountError, user_invite
from training.events import enrolment_registered_record
from training.exceptions import EnrolmentError
from training.models import SEAT_STATES, Cohort, CohortStatus, Enrolment, EnrolmentState, Modality
from training.services.refusals import audit_refusals

OPEN_STATUSES = (CohortStatus.DRAFT, CohortStatus.OPEN, CohortStatus.RUNNING)


def cohort_seat_limit(cohort: Cohort) -> int:
    """The cohort's capacity, or the smallest room of its in-person sessions when smaller."""
    rooms = cohort.sessions.filter(modality=Modality.IN_PERSON, room_capacity__isnull=False)
    smallest = min(rooms.values_list("room_capacity", flat=True), default=None)
    return min(cohort.capacity, smallest) if smallest else cohort.capacity


def cohort_seats_left(cohort: Cohort) -> int:
    return max(0, cohort_seat_limit(cohort) - cohort.enrolments.holding_seat().count())


def _lock(cohort: Cohort) -> Cohort:
    return Cohort.objects.select_for_update().select_related("programme").get(pk=cohort.pk)


def _set_state(enrolment: Enrolment, state: str) -> None:
    enrolment.state = state
    enrolment.state_changed_at = timezone.now()
    enrolment.save(update_fields=["state", "state_changed_at"])


def _on_enrolled(enrolment: Enrolment, *, notify: bool = True) -> None:
    """A seat became an enrolment: the ``registered`` statement now, the confirmation e-mail after commit."""
    enrolment_registered_record(enrolment=enrolment)
    if notify:
        from training.tasks import enrolment_confirmation_send_task

        transaction.on_commit(lambda: enrolment_confirmation_send_task.delay(enrolment.pk))


@audit_refusals("training.enrolment.create", actor="enrolled_by", target="cohort")
@transaction.atomic
def enrolment_create(
    *,
    cohort: Cohort,
    learner: User,
    enrolled_by: User | None,
    state: str = EnrolmentState.ENROLLED,
    waitlist_if_full: bool = False,
    notify: bool = True,
) -> Enrolment:
    """Give ``learner`` a seat (``enrolled``, or ``invited`` for an account not activated yet).

    Idempotent: an existing active enrolment or waiting-list spot is returned as it is. A cancelled one is
    re-opened. A full cohort refuses (``cohort_full``), or puts the learner on the waiting list when asked.
    """
    cohort = _lock(cohort)
    if cohort.status not in OPEN_STATUSES:
        raise EnrolmentError(_("This cohort is closed to enrolment."), code="cohort_closed")
    existing = Enrolment.objects.filter(cohort=cohort, learner=learner).first()
    if existing is not None and existing.state != EnrolmentState.CANCELLED:
        if existing.state == EnrolmentState.REQUESTED:
            return _accept(
                existing, cohort=cohort, actor=enrolled_by, waitlist_if_full=waitlist_if_full, notify=notify
            )
        return existing
    if cohort_seats_left(cohort) <= 0:
        if not waitlist_if_full:
            raise EnrolmentError(
                _("This cohort is full (%(capacity)s seats).") % {"capacity": cohort_seat_limit(cohort)},
                code="cohort_full",
            )
        state = EnrolmentState.WAITLISTED
    enrolment = existing or Enrolment(cohort=cohort, learner=learner)
    enrolment.enrolled_by = enrolled_by
    enrolment.state = state
    enrolment.state_changed_at = timezone.now()
    enrolment.save()
    audit_log(actor=enrolled_by, action=f"training.enrolment.{state}", target=enrolment, data={"cohort": cohort.pk})
    if state == EnrolmentState.ENROLLED:
        _on_enrolled(enrolment, notify=notify)
    return enrolment


@transaction.atomic
def enrolment_invite(
    *,
    cohort: Cohort,
    email: str,
    invited_by: User,
    first_name: str = "",
    last_name: str = "",
    notify: bool = True,
    waitlist_if_full: bool = False,
) -> Enrolment:
    """Enrol an e-mail address: an active account is enrolled; otherwise the account is created (or its pending
    invitation re-sent, by ``core.services.user_invite``) and the seat is held as ``invited`` until activation."""
    email = User.objects.normalize_email(email).strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and user.is_active:
        return enrolment_create(
            cohort=cohort, learner=user, enrolled_by=invited_by, notify=notify, waitlist_if_full=waitlist_if_full
        )
    if user is not None:
        existing = (
            Enrolment.objects.filter(cohort=cohort, learner=user).exclude(state=EnrolmentState.CANCELLED).first()
        )
        if existing is not None:
            return existing  # already invited here: no second e-mail
    try:
        user = user_invite(
            email=email, invited_by=invited_by, first_name=first_name, last_name=last_name, role=Role.LEARNER
        )
    except AccountError as error:  # raced with an activation: enrol the now-active account
        raise EnrolmentError(error.message, code=error.code) from error
    return enrolment_create(
        cohort=cohort,
        learner=user,
        enrolled_by=invited_by,
        state=EnrolmentState.INVITED,
        waitlist_if_full=waitlist_if_full,
    )


@transaction.atomic
def enrolment_activate_invited(*, learner: User) -> list[Enrolment]:
    """Turn the ``invited`` seats of a learner who activated their account into enrolments (called at login)."""
    activated = []
    for enrolment in Enrolment.objects.select_for_update().filter(learner=learner, state=EnrolmentState.INVITED):
        _set_state(enrolment, EnrolmentState.ENROLLED)
        audit_log(actor=learner, action="training.enrolment.enrolled", target=enrolment, data={"from": "invited"})
        _on_enrolled(enrolment)
        activated.append(enrolment)
    return activated


@audit_refusals("training.enrolment.request", actor="learner", target="cohort")
@transaction.atomic
def enrolment_request(*, cohort: Cohort, learner: User) -> Enrolment:
    """A learner asks to join an open cohort from the public page; a trainer accepts. Idempotent."""
    cohort = _lock(cohort)
    if cohort.status != CohortStatus.OPEN:
        raise EnrolmentError(_("This cohort is not open to requests."), code="cohort_not_open")
    existing = Enrolment.objects.filter(cohort=cohort, learner=learner).first()
    if existing is not None and existing.state != EnrolmentState.CANCELLED:
        return existing
    enrolment = existing or Enrolment(cohort=cohort, learner=learner)
    enrolment.state = EnrolmentState.REQUESTED
    enrolment.state_changed_at = timezone.now()
    enrolment.save()
    audit_log(actor=learner, action="training.enrolment.requested", target=enrolment)
    from training.tasks import enrolment_request_notify_task

    transaction.on_commit(lambda: enrolment_request_notify_task.delay(enrolment.pk))
    return enrolment


def _accept(
    enrolment: Enrolment, *, cohort: Cohort, actor: User | None, waitlist_if_full: bool, notify: bool
) -> Enrolment:
    if cohort_seats_left(cohort) > 0:
        _set_state(enrolment, EnrolmentState.ENROLLED)
        audit_log(actor=actor, action="training.enrolment.enrolled", target=enrolment, data={"from": "requested"})
        _on_enrolled(enrolment, notify=notify)
        return enrolment
    if not waitlist_if_full:
        raise EnrolmentError(_("This cohort is full."), code="cohort_full")
    _set_state(enrolment, EnrolmentState.WAITLISTED)
    audit_log(actor=actor, action="training.enrolment.waitlisted", target=enrolment)
    return enrolment


@audit_refusals("training.enrolment.accept")
@transaction.atomic
def enrolment_accept(*, enrolment: Enrolment, actor: User) -> Enrolment:
    """Accept a request (or promote a waiting-list spot): a seat if one is free, else the waiting list."""
    cohort = _lock(enrolment.cohort)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.state not in (EnrolmentState.REQUESTED, EnrolmentState.WAITLISTED):
        raise EnrolmentError(_("This request has already been handled."), code="not_pending")
    if enrolment.state == EnrolmentState.WAITLISTED and cohort_seats_left(cohort) <= 0:
        raise EnrolmentError(_("This cohort is full."), code="cohort_full")
    return _accept(enrolment, cohort=cohort, actor=actor, waitlist_if_full=True, notify=True)


@transaction.atomic
def enrolment_cancel(*, enrolment: Enrolment, actor: User, note: str = "") -> Enrolment:
    """Cancel (attendance already recorded stays); the first learner on the waiting list gets the freed seat."""
    cohort = _lock(enrolment.cohort)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.state == EnrolmentState.CANCELLED:
        return enrolment
    freed = enrolment.state in SEAT_STATES
    enrolment.note = note[:300] or enrolment.note
    enrolment.save(update_fields=["note"])
    _set_state(enrolment, EnrolmentState.CANCELLED)
    audit_log(actor=actor, action="training.enrolment.cancelled", target=enrolment, data={"note": note[:300]})
    if freed:
        waiting = cohort.enrolments.filter(state=EnrolmentState.WAITLISTED).order_by("state_changed_at", "pk").first()
        if waiting is not None and cohort_seats_left(cohort) > 0:
            _accept(waiting, cohort=cohort, actor=actor, waitlist_if_full=True, notify=True)
    return enrolment


@audit_refusals("training.enrolment.move", target="enrolment")
@transaction.atomic
def enrolment_move(*, enrolment: Enrolment, to_cohort: Cohort, actor: User) -> Enrolment:
    """Move a learner to another cohort of the same programme (e.g. for its in-person day). The new enrolment has
    its own registration and points back with ``moved_from``; the records under the old one still count, as
    completion combines a learner's records for the same programme."""
    if to_cohort.pk == enrolment.cohort_id:
        raise EnrolmentError(_("The learner is already in this cohort."), code="same_cohort")
    if to_cohort.programme_id != enrolment.cohort.programme_id:
        raise EnrolmentError(_("A learner can only move to a cohort of the same programme."), code="other_programme")
    if enrolment.state not in SEAT_STATES:
        raise EnrolmentError(_("Only an enrolled learner can be moved."), code="not_enrolled")
    target = Enrolment.objects.filter(cohort=to_cohort, learner=enrolment.learner).first()
    if target is not None and target.state in SEAT_STATES:
        raise EnrolmentError(_("The learner is already enrolled in that cohort."), code="already_enrolled")
    moved = enrolment_create(cohort=to_cohort, learner=enrolment.learner, enrolled_by=actor)
    moved.moved_from = enrolment
    moved.save(update_fields=["moved_from"])
    enrolment_cancel(enrolment=enrolment, actor=actor, note=_("Moved to %(cohort)s") % {"cohort": to_cohort.title})
    audit_log(actor=actor, action="training.enrolment.moved", target=moved, data={"from": enrolment.pk})
    return moved
