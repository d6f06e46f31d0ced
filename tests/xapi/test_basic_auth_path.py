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
