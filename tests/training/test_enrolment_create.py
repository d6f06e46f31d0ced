from __future__ import annotations

import pytest
from django.core import mail

from core.models import AuditEntry, User
from tests.factories import UserFactory
from tests.training.factories import CohortFactory, EnrolmentFactory, TrainingSessionFactory
from training.exceptions import EnrolmentError
from training.models import CohortStatus, Enrolment, EnrolmentState
from training.services import (
    enrolment_accept,
    enrolment_activate_invited,
    enrolment_cancel,
    enrolment_create,
    enrolment_invite,
    enrolment_move,
    enrolment_request,
)
from xapi.models import Statement

pytestmark = pytest.mark.django_db


def test_enrolment_is_idempotent_and_records_registered(cohort, trainer, learner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = enrolment_create(cohort=cohort, learner=learner, enrolled_by=trainer)
    second = enrolment_create(cohort=cohort, learner=learner, enrolled_by=trainer)
    assert first.pk == second.pk and Enrolment.objects.filter(cohort=cohort).count() == 1
    statement = Statement.objects.get(verb_id="http://adlnet.gov/expapi/verbs/registered")
    assert str(first.registration) in statement.payload
    assert learner.email not in statement.payload  # pseudonymous actor
    [message] = mail.outbox
    assert message.to == [learner.email] and cohort.programme.slug in message.body


def test_confirmation_carries_programme_link_and_ics(cohort, trainer, learner, django_capture_on_commit_callbacks):
    TrainingSessionFactory(cohort=cohort, trainer=trainer)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_create(cohort=cohort, learner=learner, enrolled_by=trainer)
    [message] = mail.outbox
    assert cohort.programme.slug in message.body
    programme = cohort.programme.specific  # L6353-1: the programme is given before the training, in the e-mail itself
    body = " ".join(message.body.split())
    assert f"« {programme.title} », 17 h" in body or f"“{programme.title}”, 17 h" in body, body
    assert "Objectifs" in body and "- Expliquer ce qu'est l'IA." in message.body
    assert "<p>" not in message.body
    [(name, content, mimetype)] = message.attachments
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    text = content if isinstance(content, str) else content.decode()
    assert "BEGIN:VEVENT" in text and "DTSTART:" in text


def test_full_cohort_refuses_or_waitlists(trainer):
    cohort = CohortFactory(capacity=2, trainers=[trainer])
    EnrolmentFactory.create_batch(2, cohort=cohort)
    late = UserFactory()
    with pytest.raises(EnrolmentError) as exc:
        enrolment_create(cohort=cohort, learner=late, enrolled_by=trainer)
    assert exc.value.code == "cohort_full"
    assert not Enrolment.objects.filter(learner=late).exists()
    assert AuditEntry.objects.filter(action="training.enrolment.create.refused", data__code="cohort_full").exists()
    waiting = enrolment_create(cohort=cohort, learner=late, enrolled_by=trainer, waitlist_if_full=True)
    assert waiting.state == EnrolmentState.WAITLISTED


def test_room_capacity_limits_seats(cohort, trainer):
    TrainingSessionFactory(cohort=cohort, trainer=trainer, room_capacity=1)
    EnrolmentFactory(cohort=cohort)
    with pytest.raises(EnrolmentError) as exc:
        enrolment_create(cohort=cohort, learner=UserFactory(), enrolled_by=trainer)
    assert exc.value.code == "cohort_full"


def test_cancel_gives_the_seat_to_the_waiting_list(trainer, django_capture_on_commit_callbacks):
    cohort = CohortFactory(capacity=1, trainers=[trainer])
    seated = EnrolmentFactory(cohort=cohort)
    waiting = enrolment_create(cohort=cohort, learner=UserFactory(), enrolled_by=trainer, waitlist_if_full=True)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_cancel(enrolment=seated, actor=trainer)
    waiting.refresh_from_db()
    assert waiting.state == EnrolmentState.ENROLLED
    assert [m.to for m in mail.outbox] == [[waiting.learner.email]]


def test_request_then_accept(trainer, learner, django_capture_on_commit_callbacks):
    cohort = CohortFactory(trainers=[trainer], status=CohortStatus.OPEN)
    with django_capture_on_commit_callbacks(execute=True):
        request = enrolment_request(cohort=cohort, learner=learner)
    assert request.state == EnrolmentState.REQUESTED
    assert mail.outbox[-1].to == [trainer.email]
    assert enrolment_request(cohort=cohort, learner=learner).pk == request.pk
    accepted = enrolment_accept(enrolment=request, actor=trainer)
    assert accepted.state == EnrolmentState.ENROLLED
    with pytest.raises(EnrolmentError) as exc:
        enrolment_accept(enrolment=request, actor=trainer)
    assert exc.value.code == "not_pending"


def test_request_on_a_draft_cohort_is_refused(trainer, learner):
    cohort = CohortFactory(trainers=[trainer], status=CohortStatus.DRAFT)
    with pytest.raises(EnrolmentError) as exc:
        enrolment_request(cohort=cohort, learner=learner)
    assert exc.value.code == "cohort_not_open"


def test_invite_creates_the_account_and_holds_the_seat_until_activation(
    cohort, trainer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = enrolment_invite(cohort=cohort, email="Nouvelle@Exemple.fr", invited_by=trainer, first_name="Ana")
    user = User.objects.get(email="nouvelle@exemple.fr")
    assert not user.is_active and enrolment.state == EnrolmentState.INVITED
    assert (
        "activ" in mail.outbox[0].body.lower()
        or "/activer/" in mail.outbox[0].body
        or mail.outbox[0].to == [user.email]
    )
    assert enrolment_invite(cohort=cohort, email="nouvelle@exemple.fr", invited_by=trainer).pk == enrolment.pk
    user.is_active = True
    user.save()
    [activated] = enrolment_activate_invited(learner=user)
    assert activated.state == EnrolmentState.ENROLLED


def test_move_to_another_cohort_of_the_same_programme(cohort, trainer, learner):
    enrolment = enrolment_create(cohort=cohort, learner=learner, enrolled_by=trainer)
    other = CohortFactory(programme=cohort.programme, trainers=[trainer])
    moved = enrolment_move(enrolment=enrolment, to_cohort=other, actor=trainer)
    enrolment.refresh_from_db()
    assert moved.moved_from == enrolment and enrolment.state == EnrolmentState.CANCELLED
    assert moved.registration != enrolment.registration
    with pytest.raises(EnrolmentError) as exc:
        enrolment_move(enrolment=moved, to_cohort=moved.cohort, actor=trainer)
    assert exc.value.code == "same_cohort"


def test_closed_cohort_refuses(trainer, learner):
    cohort = CohortFactory(trainers=[trainer], status=CohortStatus.CLOSED)
    with pytest.raises(EnrolmentError) as exc:
        enrolment_create(cohort=cohort, learner=learner, enrolled_by=trainer)
    assert exc.value.code == "cohort_closed"
