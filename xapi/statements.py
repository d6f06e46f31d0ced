"""Storing statements: the one write path of the LRS (PUT, POST, and the platform's own statements).

Set-based: one query for the ids already stored, one insert per table, whatever the batch size. All-or-nothing:
a batch is stored whole or not at all.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import orjson
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from xapi.actors import agent_key, agent_keys
from xapi.equivalence import statements_equivalent
from xapi.handlers import StoredStatement, has_handlers_for
from xapi.http import Authority, XapiError
from xapi.models import (
    Activity,
    AttachmentContent,
    AuthorityKind,
    OutboxEntry,
    Statement,
    StatementActivity,
    StatementAgent,
)
from xapi.validation import parse_timestamp
from xapi.vocabulary import VOIDED


@dataclass
class Prepared:
    received: dict  # as the client sent it: what equivalence compares with a stored statement
    statement: dict
    row: Statement
    agents: set[tuple[str, bool]]
    activities: set[tuple[str, bool]]
    definitions: dict[str, dict]


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _context_activities_as_arrays(statement: dict) -> None:
    """The LRS returns single context activities as arrays of one (Data 2.4.6.2)."""
    context = statement.get("context")
    if context and "contextActivities" in context:
        for key, value in context["contextActivities"].items():
            if isinstance(value, dict):
                context["contextActivities"][key] = [value]


def _collect(statement: dict, agents: set, activities: set, definitions: dict, *, sub: bool = False) -> None:
    """Agents and activities a statement mentions; ``direct`` only for the top-level actor and object."""
    direct = not sub
    agents.update((key, direct) for key in agent_keys(statement["actor"]))
    obj = statement["object"]
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        activities.add((obj["id"], direct))
        if "definition" in obj:
            definitions[obj["id"]] = obj["definition"]
    elif kind in ("Agent", "Group"):
        agents.update((key, direct) for key in agent_keys(obj))
    elif kind == "SubStatement":
        _collect(obj, agents, activities, definitions, sub=True)
    context = statement.get("context") or {}
    for role in ("instructor", "team"):
        if role in context:
            agents.update((key, False) for key in agent_keys(context[role]))
    for item in context.get("contextAgents", ()):
        agents.update((key, False) for key in agent_keys(item["agent"]))
    for item in context.get("contextGroups", ()):
        agents.update((key, False) for key in agent_keys(item["group"]))
    for group in (context.get("contextActivities") or {}).values():
        for activity in group if isinstance(group, list) else [group]:
            activities.add((activity["id"], False))
            if "definition" in activity:
                definitions.setdefault(activity["id"], activity["definition"])
    if direct:
        # related_* filters include the direct matches: index them as related too
        agents.update((key, False) for key, is_direct in list(agents) if is_direct)
        activities.update((iri, False) for iri, is_direct in list(activities) if is_direct)


def _object_key(obj: dict) -> str:
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        return obj["id"]
    if kind in ("Agent", "Group"):
        return agent_key(obj) or "anonymous-group"
    if kind == "StatementRef":
        return "statement:" + obj["id"].lower()
    return "substatement"


def prepare(statement: dict, *, authority: Authority, version: str, now: datetime) -> Prepared:
    """Complete a validated statement as the LRS stores it: id, timestamp, stored, authority, version."""
    received = statement
    statement = dict(statement)
    statement["id"] = str(uuid.UUID(statement["id"])) if "id" in statement else str(uuid.uuid4())
    stored = _iso(now)
    statement.setdefault("timestamp", stored)
    statement["stored"] = stored
    statement["authority"] = authority.agent  # the LRS overwrites authority from the credentials (Data 2.4.9)
    statement.setdefault("version", "2.0.0" if version.startswith("2.") else "1.0.0")
    _context_activities_as_arrays(statement)
    if statement["object"].get("objectType") == "SubStatement":
        _context_activities_as_arrays(statement["object"])
    agents: set[tuple[str, bool]] = set()
    activities: set[tuple[str, bool]] = set()
    definitions: dict[str, dict] = {}
    _collect(statement, agents, activities, definitions)
    agents.add((agent_key(authority.agent), False))  # related_agents includes the authority
    context = statement.get("context") or {}
    is_voiding = statement["verb"]["id"] == VOIDED.id
    row = Statement(
        statement_id=statement["id"],
        payload=orjson.dumps(statement).decode(),
        verb_id=statement["verb"]["id"],
        actor_key=agent_key(statement["actor"]) or "anonymous-group",
        object_key=_object_key(statement["object"]),
        registration=context.get("registration"),
        timestamp=parse_timestamp(statement["timestamp"]),
        stored=now,
        voids=statement["object"]["id"] if is_voiding else None,
        authority_kind=authority.kind,
        authority_key=authority.key,
        has_attachments=bool(statement.get("attachments")),
    )
    return Prepared(received, statement, row, agents, activities, definitions)


def _check_voiding(prepared: list[Prepared]) -> None:
    """A voiding statement must target a statement that is not itself a voiding statement (Data 2.3.2)."""
    targets = {p.row.voids for p in prepared if p.row.voids}
    if not targets:
        return
    voiding_in_batch = {uuid.UUID(p.statement["id"]) for p in prepared if p.row.voids}
    targets = {uuid.UUID(str(target)) for target in targets}
    stored_voiding = set(
        Statement.objects.filter(statement_id__in=targets, voids__isnull=False).values_list("statement_id", flat=True)
    )
    bad = (targets & voiding_in_batch) | stored_voiding
    if bad:
        raise XapiError(400, f"A voiding statement cannot be voided (target {sorted(map(str, bad))[0]}).",
                        code="void_voiding")  # fmt: skip


def _existing(prepared: list[Prepared]) -> dict[str, str]:
    ids = [p.row.statement_id for p in prepared]
    return {str(sid): payload for sid, payload in Statement.objects.filter(statement_id__in=ids).values_list(
        "statement_id", "payload")}  # fmt: skip


def _drop_equivalent(prepared: list[Prepared], existing: dict[str, str]) -> list[Prepared]:
    """Same id and an equivalent statement: accepted without change. Same id, different content: 409."""
    fresh = []
    for item in prepared:
        stored = existing.get(str(item.row.statement_id))
        if stored is None:
            fresh.append(item)
        elif not statements_equivalent(orjson.loads(stored), item.received):
            raise XapiError(409, f"A different statement with the id {item.row.statement_id} is already stored.",
                            code="statement_conflict")  # fmt: skip
    return fresh


def _learn_activities(definitions: dict[str, dict], *, trusted: bool) -> None:
    if not definitions:
        return
    known = dict(Activity.objects.filter(activity_id__in=definitions).values_list("activity_id", "definition"))
    Activity.objects.bulk_create(
        [Activity(activity_id=iri, definition=d) for iri, d in definitions.items() if iri not in known],
        ignore_conflicts=True,
    )
    if trusted:  # only the platform and `define`-scoped clients change a canonical definition
        for iri, definition in definitions.items():
            if iri in known and known[iri] != definition:
                Activity.objects.filter(activity_id=iri).update(definition=definition, updated_at=timezone.now())


def statements_store(
    *,
    statements: list[dict],
    authority: Authority,
    version: str,
    attachments: dict[str, tuple[str, bytes]] | None = None,
) -> list[str]:
    """Store validated statements; returns their ids in order. Raises XapiError (400/409) and stores nothing."""
    now = timezone.now()
    now = now.replace(microsecond=now.microsecond // 1000 * 1000)  # `stored` is served at millisecond precision
    prepared = [prepare(s, authority=authority, version=version, now=now) for s in statements]
    ids = [p.statement["id"] for p in prepared]
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                _store(prepared, authority=authority, attachments=attachments or {})
            return ids
        except IntegrityError:
            # a concurrent request stored one of these ids between our check and our insert: check again, once
            if attempt == 2:
                raise XapiError(409, "A concurrent request stored a statement with one of these ids.",
                                code="statement_conflict") from None  # fmt: skip
    return ids


def _store(prepared: list[Prepared], *, authority: Authority, attachments: dict) -> None:
    _check_voiding(prepared)
    fresh = _drop_equivalent(prepared, _existing(prepared))
    if not fresh:
        return
    rows = Statement.objects.bulk_create([p.row for p in fresh])
    # statements voided by a voiding statement stored earlier than they arrived
    late = set(Statement.objects.filter(voids__in=[r.statement_id for r in rows]).values_list("voids", flat=True))
    targets = [r.voids for r in rows if r.voids] + list(late)
    if targets:
        Statement.objects.filter(statement_id__in=targets).update(voided=True)
    StatementAgent.objects.bulk_create(
        [
            StatementAgent(statement=r, agent_key=k, direct=d)
            for p, r in zip(fresh, rows, strict=True)
            for k, d in p.agents
        ]  # fmt: skip
    )
    StatementActivity.objects.bulk_create(
        [
            StatementActivity(statement=r, activity_id=a, direct=d)
            for p, r in zip(fresh, rows, strict=True)
            for a, d in p.activities
        ]  # fmt: skip
    )
    definitions: dict[str, dict] = {}
    for p in fresh:
        definitions.update(p.definitions)
    _learn_activities(definitions, trusted=authority.kind == AuthorityKind.PLATFORM or authority.allows("define"))
    if attachments:
        AttachmentContent.objects.bulk_create(
            [AttachmentContent(sha2=sha2, content_type=ct, content=data) for sha2, (ct, data) in attachments.items()],
            ignore_conflicts=True,
        )
    if settings.XAPI_FORWARD_ENDPOINT:
        OutboxEntry.objects.bulk_create(
            [OutboxEntry(statement=r, destination=settings.XAPI_FORWARD_ENDPOINT) for r in rows]
        )
    if has_handlers_for(r.verb_id for r in rows):
        pks = [r.pk for r in rows]
        transaction.on_commit(lambda: _dispatch_handlers(pks))


def _dispatch_handlers(pks: list[int]) -> None:
    from xapi.tasks import statement_handlers_run_task

    statement_handlers_run_task.delay(pks)


def stored_statement(row: Statement) -> StoredStatement:
    return StoredStatement(row.pk, row.statement_id, row.verb_id, row.authority_kind, orjson.loads(row.payload))
