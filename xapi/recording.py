"""How domain apps record their events as statements, with the platform's own authority.

Ids are deterministic (uuid5 of the event kind and the domain record) and the timestamp is the event's own, so
a retry or a rebuild produces the *same* statement, which the LRS accepts as a no-op. tincan builds the statement
(1.0.x fields only); the stored JSON is what is forwarded, never a tincan round-trip of it.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import orjson
from django.conf import settings
from tincan import (
    Activity,
    ActivityDefinition,
    Agent,
    AgentAccount,
    Context,
    ContextActivities,
    Extensions,
    LanguageMap,
    Result,
    Score,
)
from tincan import Statement as TincanStatement
from tincan import Verb as TincanVerb

from xapi.actors import actor_for
from xapi.http import platform
from xapi.statements import statements_store
from xapi.validation import validate_statement
from xapi.vocabulary import ACTIVITY_TYPES, Verb, activity_kind

PLATFORM_NAMESPACE = uuid.UUID("5f1f7d43-58d5-4a69-9a4b-6f3d0b1e2c7a")  # never change: with XAPI_ACTOR_SECRET, it
# derives every platform statement id


@dataclass(frozen=True)
class PlatformEvent:
    kind: str  # e.g. "attendance.attended"
    record_key: str  # the domain record, e.g. f"attendance:{attendance.pk}"
    learner_public_id: uuid.UUID
    verb: Verb
    object_iri: str
    object_name: str
    at: datetime
    registration: uuid.UUID | None = None
    parents: tuple[str, ...] = ()
    groupings: tuple[str, ...] = ()
    score_scaled: float | None = None
    score_raw: float | None = None
    score_max: float | None = None
    success: bool | None = None
    completion: bool | None = None
    duration: timedelta | None = None
    response: str | None = None
    extensions: dict = field(default_factory=dict)


def platform_statement_id(*, kind: str, record_key: str) -> uuid.UUID:
    """Deterministic for this deployment, unpredictable outside it: the namespace is derived from a secret, so no
    client can take (or void in advance) the id of a platform statement that does not exist yet."""
    return uuid.uuid5(_platform_namespace(settings.XAPI_ACTOR_SECRET), f"{kind}:{record_key}")


@functools.cache
def _platform_namespace(secret: str) -> uuid.UUID:
    digest = hmac.new(secret.encode(), b"cafe-ia platform statement ids", hashlib.sha256).hexdigest()
    return uuid.uuid5(PLATFORM_NAMESPACE, digest)


def build_platform_statement(event: PlatformEvent) -> dict:
    kind = activity_kind(event.object_iri)
    definition = ActivityDefinition(name=LanguageMap({"fr-FR": event.object_name}), type=ACTIVITY_TYPES.get(kind))
    actor = actor_for(event.learner_public_id)
    result = None
    if any(v is not None for v in (event.score_scaled, event.success, event.completion, event.duration)):
        score = None
        if event.score_scaled is not None:
            score = Score(scaled=event.score_scaled, raw=event.score_raw, min=0 if event.score_max else None,
                          max=event.score_max)  # fmt: skip
        result = Result(score=score, success=event.success, completion=event.completion, duration=event.duration,
                        response=event.response)  # fmt: skip
    context = None
    if event.registration or event.parents or event.groupings or event.extensions:
        context = Context(
            registration=event.registration,
            context_activities=ContextActivities(
                parent=[Activity(id=iri) for iri in event.parents] or None,
                grouping=[Activity(id=iri) for iri in event.groupings] or None,
            )
            if event.parents or event.groupings
            else None,
            extensions=Extensions(event.extensions) if event.extensions else None,
        )
    statement = TincanStatement(
        id=platform_statement_id(kind=event.kind, record_key=event.record_key),
        actor=Agent(account=AgentAccount(home_page=actor["account"]["homePage"], name=actor["account"]["name"])),
        verb=TincanVerb(id=event.verb.id, display=LanguageMap({"en-US": event.verb.display})),
        object=Activity(id=event.object_iri, definition=definition),
        result=result,
        context=context,
        timestamp=event.at,
    )
    data = orjson.loads(statement.to_json())
    data.pop("version", None)  # the LRS sets it
    return data


def statement_record(*, event: PlatformEvent) -> str:
    """Store the statement of a platform event. Idempotent: recording the same event twice is a no-op."""
    data = build_platform_statement(event)
    validate_statement(data, version="1.0.3")
    [statement_id] = statements_store(statements=[data], authority=platform(), version="1.0.3")
    return statement_id
