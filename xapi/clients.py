"""LRS credentials (services)."""

from __future__ import annotations

import secrets

from django.db import transaction

from core.exceptions import ApplicationError
from xapi.http import SCOPES, forget_client, hash_secret
from xapi.models import LrsClient

DEFAULT_SCOPES = ("statements/write", "statements/read/mine")


class LrsClientError(ApplicationError):
    pass


@transaction.atomic
def lrs_client_create(
    *, name: str, key: str | None = None, secret: str | None = None, scopes: list[str] | tuple[str, ...] = ()
) -> tuple[LrsClient, str]:
    """Create a credential; returns it with its secret in clear, which is shown once and never stored.

    Generated keys and secrets are 256-bit random tokens. A given secret must be at least 32 characters long.
    """
    scopes = list(scopes or DEFAULT_SCOPES)
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:
        raise LrsClientError(f"Unknown scope(s): {', '.join(unknown)}. Known: {', '.join(SCOPES)}.", code="scope")
    key = key or secrets.token_urlsafe(16)
    secret = secret or secrets.token_urlsafe(32)
    if len(secret) < 32:
        raise LrsClientError("A secret must be at least 32 characters long.", code="weak_secret")
    if LrsClient.objects.filter(key=key).exists():
        raise LrsClientError(f"An LRS client with the key {key!r} already exists.", code="key_exists")
    client = LrsClient.objects.create(name=name, key=key, secret_sha256=hash_secret(secret), scopes=scopes)
    forget_client(key)
    return client, secret
