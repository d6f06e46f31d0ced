"""The statements resource. Handlers parse, check, call the service or the selector, and render."""

from __future__ import annotations

import json
import re
import uuid

import orjson
from django.core import signing
from django.http import HttpResponse

from xapi.browser import browser_statement
from xapi.formats import accept_languages, as_canonical, as_ids, for_v1_reader
from xapi.http import XapiError, XapiRequest, consistent_through, json_response, lrs_resource
from xapi.models import AuthorityKind
from xapi.multipart import MultipartError, build_multipart_mixed, check_attachments, parse_multipart_mixed
from xapi.selectors import DEFAULT_LIMIT, StatementQuery, attachment_parts, statement_get, statements_page
from xapi.signature import SignatureError, find_signature_attachment, verify_signed_statement
from xapi.statements import statements_store
from xapi.validation import StatementValidationError, parse_timestamp, validate_agent_param, validate_statements

LIST_PARAMS = {
    "agent", "verb", "activity", "registration", "related_activities", "related_agents", "since", "until", "limit",
    "format", "attachments", "ascending",
}  # fmt: skip
SINGLE_PARAMS = {"statementId", "voidedStatementId", "format", "attachments"}
MAX_LIMIT = 500
MORE_SALT = "xapi.statements.more"


def _bool(params, name: str) -> bool:
    value = params.get(name, "false")
    if value not in ("true", "false"):
        raise XapiError(400, f"The parameter {name} must be true or false.")
    return value == "true"


def _uuid(value: str, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except (ValueError, TypeError):
        raise XapiError(400, f"The parameter {name} must be a UUID.") from None


_KEY_END = re.compile(rb'"\s*:')


def _key_count(node: object) -> int:
    if isinstance(node, dict):
        return len(node) + sum(_key_count(value) for value in node.values())
    if isinstance(node, list):
        return sum(_key_count(item) for item in node)
    return 0


def _reject_duplicates(pairs: list[tuple[str, object]]) -> dict:
    keys = [key for key, _value in pairs]
    if len(keys) != len(set(keys)):
        duplicate = next(key for key in keys if keys.count(key) > 1)
        raise XapiError(400, f"The key {duplicate!r} appears twice in one JSON object.", code="json")
    return dict(pairs)


def _parsed_key_count(body: bytes, data: object) -> int:
    """The number of keys in `data`. When no string of `body` holds a quote (no `\\"`, no `\\u0022`: nearly every
    statement), every `":` of orjson's own serialisation ends a key, and counting them in C is three times faster
    than walking the objects in Python; otherwise, walk them."""
    if b'\\"' not in body and b"\\u0022" not in body:
        try:
            return orjson.dumps(data).count(b'":')
        except orjson.JSONEncodeError:
            pass
    return _key_count(data)


def loads_strict(body: bytes) -> object:
    """orjson, plus what it lets through: a key repeated in one object is a 400 (XAPI-00021).

    Every key ends with `"` then `:`; when the text holds no more such marks than the parsed keys, no key can be
    repeated. Otherwise (a repeat, or a string containing `":`) the stdlib parser checks precisely.
    """
    data = orjson.loads(body)
    try:
        if len(_KEY_END.findall(body)) != _parsed_key_count(body, data):
            json.loads(body, object_pairs_hook=_reject_duplicates)
    except RecursionError:
        raise XapiError(400, "The JSON body is nested too deeply for a statement.", code="json") from None
    return data


def _read_body(xreq: XapiRequest) -> tuple[object, dict[str, tuple[str, bytes]]]:
    """The statements and the attachment parts of a PUT/POST body (application/json or multipart/mixed)."""
    parts: dict[str, tuple[str, bytes]] = {}
    body = xreq.body
    if xreq.content_type == "multipart/mixed":
        try:
            body, parts = parse_multipart_mixed(body, xreq.headers.get("content-type", ""))
        except MultipartError as error:
            raise XapiError(400, str(error), code="multipart") from None
    elif xreq.content_type != "application/json":
        raise XapiError(400, "Statements are sent as application/json or multipart/mixed.", code="content_type")
    try:
        data = loads_strict(body)
    except orjson.JSONDecodeError as error:
        raise XapiError(400, f"The body is not valid JSON: {error}.", code="json") from None
    return data, parts


def _check_statements(xreq: XapiRequest, statements: list[dict], parts: dict) -> list[dict]:
    try:
        validate_statements(statements if len(statements) > 1 else statements[0], version=xreq.version)
    except StatementValidationError as error:
        raise XapiError(400, str(error), code="invalid_statement") from None
    try:
        check_attachments(statements, parts)
    except MultipartError as error:
        raise XapiError(400, str(error), code="attachments") from None
    for statement in statements:
        signature = find_signature_attachment(statement)
        if signature is not None:
            part = parts.get(signature.get("sha2", "").lower())
            if part is None:
                raise XapiError(400, "A signed statement must carry its JWS signature as a part.", code="signature")
            try:
                verify_signed_statement(statement, part[1])
            except SignatureError as error:
                raise XapiError(400, f"Invalid statement signature: {error.message}", code="signature") from None
    if xreq.authority.kind == AuthorityKind.SESSION:
        statements = [browser_statement(s, authority=xreq.authority) for s in statements]
    return statements


def _require_write(xreq: XapiRequest) -> None:
    if not xreq.authority.allows("statements/write"):
        raise XapiError(403, "This credential may not write statements (scope statements/write).", code="scope")


def put_statement(xreq: XapiRequest) -> HttpResponse:
    _require_write(xreq)
    if set(xreq.params) - {"statementId"}:
        raise XapiError(400, f"Unexpected parameter(s): {', '.join(sorted(set(xreq.params) - {'statementId'}))}.")
    if "statementId" not in xreq.params:
        raise XapiError(400, "PUT /statements needs the statementId parameter.")
    statement_id = _uuid(xreq.params["statementId"], "statementId")
    data, parts = _read_body(xreq)
    if not isinstance(data, dict):
        raise XapiError(400, "PUT /statements takes one statement (a JSON object).")
    if "id" in data and str(data["id"]).lower() != str(statement_id):
        raise XapiError(400, "The statement's id differs from the statementId parameter.", code="id_mismatch")
    statement = {**data, "id": str(statement_id)}
    statements = _check_statements(xreq, [statement], parts)
    statements_store(statements=statements, authority=xreq.authority, version=xreq.version, attachments=parts)
    return HttpResponse(status=204)


def post_statements(xreq: XapiRequest) -> HttpResponse:
    if xreq.params:
        raise XapiError(400, f"Unexpected parameter(s) on POST: {', '.join(sorted(xreq.params))}.")
    _require_write(xreq)
    data, parts = _read_body(xreq)
    statements = data if isinstance(data, list) else [data]
    if not statements or not all(isinstance(s, dict) for s in statements):
        raise XapiError(400, "POST /statements takes a statement or a non-empty array of statements.")
    statements = _check_statements(xreq, statements, parts)
    ids = statements_store(statements=statements, authority=xreq.authority, version=xreq.version, attachments=parts)
    return json_response(ids)


def _query_from_params(xreq: XapiRequest, params) -> StatementQuery:
    unknown = set(params) - LIST_PARAMS
    if unknown:
        raise XapiError(400, f"Unknown parameter(s): {', '.join(sorted(unknown))}.")
    query = StatementQuery()
    if "agent" in params:
        try:
            agent = orjson.loads(params["agent"])
            validate_agent_param(agent, version=xreq.version)
        except (orjson.JSONDecodeError, StatementValidationError) as error:
            raise XapiError(400, f"Invalid agent parameter: {error}.") from None
        query.agent = agent
    query.verb = params.get("verb")
    query.activity = params.get("activity")
    if "registration" in params:
        query.registration = _uuid(params["registration"], "registration")
    for name in ("since", "until"):
        if name in params:
            try:
                setattr(query, name, parse_timestamp(params[name]))
            except ValueError:
                raise XapiError(400, f"The parameter {name} must be a timestamp.") from None
    query.related_agents = _bool(params, "related_agents")
    query.related_activities = _bool(params, "related_activities")
    query.ascending = _bool(params, "ascending")
    try:
        limit = int(params.get("limit", DEFAULT_LIMIT))  # 0: the most the server allows
    except ValueError:
        raise XapiError(400, "The parameter limit must be a non-negative integer.") from None
    if limit < 0:
        raise XapiError(400, "The parameter limit must be a non-negative integer.")
    query.limit = min(limit or MAX_LIMIT, MAX_LIMIT)
    if xreq.authority.allows("statements/read", "all/read"):
        pass
    elif xreq.authority.allows("statements/read/mine"):
        query.authority_key = xreq.authority.key
    else:
        raise XapiError(403, "This credential may not read statements.", code="scope")
    return query


def _format(params) -> str:
    value = params.get("format", "exact")
    if value not in ("exact", "ids", "canonical"):
        raise XapiError(400, "The parameter format must be exact, ids or canonical.")
    return value


def _render(xreq: XapiRequest, payloads: list[str], fmt: str) -> list[bytes]:
    """Stored JSON, reshaped only when the format or the reader's version asks for it."""
    rendered = []
    languages = accept_languages(xreq.headers.get("accept-language", ""))
    for payload in payloads:
        needs_v1 = not xreq.is_v2 and ('"version":"2.' in payload or '"contextAgents"' in payload
                                        or '"contextGroups"' in payload)  # fmt: skip
        if fmt == "exact" and not needs_v1:
            rendered.append(payload.encode())
            continue
        statement = orjson.loads(payload)
        if needs_v1:
            statement = for_v1_reader(statement)
        if fmt == "ids":
            statement = as_ids(statement)
        elif fmt == "canonical":
            statement = as_canonical(statement, languages)
        rendered.append(orjson.dumps(statement))
    return rendered


def _json_bytes(body: bytes) -> HttpResponse:
    return HttpResponse(body, content_type="application/json")


def _with_attachments(body: bytes, payloads: list[str]) -> HttpResponse:
    multipart, content_type = build_multipart_mixed(body, attachment_parts(payloads))
    return HttpResponse(multipart, content_type=content_type)


def get_statements(xreq: XapiRequest, token: str | None = None) -> HttpResponse:
    consistent = consistent_through()
    if token is not None:
        try:
            state = signing.loads(token, salt=MORE_SALT, max_age=24 * 3600)
        except signing.BadSignature:
            raise XapiError(400, "This 'more' link is invalid or has expired.") from None
        params, cursor = state["params"], state["cursor"]
    elif "statementId" in xreq.params or "voidedStatementId" in xreq.params:
        return _get_single(xreq, consistent)
    else:
        params, cursor = {name: xreq.params[name] for name in xreq.params}, None
    fmt, attachments = _format(params), _bool(params, "attachments")
    query = _query_from_params(xreq, params)
    query.cursor = cursor
    payloads, next_cursor = statements_page(query)
    more_url = ""
    if next_cursor is not None:
        more_token = signing.dumps({"params": params, "cursor": next_cursor}, salt=MORE_SALT, compress=True)
        more_url = f"/xapi/statements/more/{more_token}"
    rendered = _render(xreq, payloads, fmt)
    body = b'{"statements":[' + b",".join(rendered) + b'],"more":' + orjson.dumps(more_url) + b"}"
    response = _with_attachments(body, payloads) if attachments else _json_bytes(body)
    response["X-Experience-API-Consistent-Through"] = consistent
    return response


def _get_single(xreq: XapiRequest, consistent: str) -> HttpResponse:
    fmt, attachments = _format(xreq.params), _bool(xreq.params, "attachments")
    unexpected = set(xreq.params) - SINGLE_PARAMS
    if unexpected or ("statementId" in xreq.params and "voidedStatementId" in xreq.params):
        raise XapiError(400, "statementId/voidedStatementId can only be combined with format and attachments.")
    voided = "voidedStatementId" in xreq.params
    statement_id = _uuid(xreq.params["voidedStatementId" if voided else "statementId"], "statementId")
    if not xreq.authority.allows("statements/read", "all/read", "statements/read/mine"):
        raise XapiError(403, "This credential may not read statements.", code="scope")
    mine = None if xreq.authority.allows("statements/read", "all/read") else xreq.authority.key
    payload = statement_get(statement_id=statement_id, voided=voided, authority_key=mine)
    if payload is None:
        headers = {"X-Experience-API-Consistent-Through": consistent}
        raise XapiError(404, "No such statement.", code="not_found", headers=headers)
    body = _render(xreq, [payload], fmt)[0]
    response = _with_attachments(body, [payload]) if attachments else _json_bytes(body)
    response["X-Experience-API-Consistent-Through"] = consistent
    last_modified = parse_timestamp(orjson.loads(payload)["stored"])
    response["Last-Modified"] = last_modified.strftime("%a, %d %b %Y %H:%M:%S GMT")
    return response


statements_view = lrs_resource(
    methods={"GET": get_statements, "PUT": put_statement, "POST": post_statements}, statements=True
)
statements_more_view = lrs_resource(methods={"GET": get_statements}, statements=True)
