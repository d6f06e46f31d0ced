"""Half-day sessions: created and changed only when the sheet they produce would be coherent.

French case law reads a sheet's coherence: no session on a public holiday of the territory, the trainer not
elsewhere at the same time, no more learners than the room holds (FRENCH-TRAINING-RULES.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.models import User
from training.exceptions import SessionError
from training.models import Cohort, CohortStatus, Modality, TrainingSession
from training.services.refusals import audit_refusals

MAX_HALF_DAY = timedelta(hours=5)


@dataclass
class SessionData:
    date: date
    start_time: time
    end_time: time
    modality: str
    trainer: User
    modules: list = field(default_factory=list)
    visio_url: str = ""
    venue_address: str = ""
    room_capacity: int | None = None


def _seats_held(cohort: Cohort) -> int:
    return cohort.enrolments.holding_seat().count()


def session_validate(*, cohort: Cohort, data: SessionData, session: TrainingSession | None = None) -> None:
    """Raise ``SessionError`` with a French message for the first incoherence found. Reads only."""
    if cohort.status == CohortStatus.CLOSED:
        raise SessionError(_("This cohort is closed: its sessions can no longer change."), code="cohort_closed")
    if data.end_time <= data.start_time:
        raise SessionError(_("The session ends before it starts."), code="session_ends_before_start")
    length = datetime.combine(data.date, data.end_time) - datetime.combine(data.date, data.start_time)
    if length > MAX_HALF_DAY:
        raise SessionError(
            _("A session is one half-day: it lasts at most 5 hours. Split it into two sessions."),
            code="session_too_long",
        )
    holiday = cohort.territory.public_holiday(data.date)
    if holiday:
        raise SessionError(
            _("%(date)s is a public holiday in %(territory)s (%(holiday)s): choose another day.")
            % {"date": formats.date_format(data.date, "j F Y"), "territory": cohort.territory, "holiday": holiday},
            code="session_on_holiday",
            extra={"date": data.date.isoformat(), "holiday": holiday},
        )
    if not cohort.trainers.filter(pk=data.trainer.pk).exists():
        raise SessionError(
            _("The session's trainer must be one of the cohort's trainers."), code="trainer_not_in_cohort"
        )
    if data.modality == Modality.REMOTE and not data.visio_url:
        raise SessionError(_("A remote session needs its video-conference link."), code="visio_url_required")
    if data.modality == Modality.IN_PERSON:
        if not data.venue_address.strip():
            raise SessionError(_("An in-person session needs the venue's address."), code="venue_required")
        if not data.room_capacity:
            raise SessionError(_("An in-person session needs the room's capacity."), code="room_capacity_required")
        seats = _seats_held(cohort)
        if data.room_capacity < seats:
            raise SessionError(
                _("The room holds %(room)s people but %(seats)s learners are enrolled.")
                % {"room": data.room_capacity, "seats": seats},
                code="room_too_small",
                extra={"room_capacity": data.room_capacity, "enrolled": seats},
            )
    foreign = [module for module in data.modules if not module.path.startswith(cohort.programme.path)]
    if foreign:
        raise SessionError(
            _("The module “%(title)s” is not part of this cohort's programme.") % {"title": foreign[0].title},
            code="module_not_in_programme",
        )
    _check_trainer_free(cohort=cohort, data=data, session=session)


def _check_trainer_free(*, cohort: Cohort, data: SessionData, session: TrainingSession | None) -> None:
    """Compare real instants: a trainer's sessions may sit in territories with different time zones."""
    zone = cohort.territory.zone
    starts = datetime.combine(data.date, data.start_time, tzinfo=zone)
    ends = datetime.combine(data.date, data.end_time, tzinfo=zone)
    nearby = (
        TrainingSession.objects.filter(
            trainer=data.trainer, date__range=(data.date - timedelta(days=1), data.date + timedelta(days=1))
        )
        .select_related("cohort__territory")
        .exclude(pk=session.pk if session else None)
    )
    for other in nearby:
        if other.starts_at < ends and starts < other.ends_at:
            raise SessionError(
                _("%(trainer)s already leads a session at that time (%(other)s).")
                % {"trainer": data.trainer.get_full_name() or data.trainer.email, "other": other},
                code="trainer_overlap",
                extra={"other_session": other.pk},
            )


@audit_refusals("training.session.create", target="cohort")
@transaction.atomic
def session_create(*, cohort: Cohort, data: SessionData, actor: User | None) -> TrainingSession:
    # the trainer's row is the lock that makes the overlap check and the insert one step for that trainer
    User.objects.select_for_update().filter(pk=data.trainer.pk).first()
    cohort = Cohort.objects.select_for_update().select_related("territory", "programme").get(pk=cohort.pk)
    session_validate(cohort=cohort, data=data)
    session = TrainingSession.objects.create(
        cohort=cohort,
        date=data.date,
        start_time=data.start_time,
        end_time=data.end_time,
        modality=data.modality,
        trainer=data.trainer,
        visio_url=data.visio_url if data.modality == Modality.REMOTE else "",
        venue_address=data.venue_address if data.modality == Modality.IN_PERSON else "",
        room_capacity=data.room_capacity if data.modality == Modality.IN_PERSON else None,
    )
    session.modules.set(data.modules)
    audit_log(actor=actor, action="training.session.created", target=session, data={"cohort": cohort.pk})
    return session


@audit_refusals("training.session.update", target="session")
@transaction.atomic
def session_update(*, session: TrainingSession, data: SessionData, actor: User | None) -> TrainingSession:
    """Change a session that is not countersigned yet (a signed sheet is a legal record: it stays as signed)."""
    User.objects.select_for_update().filter(pk=data.trainer.pk).first()
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.is_locked or session.sheet_scan:
        raise SessionError(_("This session's sheet is signed: it can no longer change."), code="sheet_locked")
    cohort = Cohort.objects.select_for_update().select_related("territory", "programme").get(pk=session.cohort_id)
    session_validate(cohort=cohort, data=data, session=session)
    before = {"date": str(session.date), "start": str(session.start_time), "end": str(session.end_time)}
    session.date, session.start_time, session.end_time = data.date, data.start_time, data.end_time
    session.modality, session.trainer = data.modality, data.trainer
    session.visio_url = data.visio_url if data.modality == Modality.REMOTE else ""
    session.venue_address = data.venue_address if data.modality == Modality.IN_PERSON else ""
    session.room_capacity = data.room_capacity if data.modality == Modality.IN_PERSON else None
    session.save()
    session.modules.set(data.modules)
    audit_log(actor=actor, action="training.session.updated", target=session, data={"before": before})
    return session
