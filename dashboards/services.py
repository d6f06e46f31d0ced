"""Writes of the dashboards app: Hub API tokens (issue, revoke, authenticate) and the audit of exports.

Everything else in dashboards is read-only (decision 0040): coordinators change nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.models import User
from dashboards.exceptions import HubTokenError
from dashboards.models import HubApiToken
from training.models import Hub

TOKEN_PREFIX = "hub_"
LAST_USED_RESOLUTION = timedelta(minutes=1)  # one write a minute at most, not one per API call


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def hub_token_create(*, hub: Hub, name: str, created_by: User | None) -> tuple[HubApiToken, str]:
    """Issue a token for ``hub``; returns the row and the secret, which is stored only as its SHA-256.

    The secret is 256 random bits (``secrets.token_urlsafe(32)``): a plain SHA-256 is enough against guessing, no
    slow hash is needed, and it keeps the lookup one indexed equality.
    """
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = HubApiToken.objects.create(
        hub=hub, name=name.strip(), prefix=secret[:12], token_hash=_digest(secret), created_by=created_by
    )
    audit_log(actor=created_by, action="dashboards.hub_token_created", target=token, data={"hub": hub.pk})
    return token, secret


@transaction.atomic
def hub_token_revoke(*, token: HubApiToken, actor: User | None) -> HubApiToken:
    """Revoke a token (idempotent: a revoked token keeps its first revocation time)."""
    token = HubApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = timezone.now(), actor
        token.save(update_fields=["revoked_at", "revoked_by"])
        audit_log(actor=actor, action="dashboards.hub_token_revoked", target=token, data={"hub": token.hub_id})
    return token


def hub_token_authenticate(*, authorization: str | None) -> HubApiToken:
    """The active token of an ``Authorization: Bearer …`` header, or a HubTokenError saying what is wrong."""
    if not authorization:
        raise HubTokenError(_("Send the Hub token in an “Authorization: Bearer …” header."), code="missing_token")
    scheme, _sep, secret = authorization.partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret:
        raise HubTokenError(_("The Authorization header must read “Bearer <token>”."), code="malformed_token")
    token = HubApiToken.objects.select_related("hub").filter(token_hash=_digest(secret)).first()
    if token is None:
        raise HubTokenError(_("This token is not valid."), code="invalid_token")
    if token.revoked_at is not None:
        raise HubTokenError(_("This token has been revoked."), code="revoked_token")
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        HubApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def export_record(*, user: User, scope: str, rows: int, fmt: str) -> None:
    """Audit an export of personal data (who took which roster, how many rows): RGPD accountability."""
    audit_log(actor=user, action="dashboards.export", data={"scope": scope, "rows": rows, "format": fmt})
