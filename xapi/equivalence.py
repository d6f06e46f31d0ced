"""Are two statements with the same id "the same statement"? The one rule used by PUT, POST and the forwarder.

xAPI 1.0.3, Data 2.3.1 "Statement Comparison Requirements":

    * Differences which could have been caused by exceptions to Statement immutability MUST be ignored.
    * Differences relating to a different serialisation of any properties not listed as exceptions MUST not be
      ignored.

So a difference is ignored only when an LRS was *allowed* to produce it (here or at the LRS we forward to, which
answers 409 with its own serialisation); everything else, including array order, counts. The exceptions applied:

* "Potential or required assignments of properties during LRS processing ("id", "authority", "stored",
  "timestamp", "version")" (2.3.1.b1): ``stored``, ``authority`` and ``version`` are ignored; ``id`` and
  ``timestamp`` are ignored only when one side lacks them (the LRS filled them in), otherwise compared.
* "Activity Definitions referenced by a Statement [...] is not considered part of the Statement itself"
  (2.3.1.b2): every Activity's ``definition`` is ignored (object, contextActivities, SubStatement).
* "The "display" property of the Verb is not considered part of the Statement itself" (2.3.1.b3).
* "Serialization of Timestamp data [...] can be returned in a different timezone [...] so long as the point in
  time referenced is not affected" (2.3.1.b4), and "A Timestamp MAY be truncated or rounded to a precision of at
  least 3 decimal digits for seconds" (4.5.s1.b7): timestamps are compared as instants; a millisecond-precision
  value also matches a finer one that truncates or rounds to it. A timestamp without a zone is read as UTC.
* "The list of Agents in a Group is not considered to be an ordered list" (2.3.1.b5; 2.4.2.2 "This is an
  unordered list"): Group ``member`` order is ignored. No other array is unordered: ``attachments`` is an
  "Ordered array of Attachment Objects" (2.4 table), contextActivities arrays keep their order.
* "Some properties are case insensitive [...] For example, the domain portion an e-mail address" (2.3.1.b7):
  the ``mailto:`` scheme and the domain of ``mbox``; UUIDs (statement ``id``, ``context.registration``,
  StatementRef ids: RFC 4122 "input is case insensitive"); language-map keys and ``context.language``
  (RFC 5646 2.1.1: tags "are to be treated as case insensitive"). ``mbox_sha1sum``, ``sha2``, IRIs and
  account names stay case-sensitive (Data 2.2.s4.b5 "The LRS SHOULD treat all values as case sensitive unless
  specified otherwise").
* "The LRS MUST return single Activity Objects as an array of length one" (2.4.6.2.s4.b4): a single
  contextActivities object equals a one-element array.
* Defaults: a missing ``objectType`` is ``Activity`` for an object or context activity and ``Agent`` for an
  actor, instructor or Group member (2.4.4.s2 "If not specified, the objectType is assumed to be Activity").
* "The LRS MUST process and store numbers with at least the precision of IEEE 754 32-bit floating point
  numbers" (2.2.s4.b3): two numbers, one of them non-integral, match when equal as float32.
* "Result Duration is considered a string for purposes of Statement comparison" (2.3.1.b8) but "any precision
  beyond 0.01 second precision SHOULD* NOT be included in the comparison" (4.6.s1.b5): durations are compared as
  strings after cutting seconds to two decimals.

Booleans never equal numbers (Python's ``True == 1`` is avoided); ``null`` never equals an absent property.
Statements are assumed validated; malformed parts are compared as they are, never raise.
"""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

__all__ = ["canonical_form", "statements_equivalent"]

_LRS_ASSIGNED = frozenset({"stored", "authority", "version"})
_MISSING = object()
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_NS_PER_MS = 1_000_000
_TIMESTAMP = re.compile(r"(?P<head>.+?)(?:[.,](?P<fraction>\d+))?(?P<zone>[Zz]|[+-]\d{2}(?::?\d{2})?)?")
_DURATION_EXTRA_PRECISION = re.compile(r"(\.\d{2})\d+S$")


def statements_equivalent(a: dict, b: dict) -> bool:
    """True when `a` and `b` may be the same statement as stored by a conforming LRS (see the module docstring)."""
    return _statements_match(canonical_form(a), canonical_form(b), top_level=True)


def canonical_form(statement: dict) -> dict:
    """The comparison form of a statement: a new dict, `statement` is not modified.

    Ignored parts are dropped, case-insensitive parts lower-cased, defaults made explicit, Group members sorted,
    contextActivities made arrays, timestamps turned into integer nanoseconds since the epoch (UTC; unparsable
    ones stay strings). It is for comparing, not for storing: the LRS returns what it received.
    """
    return _statement(statement, top_level=True)


# --- comparison ---------------------------------------------------------------------------------------------------


def _statements_match(a: dict, b: dict, *, top_level: bool) -> bool:
    if not (isinstance(a, dict) and isinstance(b, dict)):
        return _json_equal(a, b)
    a, b = dict(a), dict(b)
    stamp_a, stamp_b = a.pop("timestamp", _MISSING), b.pop("timestamp", _MISSING)
    if top_level:
        id_a, id_b = a.pop("id", _MISSING), b.pop("id", _MISSING)
        if id_a is not _MISSING and id_b is not _MISSING and not _json_equal(id_a, id_b):
            return False
        # the LRS sets a missing timestamp to "stored": absent on one side is not a difference
        if stamp_a is not _MISSING and stamp_b is not _MISSING and not _timestamps_match(stamp_a, stamp_b):
            return False
    elif (stamp_a is _MISSING) != (stamp_b is _MISSING) or (
        stamp_a is not _MISSING and not _timestamps_match(stamp_a, stamp_b)
    ):
        return False
    object_a, object_b = a.pop("object", _MISSING), b.pop("object", _MISSING)
    if _is_substatement(object_a) and _is_substatement(object_b):
        if not _statements_match(object_a, object_b, top_level=False):
            return False
    elif not _json_equal(object_a, object_b):
        return False
    return _json_equal(a, b)


def _is_substatement(value: Any) -> bool:
    return isinstance(value, dict) and value.get("objectType") == "SubStatement"


def _timestamps_match(a: Any, b: Any) -> bool:
    if isinstance(a, int) and isinstance(b, int):
        return a == b or _reduced_to(a, b) or _reduced_to(b, a)
    return _json_equal(a, b)


def _reduced_to(precise: int, coarse: int) -> bool:
    """`coarse` has millisecond precision and is `precise` truncated or rounded to the millisecond."""
    return coarse % _NS_PER_MS == 0 and -_NS_PER_MS // 2 <= precise - coarse < _NS_PER_MS


def _json_equal(a: Any, b: Any) -> bool:
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_json_equal(v, b[k]) for k, v in a.items())
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(_json_equal, a, b))
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b or ((isinstance(a, float) or isinstance(b, float)) and _same_float32(a, b))
    return type(a) is type(b) and a == b


def _same_float32(a: float, b: float) -> bool:
    try:
        return struct.pack("<f", a) == struct.pack("<f", b)
    except (OverflowError, struct.error):
        return False


# --- canonical form -----------------------------------------------------------------------------------------------


def _statement(statement: Any, *, top_level: bool) -> Any:
    if not isinstance(statement, dict):
        return statement
    form = {}
    for key, value in statement.items():
        if top_level and key in _LRS_ASSIGNED:
            continue
        normalise = _STATEMENT_PROPERTIES.get(key)
        form[key] = normalise(value) if normalise else value
    return form


def _agent(agent: Any) -> Any:
    """An Agent or a Group (actor, instructor, team, member, object, contextAgents)."""
    if not isinstance(agent, dict):
        return agent
    form = dict(agent)
    form.setdefault("objectType", "Agent")
    if "mbox" in form:
        form["mbox"] = _mbox(form["mbox"])
    if form["objectType"] == "Group" and isinstance(form.get("member"), list):
        form["member"] = sorted((_agent(member) for member in form["member"]), key=_sort_key)
    return form


def _sort_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _mbox(mbox: Any) -> Any:
    if not isinstance(mbox, str) or not mbox.lower().startswith("mailto:"):
        return mbox
    local, at, domain = mbox[len("mailto:") :].rpartition("@")
    return f"mailto:{local}{at}{domain.lower()}"


def _verb(verb: Any) -> Any:
    if not isinstance(verb, dict):
        return verb
    return {key: value for key, value in verb.items() if key != "display"}


def _activity(activity: Any) -> Any:
    if not isinstance(activity, dict):
        return activity
    form = {key: value for key, value in activity.items() if key != "definition"}
    form.setdefault("objectType", "Activity")
    return form


def _object(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    object_type = value.get("objectType", "Activity")
    if object_type == "Activity":
        return _activity(value)
    if object_type in ("Agent", "Group"):
        return _agent(value)
    if object_type == "StatementRef":
        return _statement_ref(value)
    if object_type == "SubStatement":
        return _statement(value, top_level=False)
    return value


def _statement_ref(ref: Any) -> Any:
    if not isinstance(ref, dict):
        return ref
    return {**ref, "id": _uuid(ref["id"])} if "id" in ref else dict(ref)


def _uuid(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _context_activities(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    form = {}
    for kind, activities in value.items():
        if isinstance(activities, dict):
            activities = [activities]
        form[kind] = [_activity(activity) for activity in activities] if isinstance(activities, list) else activities
    return form


def _members_with(key: str) -> Callable[[Any], Any]:
    """contextAgents / contextGroups (xAPI 2.0): arrays of objects wrapping an Agent or a Group under `key`."""

    def normalise(items: Any) -> Any:
        if not isinstance(items, list):
            return items
        return [{**item, key: _agent(item[key])} if isinstance(item, dict) and key in item else item for item in items]

    return normalise


def _context(context: Any) -> Any:
    if not isinstance(context, dict):
        return context
    form = {}
    for key, value in context.items():
        normalise = _CONTEXT_PROPERTIES.get(key)
        form[key] = normalise(value) if normalise else value
    return form


def _result(result: Any) -> Any:
    if not isinstance(result, dict) or not isinstance(result.get("duration"), str):
        return result
    return {**result, "duration": _DURATION_EXTRA_PRECISION.sub(r"\1S", result["duration"])}


def _language_map(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    lowered = {key.lower() if isinstance(key, str) else key: text for key, text in value.items()}
    return lowered if len(lowered) == len(value) else value  # two tags differing only by case: compare as sent


def _attachments(attachments: Any) -> Any:
    if not isinstance(attachments, list):
        return attachments
    form = []
    for attachment in attachments:
        if isinstance(attachment, dict):
            attachment = dict(attachment)
            for key in ("display", "description"):
                if key in attachment:
                    attachment[key] = _language_map(attachment[key])
        form.append(attachment)
    return form


def _language_tag(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _timestamp(value: Any) -> Any:
    """Nanoseconds since the epoch, or the value unchanged when it is not an ISO 8601 date-time we can read."""
    if not isinstance(value, str):
        return value
    match = _TIMESTAMP.fullmatch(value.strip())
    if not match:
        return value
    zone = match["zone"] or ""
    try:
        moment = datetime.fromisoformat(match["head"] + ("+00:00" if zone in ("Z", "z") else zone))
    except ValueError:
        return value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    fraction = int((match["fraction"] or "0").ljust(9, "0")[:9])
    return (moment - _EPOCH) // timedelta(microseconds=1) * 1000 + fraction


_STATEMENT_PROPERTIES: dict[str, Callable[[Any], Any]] = {
    "id": _uuid,
    "actor": _agent,
    "verb": _verb,
    "object": _object,
    "result": _result,
    "context": _context,
    "timestamp": _timestamp,
    "attachments": _attachments,
}
_CONTEXT_PROPERTIES: dict[str, Callable[[Any], Any]] = {
    "registration": _uuid,
    "instructor": _agent,
    "team": _agent,
    "contextActivities": _context_activities,
    "contextAgents": _members_with("agent"),
    "contextGroups": _members_with("group"),
    "language": _language_tag,
    "statement": _statement_ref,
}
