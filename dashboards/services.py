"""Writes of the dashboards app: Hub API tokens (issue, revoke, authenticate) and the audit of exports.

Everything else in dashboards is read-only (decision 0040): coordinators change nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.models import User
from dashboards.exceptions import HubTokenError
from dashboards.models import HubApiToken, token_expiry_default
from training.models import Hub

TOKEN_PREFIX = "hub_"
RATE_LIMIT_PER_MINUTE = 60  # per token: a Hub's tool polling its figures needs a few calls a minute at most


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def hub_token_create(
    *, hub: Hub, name: str, created_by: User | None, expires_at: datetime | None = None
) -> tuple[HubApiToken, str]:
    """Issue a token for ``hub`` valid until ``expires_at`` (a year by default); returns the row and the secret,
    which is stored only as its SHA-256.

    The secret is 256 random bits (``secrets.token_urlsafe(32)``): a plain SHA-256 is enough against guessing, no
    slow hash is needed, and it keeps the lookup one indexed equality.
    """
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    if expires_at is not None and expires_at <= timezone.now():
        raise HubTokenError(_("The expiry date must be in the future."), code="expiry_past")
    token = HubApiToken.objects.create(
        hub=hub,
        name=name.strip(),
        prefix=secret[:12],
        token_hash=_digest(secret),
        created_by=created_by,
        expires_at=expires_at or token_expiry_default(),
    )
    audit_log(
        actor=created_by,
        action="dashboards.hub_token_created",
        target=token,
        data={"hub": hub.pk, "expires_at": token.expires_at.isoformat()},
    )
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
    """The active token of an ``Authorization: Bearer …`` header, or a HubTokenError saying what is wrong
    (``rate_limited`` carries ``retry_after``, in seconds). Counts the call against the token's minute."""
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
    if token.expires_at <= now:
        message = _("This token expired on %(date)s: ask the national team for a new one.") % {
            "date": date_format(timezone.localtime(token.expires_at), "DATE_FORMAT")
        }
        raise HubTokenError(message, code="expired_token")
    if _rate_count(token, now) > RATE_LIMIT_PER_MINUTE:
        retry_after = max(1, 60 - now.second)
        message = _("Too many requests with this token: at most %(limit)s a minute. Try again in %(seconds)s s.") % {
            "limit": RATE_LIMIT_PER_MINUTE,
            "seconds": retry_after,
        }
        raise HubTokenError(message, code="rate_limited", extra={"retry_after": retry_after})
    return token


@transaction.atomic
def _rate_count(token: HubApiToken, now: datetime) -> int:
    """This call's number in the token's current minute (a fixed window counted on its row: exact across workers;
    the row lock serialises only one token's concurrent calls). Also records ``last_used_at``."""
    row = HubApiToken.objects.select_for_update().only("rate_window_start", "rate_window_count").get(pk=token.pk)
    window = now.replace(second=0, microsecond=0)
    count = row.rate_window_count + 1 if row.rate_window_start == window else 1
    HubApiToken.objects.filter(pk=token.pk).update(rate_window_start=window, rate_window_count=count, last_used_at=now)
    return count


def export_record(*, user: User, scope: str, rows: int, fmt: str) -> None:
    """Audit an export of personal data (who took which roster, how many rows): RGPD accountability."""
    audit_log(actor=user, action="dashboards.export", data={"scope": scope, "rows": rows, "format": fmt})
