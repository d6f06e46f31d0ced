"""Pseudonymous actors and agent keys."""

from __future__ import annotations

import hashlib
import hmac
from uuid import UUID

from django.conf import settings

from xapi.keys import index_key

PLATFORM_ACCOUNT_NAME = "platform"


def actor_name(public_id: UUID | str) -> str:
    """HMAC of the user's public_id: stable per learner, meaningless outside the platform (RGPD minimisation)."""
    key = settings.XAPI_ACTOR_SECRET.encode()
    return hmac.new(key, str(public_id).encode(), hashlib.sha256).hexdigest()[:32]


def actor_for(public_id: UUID | str) -> dict:
    return {"objectType": "Agent", "account": {"homePage": settings.SITE_URL, "name": actor_name(public_id)}}


def platform_authority() -> dict:
    return {
        "objectType": "Agent",
        "name": settings.WAGTAIL_SITE_NAME,
        "account": {"homePage": settings.SITE_URL, "name": PLATFORM_ACCOUNT_NAME},
    }


def agent_key(agent: dict) -> str | None:
    key = _agent_ifi(agent)
    return index_key(key) if key is not None else None


def _agent_ifi(agent: dict) -> str | None:
    """The canonical inverse functional identifier of an Agent or identified Group, or None (anonymous Group).

    mbox scheme and domain are case-insensitive; everything else is compared as sent.
    """
    if "mbox" in agent:
        local, _, domain = agent["mbox"][7:].rpartition("@")
        return f"mbox:{local}@{domain.lower()}"
    if "mbox_sha1sum" in agent:
        return "sha1:" + agent["mbox_sha1sum"].lower()
    if "openid" in agent:
        return "openid:" + agent["openid"]
    account = agent.get("account")
    if account:
        return f"account:{account['homePage']}|{account['name']}"
    return None


def agent_keys(agent: dict) -> list[str]:
    """The agent's own key and, for a Group, its members' keys (a Group whose member matches, matches)."""
    keys = []
    own = agent_key(agent)
    if own:
        keys.append(own)
    if agent.get("objectType") == "Group":
        keys.extend(key for member in agent.get("member", ()) if (key := agent_key(member)))
    return keys
