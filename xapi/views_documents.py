"""The document resources (activities/state, activities/profile, agents/profile) and the agents, activities and about
resources. Handlers parse and check parameters and permissions, call one service or selector, and render."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

import orjson
from django.http import HttpResponse, QueryDict
from django.utils.http import http_date

from xapi.actors import agent_key
from xapi.documents import (
    JSON,
    MAX_KEY_LENGTH,
    DocumentError,
    DocumentScope,
    Preconditions,
    activity_object,
    document_delete,
    document_get,
    document_ids,
    document_merge,
    document_put,
    etag_of,
    media_type,
    parse_json,
    person_object,
    put_requires_precondition,
)
from xapi.http import XapiError, XapiRequest, lrs_resource
from xapi.models import AuthorityKind, Document, DocumentKind
from xapi.validation import (
    StatementValidationError,
    parse_timestamp,
    validate_activity_id,
    validate_agent_param,
    validate_uuid,
)

T = TypeVar("T")
ABOUT_VERSIONS = ["1.0.3", "2.0.0"]
ERROR_STATUS = {"precondition_failed": 412, "conflict": 409, "merge_not_json": 400, "not_json": 400}


@dataclass(frozen=True)
class DocumentResource:
    kind: DocumentKind
    id_param: str  # stateId or profileId
    context: tuple[str, ...]  # the parameters that place the document: activityId, agent, registration
    scope: str  # the xAPI scope that grants it (besides all, and all/read for reads)
    delete_all: bool = False  # DELETE without an id clears the context (state resource only)

    def allowed(self, method: str) -> set[str]:
        names = {*self.context, self.id_param}
        # XAPI-00205/00223: a state DELETE of several documents may be narrowed with `since`
        with_since = method in ("GET", "HEAD") or (method == "DELETE" and self.delete_all)
        return names | {"since"} if with_since else names


STATE = DocumentResource(DocumentKind.STATE, "stateId", ("activityId", "agent", "registration"), "state", True)
ACTIVITY_PROFILE = DocumentResource(DocumentKind.ACTIVITY_PROFILE, "profileId", ("activityId",), "profile")
AGENT_PROFILE = DocumentResource(DocumentKind.AGENT_PROFILE, "profileId", ("agent",), "profile")


# --- parameters --------------------------------------------------------------------------------------------------


def check_params(params: QueryDict, allowed: set[str]) -> None:
    """Communication 3.2: "The LRS MUST reject with 400 Bad Request status any requests that use any parameters which
    the LRS does not recognize in their intended context" (and those matching a known one in all but case)."""
    unknown = sorted(set(params) - allowed)
    if unknown:
        known = {name.lower(): name for name in allowed}
        hints = [f"{name!r} (did you mean {known[name.lower()]!r}? names are case-sensitive)" for name in unknown
                 if name.lower() in known]  # fmt: skip
        listed = ", ".join(hints or [repr(name) for name in unknown])
        raise XapiError(400, f"Unexpected parameter(s) {listed}; this request takes {', '.join(sorted(allowed))}.",
                        code="parameter")  # fmt: skip
    repeated = sorted(name for name in params if len(params.getlist(name)) > 1)
    if repeated:
        raise XapiError(400, f"The parameter(s) {', '.join(repeated)} must be given once.", code="parameter")


def _required(params: QueryDict, name: str) -> str:
    value = params.get(name)
    if not value:
        raise XapiError(400, f"The {name} parameter is required.", code="parameter")
    return value


def _key_part(value: str, name: str) -> str:
    if "\x00" in value:
        raise XapiError(400, f"The {name} parameter contains a NUL character.", code="parameter")
    if len(value) > MAX_KEY_LENGTH:
        raise XapiError(400, f"The {name} parameter is longer than {MAX_KEY_LENGTH} characters.", code="parameter")
    return value


def agent_param(xreq: XapiRequest, *, groups: bool = True) -> dict:
    """The `agent` parameter: JSON, an Agent (or an identified Group where `groups`), validated."""
    raw = _required(xreq.params, "agent")
    try:
        agent = orjson.loads(raw)
        if not groups and type(agent) is dict and agent.get("objectType") == "Group":
            raise StatementValidationError("agent.objectType", "this resource takes an Agent, not a Group")
        validate_agent_param(agent, version=xreq.version)
    except orjson.JSONDecodeError as error:
        raise XapiError(400, f"The agent parameter is not valid JSON: {error}.", code="parameter") from None
    except StatementValidationError as error:
        raise XapiError(400, f"Invalid agent parameter: {error}.", code="parameter") from None
    return agent


def activity_id_param(xreq: XapiRequest) -> str:
    activity_id = _required(xreq.params, "activityId")
    try:
        validate_activity_id(activity_id)
    except StatementValidationError as error:
        raise XapiError(400, f"Invalid activityId parameter: {error.message}.", code="parameter") from None
    return _key_part(activity_id, "activityId")


def _registration(params: QueryDict) -> str | None:
    if "registration" not in params:
        return None
    try:
        validate_uuid(params["registration"], path="registration")
    except StatementValidationError as error:
        raise XapiError(400, f"Invalid registration parameter: {error.message}.", code="parameter") from None
    return params["registration"].lower()


def _since(params: QueryDict) -> datetime | None:
    if "since" not in params:
        return None
    value = params["since"]
    # an unencoded '+' of a time zone offset arrives as a space: read it as the '+' the client meant
    for candidate in (value, value.replace(" ", "+")):
        try:
            return parse_timestamp(candidate, path="since")
        except ValueError:
            continue
    raise XapiError(400, f"The since parameter must be a timestamp, not {value!r}.", code="parameter")


# --- permissions -------------------------------------------------------------------------------------------------


def _require_scope(xreq: XapiRequest, resource: DocumentResource) -> None:
    reading = xreq.method in ("GET", "HEAD")
    if not xreq.authority.allows(resource.scope, *(("all/read",) if reading else ())):
        action = "read" if reading else "write"
        raise XapiError(403, f"This credential may not {action} {resource.kind.label} documents "
                             f"(scope {resource.scope}).", code="scope")  # fmt: skip


def _require_own_agent(xreq: XapiRequest, agent: dict) -> None:
    """A learner's browser session reaches only its own pseudonymous actor's state (the H5P player's resume data)."""
    if xreq.authority.kind == AuthorityKind.SESSION and agent_key(agent) != agent_key(xreq.authority.agent):
        raise XapiError(403, "A browser session may only use its own actor's documents.", code="not_your_agent")


# --- rendering ---------------------------------------------------------------------------------------------------


def _quoted(etag: str) -> str:
    return f'"{etag}"'


def json_with_etag(data: object, last_modified: datetime | None = None) -> HttpResponse:
    body = orjson.dumps(data)
    response = HttpResponse(body, content_type=JSON)
    response["ETag"] = _quoted(etag_of(body))
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    return response


def _document_response(document: Document) -> HttpResponse:
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["ETag"] = _quoted(document.etag)
    response["Last-Modified"] = http_date(document.updated.timestamp())
    return response


def _written(document: Document) -> HttpResponse:
    response = HttpResponse(status=204)
    response["ETag"] = _quoted(document.etag)
    return response


# --- the document resources --------------------------------------------------------------------------------------


def _scope(xreq: XapiRequest, resource: DocumentResource) -> DocumentScope:
    check_params(xreq.params, resource.allowed(xreq.method))
    activity_id = activity_id_param(xreq) if "activityId" in resource.context else ""
    key = ""
    if "agent" in resource.context:
        agent = agent_param(xreq)
        _require_own_agent(xreq, agent)
        key = _key_part(agent_key(agent), "agent")
    registration = _registration(xreq.params) if "registration" in resource.context else None
    return DocumentScope(kind=resource.kind, activity_id=activity_id, agent_key=key, registration=registration)


def _document_id(xreq: XapiRequest, resource: DocumentResource, *, required: bool) -> str | None:
    if resource.id_param not in xreq.params and not required:
        return None
    return _key_part(_required(xreq.params, resource.id_param), resource.id_param)


def _preconditions(xreq: XapiRequest) -> Preconditions:
    return Preconditions.from_headers(if_match=xreq.headers.get("if-match"),
                                      if_none_match=xreq.headers.get("if-none-match"))  # fmt: skip


def _content(xreq: XapiRequest) -> tuple[bytes, str]:
    """The document as sent, with its Content-Type. A body announced as JSON must be JSON."""
    content_type = xreq.headers.get("content-type", "").strip() or "application/octet-stream"
    if media_type(content_type) == JSON:
        try:
            parse_json(xreq.body)
        except ValueError as error:
            raise XapiError(400, f"The document is sent as application/json but is not JSON: {error}.",
                            code="not_json") from None  # fmt: skip
    return xreq.body, content_type


def _call(service: Callable[..., T], **kwargs: object) -> T:
    try:
        return service(**kwargs)
    except DocumentError as error:
        raise XapiError(ERROR_STATUS[error.code], error.message, code=error.code) from None


def _get(xreq: XapiRequest, resource: DocumentResource) -> HttpResponse:
    scope = _scope(xreq, resource)
    document_id = _document_id(xreq, resource, required=False)
    since = _since(xreq.params)  # validated even where it does not apply (a single document)
    if document_id is None:
        ids, last_modified = document_ids(scope=scope, since=since)
        return json_with_etag(ids, last_modified)
    document = document_get(scope=scope, document_id=document_id)
    if document is None:
        raise XapiError(404, f"No document with the {resource.id_param} {document_id!r} here.", code="not_found")
    return _document_response(document)


def _put(xreq: XapiRequest, resource: DocumentResource) -> HttpResponse:
    scope = _scope(xreq, resource)
    document_id = _document_id(xreq, resource, required=True)
    content, content_type = _content(xreq)
    require = put_requires_precondition(kind=resource.kind, version=xreq.version)
    document = _call(document_put, scope=scope, document_id=document_id, content=content, content_type=content_type,
                     preconditions=_preconditions(xreq), require_precondition=require)  # fmt: skip
    return _written(document)


def _post(xreq: XapiRequest, resource: DocumentResource) -> HttpResponse:
    scope = _scope(xreq, resource)
    document_id = _document_id(xreq, resource, required=True)
    content, content_type = _content(xreq)
    document = _call(document_merge, scope=scope, document_id=document_id, content=content,
                     content_type=content_type, preconditions=_preconditions(xreq))  # fmt: skip
    return _written(document)


def _delete(xreq: XapiRequest, resource: DocumentResource) -> HttpResponse:
    scope = _scope(xreq, resource)
    document_id = _document_id(xreq, resource, required=not resource.delete_all)
    preconditions = _preconditions(xreq)
    if document_id is None and preconditions.present:
        raise XapiError(400, f"If-Match/If-None-Match apply to one document: give {resource.id_param}.",
                        code="parameter")  # fmt: skip
    since = _since(xreq.params)
    _call(document_delete, scope=scope, document_id=document_id, preconditions=preconditions, since=since)
    return HttpResponse(status=204)


def document_resource_view(resource: DocumentResource) -> Callable:
    def method(
        action: Callable[[XapiRequest, DocumentResource], HttpResponse],
    ) -> Callable[[XapiRequest], HttpResponse]:
        def handler(xreq: XapiRequest) -> HttpResponse:
            _require_scope(xreq, resource)
            return action(xreq, resource)

        return handler

    return lrs_resource(methods={"GET": method(_get), "PUT": method(_put), "POST": method(_post),
                                 "DELETE": method(_delete)})  # fmt: skip


state_view = document_resource_view(STATE)
activity_profile_view = document_resource_view(ACTIVITY_PROFILE)
agent_profile_view = document_resource_view(AGENT_PROFILE)


# --- agents, activities, about -----------------------------------------------------------------------------------


def get_agents(xreq: XapiRequest) -> HttpResponse:
    """Any valid credential: the Person echoes the requested Agent, so it tells the caller nothing it did not send."""
    check_params(xreq.params, {"agent"})
    return json_with_etag(person_object(agent=agent_param(xreq, groups=False)))


def get_activities(xreq: XapiRequest) -> HttpResponse:
    """Any valid credential: activity definitions are course metadata, not personal data."""
    check_params(xreq.params, {"activityId"})
    return json_with_etag(activity_object(activity_id=activity_id_param(xreq)))


def get_about(xreq: XapiRequest) -> HttpResponse:
    check_params(xreq.params, set())
    return json_with_etag({"version": ABOUT_VERSIONS, "extensions": {}})


agents_view = lrs_resource(methods={"GET": get_agents})
activities_view = lrs_resource(methods={"GET": get_activities})
about_view = lrs_resource(methods={"GET": get_about}, versioned=False, authenticated=False)
