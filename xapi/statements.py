"""Storing statements: the one write path of the LRS (PUT, POST, and the platform's own statements).

Set-based, whatever the batch size: one read (the ids already stored, the known activities, the primary keys), then
the writes; on PostgreSQL both are single prepared statements of fixed text (decision 0007). All-or-nothing: a batch
is stored whole or not at all.
"""

from __future__ import annotations

import functools
import logging
import operator
import sys
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import orjson
from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from xapi.actors import agent_key, agent_keys
from xapi.equivalence import statements_equivalent
from xapi.formats import iso_millis
from xapi.handlers import StoredStatement, has_handlers_for, run_handlers
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
from xapi.pg_arrays import bool_array, encoder_for, int8_array, register_dumpers, text_array, uuid_array
from xapi.validation import parse_timestamp
from xapi.vocabulary import VOIDED

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class StatementRow:
    """The values of one xapi_statement row (the model's fields, by attname): a model instance cost ~10 µs more per
    statement to build, and the write path never needs one."""

    statement_id: str
    payload: str
    verb_id: str
    actor_key: str
    object_key: str
    registration: str | None
    timestamp: datetime
    stored: datetime
    voids: str | None
    authority_kind: str
    authority_key: str
    has_attachments: bool
    voided: bool = False
    pk: int | None = None


@dataclass(slots=True)
class Prepared:
    received: dict  # as the client sent it: what equivalence compares with a stored statement
    statement: dict
    row: StatementRow
    agents: dict[str, bool]  # agent key -> direct (the actor or the object); one side row each
    activities: dict[str, bool]  # activity key -> direct (the object)
    definitions: dict[str, dict]


def _context_activities_as_arrays(statement: dict) -> None:
    """The LRS returns single context activities as arrays of one (Data 2.4.6.2)."""
    context = statement.get("context")
    if context and "contextActivities" in context:
        for key, value in context["contextActivities"].items():
            if isinstance(value, dict):
                context["contextActivities"][key] = [value]


def _mention(keys: dict[str, bool], key: str, direct: bool) -> None:
    keys[key] = direct or keys.get(key, False)


def _collect(statement: dict, agents: dict, activities: dict, definitions: dict, *, sub: bool = False) -> None:
    """Agents and activities a statement mentions, each once; ``direct`` for the top-level actor and object.

    ``related_*`` queries read every row of a key, ``agent``/``activity`` only the direct ones: a direct key needs
    no second, "related" row (docs/decisions/0008-lrs-side-tables.md).
    """
    direct = not sub
    for key in agent_keys(statement["actor"]):
        _mention(agents, key, direct)
    obj = statement["object"]
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        _mention(activities, index_key(obj["id"]), direct)
        if "definition" in obj:
            definitions[obj["id"]] = obj["definition"]
    elif kind in ("Agent", "Group"):
        for key in agent_keys(obj):
            _mention(agents, key, direct)
    elif kind == "SubStatement":
        _collect(obj, agents, activities, definitions, sub=True)
    context = statement.get("context")
    if not context:
        return
    for role in ("instructor", "team"):
        if role in context:
            for key in agent_keys(context[role]):
                agents.setdefault(key, False)
    for item in context.get("contextAgents", ()):
        for key in agent_keys(item["agent"]):
            agents.setdefault(key, False)
    for item in context.get("contextGroups", ()):
        for key in agent_keys(item["group"]):
            agents.setdefault(key, False)
    for group in (context.get("contextActivities") or {}).values():
        for activity in group if isinstance(group, list) else [group]:
            activities.setdefault(index_key(activity["id"]), False)
            if "definition" in activity:
                definitions.setdefault(activity["id"], activity["definition"])


def _object_key(obj: dict) -> str:
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        return index_key(obj["id"])
    if kind in ("Agent", "Group"):
        return agent_key(obj) or "anonymous-group"
    if kind == "StatementRef":
        return "statement:" + obj["id"].lower()
    return "substatement"


def _timestamp(value: str) -> datetime:
    """`parse_timestamp` of a validated timestamp; the C parser first (a third of the time), the LRS's own rules
    when it declines or reads no time zone (leap second, naive timestamps, the odd format)."""
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is not None:
            return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        pass
    return parse_timestamp(value)


def _canonical_uuid(value: str) -> str:
    """A validated UUID in its canonical form; the usual one (36 characters, lower case, hyphens in place) as is."""
    if len(value) == 36 and value[8] == value[13] == value[18] == value[23] == "-" and value == value.lower():
        return value  # validated: the 32 other characters are hex digits
    return str(uuid.UUID(value))


def prepare(
    statement: dict, *, authority: Authority, version: str, now: datetime, stored: str | None = None
) -> Prepared:
    """Complete a validated statement as the LRS stores it: id, timestamp, stored, authority, version.

    `stored`: `now` as served (`iso_millis`), when the caller formats it once for a whole batch."""
    received = statement
    statement = dict(statement)
    statement["id"] = _canonical_uuid(statement["id"]) if "id" in statement else str(uuid.uuid4())
    stored = stored or iso_millis(now)
    statement.setdefault("timestamp", stored)
    statement["stored"] = stored
    statement["authority"] = authority.agent  # the LRS overwrites authority from the credentials (Data 2.4.9)
    statement.setdefault("version", "2.0.0" if version.startswith("2.") else "1.0.0")
    _context_activities_as_arrays(statement)
    if statement["object"].get("objectType") == "SubStatement":
        _context_activities_as_arrays(statement["object"])
    agents: dict[str, bool] = {}
    activities: dict[str, bool] = {}
    definitions: dict[str, dict] = {}
    _collect(statement, agents, activities, definitions)
    agents.setdefault(agent_key(authority.agent), False)  # related_agents includes the authority
    context = statement.get("context") or {}
    is_voiding = statement["verb"]["id"] == VOIDED.id
    row = StatementRow(
        statement_id=statement["id"],
        payload=orjson.dumps(statement).decode(),
        verb_id=index_key(statement["verb"]["id"]),
        actor_key=agent_key(statement["actor"]) or "anonymous-group",
        object_key=_object_key(statement["object"]),
        registration=context.get("registration"),
        timestamp=_timestamp(statement["timestamp"]),
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


@dataclass(slots=True)
class _Lookup:
    existing: dict[str, str]  # id -> stored payload, for the ids already stored
    voided_earlier: dict[str, set[str]]  # id -> authority kinds of the stored statements that void it
    known: dict[str, str]  # activity id -> stored definition (JSON text), for the definitions taught
    pks: list[int]  # primary keys for the statements (PostgreSQL: drawn from the sequence; SQLite: after the last)


def _lookup(prepared: list[Prepared], definitions: dict[str, dict]) -> _Lookup:
    """Everything the write needs to read first: the statements stored with these ids, those of these ids a stored
    statement voids, the learned definitions of the activities taught, and the new statements' primary keys. In
    SQL: building an ORM query costs more than running this one."""
    if connection.vendor == "postgresql":
        return _pg_lookup(prepared, definitions)
    ids = {p.row.statement_id for p in prepared}
    params = _uuids_for_db(ids)
    marks = _marks(len(params))
    queries = [(f"SELECT statement_id, payload, voids, authority_kind FROM xapi_statement "
                f"WHERE statement_id IN ({marks}) OR voids IN ({marks})", params + params)]  # fmt: skip
    if definitions:
        queries.append((f"SELECT activity_id, definition FROM xapi_activity WHERE activity_id IN "
                         f"({_marks(len(definitions))})", list(definitions)))  # fmt: skip
    # the IMMEDIATE transaction holds the write lock: the ids after the last one ever given are ours
    queries.append(("SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'xapi_statement'), 0), "
                    "coalesce((SELECT max(id) FROM xapi_statement), 0))", []))  # fmt: skip
    results = []
    with connection.cursor() as cursor:
        for sql, values in queries:
            cursor.execute(sql, values)
            results.append(cursor.fetchall())
    known = dict(results[1]) if definitions else {}
    last = results[-1][0][0]
    lookup = _Lookup({}, {}, known, list(range(last + 1, last + 1 + len(prepared))))
    for statement_id, payload, voids, authority_kind in results[0]:
        statement_id = str(uuid.UUID(str(statement_id)))  # SQLite returns UUIDs as 32 hex digits
        if statement_id in ids:
            lookup.existing[statement_id] = payload
        if voids is not None and (voids := str(uuid.UUID(str(voids)))) in ids:
            lookup.voided_earlier.setdefault(voids, set()).add(authority_kind)
    return lookup


# PostgreSQL: two statements of FIXED text whatever the batch (one array parameter per list or column), prepared on
# the server once per connection (psycopg's server-side binding, `prepare=True`): the backend neither parses nor
# plans them again, and nothing is quoted on the client. Decision 0007.
@functools.cache
def _pg_lookup_sql() -> str:
    """The lookup's text. The sequence is named once (a regclass constant: `pg_get_serial_sequence` per execution
    cost ~55 µs of backend CPU); the activities are joined from the array (a filter `= ANY` on every row of a small
    table cost ~80 µs in the generic plan)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence('xapi_statement', 'id')")
        (sequence,) = cursor.fetchone()
    return (
        "SELECT 0, statement_id::text, payload, voids::text, authority_kind, NULL::bigint[] FROM xapi_statement "
        "WHERE statement_id = ANY(%b::uuid[]) OR voids = ANY(%b::uuid[]) "
        "UNION ALL SELECT 1, a.activity_id, a.definition::text, NULL, NULL, NULL "
        "FROM unnest(%b::text[]) AS t(i) JOIN xapi_activity AS a ON a.activity_id = t.i "
        f"UNION ALL SELECT 2, NULL, NULL, NULL, NULL, ARRAY(SELECT nextval('{sequence}'::regclass) "
        "FROM generate_series(1, %b::int))"
    )


def _pg_lookup(prepared: list[Prepared], definitions: dict[str, dict]) -> _Lookup:
    """`_lookup` in one statement, one round trip; the rows say what they are (0: stored statement, 1: known
    activity, 2: the primary keys)."""
    ids = {p.row.statement_id for p in prepared}
    id_array = uuid_array(list(ids))
    lookup = _Lookup({}, {}, {}, [])
    for kind, key, text, voids, authority_kind, pks in _pg_execute(
        _pg_lookup_sql(), [id_array, id_array, text_array(list(definitions)), len(prepared)], fetch=True
    ):
        if kind == 0:
            if key in ids:
                lookup.existing[key] = text
            if voids is not None and voids in ids:
                lookup.voided_earlier.setdefault(voids, set()).add(authority_kind)
        elif kind == 1:
            lookup.known[key] = text
        else:
            lookup.pks = pks
    return lookup


def _pg_execute(sql: str, params: list, *, fetch: bool = False) -> list[tuple] | None:
    """Run `sql` on Django's connection with server-side binding, prepared (psycopg keeps it per connection)."""
    import psycopg

    connection.ensure_connection()
    raw = connection.connection
    with connection.wrap_database_errors:  # psycopg's errors as Django's (IntegrityError: the retry)
        if raw.prepare_threshold is None:  # once per connection
            # Django disables automatic preparation; `prepare=True` needs a threshold: so high that only what asks
            # is prepared (Django's client-side cursors never prepare anything)
            raw.prepare_threshold = sys.maxsize
            # the arrays we encode ourselves (`xapi.pg_arrays`); before any cursor: a cursor copies the adapters
            register_dumpers(raw.adapters)
            raw.xapi_cursors = {}
            # a plan made once: the custom plans PostgreSQL otherwise makes for array parameters cost as much as
            # parsing; the setting concerns prepared statements only, i.e. these two
            with psycopg.Cursor(raw) as cursor:
                cursor.execute("SET plan_cache_mode = force_generic_plan")
        # one cursor per statement text and connection, kept: psycopg keeps a cursor's adapters (the dumper chosen
        # for each parameter type) while it runs the same query object again
        cursor = raw.xapi_cursors.get(sql)
        if cursor is None or cursor.closed:
            cursor = raw.xapi_cursors[sql] = psycopg.Cursor(raw)  # server-side binding (Django's bind on the client)
        cursor.execute(sql, params, prepare=True)
        rows = cursor.fetchall() if fetch else None
    if connection.queries_logged:  # as Django's debug cursor logs it (tests capture the queries)
        connection.queries_log.append({"sql": sql, "time": "0.000"})
    return rows


def _voided_on_arrival(row: StatementRow, voider_kinds: set[str] | None) -> bool:
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


def _learnable(definitions: dict[str, dict]) -> dict[str, dict]:
    """What an indexed column or PostgreSQL's jsonb cannot hold (too long an id, a NUL) is not learned."""
    return {iri: d for iri, d in definitions.items() if index_key(iri) == iri and b"\\u0000" not in orjson.dumps(d)}


def _definition_updates(definitions: dict[str, dict], known: dict[str, str]) -> list[tuple[str, dict]]:
    """The known activities whose canonical definition changes. Only the platform and `define`-scoped clients change
    a canonical definition (XAPI-00254): the caller checks."""
    updates = []
    for iri, definition in definitions.items():
        if iri in known:
            current = orjson.loads(known[iri])
            merged = _merged_definition(current, definition)
            if merged != current:
                updates.append((iri, merged))
    return updates


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
            if _autocommit_write(attachments):
                return _store_in_one_statement(statements, authority=authority, version=version)
            with transaction.atomic():
                # `stored` is read once the transaction holds SQLite's write lock (IMMEDIATE), so no statement
                # becomes visible with a `stored` older than a Consistent-Through already given to a reader
                prepared = _prepare_all(statements, authority=authority, version=version)
                handled = _store(prepared, authority=authority, attachments=attachments or {})
                if handled:
                    transaction.on_commit(functools.partial(_dispatch_handlers, handled))
            return [p.statement["id"] for p in prepared]
        except IntegrityError:
            # a concurrent request stored one of these ids between our check and our insert: check again, once
            if attempt == 2:
                raise XapiError(409, "A concurrent request stored a statement with one of these ids.",
                                code="statement_conflict") from None  # fmt: skip
    raise AssertionError("unreachable")


def _prepare_all(statements: list[dict], *, authority: Authority, version: str) -> list[Prepared]:
    now = timezone.now()
    now = now.replace(microsecond=now.microsecond // 1000 * 1000)  # `stored` is served in milliseconds
    stored = iso_millis(now)
    return [prepare(s, authority=authority, version=version, now=now, stored=stored) for s in statements]


def _autocommit_write(attachments: dict | None) -> bool:
    """PostgreSQL, outside any atomic block, without attachments: the write is ONE SQL statement (`_PG_WRITE`), a
    transaction of its own in autocommit, so no BEGIN or COMMIT is sent at all: a single POST is 2 round trips, the
    read and the write. Inside an atomic block (the platform recording as part of its own transaction, the tests)
    the same two statements run in Django's transaction, as with attachments (written with the ORM)."""
    return (
        connection.vendor == "postgresql"
        and not connection.in_atomic_block
        and connection.get_autocommit()  # not inside a transaction someone opened with set_autocommit(False)
        and not attachments
    )


def _store_in_one_statement(statements: list[dict], *, authority: Authority, version: str) -> list[str]:
    """The write path in autocommit (see `_autocommit_write`): all-or-nothing as one statement is; the handlers run
    once it has returned, i.e. committed."""
    prepared = _prepare_all(statements, authority=authority, version=version)
    handled = _store(prepared, authority=authority, attachments={})
    if handled:
        _dispatch_handlers(handled)
    return [p.statement["id"] for p in prepared]


def _store(prepared: list[Prepared], *, authority: Authority, attachments: dict) -> list[StoredStatement]:
    """Write the statements; returns what the statement handlers get after the commit (nothing if no handler)."""
    _check_voiding(prepared, authority=authority)
    taught: dict[str, dict] = {}
    for p in prepared:
        taught.update(p.definitions)
    taught = _learnable(taught)
    lookup = _lookup(prepared, taught)
    fresh = _drop_equivalent(prepared, lookup.existing)
    if not fresh:
        return []
    rows = [p.row for p in fresh]
    if len(fresh) < len(prepared):  # definitions are learned from the statements stored now, not from repeats
        taught = {iri: d for p in fresh for iri, d in _learnable(p.definitions).items()}
    for row, pk in zip(rows, lookup.pks, strict=False):  # `pks` has one per prepared statement, repeats included
        row.pk = pk
    # voided: a statement a voiding statement of this batch targets, or one a statement stored earlier voids; the
    # flag goes in the row; the other targets are statements already stored
    targets = {_canonical_uuid(r.voids) for r in rows if r.voids}
    for r in rows:
        if r.statement_id in targets or _voided_on_arrival(r, lookup.voided_earlier.get(r.statement_id)):
            r.voided = True
    targets.difference_update(r.statement_id for r in rows)
    updates = []
    if authority.kind == AuthorityKind.PLATFORM or authority.allows("define"):
        updates = _definition_updates(taught, lookup.known)
    new_definitions = {iri: d for iri, d in taught.items() if iri not in lookup.known}
    if connection.vendor == "postgresql":
        _pg_write(fresh, rows, new_definitions, updates, targets)
    else:
        _sqlite_write(fresh, rows, new_definitions, updates, targets)
    if attachments:
        AttachmentContent.objects.bulk_create(
            [AttachmentContent(sha2=sha2, content_type=ct, content=data) for sha2, (ct, data) in attachments.items()],
            ignore_conflicts=True,
        )
    if not has_handlers_for((r.verb_id for r in rows), authority.kind):  # verb and authority kind
        return []
    return [StoredStatement(r.pk, uuid.UUID(r.statement_id), r.verb_id, r.authority_kind, p.statement)
            for p, r in zip(fresh, rows, strict=True)]  # fmt: skip


_STATEMENT_FIELDS = [f for f in Statement._meta.concrete_fields if not f.primary_key]
_row_values = operator.attrgetter(*(f.attname for f in _STATEMENT_FIELDS))  # one C call per row
Rows = list[tuple[type[models.Model], Sequence[str], list[tuple]]]


@functools.cache
def _pg_write_sql() -> str:
    """The one statement that writes everything, whatever the batch: statements, side rows, outbox rows, new
    activities (conflicts ignored), changed definitions, voided flags of statements stored earlier. One array per
    column (`unnest`); an empty array writes nothing. In autocommit it is a transaction of its own."""

    def unnest(model: type[models.Model], fields: Sequence[str]) -> str:
        casts = ", ".join(f"%b::{model._meta.get_field(name).db_type(connection)}[]" for name in fields)
        return f"unnest({casts})"

    statement_fields = ("id", *(f.name for f in _STATEMENT_FIELDS))
    statements, statement_columns = _table_and_columns(Statement, statement_fields)
    agents, agent_columns = _table_and_columns(StatementAgent, ("agent_key", "statement", "direct"))
    activities, activity_columns = _table_and_columns(StatementActivity, ("activity_id", "statement", "direct"))
    outbox, outbox_columns = _table_and_columns(
        OutboxEntry, ("statement", "destination", "state", "due_at", "attempts", "last_error")
    )
    return (
        f"WITH s AS (INSERT INTO {statements} ({statement_columns}) "
        f"SELECT * FROM {unnest(Statement, statement_fields)}), "
        f"ag AS (INSERT INTO {agents} ({agent_columns}) "
        f"SELECT * FROM {unnest(StatementAgent, ('agent_key', 'statement', 'direct'))}), "
        f"ac AS (INSERT INTO {activities} ({activity_columns}) "
        f"SELECT * FROM {unnest(StatementActivity, ('activity_id', 'statement', 'direct'))}), "
        f"ob AS (INSERT INTO {outbox} ({outbox_columns}) "
        f"SELECT o, %b::text, %b::text, %b::timestamptz, 0, '' FROM unnest(%b::bigint[]) AS o), "
        "na AS (INSERT INTO xapi_activity (activity_id, definition, updated_at) "
        "SELECT i, d::jsonb, %b::timestamptz FROM unnest(%b::text[], %b::text[]) AS n(i, d) ON CONFLICT DO NOTHING), "
        "ud AS (UPDATE xapi_activity SET definition = u.d::jsonb, updated_at = %b::timestamptz "
        "FROM unnest(%b::text[], %b::text[]) AS u(i, d) WHERE activity_id = u.i), "
        f"vo AS (UPDATE {statements} SET voided = true WHERE statement_id = ANY(%b::uuid[])) "
        "SELECT 1"
    )


@functools.cache
def _pg_statement_encoders() -> list:
    """The array encoder of each statement column, in `_pg_write_sql`'s order (`xapi.pg_arrays`)."""
    fields = [Statement._meta.get_field("id"), *_STATEMENT_FIELDS]
    return [encoder_for(field.db_type(connection)) for field in fields]


def _pg_write(
    fresh: list[Prepared], rows: list[StatementRow], new_definitions: dict, updates: list, targets: set[str]
) -> None:
    columns = zip(*[(r.pk, *_row_values(r)) for r in rows], strict=True)
    statement_columns = [encode(column) for encode, column in zip(_pg_statement_encoders(), columns, strict=True)]
    agent_keys_, agent_pks, agent_direct = [], [], []
    activity_ids, activity_pks, activity_direct = [], [], []
    for p, r in zip(fresh, rows, strict=True):
        agent_keys_ += p.agents
        agent_direct += p.agents.values()
        agent_pks += [r.pk] * len(p.agents)
        activity_ids += p.activities
        activity_direct += p.activities.values()
        activity_pks += [r.pk] * len(p.activities)
    now = timezone.now()
    forward = settings.XAPI_FORWARD_ENDPOINT
    params = [
        *statement_columns,
        text_array(agent_keys_), int8_array(agent_pks), bool_array(agent_direct),
        text_array(activity_ids), int8_array(activity_pks), bool_array(activity_direct),
        forward or None, OutboxState.PENDING.value, now, int8_array([r.pk for r in rows] if forward else []),
        now, text_array(list(new_definitions)),
        text_array([orjson.dumps(d).decode() for d in new_definitions.values()]),
        now, text_array([iri for iri, _ in updates]),
        text_array([orjson.dumps(d).decode() for _, d in updates]),
        uuid_array(list(targets)),
    ]  # fmt: skip
    _pg_execute(_pg_write_sql(), params)


def _sqlite_write(
    fresh: list[Prepared], rows: list[StatementRow], new_definitions: dict, updates: list, targets: set[str]
) -> None:
    tables: Rows = [
        (Statement, ["id", *(f.name for f in _STATEMENT_FIELDS)], [_sqlite_values(r) for r in rows]),
        (StatementAgent, ("agent_key", "statement", "direct"),
         [(key, r.pk, direct) for p, r in zip(fresh, rows, strict=True) for key, direct in p.agents.items()]),
        (StatementActivity, ("activity_id", "statement", "direct"),
         [(iri, r.pk, direct) for p, r in zip(fresh, rows, strict=True) for iri, direct in p.activities.items()]),
    ]  # fmt: skip
    if settings.XAPI_FORWARD_ENDPOINT:
        due = connection.ops.adapt_datetimefield_value(timezone.now())
        destination = settings.XAPI_FORWARD_ENDPOINT
        tables.append((OutboxEntry, ("statement", "destination", "state", "due_at", "attempts", "last_error"),
                       [(r.pk, destination, OutboxState.PENDING.value, due, 0, "") for r in rows]))  # fmt: skip
    at = connection.ops.adapt_datetimefield_value(timezone.now())
    new = [(iri, orjson.dumps(d).decode(), at) for iri, d in new_definitions.items()]
    with connection.cursor() as cursor:
        for model, fields, values in tables:
            if values:
                table, columns = _table_and_columns(model, tuple(fields))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({_marks(len(values[0]))})", values)
        if new:
            cursor.executemany("INSERT OR IGNORE INTO xapi_activity (activity_id, definition, updated_at) "
                               "VALUES (%s, %s, %s)", new)  # fmt: skip
    if targets:
        Statement.objects.filter(statement_id__in=targets).update(voided=True)
    for iri, definition in updates:
        Activity.objects.filter(activity_id=iri).update(definition=definition, updated_at=timezone.now())


def _sqlite_values(row: StatementRow) -> tuple:
    """The row as Django stores it on SQLite (UUIDs as 32 hex digits, datetimes as naive UTC text), without calling
    each field's get_db_prep_save (a fifth of a single POST's time in the write path)."""
    adapt = connection.ops.adapt_datetimefield_value
    return (
        row.pk, row.statement_id.replace("-", ""), row.payload, row.verb_id, row.actor_key, row.object_key,
        uuid.UUID(row.registration).hex if row.registration else None, adapt(row.timestamp), adapt(row.stored),
        row.voided, uuid.UUID(row.voids).hex if row.voids else None, row.authority_kind, row.authority_key,
        row.has_attachments,
    )  # fmt: skip


@functools.cache
def _table_and_columns(model: type[models.Model], fields: tuple[str, ...]) -> tuple[str, str]:
    quote = connection.ops.quote_name
    return quote(model._meta.db_table), ", ".join(quote(model._meta.get_field(name).column) for name in fields)


def _marks(count: int) -> str:
    return ", ".join(["%s"] * count)


def _dispatch_handlers(statements: list[StoredStatement]) -> None:
    """After commit: the statements are stored whatever happens here (a handler never rejects a valid statement).

    Eager (the embedded default): the handlers run here, on the statements in memory: neither a SELECT of what was
    just written nor Celery's eager machinery (~1 ms per request). Otherwise a task carries the ids to a worker.
    """
    from xapi.tasks import statement_handlers_run_task

    try:
        if statement_handlers_run_task.app.conf.task_always_eager:
            run_handlers(statements)  # failures are logged there; `rebuild_progress` and friends reconcile
        else:
            statement_handlers_run_task.delay([s.pk for s in statements])
    except Exception:  # a broker down or a handler bug: logged; `rebuild_progress` and friends reconcile
        logger.exception("statement handlers could not run for statements %s", [s.pk for s in statements[:10]])


def stored_statement(row: Statement) -> StoredStatement:
    return StoredStatement(row.pk, row.statement_id, row.verb_id, row.authority_kind, orjson.loads(row.payload))
