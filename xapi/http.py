"""What every LRS resource shares: the alternate request syntax, version negotiation, authentication, scopes,
CORS and JSON errors. Resource views receive an ``XapiRequest`` and return an ``HttpResponse``."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs

import orjson
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, QueryDict
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from core.models import User
from xapi.actors import actor_for, platform_authority
from xapi.formats import iso_millis
from xapi.models import AuthorityKind, LrsClient

VERSION_RE = re.compile(r"^(1\.0|2\.0)(\.\d+)?$")
ALLOWED_HEADERS = (
    "Authorization, Content-Type, X-Experience-API-Version, If-Match, If-None-Match, X-Requested-With, Accept-Language"
)
EXPOSED_HEADERS = "ETag, Last-Modified, X-Experience-API-Version, X-Experience-API-Consistent-Through"
ALTERNATE_HEADER_FIELDS = {
    "authorization",
    "x-experience-api-version",
    "content-type",
    "content-length",
    "if-match",
    "if-none-match",
    "accept-language",
}
SCOPES = (
    "statements/write", "statements/read", "statements/read/mine", "state", "define", "profile", "all/read", "all",
)  # fmt: skip


class XapiError(Exception):
    def __init__(self, status: int, message: str, *, code: str = "bad_request", headers: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.code, self.headers = status, message, code, headers or {}


@dataclass
class Authority:
    kind: str  # AuthorityKind
    agent: dict
    key: str
    scopes: frozenset[str] = frozenset()
    user: User | None = None
    client: LrsClient | None = None

    def allows(self, *scopes: str) -> bool:
        return "all" in self.scopes or any(scope in self.scopes for scope in scopes)


@dataclass
class XapiRequest:
    method: str
    params: QueryDict
    headers: dict[str, str]
    body: bytes
    version: str = "1.0.3"  # the version of the response: "1.0.3" or "2.0.0"
    request_version: str = "1.0.3"
    authority: Authority | None = None
    django: HttpRequest | None = field(default=None, repr=False)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    @property
    def is_v2(self) -> bool:
        return self.version.startswith("2.")


def json_response(data: object, status: int = 200, **headers: str) -> HttpResponse:
    response = HttpResponse(orjson.dumps(data), status=status, content_type="application/json")
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def error_response(error: XapiError, version: str = "1.0.3") -> HttpResponse:
    response = json_response({"error": error.code, "message": error.message}, status=error.status)
    for name, value in error.headers.items():
        response[name] = value
    return _finish(response, version)


def _finish(response: HttpResponse, version: str) -> HttpResponse:
    response["X-Experience-API-Version"] = version
    # Browser content hosted elsewhere may call the LRS with a token, never with the platform's cookies.
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    response["Cache-Control"] = "no-store"
    return response


def _alternate_syntax(request: HttpRequest) -> XapiRequest:
    """1.0.3 Communication 1.3: POST ?method=X with the headers, the content and the parameters as form fields."""
    if set(request.GET) != {"method"}:
        raise XapiError(400, "With the alternate request syntax, 'method' must be the only query parameter.")
    method = request.GET["method"].upper()
    if method not in ("GET", "HEAD", "PUT", "POST", "DELETE"):
        raise XapiError(400, f"Unsupported method {method!r} in the alternate request syntax.")
    if not request.content_type.startswith("application/x-www-form-urlencoded"):
        raise XapiError(415, "The alternate request syntax needs an application/x-www-form-urlencoded body.")
    try:
        form = parse_qs(request.body.decode("utf-8", errors="strict"), keep_blank_values=True)
    except UnicodeDecodeError:
        raise XapiError(400, "The alternate request syntax needs a UTF-8 form body.") from None
    headers = {"content-type": "application/json"}
    params = QueryDict(mutable=True)
    content = b""
    for name, values in form.items():
        lowered = name.lower()
        if lowered == "content":
            content = values[0].encode()
        elif lowered in ALTERNATE_HEADER_FIELDS:
            headers[lowered] = values[0]
        else:
            params.setlist(name, values)
    if "authorization" in request.headers:
        headers.setdefault("authorization", request.headers["authorization"])
    if "x-experience-api-version" in request.headers:
        headers.setdefault("x-experience-api-version", request.headers["x-experience-api-version"])
    return XapiRequest(method=method, params=params, headers=headers, body=content, django=request)


def _lowercase_headers(meta: dict) -> dict[str, str]:
    """The request's headers by lower-case name, read from the WSGI environ (what ``request.headers`` holds, without
    building its case-insensitive mapping on every request)."""
    headers = {}
    for key, value in meta.items():
        if key[:5] == "HTTP_":
            headers[key[5:].replace("_", "-").lower()] = value
        elif key == "CONTENT_TYPE" or key == "CONTENT_LENGTH":
            headers[key.replace("_", "-").lower()] = value
    return headers


@functools.cache
def _no_params() -> QueryDict:
    return QueryDict()  # immutable: shared by every request without a query string


def parse_request(request: HttpRequest) -> XapiRequest:
    if not request.META.get("QUERY_STRING"):
        params = _no_params()  # most POSTs: no QueryDict to parse (the alternate syntax has ?method=)
    elif request.method == "POST" and "method" in request.GET:
        return _alternate_syntax(request)
    else:
        params = request.GET
    headers = _lowercase_headers(request.META)
    return XapiRequest(method=request.method, params=params, headers=headers, body=request.body, django=request)


def negotiate_version(xreq: XapiRequest) -> None:
    value = xreq.headers.get("x-experience-api-version", "").strip()
    if not value:
        raise XapiError(400, "The X-Experience-API-Version header is required (1.0.3 or 2.0.0).", code="no_version")
    match = VERSION_RE.match(value)
    if not match:
        raise XapiError(400, f"Unsupported X-Experience-API-Version {value!r}: use 1.0.x or 2.0.x.", code="version")
    xreq.request_version = value
    xreq.version = "2.0.0" if match.group(1) == "2.0" else "1.0.3"


def consistent_through() -> str:
    """The answer's X-Experience-API-Consistent-Through: the time of the request (never before a returned `stored`).

    Exact on SQLite, where `stored` is read under the write lock. On PostgreSQL a statement whose transaction is still
    committing may carry a `stored` a few milliseconds older than this (docs/decisions/0007).
    """
    return iso_millis(timezone.now())


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


CLIENT_CACHE_SECONDS = 10
_client_cache: dict[str, tuple[float, LrsClient | None]] = {}


def _active_client(key: str) -> LrsClient | None:
    """The active credential with this key, cached per process for a few seconds.

    The lookup is a third of a single-statement POST's CPU; a revocation or a scope change therefore takes effect
    within CLIENT_CACHE_SECONDS in every worker (docs/decisions/0007-lrs-write-performance.md).
    """
    now = time.monotonic()
    cached = _client_cache.get(key)
    if cached is not None and cached[0] > now:
        return cached[1]
    client = LrsClient.objects.filter(key=key, is_active=True).first()
    if len(_client_cache) > 10_000:  # keys tried by someone guessing: never let the cache grow without bound
        _client_cache.clear()
    _client_cache[key] = (now + CLIENT_CACHE_SECONDS, client)
    return client


def forget_client(key: str) -> None:
    """Drop a credential from this process's cache (the services that create or change one call it)."""
    _client_cache.pop(key, None)


def _basic_authority(header: str) -> Authority:
    unauthorized = XapiError(401, "Invalid LRS credentials.", code="unauthorized", headers=WWW_AUTHENTICATE)
    try:
        scheme, _, encoded = header.partition(" ")
        if scheme.lower() != "basic":
            raise unauthorized
        key, _, secret = base64.b64decode(encoded, validate=True).decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        raise unauthorized from None
    client = _active_client(key)
    expected = client.secret_sha256 if client else hash_secret("no client: compare anyway, same time")
    if not hmac.compare_digest(expected, hash_secret(secret)) or client is None:
        raise unauthorized
    return Authority(
        kind=AuthorityKind.CLIENT,
        agent=client_authority_agent(client),
        key=f"client:{client.key}",
        scopes=frozenset(client.scopes),
        client=client,
    )


def client_authority_agent(client: LrsClient) -> dict:
    from django.conf import settings

    return {"objectType": "Agent", "name": client.name, "account": {"homePage": settings.SITE_URL, "name": client.key}}


WWW_AUTHENTICATE = {"WWW-Authenticate": 'Basic realm="Café IA LRS", charset="UTF-8"'}


def _session_authority(xreq: XapiRequest) -> Authority:
    request = xreq.django
    # The session's cookies ride along only on same-origin requests; CSRF protection proves the page is ours.
    reason = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
    if reason is not None:
        raise XapiError(403, "CSRF verification failed for a session-authenticated xAPI request.", code="csrf")
    user = request.user
    actor = actor_for(user.public_id)
    return Authority(
        kind=AuthorityKind.SESSION,
        agent=actor,
        key=f"session:{actor['account']['name']}",
        scopes=frozenset({"statements/write", "statements/read/mine", "state"}),
        user=user,
    )


def authenticate(xreq: XapiRequest) -> Authority:
    header = xreq.headers.get("authorization")
    if header:
        return _basic_authority(header)
    if xreq.django is not None and xreq.django.user.is_authenticated:
        return _session_authority(xreq)
    raise XapiError(401, "Authentication required (HTTP Basic with LRS credentials).", code="unauthorized",
                    headers=WWW_AUTHENTICATE)  # fmt: skip


def platform() -> Authority:
    """The platform's own authority: the only one the completion rules trust."""
    agent = platform_authority()
    return Authority(kind=AuthorityKind.PLATFORM, agent=agent, key="platform", scopes=frozenset({"all"}))


Handler = Callable[[XapiRequest], HttpResponse]


def _touch(client: LrsClient | None) -> None:
    """Record when a credential was last used, at most every 10 minutes (not one write per request)."""
    now = timezone.now()
    if client is not None and (client.last_used_at is None or (now - client.last_used_at).total_seconds() > 600):
        LrsClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now  # the cached instance too: one write per 10 minutes, not per request


def lrs_resource(
    *, methods: dict[str, Handler], versioned: bool = True, authenticated: bool = True, statements: bool = False
):
    """Build the Django view of one LRS resource from one handler per method (HEAD falls back to GET).

    `statements`: every answer, errors included, carries X-Experience-API-Consistent-Through (XAPI-00153).
    """

    @csrf_exempt
    def view(request: HttpRequest, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "HEAD, GET, POST, PUT, DELETE, OPTIONS"
            response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response["Access-Control-Max-Age"] = "86400"
            return _finish(response, "1.0.3")
        version = "1.0.3"
        try:
            xreq = parse_request(request)
            if versioned:
                negotiate_version(xreq)
            elif VERSION_RE.match(xreq.headers.get("x-experience-api-version", "").strip()):
                negotiate_version(xreq)  # optional here (about): answer in the client's version when it sent one
            version = xreq.version
            handler = methods.get("GET" if xreq.method == "HEAD" else xreq.method)
            if handler is None:
                raise XapiError(405, f"{xreq.method} is not supported on this resource.", code="method")
            if authenticated:
                xreq.authority = authenticate(xreq)
                _touch(xreq.authority.client)
            response = handler(xreq, **kwargs)
            if xreq.method == "HEAD":
                response.content = b""
        except RequestDataTooBig:
            error = XapiError(413, "The request is too large for this LRS.", code="too_large")
            response = error_response(error, version)
        except XapiError as error:
            response = error_response(error, version)
        else:
            response = _finish(response, version)
        if statements and "X-Experience-API-Consistent-Through" not in response:
            response["X-Experience-API-Consistent-Through"] = consistent_through()
        return response

    return view
