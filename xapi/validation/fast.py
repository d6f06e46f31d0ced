"""A fast yes-or-"ask again" check for the common shapes of statements; `structure` remains the reference.

`statement_ok(statement, v2)` returns True only for a statement the reference validator (`structure`) accepts. It
returns False for anything invalid *and* for anything it does not handle (attachments, an Agent, Group or
StatementRef as the object, a Group authority, instructor, team, contextGroups, context.statement, timestamps outside
years 1000-2099 or without a time zone...): the caller then runs the reference validator, which raises at the exact
path or accepts. So the fast path only ever decides "valid", never an error message, and needs no paths: no string
is built for a valid statement.

Why it is faster than the reference on valid statements: one flat function per object kind (no call per property),
`dict.get` once per property instead of `in` then `[]`, the common formats checked by one precompiled `fullmatch`
each (a timestamp's date and time ranges are in its regex instead of five `int()` conversions), and the caches of
`formats` (IRIs, language tags) consulted first. Every rule here is one of `structure`/`formats`, at least as strict;
`tests/xapi/test_validation_fast.py` checks the two agree over the test corpus and thousands of mutated statements.
"""

import re

from .formats import _CACHE_MAX, _IRI_RE, _MBOX_RE, _SHA1_RE, _UUID_RE, _valid_iris, _valid_tags
from .structure import (
    _ACCOUNT_KEYS,
    _ACTIVITY_KEYS,
    _AGENT_KEYS,
    _COMPONENT_KEYS,
    _COMPONENT_LISTS,
    _CONTEXT_ACTIVITIES_KEYS,
    _CONTEXT_AGENT_KEYS,
    _CONTEXT_KEYS_1,
    _CONTEXT_KEYS_2,
    _DEFINITION_BASIC_KEYS,
    _DEFINITION_KEYS,
    _GROUP_KEYS,
    _INTERACTION_COMPONENTS,
    _RESULT_KEYS,
    _SCORE_KEYS,
    _STATEMENT_KEYS,
    _STATEMENT_REF_KEYS,
    _SUBSTATEMENT_KEYS,
    _VERB_KEYS,
    VOIDED_VERB,
)

_INFINITY = float("inf")
_MISSING = object()

_uuid = _UUID_RE.match
_iri = _IRI_RE.match
_mbox = _MBOX_RE.match
_sha1 = _SHA1_RE.match
# RFC 3339 with a time zone and seconds, years 1000-2099, every field in range (the day against its month is checked
# below only past the 28th): valid for both a 1.0.x request (ISO 8601) and a 2.0 one. A negative zero offset and
# anything else go to the reference.
_TIMESTAMP = re.compile(
    r"(?:1[0-9]|20)[0-9][0-9]-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
    r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]+)?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
).fullmatch
# ISO 8601 durations as the reference accepts them, the common forms only: integers, or a decimal fraction on the
# seconds (the lowest order component here).
_DURATION = re.compile(
    r"P(?=[0-9]|T[0-9])(?:[0-9]+D)?(?:T(?=[0-9])(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+(?:\.[0-9]+)?S)?)?"
).fullmatch
_VERSIONS_1 = frozenset({"1.0", "1.0.0", "1.0.1", "1.0.2", "1.0.3"})
_VERSIONS_2 = _VERSIONS_1 | {"2.0", "2.0.0"}
_valid_durations: set[str] = set()


def _new_iri(value: object) -> bool:
    """An IRI not seen yet: check it and remember it (as `formats.check_iri` does)."""
    if type(value) is not str or _iri(value) is None:
        return False
    if len(_valid_iris) < _CACHE_MAX:
        _valid_iris.add(value)
    return True


def _language_map(value: object) -> bool:
    if type(value) is not dict:
        return False
    if not _valid_tags.issuperset(value):
        return False  # an unseen tag: the reference checks it (and remembers it)
    for text in value.values():  # noqa: SIM110 (a loop: no generator on the hot path)
        if type(text) is not str:
            return False
    return True


def _extensions(value: object) -> bool:
    if type(value) is not dict:
        return False
    for key in value:  # noqa: SIM110 (a loop: no generator on the hot path)
        if key not in _valid_iris and not _new_iri(key):
            return False
    return True


def _agent(agent: object) -> bool:
    """An Agent (objectType absent or 'Agent') with exactly one valid identifier."""
    if type(agent) is not dict or not _AGENT_KEYS.issuperset(agent):
        return False
    size = len(agent)
    if "objectType" in agent:
        if agent["objectType"] != "Agent":
            return False
        size -= 1
    if "name" in agent:
        if type(agent["name"]) is not str:
            return False
        size -= 1
    if size != 1:  # the keys left are identifiers: exactly one
        return False
    account = agent.get("account")
    if account is not None:
        if type(account) is not dict or len(account) != 2 or not _ACCOUNT_KEYS.issuperset(account):
            return False
        home = account["homePage"]
        return (home in _valid_iris or _new_iri(home)) and type(account["name"]) is str
    mbox = agent.get("mbox")
    if mbox is not None:
        return type(mbox) is str and _mbox(mbox) is not None
    sha1 = agent.get("mbox_sha1sum")
    if sha1 is not None:
        return type(sha1) is str and _sha1(sha1) is not None
    openid = agent.get("openid")
    return openid is not None and (openid in _valid_iris or _new_iri(openid))


def _group(group: dict) -> bool:
    """A Group whose objectType is 'Group' (checked by the caller): identified or not, with Agents as members."""
    if not _GROUP_KEYS.issuperset(group):
        return False
    if "name" in group and type(group["name"]) is not str:
        return False
    identifiers = len(group) - 1 - ("name" in group) - ("member" in group)
    if identifiers:
        if identifiers != 1:
            return False
        identity = {key: value for key, value in group.items() if key not in ("member", "objectType")}
        if not _agent(identity):
            return False
    members = group.get("member", _MISSING)
    if members is _MISSING:
        return identifiers == 1
    if type(members) is not list or not (members or identifiers):
        return False
    for member in members:  # noqa: SIM110 (a loop: no generator on the hot path)
        if not _agent(member):  # a Group as a member fails here (objectType 'Group')
            return False
    return True


def _actor(actor: object) -> bool:
    if type(actor) is dict and actor.get("objectType") == "Group":
        return _group(actor)
    return _agent(actor)


def _activity(activity: object) -> bool:
    """An Activity (objectType absent or 'Activity'); definitions with the basic properties only (interactions and
    moreInfo go to the reference)."""
    if type(activity) is not dict or not _ACTIVITY_KEYS.issuperset(activity):
        return False
    if "objectType" in activity and activity["objectType"] != "Activity":
        return False
    activity_id = activity.get("id")
    if activity_id not in _valid_iris and not _new_iri(activity_id):
        return False
    definition = activity.get("definition", _MISSING)
    if definition is _MISSING:
        return True
    if type(definition) is not dict or not definition:
        return False
    if not _DEFINITION_BASIC_KEYS.issuperset(definition) and not _interaction(definition):
        return False
    value = definition.get("name", _MISSING)
    if value is not _MISSING and not _language_map(value):
        return False
    value = definition.get("description", _MISSING)
    if value is not _MISSING and not _language_map(value):
        return False
    value = definition.get("type", _MISSING)
    if value is not _MISSING and value not in _valid_iris and not _new_iri(value):
        return False
    value = definition.get("moreInfo", _MISSING)
    if value is not _MISSING and value not in _valid_iris and not _new_iri(value):
        return False
    value = definition.get("extensions", _MISSING)
    return value is _MISSING or _extensions(value)


def _interaction(definition: dict) -> bool:
    if not _DEFINITION_KEYS.issuperset(definition):
        return False
    interaction_type = definition.get("interactionType")
    allowed = _INTERACTION_COMPONENTS.get(interaction_type) if type(interaction_type) is str else None
    if allowed is None:
        return False
    patterns = definition.get("correctResponsesPattern", _MISSING)
    if patterns is not _MISSING:
        if type(patterns) is not list:
            return False
        for pattern in patterns:
            if type(pattern) is not str:
                return False
    for key in _COMPONENT_LISTS:
        components = definition.get(key, _MISSING)
        if components is _MISSING:
            continue
        if key not in allowed or type(components) is not list:
            return False
        seen = set()
        for component in components:
            if type(component) is not dict or not _COMPONENT_KEYS.issuperset(component):
                return False
            component_id = component.get("id")
            if type(component_id) is not str or not component_id or component_id in seen:
                return False
            seen.add(component_id)
            if "description" in component and not _language_map(component["description"]):
                return False
    return True


def _number(value: object) -> bool:
    return type(value) is int or (type(value) is float and -_INFINITY < value < _INFINITY)


def _result(result: object) -> bool:
    if type(result) is not dict or not result or not _RESULT_KEYS.issuperset(result):
        return False
    score = result.get("score", _MISSING)
    if score is not _MISSING:
        if type(score) is not dict or not score or not _SCORE_KEYS.issuperset(score):
            return False
        for value in score.values():
            if not _number(value):
                return False
        scaled = score.get("scaled")
        if scaled is not None and not -1 <= scaled <= 1:
            return False
        low, high, raw = score.get("min"), score.get("max"), score.get("raw")
        if low is not None and high is not None and not low < high:
            return False
        if raw is not None and ((low is not None and raw < low) or (high is not None and raw > high)):
            return False
    for key in ("success", "completion"):
        value = result.get(key, False)
        if value is not True and value is not False:
            return False
    if "response" in result and type(result["response"]) is not str:
        return False
    duration = result.get("duration", _MISSING)
    if duration is not _MISSING and duration not in _valid_durations:
        if type(duration) is not str or _DURATION(duration) is None:
            return False
        if len(_valid_durations) < _CACHE_MAX:
            _valid_durations.add(duration)
    extensions = result.get("extensions", _MISSING)
    return extensions is _MISSING or _extensions(extensions)


def _context_activities(value: object) -> bool:
    if type(value) is not dict or not value or not _CONTEXT_ACTIVITIES_KEYS.issuperset(value):
        return False
    for activities in value.values():
        if type(activities) is list:
            for activity in activities:
                if not _activity(activity):
                    return False
        elif not _activity(activities):
            return False
    return True


def _context_agents(value: object) -> bool:
    if type(value) is not list:
        return False
    for entry in value:
        if (
            type(entry) is not dict
            or not _CONTEXT_AGENT_KEYS.issuperset(entry)
            or entry.get("objectType") != "contextAgent"
            or not _agent(entry.get("agent"))
        ):
            return False
        types = entry.get("relevantTypes", _MISSING)
        if types is not _MISSING:
            if type(types) is not list or not types:
                return False
            for iri in types:
                if iri not in _valid_iris and not _new_iri(iri):
                    return False
    return True


def _context(context: object, v2: bool, object_is_activity: bool) -> bool:
    if type(context) is not dict or not context:
        return False
    if not (_CONTEXT_KEYS_2 if v2 else _CONTEXT_KEYS_1).issuperset(context):
        return False
    if "instructor" in context or "team" in context or "statement" in context or "contextGroups" in context:
        return False
    value = context.get("registration", _MISSING)
    if value is not _MISSING and (type(value) is not str or _uuid(value) is None):
        return False
    value = context.get("contextActivities", _MISSING)
    if value is not _MISSING and not _context_activities(value):
        return False
    for key in ("revision", "platform"):
        if key in context and (type(context[key]) is not str or not object_is_activity):
            return False
    value = context.get("language", _MISSING)
    if (value is not _MISSING and value not in _valid_tags) and (
        type(value) is not str or not value or not value.replace("-", "").isalnum() or not value.isascii()
    ):
        return False
    value = context.get("extensions", _MISSING)
    if value is not _MISSING and not _extensions(value):
        return False
    value = context.get("contextAgents", _MISSING)
    return value is _MISSING or _context_agents(value)


def _timestamp(value: object) -> bool:
    return (
        type(value) is str
        and _TIMESTAMP(value) is not None
        and (value[8:10] <= "28" or _day_exists(value))
        and value[-6:] != "-00:00"
    )


def _day_exists(value: str) -> bool:
    day, month = int(value[8:10]), int(value[5:7])
    if month == 2:
        year = int(value[:4])
        return day == 29 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return day <= 30 or month in (1, 3, 5, 7, 8, 10, 12)


def statement_ok(statement: dict, v2: bool, substatement: bool = False) -> bool:
    """True when `statement` (a dict) is valid for a request of this version; False: ask the reference."""
    if substatement:
        if not _SUBSTATEMENT_KEYS.issuperset(statement) or statement.get("objectType") != "SubStatement":
            return False
        if "attachments" in statement:
            return False
    elif not _STATEMENT_KEYS.issuperset(statement) or "attachments" in statement:
        return False
    else:
        value = statement.get("id", _MISSING)
        if value is not _MISSING and (type(value) is not str or _uuid(value) is None):
            return False
    if not _actor(statement.get("actor")):
        return False
    verb = statement.get("verb")
    if type(verb) is not dict or not _VERB_KEYS.issuperset(verb):
        return False
    verb_id = verb.get("id")
    if verb_id not in _valid_iris and not _new_iri(verb_id):
        return False
    if "display" in verb and not _language_map(verb["display"]):
        return False
    obj = statement.get("object")
    if type(obj) is not dict:
        return False
    object_type = obj.get("objectType", "Activity")
    if object_type == "Activity":
        if verb_id == VOIDED_VERB or not _activity(obj):
            return False
    elif object_type == "StatementRef":
        if not _STATEMENT_REF_KEYS.issuperset(obj) or len(obj) != 2:
            return False
        ref = obj["id"]
        if type(ref) is not str or _uuid(ref) is None:
            return False
    elif object_type == "SubStatement":
        if substatement or verb_id == VOIDED_VERB or not statement_ok(obj, v2, True):
            return False
    else:
        return False  # an Agent or a Group as the object (or an invalid objectType): the reference
    value = statement.get("result", _MISSING)
    if value is not _MISSING and not _result(value):
        return False
    value = statement.get("context", _MISSING)
    if value is not _MISSING and not _context(value, v2, object_type == "Activity"):
        return False
    value = statement.get("timestamp", _MISSING)
    if value is not _MISSING and not _timestamp(value):
        return False
    if substatement:
        return True
    value = statement.get("stored", _MISSING)
    if value is not _MISSING and not _timestamp(value):
        return False
    value = statement.get("authority", _MISSING)
    if value is not _MISSING and not _agent(value):
        return False
    value = statement.get("version", _MISSING)
    return value is _MISSING or value in (_VERSIONS_2 if v2 else _VERSIONS_1)
