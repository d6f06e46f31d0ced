"""Strict validation of xAPI statements (Data part of xAPI 1.0.3 and of xAPI 2.0 / IEEE 9274.1.1). Stdlib only.

The LRS calls `validate_statements` on every PUT/POST body before storing anything (all-or-nothing: the first error
raises), `validate_agent_param` on the `agent` parameter of GET /statements and of the document resources, and
`parse_timestamp` to index `timestamp`/`stored` and to read `since`/`until`.

Version rules (the `version` argument is the request's X-Experience-API-Version):

* 1.0.x requests accept a statement `version` of "1.0" or "1.0.x" only (1.0.3 Data 2.4.10: "An LRS MUST reject all
  Statements with a version specified that does not start with 1.0."); the 2.0-only context properties
  `contextAgents` and `contextGroups` are unknown properties there and are rejected like any other.
* 2.0 requests accept "2.0"/"2.0.x" and also "1.0"/"1.0.x": the 1.0.x data model is a subset of 2.0's, and 2.0
  (9274.1.1, Version) asks the LRS to accept statements whose version starts with 1.0. or 2.0. if they otherwise
  validate. Timestamps must then be RFC 3339 with a time zone, whatever the statement's own version.

Error paths look like `statements[2].actor.mbox` or `statement.verb.display["en US"]`.
"""

from .fast import statement_ok as _statement_ok
from .formats import (
    StatementValidationError,
    check_iri,
    check_uuid,
    json_type,
    parse_timestamp,
    validate_duration,
    validate_extensions,
    validate_language_map,
    validate_timestamp,
)
from .structure import validate_agent as _validate_agent
from .structure import validate_group, validate_statement_object

__all__ = [
    "StatementValidationError",
    "parse_timestamp",
    "validate_activity_id",
    "validate_agent_param",
    "validate_duration",
    "validate_extensions",
    "validate_language_map",
    "validate_statement",
    "validate_statements",
    "validate_timestamp",
    "validate_uuid",
]


def _is_v2(version: str) -> bool:
    if version[:4] == "1.0." or version == "1.0":
        return False
    if version[:4] == "2.0." or version == "2.0":
        return True
    raise ValueError(f"unsupported X-Experience-API-Version {version!r}: negotiate the version before validating")


def _fast_ok(statement: object, v2: bool) -> bool:
    """The fast check (`fast.statement_ok`): True only for a valid statement; False sends it to the reference."""
    if type(statement) is not dict:
        return False
    try:
        return _statement_ok(statement, v2)
    except TypeError:  # an unhashable value where an IRI, a tag or a type was expected: the reference says where
        return False


def validate_statement(statement: object, *, version: str = "1.0.3", path: str = "statement") -> None:
    """Raise `StatementValidationError` unless `statement` is a valid statement for an xAPI `version` request."""
    v2 = _is_v2(version)
    if not _fast_ok(statement, v2):
        validate_statement_object(statement, path, v2)


def validate_statements(statements: object, *, version: str = "1.0.3") -> None:
    """A POST/PUT body: one statement (an object) or a non-empty array of statements.

    All-or-nothing: the first invalid statement raises, with its index in the path (`statements[3]...`). Two
    statements of one batch with the same id are rejected too (Communication 2.1.2: the LRS rejects the batch).
    """
    v2 = _is_v2(version)
    if type(statements) is dict:
        if not _fast_ok(statements, v2):
            validate_statement_object(statements, "statement", v2)
        return
    if type(statements) is not list:
        raise StatementValidationError(
            "statements", "must be a statement object or an array of statements, not " + json_type(statements)
        )
    if not statements:
        raise StatementValidationError("statements", "must not be an empty array")
    seen_ids: dict[str, int] = {}
    for index, statement in enumerate(statements):
        if not _fast_ok(statement, v2):
            validate_statement_object(statement, f"statements[{index}]", v2)
        statement_id = statement.get("id")
        if statement_id is not None:
            statement_id = statement_id.lower()
            if statement_id in seen_ids:
                first = seen_ids[statement_id]
                raise StatementValidationError(
                    f"statements[{index}].id", f"repeats the id of statements[{first}] in the same batch"
                )
            seen_ids[statement_id] = index


def validate_agent_param(value: object, *, version: str, path: str = "agent") -> None:
    """The `agent` parameter (GET /statements filter, state and agent profile resources, GET /agents): an Agent or an
    identified Group, already parsed from its JSON. Anonymous Groups identify no one and are rejected."""
    _is_v2(version)
    if type(value) is dict and value.get("objectType") == "Group":
        validate_group(value, path, identified_only=True)
    else:
        _validate_agent(value, path)


def validate_activity_id(value: object, *, path: str = "activityId") -> None:
    """An Activity id: an absolute IRI."""
    check_iri(value, path)


def validate_uuid(value: object, *, path: str = "statementId") -> None:
    """A statement id or registration: a UUID in its canonical textual form (any variant, any case)."""
    check_uuid(value, path)
