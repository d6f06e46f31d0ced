"""H5P results from the LRS (Moodle's semantics): a statement with a result and verb ``answered`` or ``completed``
whose object is the activity itself opens an attempt; one about a sub-content (``?subContentId=``) belongs to the
learner's last attempt before it, in the LRS's stored order.

Only the learner's own browser session counts (the server replaced the actor): another LRS client cannot make
attempts for a learner. Every write is keyed by the statement id, and an attempt, once opened, collects the
sub-content statements stored after it and before the next attempt, whichever is handled first: a handler run
twice or out of order, and ``rebuild_h5p_attempts``, end with the same rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from assessments.models_h5p import H5PAttempt, H5PAttemptItem
from courses.models_h5p import H5PPackage
from courses.progress import duration_seconds
from xapi.actors import agent_key
from xapi.handlers import StoredStatement
from xapi.keys import index_key
from xapi.models import AuthorityKind, Statement
from xapi.statements import stored_statement
from xapi.vocabulary import ANSWERED, COMPLETED, activity_base, activity_iri, activity_kind

H5P_RESULT_VERBS = (ANSWERED.id, COMPLETED.id)
H5P_AUTHORITIES = (AuthorityKind.SESSION,)  # the learner's own browser session only (checked in the handler too)
SUB_CONTENT = "?subContentId="


def _learner_actor(payload: dict) -> str | None:
    account = (payload.get("actor") or {}).get("account") or {}
    if account.get("homePage") != settings.SITE_URL or not account.get("name"):
        return None
    return account["name"]


def _target(iri: str) -> tuple[int, str | None] | None:
    """(package pk, sub-content id or None) of a platform H5P activity IRI."""
    if activity_kind(iri) != "h5p":
        return None
    path, _sep, sub = iri[len(activity_base()) + len("h5p/") :].partition(SUB_CONTENT)
    return (int(path), sub or None) if path.isdigit() else None


def _number(value) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _lang_text(value) -> str:
    if isinstance(value, dict) and value:
        return str(value.get("fr-FR") or value.get("fr") or next(iter(value.values())))
    return ""


def h5p_statement_handle(statement: StoredStatement) -> None:
    """Statement handler (registered in ``AssessmentsConfig.ready``). Idempotent."""
    if statement.verb_id not in H5P_RESULT_VERBS or statement.authority_kind not in H5P_AUTHORITIES:
        return
    payload = statement.payload
    result = payload.get("result")
    obj = payload.get("object") or {}
    learner_actor = _learner_actor(payload)
    target = _target(obj.get("id", "")) if obj.get("objectType", "Activity") == "Activity" else None
    if not result or learner_actor is None or target is None:
        return
    package = H5PPackage.objects.filter(pk=target[0]).first()
    if package is None:
        return
    with transaction.atomic():
        if target[1] is None:
            attempt = _attempt_open(statement, learner_actor=learner_actor, package=package, result=result)
            _attach_stored_items(attempt)
        else:
            attempt = (
                H5PAttempt.objects.filter(learner_actor=learner_actor, package=package, statement_pk__lt=statement.pk)
                .order_by("-statement_pk")
                .first()
            )
            if attempt is not None:  # else: its attempt is not handled yet, and will collect it when it is
                _item_record(statement, attempt=attempt, sub_content_id=target[1])


def _attempt_open(statement: StoredStatement, *, learner_actor: str, package: H5PPackage, result: dict):
    score = result.get("score") or {}
    registration = (statement.payload.get("context") or {}).get("registration")
    stored = Statement.objects.filter(pk=statement.pk).values_list("stored", flat=True).first()
    attempt, _created = H5PAttempt.objects.get_or_create(
        statement_id=statement.statement_id,
        defaults={
            "learner_actor": learner_actor,
            "package": package,
            "statement_pk": statement.pk,
            "registration": registration,
            "verb_id": statement.verb_id,
            "score_raw": _number(score.get("raw")),
            "score_min": _number(score.get("min")),
            "score_max": _number(score.get("max")),
            "score_scaled": _number(score.get("scaled")),
            "success": result.get("success") if isinstance(result.get("success"), bool) else None,
            "completion": result.get("completion") if isinstance(result.get("completion"), bool) else None,
            "duration_seconds": duration_seconds(result.get("duration")),
            "recorded_at": stored,
        },
    )
    return attempt


def _item_record(statement: StoredStatement, *, attempt: H5PAttempt, sub_content_id: str) -> None:
    result = statement.payload.get("result") or {}
    score = result.get("score") or {}
    definition = (statement.payload.get("object") or {}).get("definition") or {}
    H5PAttemptItem.objects.get_or_create(
        statement_id=statement.statement_id,
        defaults={
            "attempt": attempt,
            "sub_content_id": sub_content_id[:64],
            "statement_pk": statement.pk,
            "verb_id": statement.verb_id,
            "interaction_type": str(definition.get("interactionType", ""))[:40],
            "description": _lang_text(definition.get("description") or definition.get("name")),
            "response": str(result.get("response", "")),
            "score_raw": _number(score.get("raw")),
            "score_max": _number(score.get("max")),
            "success": result.get("success") if isinstance(result.get("success"), bool) else None,
        },
    )


def _result_statements(*, learner_actor: str | None = None, prefix: str):
    rows = Statement.objects.filter(
        verb_id__in=H5P_RESULT_VERBS,
        authority_kind=AuthorityKind.SESSION,
        voided=False,
        object_key__startswith=prefix,
    )
    if learner_actor is not None:
        actor = agent_key({"account": {"homePage": settings.SITE_URL, "name": learner_actor}})
        rows = rows.filter(actor_key=actor)
    return rows.order_by("pk")


def _attach_stored_items(attempt: H5PAttempt) -> None:
    """The sub-content statements stored after this attempt and before the learner's next one, if handled first."""
    later = (
        H5PAttempt.objects.filter(
            learner_actor=attempt.learner_actor, package=attempt.package, statement_pk__gt=attempt.statement_pk
        )
        .order_by("statement_pk")
        .values_list("statement_pk", flat=True)
        .first()
    )
    prefix = index_key(activity_iri("h5p", attempt.package_id) + SUB_CONTENT)
    rows = _result_statements(learner_actor=attempt.learner_actor, prefix=prefix).filter(pk__gt=attempt.statement_pk)
    if later is not None:
        rows = rows.filter(pk__lt=later)
    for row in rows.iterator(chunk_size=500):
        stored = stored_statement(row)
        target = _target(stored.payload["object"]["id"])
        if target is not None and target[1] is not None:
            _item_record(stored, attempt=attempt, sub_content_id=target[1])
    # an item handled earlier may belong here rather than to the previous attempt (an attempt handled late)
    H5PAttemptItem.objects.filter(
        attempt__learner_actor=attempt.learner_actor,
        attempt__package=attempt.package,
        attempt__statement_pk__lt=attempt.statement_pk,
        statement_pk__gt=attempt.statement_pk,
        **({"statement_pk__lt": later} if later is not None else {}),
    ).update(attempt=attempt)


def h5p_attempts_rebuild() -> int:
    """Delete the projection and replay the learners' H5P result statements, in stored order."""
    rows = _result_statements(prefix=f"{activity_base()}h5p/")
    count = 0
    with transaction.atomic():
        H5PAttempt.objects.all().delete()
        for row in rows.iterator(chunk_size=500):
            h5p_statement_handle(stored_statement(row))
            count += 1
    return count
