"""Reads of the statements table. Filters hit the indexed columns and the agent/activity side tables."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from xapi.actors import agent_key
from xapi.models import Statement, StatementActivity, StatementAgent


@dataclass
class StatementQuery:
    agent: dict | None = None
    verb: str | None = None
    activity: str | None = None
    registration: uuid.UUID | None = None
    since: datetime | None = None
    until: datetime | None = None
    related_agents: bool = False
    related_activities: bool = False
    ascending: bool = False
    limit: int = 500
    cursor: int | None = None
    authority_key: str | None = None  # statements/read/mine


def statements_page(query: StatementQuery) -> tuple[list[str], int | None]:
    """One page of payloads (voided statements excluded) and the cursor of the next page, or None.

    Paging follows the primary key, which grows with `stored`: statements stored while a client pages through
    never shift the pages it has not read yet (descending) or come after its last page (ascending).
    """
    qs = Statement.objects.filter(voided=False)
    if query.agent is not None:
        key = agent_key(query.agent)
        agents = StatementAgent.objects.filter(agent_key=key, direct=not query.related_agents)
        qs = qs.filter(pk__in=agents.values("statement_id"))
    if query.activity is not None:
        activities = StatementActivity.objects.filter(activity_id=query.activity, direct=not query.related_activities)
        qs = qs.filter(pk__in=activities.values("statement_id"))
    if query.verb is not None:
        qs = qs.filter(verb_id=query.verb)
    if query.registration is not None:
        qs = qs.filter(registration=query.registration)
    if query.since is not None:
        qs = qs.filter(stored__gt=query.since)
    if query.until is not None:
        qs = qs.filter(stored__lte=query.until)
    if query.authority_key is not None:
        qs = qs.filter(authority_key=query.authority_key)
    if query.cursor is not None:
        qs = qs.filter(pk__gt=query.cursor) if query.ascending else qs.filter(pk__lt=query.cursor)
    qs = qs.order_by("pk" if query.ascending else "-pk")
    rows = list(qs.values_list("pk", "payload")[: query.limit + 1])
    next_cursor = rows[query.limit - 1][0] if len(rows) > query.limit else None
    return [payload for _pk, payload in rows[: query.limit]], next_cursor


def statement_get(*, statement_id: uuid.UUID, voided: bool, authority_key: str | None = None) -> str | None:
    qs = Statement.objects.filter(statement_id=statement_id, voided=voided)
    if authority_key is not None:
        qs = qs.filter(authority_key=authority_key)
    return qs.values_list("payload", flat=True).first()
