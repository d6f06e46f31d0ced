"""Learner progress: a projection of the LRS's lesson statements, and the module completion the platform records.

Who counts (ARCHITECTURE.md "Who may assert what"): only statements from the learner's own browser session or
from the platform. A third-party LRS client may store statements about a learner, but they do not move the
learner's progress, nor complete a module on the platform's authority.

Every function here recomputes from the LRS instead of adding deltas, so a handler run twice, out of order, or
replayed by ``rebuild_progress`` converges on the same rows (rebuild == incremental by construction).
"""

from __future__ import annotations

import re
from datetime import datetime

import orjson
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from courses.models import LessonPage, ModulePage
from courses.models_progress import LessonProgress
from xapi.actors import actor_name, agent_key
from xapi.handlers import StoredStatement, resolve_registration
from xapi.keys import index_key
from xapi.models import AuthorityKind, Statement
from xapi.recording import PlatformEvent, platform_statement_id, statement_record
from xapi.statements import stored_statement
from xapi.vocabulary import COMPLETED, EXPERIENCED, activity_base, activity_iri, activity_kind

LESSON_VERBS = (EXPERIENCED.id, COMPLETED.id)
TRUSTED_AUTHORITIES = (AuthorityKind.SESSION, AuthorityKind.PLATFORM)
MODULE_COMPLETED_KIND = "module.completed"

_DURATION_RE = re.compile(
    r"P(?:(?P<days>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+(?:\.\d+)?)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?"
)


def duration_seconds(value: str | None) -> int:
    """Whole seconds of an ISO 8601 duration as xAPI uses it (``PT4M20S``); 0 when absent or unreadable."""
    match = _DURATION_RE.fullmatch(value or "")
    if not match:
        return 0
    parts = {key: float(number) for key, number in match.groupdict().items() if number}
    return int(
        parts.get("days", 0) * 86400 + parts.get("hours", 0) * 3600 + parts.get("minutes", 0) * 60
        + parts.get("seconds", 0)
    )  # fmt: skip


def _learner_actor(payload: dict) -> str | None:
    """The pseudonymous account name of a platform learner, or None for any other kind of actor."""
    account = (payload.get("actor") or {}).get("account") or {}
    if account.get("homePage") != settings.SITE_URL or not account.get("name"):
        return None
    return account["name"]


def _lesson_of(iri: str) -> LessonPage | None:
    if activity_kind(iri) != "lesson":
        return None
    identifier = iri.rsplit("/", 1)[1]
    return LessonPage.objects.filter(pk=int(identifier)).first() if identifier.isdigit() else None


def lesson_statement_handle(statement: StoredStatement) -> None:
    """Statement handler (registered in ``CoursesConfig.ready``): refresh the learner's row for that lesson, then
    record the module's completion when it was the module's last lesson. Idempotent."""
    if statement.verb_id not in LESSON_VERBS or statement.authority_kind not in TRUSTED_AUTHORITIES:
        return
    learner_actor = _learner_actor(statement.payload)
    obj = statement.payload.get("object") or {}
    lesson = _lesson_of(obj.get("id", "")) if obj.get("objectType", "Activity") == "Activity" else None
    if learner_actor is None or lesson is None:
        return
    with transaction.atomic():
        progress = lesson_progress_refresh(learner_actor=learner_actor, lesson=lesson)
        if progress is not None and progress.completed_at is not None:
            module = ModulePage.objects.filter(path=lesson.path[: -LessonPage.steplen]).first()
            if module is not None:
                module_completion_record(learner_actor=learner_actor, module=module)


def lesson_progress_refresh(*, learner_actor: str, lesson: LessonPage) -> LessonProgress | None:
    """Recompute one learner's row for one lesson from their trusted, non-voided statements about it.

    Times are the LRS's ``stored`` (what the platform observed), not the page's own timestamp. The active time is
    the sum of the measured durations of every completion (a learner who comes back to a lesson spends time again).
    """
    actor_key = agent_key({"account": {"homePage": settings.SITE_URL, "name": learner_actor}})
    rows = Statement.objects.filter(
        actor_key=actor_key,
        object_key=index_key(activity_iri("lesson", lesson.pk)),
        verb_id__in=LESSON_VERBS,
        authority_kind__in=TRUSTED_AUTHORITIES,
        voided=False,
    ).values_list("verb_id", "stored", "payload")
    experienced_at: datetime | None = None
    completed_at: datetime | None = None
    active_seconds = 0
    for verb_id, stored, payload in rows:
        experienced_at = min(experienced_at or stored, stored)
        if verb_id == COMPLETED.id:
            completed_at = min(completed_at or stored, stored)
            active_seconds += duration_seconds(_result_duration(payload))
    if experienced_at is None:  # nothing trusted (left): no row, as a rebuild would leave none
        LessonProgress.objects.filter(learner_actor=learner_actor, lesson=lesson).delete()
        return None
    progress, _created = LessonProgress.objects.update_or_create(
        learner_actor=learner_actor,
        lesson=lesson,
        defaults={"experienced_at": experienced_at, "completed_at": completed_at, "active_seconds": active_seconds},
    )
    return progress


def _result_duration(payload: str) -> str | None:
    return (orjson.loads(payload).get("result") or {}).get("duration")


def module_completion_record(*, learner_actor: str, module: ModulePage) -> str | None:
    """Record, once, the platform's ``completed`` statement on `module` when the learner completed all its lessons.

    The statement id is deterministic (kind + learner + module) and its timestamp is the last lesson completion.
    Once recorded it is never recomputed: a lesson added to the module later does not "un-complete" it, and a
    rebuild finds the statement already there (no conflict from a changed title or lesson list).
    """
    record_key = f"{learner_actor}:{module.pk}"
    statement_id = platform_statement_id(kind=MODULE_COMPLETED_KIND, record_key=record_key)
    if Statement.objects.filter(statement_id=statement_id).exists():
        return str(statement_id)
    lesson_ids = list(LessonPage.objects.live().child_of(module).values_list("pk", flat=True))
    completions = list(
        LessonProgress.objects.filter(
            learner_actor=learner_actor, lesson_id__in=lesson_ids, completed_at__isnull=False
        ).values_list("completed_at", flat=True)
    )
    if not lesson_ids or len(completions) < len(lesson_ids):
        return None
    learner = _learner_for_actor(learner_actor)
    if learner is None:  # an account that no longer exists: its progress stays, no new record about it
        return None
    module_iri = activity_iri("module", module.pk)
    event = PlatformEvent(
        kind=MODULE_COMPLETED_KIND,
        record_key=record_key,
        learner_public_id=learner.public_id,
        verb=COMPLETED,
        object_iri=module_iri,
        object_name=module.title,
        at=max(completions),
        completion=True,
        registration=resolve_registration(user=learner, activity_id=module_iri),
    )
    return statement_record(event=event)


def _learner_for_actor(learner_actor: str):
    """The user behind a pseudonymous actor name. A scan of HMACs (newest accounts first, stopping at the match):
    statements carry no other link to the user, and this runs once per learner and module, not per statement."""
    User = get_user_model()
    public_ids = User.objects.order_by("-pk").values_list("pk", "public_id").iterator(chunk_size=2000)
    for pk, public_id in public_ids:
        if actor_name(public_id) == learner_actor:
            return User.objects.get(pk=pk)
    return None


def progress_rebuild() -> int:
    """Delete the projection and replay the trusted lesson statements, in stored order, through the handler.

    Each (learner, lesson) pair is replayed once, at its first statement: the handler recomputes the pair from all
    its statements, so replaying the others would change nothing. Returns the number of pairs replayed.
    """
    seen: set[tuple[str, str]] = set()
    rows = Statement.objects.filter(
        verb_id__in=LESSON_VERBS,
        authority_kind__in=TRUSTED_AUTHORITIES,
        voided=False,
        object_key__startswith=f"{activity_base()}lesson/",
    ).order_by("pk")
    with transaction.atomic():
        LessonProgress.objects.all().delete()
        for row in rows.iterator(chunk_size=500):
            pair = (row.actor_key, row.object_key)
            if pair in seen:
                continue
            seen.add(pair)
            lesson_statement_handle(stored_statement(row))
    return len(seen)
