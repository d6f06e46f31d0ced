"""The shape of statements: which keys each object may have, which are required, and how objects nest.

Hand-written rather than a JSON Schema: the hot path is a handful of `frozenset.issuperset` checks, type checks and
cached format checks, under 20 µs a statement (bench/lrs_validate.py). Error paths build precise messages.
"""

from typing import NoReturn

from .formats import (
    _valid_iris,
    check_iri,
    check_mbox,
    check_media_type,
    check_sha1sum,
    check_sha2,
    check_uuid,
    expect_string,
    fail,
    json_type,
    validate_duration,
    validate_extensions,
    validate_language_map,
    validate_timestamp,
)

VOIDED_VERB = "http://adlnet.gov/expapi/verbs/voided"
SIGNATURE_USAGE_TYPE = "http://adlnet.gov/expapi/attachments/signature"

_IFI_KEYS = ("mbox", "mbox_sha1sum", "openid", "account")
_AGENT_KEYS = frozenset({"objectType", "name", *_IFI_KEYS})
_GROUP_KEYS = _AGENT_KEYS | {"member"}
_ACCOUNT_KEYS = frozenset({"homePage", "name"})
_VERB_KEYS = frozenset({"id", "display"})
_ACTIVITY_KEYS = frozenset({"objectType", "id", "definition"})
_STATEMENT_REF_KEYS = frozenset({"objectType", "id"})
_DEFINITION_BASIC_KEYS = frozenset({"name", "description", "type", "moreInfo", "extensions"})
_COMPONENT_LISTS = ("choices", "scale", "source", "target", "steps")
_INTERACTION_KEYS = frozenset({"interactionType", "correctResponsesPattern", *_COMPONENT_LISTS})
_DEFINITION_KEYS = _DEFINITION_BASIC_KEYS | _INTERACTION_KEYS
_COMPONENT_KEYS = frozenset({"id", "description"})
_INTERACTION_COMPONENTS = {
    "true-false": (),
    "choice": ("choices",),
    "fill-in": (),
    "long-fill-in": (),
    "matching": ("source", "target"),
    "performance": ("steps",),
    "sequencing": ("choices",),
    "likert": ("scale",),
    "numeric": (),
    "other": (),
}
_RESULT_KEYS = frozenset({"score", "success", "completion", "response", "duration", "extensions"})
_SCORE_KEYS = frozenset({"scaled", "raw", "min", "max"})
_CONTEXT_KEYS_1 = frozenset(
    {"registration", "instructor", "team", "contextActivities", "revision", "platform", "language", "statement"}
    | {"extensions"}
)
_CONTEXT_KEYS_2 = _CONTEXT_KEYS_1 | {"contextAgents", "contextGroups"}
_CONTEXT_ACTIVITIES_KEYS = frozenset({"parent", "grouping", "category", "other"})
_CONTEXT_AGENT_KEYS = frozenset({"objectType", "agent", "relevantTypes"})
_CONTEXT_GROUP_KEYS = frozenset({"objectType", "group", "relevantTypes"})
_ATTACHMENT_KEYS = frozenset({"usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"})
_STATEMENT_KEYS = frozenset(
    {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority", "version"}
    | {"attachments"}
)
_SUBSTATEMENT_KEYS = frozenset(
    {"objectType", "actor", "verb", "object", "result", "context", "timestamp"} | {"attachments"}
)
_SUBSTATEMENT_FORBIDDEN = ("id", "stored", "version", "authority")
_INFINITY = float("inf")
_OBJECT_TYPES = "Activity, Agent, Group, StatementRef or SubStatement"


def _unknown_keys(obj: dict, allowed: frozenset, path: str, what: str) -> NoReturn:
    unknown = sorted(k for k in obj if k not in allowed)
    key = unknown[0]
    matches = [k for k in allowed if k.lower() == key.lower()]
    hint = f" (keys are case-sensitive: did you mean {matches[0]!r}?)" if matches else ""
    fail(f"{path}.{key}", f"{what} has no property {key!r}{hint}; allowed: {', '.join(sorted(allowed))}")


def _require_object(value: object, path: str, what: str) -> None:
    if type(value) is not dict:
        fail(path, f"{what} must be an object, not {json_type(value)}")


def _require_non_empty(obj: dict, path: str, what: str) -> None:
    if not obj:
        fail(path, f"{what} must not be an empty object (omit it instead)")


# --- actors ----------------------------------------------------------------------------------------------------------


def _ifi_count(obj: dict, path: str, what: str) -> int:
    """Validate the Inverse Functional Identifiers present and return how many there are."""
    count = 0
    if "account" in obj:
        count = 1
        account = obj["account"]
        apath = path + ".account"
        _require_object(account, apath, "an account")
        if not _ACCOUNT_KEYS.issuperset(account):
            _unknown_keys(account, _ACCOUNT_KEYS, apath, "an account")
        if "homePage" not in account or "name" not in account:
            missing = "homePage" if "homePage" not in account else "name"
            fail(f"{apath}.{missing}", f"an account requires both homePage and name ({missing} is missing)")
        check_iri(account["homePage"], apath + ".homePage", "an IRL")
        expect_string(account["name"], apath + ".name")
    if "mbox" in obj:
        count += 1
        check_mbox(obj["mbox"], path + ".mbox")
    if "mbox_sha1sum" in obj:
        count += 1
        check_sha1sum(obj["mbox_sha1sum"], path + ".mbox_sha1sum")
    if "openid" in obj:
        count += 1
        check_iri(obj["openid"], path + ".openid", "an OpenID URI")
    if count > 1:
        found = ", ".join(k for k in _IFI_KEYS if k in obj)
        fail(path, f"{what} must have exactly one of mbox, mbox_sha1sum, openid, account (found {found})")
    return count


def validate_agent(obj: object, path: str, object_type_required: bool = False) -> None:
    if type(obj) is not dict:
        fail(path, f"an Agent must be an object, not {json_type(obj)}")
    if not _AGENT_KEYS.issuperset(obj):
        if "member" in obj:
            fail(path + ".member", "only a Group has members (set objectType to 'Group')")
        _unknown_keys(obj, _AGENT_KEYS, path, "an Agent")
    if "objectType" in obj:
        if obj["objectType"] != "Agent":
            fail(path + ".objectType", f"must be 'Agent' here (got {obj['objectType']!r})")
    elif object_type_required:
        fail(path + ".objectType", "an Agent used as a statement object must have objectType 'Agent'")
    if "name" in obj:
        expect_string(obj["name"], path + ".name")
    if _ifi_count(obj, path, "an Agent") == 0:
        fail(path, "an Agent must have exactly one of mbox, mbox_sha1sum, openid, account (found none)")


def validate_group(obj: dict, path: str, identified_only: bool = False) -> int:
    """A Group (objectType 'Group' already checked or required by the caller). Returns its member count."""
    if not _GROUP_KEYS.issuperset(obj):
        _unknown_keys(obj, _GROUP_KEYS, path, "a Group")
    if "name" in obj:
        expect_string(obj["name"], path + ".name")
    identified = _ifi_count(obj, path, "a Group") == 1
    if not identified and identified_only:
        fail(path, "must be an Agent or an identified Group (a Group with one of mbox, mbox_sha1sum, openid, account)")
    if "member" not in obj:
        if not identified:
            fail(path + ".member", "an anonymous Group (no mbox, mbox_sha1sum, openid or account) requires 'member'")
        return 0
    members = obj["member"]
    mpath = path + ".member"
    if type(members) is not list:
        fail(mpath, f"must be an array of Agents, not {json_type(members)}")
    if not members and not identified:
        fail(mpath, "an anonymous Group must list at least one Agent")
    for index, member in enumerate(members):
        if type(member) is dict and member.get("objectType") == "Group":
            fail(f"{mpath}[{index}].objectType", "a Group's members must be Agents, not Groups")
        validate_agent(member, f"{mpath}[{index}]")
    return len(members)


def validate_actor(obj: object, path: str) -> None:
    """An Agent or a Group (the statement's actor, context.instructor)."""
    if type(obj) is dict and obj.get("objectType") == "Group":
        validate_group(obj, path)
    else:
        validate_agent(obj, path)


def _validate_group_required(obj: object, path: str, what: str) -> None:
    if type(obj) is not dict:
        fail(path, f"{what} must be a Group object, not {json_type(obj)}")
    if obj.get("objectType") != "Group":
        fail(path + ".objectType", f"{what} must be a Group (objectType 'Group')")
    validate_group(obj, path)


def _validate_authority(obj: object, path: str) -> None:
    if type(obj) is dict and obj.get("objectType") == "Group":
        if validate_group(obj, path) != 2:
            fail(path + ".member", "a Group authority (3-legged OAuth) must have exactly two Agents as members")
    else:
        validate_agent(obj, path)


# --- verb, activities ------------------------------------------------------------------------------------------------


def _validate_verb(verb: object, path: str) -> str:
    if type(verb) is not dict:
        _require_object(verb, path, "the verb")
    if not _VERB_KEYS.issuperset(verb):
        _unknown_keys(verb, _VERB_KEYS, path, "a Verb")
    if "id" not in verb:
        fail(path + ".id", "a Verb requires an id (an IRI)")
    verb_id = verb["id"]
    if type(verb_id) is not str or verb_id not in _valid_iris:
        check_iri(verb_id, path + ".id")
    if "display" in verb:
        validate_language_map(verb["display"], path + ".display")
    return verb_id


def _validate_components(components: object, path: str) -> None:
    if type(components) is not list:
        fail(path, f"must be an array of interaction components, not {json_type(components)}")
    seen = set()
    for index, component in enumerate(components):
        cpath = f"{path}[{index}]"
        _require_object(component, cpath, "an interaction component")
        if not _COMPONENT_KEYS.issuperset(component):
            _unknown_keys(component, _COMPONENT_KEYS, cpath, "an interaction component")
        if "id" not in component:
            fail(cpath + ".id", "an interaction component requires an id")
        component_id = component["id"]
        if type(component_id) is not str or not component_id:
            fail(cpath + ".id", f"must be a non-empty string, not {json_type(component_id)}")
        if component_id in seen:
            fail(cpath + ".id", f"interaction component ids must be distinct within {path} ({component_id!r} repeats)")
        seen.add(component_id)
        if "description" in component:
            validate_language_map(component["description"], cpath + ".description")


def _validate_interaction(definition: dict, path: str) -> None:
    if "interactionType" not in definition:
        present = next(k for k in ("correctResponsesPattern", *_COMPONENT_LISTS) if k in definition)
        fail(path + ".interactionType", f"an interaction Activity with {present!r} requires an interactionType")
    interaction_type = definition["interactionType"]
    allowed = _INTERACTION_COMPONENTS.get(interaction_type) if type(interaction_type) is str else None
    if allowed is None:
        fail(
            path + ".interactionType",
            f"must be one of {', '.join(_INTERACTION_COMPONENTS)} (case-sensitive; got {interaction_type!r})",
        )
    if "correctResponsesPattern" in definition:
        patterns = definition["correctResponsesPattern"]
        ppath = path + ".correctResponsesPattern"
        if type(patterns) is not list:
            fail(ppath, f"must be an array of strings, not {json_type(patterns)}")
        for index, pattern in enumerate(patterns):
            expect_string(pattern, f"{ppath}[{index}]")
    for key in _COMPONENT_LISTS:
        if key in definition:
            if key not in allowed:
                fail(f"{path}.{key}", f"is not allowed for interactionType {interaction_type!r}")
            _validate_components(definition[key], f"{path}.{key}")


def validate_activity(obj: dict, path: str) -> None:
    """An Activity object (objectType, when present, already known to be 'Activity' or checked here)."""
    if not _ACTIVITY_KEYS.issuperset(obj):
        _unknown_keys(obj, _ACTIVITY_KEYS, path, "an Activity")
    if "objectType" in obj and obj["objectType"] != "Activity":
        fail(path + ".objectType", f"must be 'Activity' here (got {obj['objectType']!r})")
    if "id" not in obj:
        fail(path + ".id", "an Activity requires an id (an IRI)")
    activity_id = obj["id"]
    if type(activity_id) is not str or activity_id not in _valid_iris:
        check_iri(activity_id, path + ".id")
    if "definition" not in obj:
        return
    definition = obj["definition"]
    dpath = path + ".definition"
    if type(definition) is not dict:
        _require_object(definition, dpath, "an Activity definition")
    _require_non_empty(definition, dpath, "an Activity definition")
    if not _DEFINITION_BASIC_KEYS.issuperset(definition):
        if not _DEFINITION_KEYS.issuperset(definition):
            _unknown_keys(definition, _DEFINITION_KEYS, dpath, "an Activity definition")
        _validate_interaction(definition, dpath)
    if "name" in definition:
        validate_language_map(definition["name"], dpath + ".name")
    if "description" in definition:
        validate_language_map(definition["description"], dpath + ".description")
    if "type" in definition:
        activity_type = definition["type"]
        if type(activity_type) is not str or activity_type not in _valid_iris:
            check_iri(activity_type, dpath + ".type")
    if "moreInfo" in definition:
        check_iri(definition["moreInfo"], dpath + ".moreInfo", "an IRL")
    if "extensions" in definition:
        validate_extensions(definition["extensions"], dpath + ".extensions")


def _validate_statement_ref(obj: dict, path: str) -> None:
    if not _STATEMENT_REF_KEYS.issuperset(obj):
        _unknown_keys(obj, _STATEMENT_REF_KEYS, path, "a StatementRef")
    if obj.get("objectType") != "StatementRef":
        fail(path + ".objectType", "a Statement Reference must have objectType 'StatementRef'")
    if "id" not in obj:
        fail(path + ".id", "a StatementRef requires the id (a UUID) of the statement it references")
    check_uuid(obj["id"], path + ".id")


def _validate_object(obj: object, path: str, v2: bool, in_substatement: bool) -> str:
    """The statement's object; returns its objectType ('Activity' when omitted)."""
    if type(obj) is not dict:
        _require_object(obj, path, "the object")
    object_type = obj.get("objectType", "Activity")
    if object_type == "Activity":
        validate_activity(obj, path)
    elif object_type == "Agent":
        validate_agent(obj, path, object_type_required=True)
    elif object_type == "Group":
        validate_group(obj, path)
    elif object_type == "StatementRef":
        _validate_statement_ref(obj, path)
    elif object_type == "SubStatement":
        if in_substatement:
            fail(path + ".objectType", "a SubStatement must not contain a SubStatement as its object")
        _validate_statement(obj, path, v2, True)
    else:
        fail(path + ".objectType", f"must be one of {_OBJECT_TYPES} (case-sensitive; got {object_type!r})")
    return object_type


# --- result, context, attachments ------------------------------------------------------------------------------------


def _check_number(value: object, path: str) -> float:
    if type(value) is int:
        return value
    if type(value) is not float:
        fail(path, f"must be a number, not {json_type(value)}")
    if not -_INFINITY < value < _INFINITY:  # also false for NaN
        fail(path, "must be a finite number")
    return value


def _validate_score(score: object, path: str) -> None:
    _require_object(score, path, "a score")
    _require_non_empty(score, path, "a score")
    if not _SCORE_KEYS.issuperset(score):
        _unknown_keys(score, _SCORE_KEYS, path, "a score")
    if "scaled" in score:
        scaled = _check_number(score["scaled"], path + ".scaled")
        if not -1 <= scaled <= 1:
            fail(path + ".scaled", f"must be between -1 and 1 inclusive (got {scaled})")
    low = _check_number(score["min"], path + ".min") if "min" in score else None
    high = _check_number(score["max"], path + ".max") if "max" in score else None
    if low is not None and high is not None and not low < high:
        fail(path + ".max", f"must be greater than min ({low}; got {high})")
    if "raw" in score:
        raw = _check_number(score["raw"], path + ".raw")
        if low is not None and raw < low:
            fail(path + ".raw", f"must be between min and max (min is {low}; got {raw})")
        if high is not None and raw > high:
            fail(path + ".raw", f"must be between min and max (max is {high}; got {raw})")


def _validate_result(result: object, path: str) -> None:
    _require_object(result, path, "the result")
    _require_non_empty(result, path, "the result")
    if not _RESULT_KEYS.issuperset(result):
        _unknown_keys(result, _RESULT_KEYS, path, "a Result")
    if "score" in result:
        _validate_score(result["score"], path + ".score")
    for key in ("success", "completion"):
        if key in result and result[key] is not True and result[key] is not False:
            fail(f"{path}.{key}", f"must be a boolean (true or false), not {json_type(result[key])}")
    if "response" in result:
        expect_string(result["response"], path + ".response")
    if "duration" in result:
        validate_duration(result["duration"], path + ".duration")
    if "extensions" in result:
        validate_extensions(result["extensions"], path + ".extensions")


_PLAIN_ACTIVITY_KEYS = frozenset({"objectType", "id"})


def _is_plain_known_activity(activity: object) -> bool:
    """An Activity with no definition whose id is an IRI already checked: nothing else to check."""
    if type(activity) is not dict or not _PLAIN_ACTIVITY_KEYS.issuperset(activity):
        return False
    activity_id = activity.get("id")
    return (
        type(activity_id) is str
        and activity_id in _valid_iris
        and ("objectType" not in activity or activity["objectType"] == "Activity")
    )


def _validate_context_activities(value: object, path: str) -> None:
    _require_object(value, path, "contextActivities")
    _require_non_empty(value, path, "contextActivities")
    if not _CONTEXT_ACTIVITIES_KEYS.issuperset(value):
        _unknown_keys(value, _CONTEXT_ACTIVITIES_KEYS, path, "contextActivities")
    for key, activities in value.items():
        if type(activities) is list and all(map(_is_plain_known_activity, activities)):
            continue  # the usual case, without building a path per activity
        kpath = f"{path}.{key}"
        if type(activities) is list:
            for index, activity in enumerate(activities):
                if type(activity) is not dict:
                    _require_object(activity, f"{kpath}[{index}]", "a context Activity")
                validate_activity(activity, f"{kpath}[{index}]")
        elif type(activities) is dict:
            validate_activity(activities, kpath)
        else:
            fail(kpath, f"must be an Activity or an array of Activities, not {json_type(activities)}")


def _validate_relevant_types(entry: dict, path: str) -> None:
    if "relevantTypes" not in entry:
        return
    types = entry["relevantTypes"]
    tpath = path + ".relevantTypes"
    if type(types) is not list or not types:
        fail(tpath, f"must be a non-empty array of IRIs (got {json_type(types)})")
    for index, iri in enumerate(types):
        check_iri(iri, f"{tpath}[{index}]")


def _validate_context_agents(value: object, path: str) -> None:
    if type(value) is not list:
        fail(path, f"must be an array of contextAgent objects, not {json_type(value)}")
    for index, entry in enumerate(value):
        epath = f"{path}[{index}]"
        _require_object(entry, epath, "a contextAgent")
        if not _CONTEXT_AGENT_KEYS.issuperset(entry):
            _unknown_keys(entry, _CONTEXT_AGENT_KEYS, epath, "a contextAgent")
        if entry.get("objectType") != "contextAgent":
            fail(epath + ".objectType", f"must be 'contextAgent' (got {entry.get('objectType')!r})")
        if "agent" not in entry:
            fail(epath + ".agent", "a contextAgent requires an agent")
        agent = entry["agent"]
        if type(agent) is dict and agent.get("objectType") == "Group":
            fail(epath + ".agent.objectType", "a contextAgent's agent must be an Agent (use contextGroups for Groups)")
        validate_agent(agent, epath + ".agent")
        _validate_relevant_types(entry, epath)


def _validate_context_groups(value: object, path: str) -> None:
    if type(value) is not list:
        fail(path, f"must be an array of contextGroup objects, not {json_type(value)}")
    for index, entry in enumerate(value):
        epath = f"{path}[{index}]"
        _require_object(entry, epath, "a contextGroup")
        if not _CONTEXT_GROUP_KEYS.issuperset(entry):
            _unknown_keys(entry, _CONTEXT_GROUP_KEYS, epath, "a contextGroup")
        if entry.get("objectType") != "contextGroup":
            fail(epath + ".objectType", f"must be 'contextGroup' (got {entry.get('objectType')!r})")
        if "group" not in entry:
            fail(epath + ".group", "a contextGroup requires a group")
        _validate_group_required(entry["group"], epath + ".group", "a contextGroup's group")
        _validate_relevant_types(entry, epath)


def _validate_context(context: object, path: str, v2: bool, object_type: str) -> None:
    _require_object(context, path, "the context")
    _require_non_empty(context, path, "the context")
    allowed = _CONTEXT_KEYS_2 if v2 else _CONTEXT_KEYS_1
    if not allowed.issuperset(context):
        _unknown_keys(context, allowed, path, "a Context" if v2 else "a Context (xAPI 1.0.x)")
    if "registration" in context:
        check_uuid(context["registration"], path + ".registration")
    if "contextActivities" in context:
        _validate_context_activities(context["contextActivities"], path + ".contextActivities")
    if "instructor" in context:
        validate_actor(context["instructor"], path + ".instructor")
    if "team" in context:
        _validate_group_required(context["team"], path + ".team", "the team")
    for key in ("revision", "platform"):
        if key in context:
            expect_string(context[key], f"{path}.{key}")
            if object_type != "Activity":
                fail(f"{path}.{key}", f"{key!r} may only be used when the object is an Activity (it is {object_type})")
    if "language" in context:
        language = context["language"]
        expect_string(language, path + ".language")
        if not language or not language.replace("-", "").isalnum() or not language.isascii():
            fail(path + ".language", f"must be an RFC 5646 language tag (got {language!r})")
    if "statement" in context:
        statement_ref = context["statement"]
        _require_object(statement_ref, path + ".statement", "context.statement")
        _validate_statement_ref(statement_ref, path + ".statement")
    if "extensions" in context:
        validate_extensions(context["extensions"], path + ".extensions")
    if "contextAgents" in context:
        _validate_context_agents(context["contextAgents"], path + ".contextAgents")
    if "contextGroups" in context:
        _validate_context_groups(context["contextGroups"], path + ".contextGroups")


def _validate_attachments(attachments: object, path: str) -> None:
    if type(attachments) is not list:
        fail(path, f"must be an array of attachment objects, not {json_type(attachments)}")
    for index, attachment in enumerate(attachments):
        apath = f"{path}[{index}]"
        _require_object(attachment, apath, "an attachment")
        if not _ATTACHMENT_KEYS.issuperset(attachment):
            _unknown_keys(attachment, _ATTACHMENT_KEYS, apath, "an attachment")
        for key in ("usageType", "display", "contentType", "length", "sha2"):
            if key not in attachment:
                fail(f"{apath}.{key}", f"an attachment requires {key!r}")
        check_iri(attachment["usageType"], apath + ".usageType")
        validate_language_map(attachment["display"], apath + ".display")
        if "description" in attachment:
            validate_language_map(attachment["description"], apath + ".description")
        check_media_type(attachment["contentType"], apath + ".contentType")
        length = attachment["length"]
        if type(length) is not int or length < 0:
            fail(apath + ".length", f"must be a non-negative integer (the size in octets), not {json_type(length)}")
        check_sha2(attachment["sha2"], apath + ".sha2")
        if "fileUrl" in attachment:
            check_iri(attachment["fileUrl"], apath + ".fileUrl", "an IRL")
        if attachment["usageType"] == SIGNATURE_USAGE_TYPE and attachment["contentType"] != "application/octet-stream":
            fail(apath + ".contentType", "a signature attachment must have contentType 'application/octet-stream'")


# --- statements ------------------------------------------------------------------------------------------------------


def _validate_statement(statement: dict, path: str, v2: bool, is_substatement: bool) -> None:
    if is_substatement:
        for key in _SUBSTATEMENT_FORBIDDEN:
            if key in statement:
                fail(f"{path}.{key}", f"a SubStatement must not have {key!r}")
        if not _SUBSTATEMENT_KEYS.issuperset(statement):
            _unknown_keys(statement, _SUBSTATEMENT_KEYS, path, "a SubStatement")
    elif not _STATEMENT_KEYS.issuperset(statement):
        _unknown_keys(statement, _STATEMENT_KEYS, path, "a Statement")
    for key in ("actor", "verb", "object"):
        if key not in statement:
            fail(f"{path}.{key}", f"a {'SubStatement' if is_substatement else 'Statement'} requires {key!r}")
    if "id" in statement:
        check_uuid(statement["id"], path + ".id")
    validate_actor(statement["actor"], path + ".actor")
    verb_id = _validate_verb(statement["verb"], path + ".verb")
    object_type = _validate_object(statement["object"], path + ".object", v2, is_substatement)
    if verb_id == VOIDED_VERB and object_type != "StatementRef":
        fail(path + ".object", "a voiding statement (verb 'voided') must have a StatementRef as its object")
    if "result" in statement:
        _validate_result(statement["result"], path + ".result")
    if "context" in statement:
        _validate_context(statement["context"], path + ".context", v2, object_type)
    if "timestamp" in statement:
        validate_timestamp(statement["timestamp"], path + ".timestamp", version="2" if v2 else "1")
    if "attachments" in statement:
        _validate_attachments(statement["attachments"], path + ".attachments")
    if is_substatement:
        return
    if "stored" in statement:
        validate_timestamp(statement["stored"], path + ".stored", version="2" if v2 else "1")
    if "authority" in statement:
        _validate_authority(statement["authority"], path + ".authority")
    if "version" in statement:
        _validate_statement_version(statement["version"], path + ".version", v2)


def _validate_statement_version(value: object, path: str, v2: bool) -> None:
    expect_string(value, path)
    major, _, rest = value.partition(".0")
    if major not in (("1", "2") if v2 else ("1",)) or not (rest == "" or (rest[:1] == "." and rest[1:].isdigit())):
        accepted = "1.0, 1.0.x, 2.0 or 2.0.x" if v2 else "1.0 or 1.0.x"
        fail(path, f"must be {accepted} for this request's X-Experience-API-Version (got {value!r})")
    if not rest[1:].isascii():
        fail(path, f"must be a version number (got {value!r})")


def validate_statement_object(statement: object, path: str, v2: bool) -> None:
    if type(statement) is not dict:
        fail(path, f"a Statement must be an object, not {json_type(statement)}")
    _validate_statement(statement, path, v2, False)
