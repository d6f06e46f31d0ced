"""The module-completion projection: a statement handler and its rebuild (ARCHITECTURE.md "Projections").

Only the platform's own ``completed`` statements on a module count (ARCHITECTURE.md "Who may assert what"); a
voiding statement removes the row of the statement it voids.
"""

from __future__ import annotations

from datetime import datetime

import orjson
from django.conf import settings
from django.db import transaction

from dashboards.models import LearnerActor, ModuleCompletion
from xapi.handlers import StoredStatement
from xapi.models import AuthorityKind, Statement
from xapi.vocabulary import COMPLETED, VOIDED, activity_base, activity_kind

VERBS = (COMPLETED.id, VOIDED.id)


def _module_completion(statement: StoredStatement) -> tuple[str, int] | None:
    """(actor name, module page pk) of a platform module completion, or None for any other statement."""
    if statement.verb_id != COMPLETED.id or statement.authority_kind != AuthorityKind.PLATFORM:
        return None
    account = (statement.payload.get("actor") or {}).get("account") or {}
    iri = (statement.payload.get("object") or {}).get("id", "")
    identifier = iri.rsplit("/", 1)[-1]
    if account.get("homePage") != settings.SITE_URL or activity_kind(iri) != "module" or not identifier.isdigit():
        return None
    return account["name"], int(identifier)


def module_completion_handle(statement: StoredStatement) -> None:
    """Statement handler (``DashboardsConfig.ready``). Idempotent: replaying a statement changes nothing.

    Then recomputes the stored milestones of the learner's enrolments (day 1 reads this projection)."""
    if statement.verb_id == VOIDED.id:
        target = (statement.payload.get("object") or {}).get("id")
        if not target:
            return
        with transaction.atomic():
            actors = list(ModuleCompletion.objects.filter(statement_id=target).values_list("learner_actor", flat=True))
            if actors:
                ModuleCompletion.objects.filter(statement_id=target).delete()
                _milestones_refresh(actors[0])
        return
    found = _module_completion(statement)
    if found is None:
        return
    learner_actor, module_id = found
    with transaction.atomic():
        ModuleCompletion.objects.update_or_create(
            learner_actor=learner_actor,
            module_id=module_id,
            defaults={"statement_id": statement.statement_id, "completed_at": _at(statement)},
        )
        _milestones_refresh(learner_actor)


def _milestones_refresh(learner_actor: str) -> None:
    """The enrolments of the learner behind an actor name (through the actor cache: a learner without a cached
    name has no stored milestones yet, since computing them caches it first)."""
    from dashboards.milestones import actor_fingerprint, milestones_refresh
    from training.models import Enrolment

    learners = LearnerActor.objects.filter(actor_name=learner_actor, secret_fingerprint=actor_fingerprint())
    milestones_refresh(enrolments=Enrolment.objects.filter(learner__in=learners.values("user")))


def _at(statement: StoredStatement) -> datetime:
    return datetime.fromisoformat(statement.payload["timestamp"].replace("Z", "+00:00"))


def module_completions_rebuild() -> int:
    """Empty the projection and rewrite it from the platform's non-voided module completions (the rows the handler
    would write, in bulk). Returns the number of rows written."""
    rows = Statement.objects.filter(
        verb_id=COMPLETED.id,
        authority_kind=AuthorityKind.PLATFORM,
        voided=False,
        object_key__startswith=f"{activity_base()}module/",
    ).order_by("pk")
    completions: dict[tuple[str, int], ModuleCompletion] = {}
    for row in rows.iterator(chunk_size=2000):
        statement = StoredStatement(
            row.pk, row.statement_id, row.verb_id, row.authority_kind, orjson.loads(row.payload)
        )
        found = _module_completion(statement)
        if found is not None:  # the latest statement wins, as update_or_create in the handler would
            completions[found] = ModuleCompletion(
                learner_actor=found[0], module_id=found[1], statement_id=row.statement_id, completed_at=_at(statement)
            )
    with transaction.atomic():
        ModuleCompletion.objects.all().delete()
        ModuleCompletion.objects.bulk_create(completions.values(), batch_size=2000)
    return len(completions)
