"""Writes on attempts: start, save, check (immediate feedback), submit, close when expired; accommodations.

Every write locks the attempt row (``select_for_update``) and checks its state inside the lock, so two tabs, a
double click or a retried POST cannot score an attempt twice or open a second one. See
docs/decisions/0021-quiz-attempts.md for the rules (time limit and grace, idempotent submission, max attempts).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import (
    Attempt,
    AttemptAnswer,
    AttemptStatus,
    Quiz,
    QuizAccommodation,
)
from assessments.permissions import may_take_evaluation
from assessments.scoring import (
    AttemptResult,
    QuestionSpec,
    ResponseError,
    attempt_score,
    question_score,
    response_clean,
)
from assessments.snapshot import quiz_snapshot
from assessments.statements import attempt_registration
from core.audit import audit_log
from core.exceptions import ApplicationError
from core.models import User

# A submission that left the learner's browser before the deadline may arrive a little after it.
SUBMISSION_GRACE = timedelta(seconds=30)

RESPONSE_MESSAGES = {
    "unknown_question": gettext_lazy("An answer refers to a question that is not part of this attempt."),
    "unknown_choice": gettext_lazy("An answer refers to a choice that does not exist."),
    "duplicate_choice": gettext_lazy("The same choice was sent twice."),
    "too_many_values": gettext_lazy("Only one answer is expected to this question."),
    "incomplete_ordering": gettext_lazy("Give every item a different position."),
    "duplicate_rank": gettext_lazy("Give every item a different position."),
    "text_too_long": gettext_lazy("This answer is too long."),
    "invalid_value": gettext_lazy("This answer cannot be read."),
}


class AttemptError(ApplicationError):
    pass


def response_error(error: ResponseError) -> AttemptError:
    message = RESPONSE_MESSAGES.get(error.code, RESPONSE_MESSAGES["invalid_value"])
    return AttemptError(str(message), code=error.code, extra={"question_key": error.question_key})


def _specs(attempt: Attempt) -> list[QuestionSpec]:
    return [QuestionSpec.from_snapshot(q) for q in attempt.snapshot.get("questions", [])]


def _validate(
    attempt: Attempt, responses: Mapping[str, Sequence[str]], *, specs: list[QuestionSpec] | None = None
) -> dict[str, list[str]]:
    """Check every response belongs to the attempt (unknown question or choice, duplicates: AttemptError)."""
    specs = {spec.key: spec for spec in (specs if specs is not None else _specs(attempt))}
    clean = {}
    for key, raw in responses.items():
        if key not in specs:
            raise response_error(ResponseError("unknown_question", question_key=key))
        try:
            response_clean(specs[key], raw)
        except ResponseError as error:
            raise response_error(error) from None
        clean[key] = [str(value) for value in raw]
    return clean


def attempt_time_limit(*, quiz: Quiz, learner: User) -> timedelta | None:
    """The quiz's time limit plus the learner's extra time, if any."""
    if not quiz.time_limit_minutes:
        return None
    limit = timedelta(minutes=quiz.time_limit_minutes)
    accommodation = QuizAccommodation.objects.filter(learner=learner).first()
    if accommodation is not None:
        limit += limit * accommodation.extra_time_percent / 100
    return limit


def attempts_used(*, quiz: Quiz, learner: User) -> int:
    return Attempt.objects.filter(quiz=quiz, learner=learner).count()


def attempt_start(*, quiz: Quiz, learner: User) -> Attempt:
    """Open an attempt, or return the one in progress (idempotent: a double click opens one attempt).

    Raises ``AttemptError`` ``not_enrolled`` for an entry or exit evaluation when the learner is not enrolled in a
    cohort of its programme (nothing written), ``max_attempts`` when the learner has used them all, ``empty_quiz``
    for a quiz with no question. An in-progress attempt whose time is up is closed first (with what was answered).
    """
    if not may_take_evaluation(learner, quiz):
        raise AttemptError(
            _("This evaluation is for the learners enrolled in a cohort of this training."), code="not_enrolled"
        )
    for attempt in Attempt.objects.filter(quiz=quiz, learner=learner, status=AttemptStatus.IN_PROGRESS):
        attempt_close_if_expired(attempt=attempt)
    try:
        with transaction.atomic():
            return _attempt_start(quiz=quiz, learner=learner)
    except IntegrityError:  # a concurrent start won the race (one in progress, unique number): use its attempt
        current = Attempt.objects.filter(quiz=quiz, learner=learner, status=AttemptStatus.IN_PROGRESS).first()
        if current is None:
            raise
        return current


def _attempt_start(*, quiz: Quiz, learner: User) -> Attempt:
    current = Attempt.objects.filter(quiz=quiz, learner=learner, status=AttemptStatus.IN_PROGRESS).first()
    if current is not None:
        return current
    used = attempts_used(quiz=quiz, learner=learner)
    if quiz.max_attempts and used >= quiz.max_attempts:
        raise AttemptError(_("You have used all the attempts allowed for this quiz."), code="max_attempts")
    snapshot = quiz_snapshot(quiz=quiz)
    if not snapshot["questions"]:
        raise AttemptError(_("This quiz has no question yet."), code="empty_quiz")
    now = timezone.now()
    limit = attempt_time_limit(quiz=quiz, learner=learner)
    attempt = Attempt.objects.create(
        quiz=quiz,
        learner=learner,
        number=used + 1,
        started_at=now,
        deadline=now + limit if limit else None,
        snapshot=snapshot,
        registration=attempt_registration(attempt_learner=learner, quiz=quiz),
    )
    audit_log(actor=learner, action="assessments.attempt.started", target=attempt, data={"number": attempt.number})
    return attempt


def _locked(attempt: Attempt, learner: User) -> Attempt:
    """The attempt row again, locked. The owner check is repeated under the lock (views fetch through the learner's
    queryset already: 404). Only the attempt's row is locked — never its quiz's, which every learner's submission
    would otherwise wait for — and what cannot change is not read again: the snapshot is written once, when the
    attempt starts (13 kB for 30 questions), and the quiz and learner are the caller's."""
    reuse_snapshot = "snapshot" not in attempt.get_deferred_fields()
    rows = Attempt.objects.select_for_update()
    locked = (rows.defer("snapshot") if reuse_snapshot else rows).get(pk=attempt.pk, learner=learner)
    if reuse_snapshot:
        locked.snapshot = attempt.snapshot
    locked.learner = learner
    if Attempt.quiz.is_cached(attempt):
        locked.quiz = attempt.quiz
    return locked


def _is_over(attempt: Attempt, now) -> bool:
    return attempt.deadline is not None and now > attempt.deadline + SUBMISSION_GRACE


@transaction.atomic
def attempt_save(*, attempt: Attempt, learner: User, responses: Mapping[str, Sequence[str]]) -> Attempt:
    """Keep the answers given so far (autosave, "save"). Checked questions keep their answer."""
    attempt = _locked(attempt, learner)
    _ensure_open(attempt)
    clean = _validate(attempt, responses)
    attempt.draft = {**attempt.draft, **{k: v for k, v in clean.items() if k not in attempt.checked}}
    attempt.save(update_fields=["draft"])
    return attempt


@transaction.atomic
def attempt_check(*, attempt: Attempt, learner: User, question_key: str, responses) -> Attempt:
    """Immediate feedback: save the answers, then lock `question_key`'s answer so its feedback can be shown."""
    attempt = _locked(attempt, learner)
    _ensure_open(attempt)
    if attempt.snapshot["quiz"]["feedback_policy"] != "immediate":
        raise AttemptError(_("Answers are checked when you submit this quiz."), code="no_immediate_feedback")
    clean = _validate(attempt, responses)
    if question_key not in {spec.key for spec in _specs(attempt)}:
        raise response_error(ResponseError("unknown_question", question_key=question_key))
    attempt.draft = {**attempt.draft, **{k: v for k, v in clean.items() if k not in attempt.checked}}
    if question_key not in attempt.checked:
        attempt.checked = [*attempt.checked, question_key]
    attempt.save(update_fields=["draft", "checked"])
    return attempt


def _ensure_open(attempt: Attempt) -> None:
    if attempt.is_closed:
        raise AttemptError(_("This attempt is closed."), code="attempt_closed")
    if _is_over(attempt, timezone.now()):
        raise AttemptError(
            _("The time limit has passed: your attempt was closed with the answers saved before it."),
            code="time_expired",
        )


def attempt_submit(
    *,
    attempt: Attempt,
    learner: User,
    responses: Mapping[str, Sequence[str]],
    submission_key: uuid.UUID,
) -> Attempt:
    """Score and close the attempt. Idempotent: the same `submission_key` again returns the same closed attempt.

    Refused (``AttemptError``, nothing changed): another submission already closed it (``already_submitted``),
    the time is over (``time_expired``: the attempt is closed with its saved answers instead), a response that
    cannot belong to the attempt (``unknown_choice``, ``duplicate_choice``…).
    """
    if attempt_close_if_expired(attempt=attempt):
        raise AttemptError(
            _("The time limit has passed: your attempt was closed with the answers saved before it."),
            code="time_expired",
        )
    with transaction.atomic():
        attempt = _locked(attempt, learner)
        if attempt.is_closed:
            if attempt.submission_key == submission_key:
                return attempt  # a retried POST: the same result, nothing written
            if attempt.status == AttemptStatus.EXPIRED:
                raise AttemptError(
                    _("The time limit has passed: your attempt was closed with the answers saved before it."),
                    code="time_expired",
                )
            raise AttemptError(_("This attempt has already been submitted."), code="already_submitted")
        specs = _specs(attempt)  # read once for the checks, the score and the answer rows
        clean = _validate(attempt, responses, specs=specs)
        # answers locked by "check" stand as checked, whatever the final form says
        merged = {**attempt.draft, **clean, **{k: attempt.draft.get(k, []) for k in attempt.checked}}
        _close(attempt, merged, status=AttemptStatus.SUBMITTED, submission_key=submission_key, specs=specs)
        return attempt


def attempt_close_if_expired(*, attempt: Attempt, now=None) -> bool:
    """Close an in-progress attempt whose time is over, scored on its saved answers. True if it closed it."""
    now = now or timezone.now()
    if attempt.status != AttemptStatus.IN_PROGRESS or not _is_over(attempt, now):
        return False
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update(of=("self",)).select_related("quiz", "learner").get(pk=attempt.pk)
        if attempt.status != AttemptStatus.IN_PROGRESS:
            return False
        _close(attempt, attempt.draft, status=AttemptStatus.EXPIRED, closed_at=attempt.deadline)
        return True


def attempts_close_expired(*, now=None) -> int:
    """Close every overdue attempt (periodic task). Idempotent."""
    now = now or timezone.now()
    overdue = Attempt.objects.filter(status=AttemptStatus.IN_PROGRESS, deadline__lt=now - SUBMISSION_GRACE)
    return sum(attempt_close_if_expired(attempt=attempt, now=now) for attempt in overdue)


def _close(attempt: Attempt, responses, *, status: str, submission_key=None, closed_at=None, specs=None) -> None:
    specs = specs if specs is not None else _specs(attempt)
    try:
        result: AttemptResult = attempt_score(specs, responses, pass_mark=_pass_mark(attempt))
    except ResponseError as error:
        raise response_error(error) from None
    attempt.status = status
    attempt.closed_at = closed_at or timezone.now()
    attempt.submission_key = submission_key
    attempt.draft = {key: list(value) for key, value in responses.items()}
    attempt.score_raw = float(result.raw) if result.max_points else None
    attempt.score_max = result.max_points or None
    attempt.score_scaled = result.scaled
    attempt.passed = result.passed
    attempt.save(update_fields=[  # never the snapshot: it is written once, at the start
        "status", "closed_at", "submission_key", "draft", "score_raw", "score_max", "score_scaled", "passed"
    ])  # fmt: skip
    AttemptAnswer.objects.bulk_create(
        [
            AttemptAnswer(
                attempt=attempt,
                question_key=item.key,
                question_type=spec.type.value,
                position=position,
                response=list(item.response) if isinstance(item.response, tuple) else item.response,
                score=float(item.score),
                max_points=item.max_points,
                correct=item.correct,
            )
            for position, (spec, item) in enumerate(zip(specs, result.questions, strict=True))
        ]
    )
    audit_log(
        actor=attempt.learner if status == AttemptStatus.SUBMITTED else None,  # the clock closes expired ones
        action=f"assessments.attempt.{status}",
        target=attempt,
        data={"score": attempt.percent, "passed": attempt.passed},
    )
    from assessments.tasks import attempt_statements_record_task  # tasks import services

    attempt_pk = attempt.pk
    transaction.on_commit(lambda: attempt_statements_record_task.delay(attempt_pk))


def _pass_mark(attempt: Attempt) -> int | None:
    rules = attempt.snapshot["quiz"]
    return rules["pass_mark"] if rules["kind"] in ("practice", "exit") else None


def question_feedback(*, attempt: Attempt, question_key: str) -> dict:
    """Score one locked (checked) question of an open attempt for immediate feedback."""
    spec = next(spec for spec in _specs(attempt) if spec.key == question_key)
    try:
        response = response_clean(spec, attempt.draft.get(question_key))
    except ResponseError:
        response = None
    result = question_score(spec, response)
    return {"correct": result.correct, "score": float(result.score), "partial": 0 < result.score < spec.points}


@transaction.atomic
def quiz_accommodation_set(
    *, learner: User, extra_time_percent: int, granted_by: User, note: str = ""
) -> QuizAccommodation:
    """Grant (or change) a learner's extra time. Takes effect on the attempts they start afterwards."""
    if not 1 <= extra_time_percent <= 300:
        raise AttemptError(_("Extra time must be between 1 and 300 percent."), code="invalid_extra_time")
    accommodation, _created = QuizAccommodation.objects.update_or_create(
        learner=learner, defaults={"extra_time_percent": extra_time_percent, "granted_by": granted_by, "note": note}
    )
    audit_log(
        actor=granted_by, action="assessments.accommodation.set", target=accommodation,
        data={"learner": learner.pk, "extra_time_percent": extra_time_percent},
    )  # fmt: skip
    return accommodation
