"""The ``CompletionStatus`` projection: refreshed when a relevant statement or training record arrives, rebuilt by
``manage.py recompute_completion``. Every refresh recomputes from the records (never a delta), so the incremental
result and the rebuild agree by construction.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from certificates.models import CompletionStatus
from certificates.rules import Evaluation, evaluate
from core.models import User
from courses.models import ProgramPage
from training.models import Enrolment
from xapi.actors import actor_name
from xapi.handlers import StoredStatement
from xapi.models import AuthorityKind
from xapi.vocabulary import ATTENDED, COMPLETED, FAILED, PASSED

# platform statements only (checked in the handler): module or quiz/survey completed, quiz passed/failed, attended
# (not each `answered`: a survey's submission ends with a `completed` on the quiz)
HANDLED_VERBS = (COMPLETED.id, PASSED.id, FAILED.id, ATTENDED.id)
HANDLED_AUTHORITIES = (AuthorityKind.PLATFORM,)


def evaluation_items(evaluation: Evaluation) -> list[dict]:
    return [
        {
            "kind": item.kind.value,
            "status": item.status.value,
            "key": item.key,
            "reason": item.reason,
            "title": item.title,
            "starts_at": item.starts_at.isoformat() if item.starts_at else None,
        }
        for item in evaluation.items
    ]


def completion_refresh(
    *, learner: User, programme: ProgramPage, issue: bool = True, now: datetime | None = None
) -> Evaluation:
    """Re-evaluate one learner against one programme's rule and store the result; issue the attestation
    automatically when the learner is eligible and the rule says so (idempotent: an unchanged attestation is left
    as it is)."""
    from certificates.facts import learner_record
    from certificates.services import attestation_auto_issue

    record = learner_record(learner=learner, programme=programme, now=now)
    evaluation = evaluate(record.rule, record.facts)
    with transaction.atomic():
        CompletionStatus.objects.update_or_create(
            learner=learner,
            programme=programme,
            defaults={
                "eligible": evaluation.eligible,
                "items": evaluation_items(evaluation),
                "evaluated_at": now or timezone.now(),
            },
        )
        if issue and evaluation.eligible and record.auto_issue and record.current_enrolment is not None:
            attestation_auto_issue(record=record)
    return evaluation


def completion_refresh_enrolment(enrolment_id: int) -> None:
    enrolment = Enrolment.objects.select_related("learner", "cohort__programme").filter(pk=enrolment_id).first()
    if enrolment is not None:
        completion_refresh(learner=enrolment.learner, programme=enrolment.cohort.programme)


def completion_statement_handle(statement: StoredStatement) -> None:
    """Statement handler: a platform statement about a learner (module completed, attended, passed, failed…)
    re-evaluates that learner. Statements of any other authority change nothing."""
    if statement.authority_kind not in HANDLED_AUTHORITIES or statement.verb_id not in HANDLED_VERBS:
        return
    for learner, programme in _learner_programmes(statement.payload):
        completion_refresh(learner=learner, programme=programme)


def _learner_programmes(payload: dict) -> list[tuple[User, ProgramPage]]:
    registration = (payload.get("context") or {}).get("registration")
    if registration:
        enrolment = (
            Enrolment.objects.select_related("learner", "cohort__programme").filter(registration=registration).first()
        )
        if enrolment is not None:
            return [(enrolment.learner, enrolment.cohort.programme)]
    name = ((payload.get("actor") or {}).get("account") or {}).get("name")
    if not name:
        return []
    # No registration: find the learner among the enrolled ones (their actor name is an HMAC of public_id).
    enrolments = Enrolment.objects.select_related("learner", "cohort__programme").order_by("-pk")
    for enrolment in enrolments.iterator(chunk_size=500):
        if actor_name(enrolment.learner.public_id) == name:
            learner = enrolment.learner
            programmes = {e.cohort.programme for e in Enrolment.objects.filter(learner=learner)}
            return [(learner, programme) for programme in programmes]
    return []


def completion_refresh_programme(programme_id: int) -> int:
    """Re-evaluate every learner enrolled in the programme (its completion rule changed): checklists follow the new
    rule at once, and learners it makes eligible get their attestation when the rule issues automatically."""
    programme = ProgramPage.objects.filter(pk=programme_id).first()
    if programme is None:
        return 0
    enrolments = Enrolment.objects.filter(cohort__programme=programme)
    learner_ids = sorted(set(enrolments.values_list("learner_id", flat=True)))
    for learner in User.objects.filter(pk__in=learner_ids).order_by("pk").iterator(chunk_size=500):
        completion_refresh(learner=learner, programme=programme)
    return len(learner_ids)


def completion_recompute() -> int:
    """Delete the projection and re-evaluate every learner of every programme they are enrolled in (no issuing:
    a rebuild restores the projection, it does not act). Returns the number of pairs evaluated."""
    pairs = set(Enrolment.objects.values_list("learner_id", "cohort__programme_id"))
    learners = User.objects.in_bulk({learner for learner, _programme in pairs})
    programmes = ProgramPage.objects.in_bulk({programme for _learner, programme in pairs})
    with transaction.atomic():
        CompletionStatus.objects.all().delete()
        for learner_id, programme_id in sorted(pairs):
            completion_refresh(learner=learners[learner_id], programme=programmes[programme_id], issue=False)
    return len(pairs)
