"""Statement handlers and context resolvers: how domain apps hear about statements without xapi knowing them.

Handlers run after the statement is committed, outside the request (a Celery task; eager in the embedded
default). A failing handler never rejects a statement: the task retries it, and each app's rebuild command
reconciles what a lost handler missed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from uuid import UUID

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredStatement:
    pk: int
    statement_id: UUID
    verb_id: str
    authority_kind: str
    payload: dict


Handler = Callable[[StoredStatement], None]
# name -> (verbs or None for all, authority kinds or None for all, handler)
_handlers: dict[str, tuple[frozenset[str] | None, frozenset[str] | None, Handler]] = {}
ContextResolver = Callable[..., UUID | None]
_registration_resolvers: list[ContextResolver] = []


def register_statement_handler(
    name: str, handler: Handler, *, verbs: Iterable[str] | None = None, authorities: Iterable[str] | None = None
) -> None:
    """Register `handler` for statements with one of `verbs` stored under one of the `authorities` kinds (an
    `AuthorityKind`: platform, session, client; all when None). Idempotent by name.

    Both filters are applied before anything is built for the handlers: a statement no handler wants costs the
    write path nothing after its commit (no task, no `StoredStatement`). The usual traffic of an LRS client
    (authority kind "client") concerns no handler of the platform: only the learner's session and the platform
    move projections (ARCHITECTURE.md "Who may assert what"). Handlers still check what they rely on themselves.
    """
    _handlers[name] = (
        frozenset(verbs) if verbs is not None else None,
        frozenset(map(str, authorities)) if authorities is not None else None,
        handler,
    )


def register_registration_resolver(resolver: ContextResolver) -> None:
    """`resolver(user=..., activity_id=...)` returns the enrolment registration to put in a statement's context."""
    if resolver not in _registration_resolvers:
        _registration_resolvers.append(resolver)


def resolve_registration(*, user, activity_id: str) -> UUID | None:
    for resolver in _registration_resolvers:
        registration = resolver(user=user, activity_id=activity_id)
        if registration is not None:
            return registration
    return None


def handlers_for(verb_id: str, authority_kind: str | None = None) -> list[tuple[str, Handler]]:
    """The handlers of statements with this verb and authority kind (None: whatever the authority)."""
    return [
        (name, handler)
        for name, (verbs, kinds, handler) in _handlers.items()
        if (verbs is None or verb_id in verbs) and (kinds is None or authority_kind is None or authority_kind in kinds)
    ]


def has_handlers_for(verb_ids: Iterable[str], authority_kind: str | None = None) -> bool:
    """Whether any handler wants one of these verbs from this authority kind (None: from any authority)."""
    return any(handlers_for(verb_id, authority_kind) for verb_id in set(verb_ids))


def run_handlers(statements: list[StoredStatement]) -> list[tuple[str, UUID, Exception]]:
    """Call every matching handler; collect failures instead of stopping at the first."""
    failures = []
    for statement in statements:
        for name, handler in handlers_for(statement.verb_id, statement.authority_kind):
            try:
                handler(statement)
            except Exception as error:  # one handler's bug must not stop the others (logged, retried)
                logger.exception("statement handler %s failed on %s", name, statement.statement_id)
                failures.append((name, statement.statement_id, error))
    return failures
