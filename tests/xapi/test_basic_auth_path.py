"""The short way through the middleware for Basic-auth LRS requests (xapi/middleware.py): what it must keep from the
stack it skips — a Content-Length on every body (no chunked answer), X-Frame-Options, the security headers — and
what it must not do (open a session)."""

from __future__ import annotations

import pytest

from tests.xapi.conftest import make_statement

pytestmark = pytest.mark.django_db


def test_basic_auth_answers_carry_content_length_and_security_headers_and_no_session(lrs):
    posted = lrs.post(make_statement(1))
    assert posted.status_code == 200
    for response in (posted, lrs.get(), lrs.get(path="/xapi/about"), lrs.get({"statementId": "not-a-uuid"})):
        assert int(response["Content-Length"]) == len(response.content) > 0
        assert response["X-Frame-Options"] in ("DENY", "SAMEORIGIN")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies


def test_a_path_the_lrs_does_not_serve_goes_through_the_whole_stack(lrs):
    response = lrs.get(path="/xapi/unknown")
    assert response.status_code == 301 and response["Location"] == "/xapi/unknown/"  # CommonMiddleware's APPEND_SLASH


def test_the_short_way_remembers_a_bounded_number_of_resolved_paths(lrs, settings):
    """Resolved paths are reused (the URLconf does not change), each answer still its own, and the memory is
    bounded: paths carry ids and tokens."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from xapi.middleware import MATCHES_MAX, XapiBasicAuthMiddleware

    middleware = XapiBasicAuthMiddleware(lambda request: HttpResponse(status=418))
    first, second = lrs.post(make_statement(1)), lrs.post(make_statement(2))
    assert first.json() != second.json() and lrs.get({"statementId": first.json()[0]}).status_code == 200
    rf_request = RequestFactory()
    for index in range(MATCHES_MAX + 10):
        request = rf_request.get(f"/xapi/statements/more/token{index}", HTTP_AUTHORIZATION="Basic eDp5",
                                 HTTP_X_EXPERIENCE_API_VERSION="1.0.3")  # fmt: skip
        response = middleware(request)
        assert response.status_code == 401  # resolved to the LRS view, which refuses the credential
    assert 0 < len(middleware.matches) <= MATCHES_MAX
    unknown = rf_request.get("/xapi/nowhere", HTTP_AUTHORIZATION="Basic eDp5")
    assert middleware(unknown).status_code == 418 and "/xapi/nowhere" not in middleware.matches
