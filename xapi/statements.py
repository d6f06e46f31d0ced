"""Storing statements: the one write path of the LRS (PUT, POST, and the platform's own statements).

Set-based: one query for the ids already stored, one insert per table, whatever the batch size. All-or-nothing:
a batch is stored whole or not at all.
"""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import orjson
from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from xapi.actors import agent_key, agent_keys
from xapi.equivalence import statements_equivalent
from xapi.formats import iso_millis
from xapi.handlers import StoredStatement, has_handlers_for
from xapi.http import Authority, XapiError
from xapi.keys import index_key
from xapi.models import (
    Activity,
    AttachmentContent,
    AuthorityKind,
    OutboxEntry,
    OutboxState,
    Statement,
    StatementActivity,
    StatementAgent,
)
from xapi.validation import parse_timestamp
from xapi.vocabulary import VOIDED

logger = logging.getLogger(__name__)


@dataclass
class Prepared:
    received: dict  # as the client sent it: what equivalence compares with a stored statement
    statement: dict
    row: Statement
    agents: set[tuple[str, bool]]
    activities: set[tuple[str, bool]]
    definitions: dict[str, dict]


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
        activities.add((index_key(obj["id"]), direct))
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
            activities.add((index_key(activity["id"]), False))
            if "definition" in activity:
                definitions.setdefault(activity["id"], activity["definition"])
    if direct:
        # related_* filters include the direct matches: index them as related too
        agents.update((key, False) for key, is_direct in list(agents) if is_direct)
        activities.update((iri, False) for iri, is_direct in list(activities) if is_direct)


def _object_key(obj: dict) -> str:
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        return index_key(obj["id"])
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
    stored = iso_millis(now)
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
        verb_id=index_key(statement["verb"]["id"]),
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


def _check_voiding(prepared: list[Prepared], *, authority: Authority) -> None:
    """A voiding statement must target a statement that is not itself a voiding statement (Data 2.3.2), and only the
    platform voids what the platform asserted (attendance, results, credentials are its records)."""
    targets = {uuid.UUID(str(p.row.voids)) for p in prepared if p.row.voids}
    if not targets:
        return
    voiding_in_batch = {uuid.UUID(p.statement["id"]) for p in prepared if p.row.voids}
    rows = Statement.objects.filter(statement_id__in=targets).values_list("statement_id", "voids", "authority_kind")
    stored = {statement_id: (voids, kind) for statement_id, voids, kind in rows}
    bad = (targets & voiding_in_batch) | {sid for sid, (voids, _kind) in stored.items() if voids is not None}
    if bad:
        raise XapiError(400, f"A voiding statement cannot be voided (target {sorted(map(str, bad))[0]}).",
                        code="void_voiding")  # fmt: skip
    if authority.kind != AuthorityKind.PLATFORM:
        theirs = sorted(str(sid) for sid, (_voids, kind) in stored.items() if kind == AuthorityKind.PLATFORM)
        if theirs:
            raise XapiError(403, f"Only the platform voids the platform's statements (target {theirs[0]}).",
                            code="void_platform")  # fmt: skip


def _stored_around(prepared: list[Prepared]) -> tuple[dict[str, str], dict[str, set[str]]]:
    """The stored statements with these ids (id -> payload), and those of these ids a stored statement voids
    (id -> the authority kinds of those voiding statements).

    One query for both, in SQL: a single-statement POST pays for each round trip, and building an ORM query costs
    more than running this one.
    """
    ids = {str(p.row.statement_id) for p in prepared}
    params = _uuids_for_db(ids)
    marks = _marks(len(params))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT statement_id, payload, voids, authority_kind FROM xapi_statement "
                       f"WHERE statement_id IN ({marks}) OR voids IN ({marks})", params + params)  # fmt: skip
        rows = cursor.fetchall()
    existing: dict[str, str] = {}
    voided: dict[str, set[str]] = {}
    for statement_id, payload, voids, authority_kind in rows:
        statement_id = str(uuid.UUID(str(statement_id)))  # SQLite returns UUIDs as 32 hex digits
        if statement_id in ids:
            existing[statement_id] = payload
        if voids is not None and (voids := str(uuid.UUID(str(voids)))) in ids:
            voided.setdefault(voids, set()).add(authority_kind)
    return existing, voided


def _voided_on_arrival(row: Statement, voider_kinds: set[str] | None) -> bool:
    """A statement arriving after a statement that voids it is voided, unless it is itself a voiding statement
    (which cannot be voided: the earlier voider was invalid) or a platform statement voided by another authority."""
    if not voider_kinds or row.voids is not None:
        return False
    return row.authority_kind != AuthorityKind.PLATFORM or AuthorityKind.PLATFORM in voider_kinds


def _uuids_for_db(values) -> list:
    to_db = Statement._meta.get_field("statement_id").get_db_prep_value
    return [to_db(value, connection) for value in values]


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
    # what an indexed column or PostgreSQL's jsonb cannot hold (too long an id, a NUL) is not learned
    definitions = {
        iri: d for iri, d in definitions.items() if index_key(iri) == iri and b"\\u0000" not in orjson.dumps(d)
    }
    if not definitions:
        return
    with connection.cursor() as cursor:  # in SQL: this runs on every write, an ORM query costs more than the query
        cursor.execute(f"SELECT activity_id, definition FROM xapi_activity WHERE activity_id IN "
                       f"({_marks(len(definitions))})", list(definitions))  # fmt: skip
        known = dict(cursor.fetchall())  # definitions as JSON text
    Activity.objects.bulk_create(
        [Activity(activity_id=iri, definition=d) for iri, d in definitions.items() if iri not in known],
        ignore_conflicts=True,
    )
    if trusted:  # only the platform and `define`-scoped clients change a canonical definition
        for iri, definition in definitions.items():
            if iri in known:
                current = orjson.loads(known[iri])
                merged = _merged_definition(current, definition)
                if merged != current:
                    Activity.objects.filter(activity_id=iri).update(definition=merged, updated_at=timezone.now())


MERGED_MAPS = ("name", "description", "extensions")


def _merged_definition(current: dict, taught: dict) -> dict:
    """The canonical definition keeps what every statement taught (XAPI-00254): language maps and extensions are
    merged key by key (a French name stays when an English one arrives); other properties take the newer value."""
    merged = dict(current)
    for key, value in taught.items():
        if key in MERGED_MAPS and isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def statements_store(
    *,
    statements: list[dict],
    authority: Authority,
    version: str,
    attachments: dict[str, tuple[str, bytes]] | None = None,
) -> list[str]:
    """Store validated statements; returns their ids in order. Raises XapiError (400/409) and stores nothing."""
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                # `stored` is read once the transaction holds SQLite's write lock (IMMEDIATE), so no statement
                # becomes visible with a `stored` older than a Consistent-Through already given to a reader
                now = timezone.now()
                now = now.replace(microsecond=now.microsecond // 1000 * 1000)  # `stored` is served in milliseconds
                prepared = [prepare(s, authority=authority, version=version, now=now) for s in statements]
                _store(prepared, authority=authority, attachments=attachments or {})
            return [p.statement["id"] for p in prepared]
        except IntegrityError:
            # a concurrent request stored one of these ids between our check and our insert: check again, once
            if attempt == 2:
                raise XapiError(409, "A concurrent request stored a statement with one of these ids.",
                                code="statement_conflict") from None  # fmt: skip
    raise AssertionError("unreachable")


def _store(prepared: list[Prepared], *, authority: Authority, attachments: dict) -> None:
    _check_voiding(prepared, authority=authority)
    existing, voided_earlier = _stored_around(prepared)
    fresh = _drop_equivalent(prepared, existing)
    if not fresh:
        return
    rows = [p.row for p in fresh]
    statements = _insert_statements(rows)  # sets the pks; on PostgreSQL, the rows are sent below with the others
    side_rows = [
        (StatementAgent, ("statement", "agent_key", "direct"),
         [(r.pk, key, direct) for p, r in zip(fresh, rows, strict=True) for key, direct in p.agents]),
        (StatementActivity, ("statement", "activity_id", "direct"),
         [(r.pk, iri, direct) for p, r in zip(fresh, rows, strict=True) for iri, direct in p.activities]),
    ]  # fmt: skip
    if settings.XAPI_FORWARD_ENDPOINT:
        due, destination = timezone.now(), settings.XAPI_FORWARD_ENDPOINT
        side_rows.append((OutboxEntry, ("statement", "destination", "state", "due_at", "attempts", "last_error"),
                          [(r.pk, destination, OutboxState.PENDING.value, due, 0, "") for r in rows]))  # fmt: skip
    _insert_rows([*statements, *side_rows])
    # statements voided by a voiding statement of this batch, or by one stored earlier than they arrived
    targets = [r.voids for r in rows if r.voids] + [
        str(r.statement_id) for r in rows if _voided_on_arrival(r, voided_earlier.get(str(r.statement_id)))
    ]
    if targets:
        Statement.objects.filter(statement_id__in=targets).update(voided=True)
    definitions: dict[str, dict] = {}
    for p in fresh:
        definitions.update(p.definitions)
    _learn_activities(definitions, trusted=authority.kind == AuthorityKind.PLATFORM or authority.allows("define"))
    if attachments:
        AttachmentContent.objects.bulk_create(
            [AttachmentContent(sha2=sha2, content_type=ct, content=data) for sha2, (ct, data) in attachments.items()],
            ignore_conflicts=True,
        )
    if has_handlers_for(r.verb_id for r in rows):
        pks = [r.pk for r in rows]
        transaction.on_commit(lambda: _dispatch_handlers(pks))


# Rows are written as plain database values, not with `bulk_create`: on a 100-statement POST it spent ~9 times the
# time of this path in Python (model instances, and Django 5.2's UNNEST arrays quoted value by value by psycopg's
# client-side binding).
_STATEMENT_FIELDS = [f for f in Statement._meta.concrete_fields if not f.primary_key]
_COPY_FROM_ROWS = 64  # below, one multi-statement INSERT (one round trip); from there, COPY (cheaper per row)
Rows = list[tuple[type[models.Model], Sequence[str], list[tuple]]]


def _insert_statements(rows: list[Statement]) -> Rows:
    """Set the pks of `rows`. SQLite: by inserting them. PostgreSQL: from the sequence, and return the rows to insert
    with the side rows (the ids are known before the insert, so every table goes in one round trip or one COPY)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                           [Statement._meta.db_table, len(rows)])  # fmt: skip
            for row, (pk,) in zip(rows, cursor.fetchall(), strict=True):
                row.pk = pk
        fields = ["id", *(f.name for f in _STATEMENT_FIELDS)]
        return [(Statement, fields, [(r.pk, *(getattr(r, f.attname) for f in _STATEMENT_FIELDS)) for r in rows])]
    prep = [(f.attname, f.get_db_prep_save) for f in _STATEMENT_FIELDS]  # SQLite stores UUIDs and datetimes as text
    values = [tuple(to_db(getattr(r, attname), connection) for attname, to_db in prep) for r in rows]
    _insert_rows([(Statement, [f.name for f in _STATEMENT_FIELDS], values)])
    position = [f.name for f in _STATEMENT_FIELDS].index("statement_id")
    stored_ids = [row_values[position] for row_values in values]  # as SQLite stores them: 32 hex digits
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT statement_id, id FROM xapi_statement WHERE statement_id IN ({_marks(len(rows))})",
                       stored_ids)  # fmt: skip
        pks = dict(cursor.fetchall())
    for row, statement_id in zip(rows, stored_ids, strict=True):
        row.pk = pks[statement_id]
    return []


def _insert_rows(tables: Rows) -> None:
    """Insert rows, given as database values in the order of the field names, into their models' tables."""
    tables = [(_table_and_columns(model, tuple(fields)), rows) for model, fields, rows in tables if rows]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            for (table, columns), rows in tables:
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({_marks(len(rows[0]))})", rows)
        elif sum(len(rows) for _, rows in tables) >= _COPY_FROM_ROWS:
            for (table, columns), rows in tables:
                # `copy` bypasses Django's cursor wrapper: map a unique violation to django.db.IntegrityError
                with connection.wrap_database_errors, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        else:  # one round trip: psycopg's client-side binding (Django's default) sends several statements at once
            inserts = [
                f"INSERT INTO {table} ({columns}) VALUES " + ", ".join([f"({_marks(len(rows[0]))})"] * len(rows))
                for (table, columns), rows in tables
            ]
            cursor.execute("; ".join(inserts), [value for _, rows in tables for row in rows for value in row])


@functools.cache
def _table_and_columns(model: type[models.Model], fields: tuple[str, ...]) -> tuple[str, str]:
    quote = connection.ops.quote_name
    return quote(model._meta.db_table), ", ".join(quote(model._meta.get_field(name).column) for name in fields)


def _marks(count: int) -> str:
    return ", ".join(["%s"] * count)


def _dispatch_handlers(pks: list[int]) -> None:
    """After commit: the statements are stored whatever happens here (a handler never rejects a valid statement)."""
    from xapi.tasks import statement_handlers_run_task

    try:
        if statement_handlers_run_task.app.conf.task_always_eager:
            statement_handlers_run_task.apply(args=[pks])  # embedded default: no broker, no producer pool
        else:
            statement_handlers_run_task.delay(pks)
    except Exception:  # a broker down or a handler bug: logged; `rebuild_progress` and friends reconcile
        logger.exception("statement handlers could not run for statements %s", pks[:10])


def stored_statement(row: Statement) -> StoredStatement:
    return StoredStatement(row.pk, row.statement_id, row.verb_id, row.authority_kind, orjson.loads(row.payload))
