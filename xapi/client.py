"""The only module that talks HTTP to an external LRS (STYLE.md R9): timeouts always, stored JSON sent unchanged."""

from __future__ import annotations

import httpx
from django.conf import settings

XAPI_VERSION = "1.0.3"


def forward_client() -> httpx.Client:
    endpoint = settings.XAPI_FORWARD_ENDPOINT.rstrip("/") + "/"
    return httpx.Client(
        base_url=endpoint,
        auth=(settings.XAPI_FORWARD_USERNAME, settings.XAPI_FORWARD_PASSWORD),
        headers={"X-Experience-API-Version": XAPI_VERSION, "Content-Type": "application/json"},
        timeout=httpx.Timeout(10.0, connect=3.0),
    )


def post_statements(
    client: httpx.Client, body: bytes, *, version: str = XAPI_VERSION, content_type: str = "application/json"
) -> httpx.Response:
    """POST a JSON array of statements, built by joining the stored JSON documents byte for byte (or the
    multipart/mixed body that carries it with the attachments' content).

    `version` is the X-Experience-API-Version of the request: "2.0.0" for statements stored with 2.0 fields.
    """
    headers = {"X-Experience-API-Version": version, "Content-Type": content_type}
    return client.post("statements", content=body, headers=headers)


def get_statement(client: httpx.Client, statement_id: str, *, voided: bool = False) -> httpx.Response:
    """GET one statement back from the destination (the forwarder settles a 409 by comparing it with ours)."""
    return client.get("statements", params={"voidedStatementId" if voided else "statementId": statement_id})
