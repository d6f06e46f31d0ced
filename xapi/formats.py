"""How stored statements are shaped for a reader: `format` (exact / ids / canonical) and the reader's version."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def iso_millis(moment: datetime) -> str:
    """The LRS's timestamps (stored, Consistent-Through): UTC, milliseconds, 'Z'."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


AGENT_IFIS = ("mbox", "mbox_sha1sum", "openid", "account")
V2_ONLY_CONTEXT = ("contextAgents", "contextGroups")


def _ids_agent(agent: dict) -> dict:
    reduced = {key: agent[key] for key in ("objectType", *AGENT_IFIS) if key in agent}
    if agent.get("objectType") == "Group" and "member" in agent and not any(k in agent for k in AGENT_IFIS):
        reduced["member"] = [_ids_agent(member) for member in agent["member"]]  # anonymous: members identify it
    return reduced


def _ids_object(obj: dict) -> dict:
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        return {key: obj[key] for key in ("objectType", "id") if key in obj}
    if kind in ("Agent", "Group"):
        return _ids_agent(obj)
    if kind == "SubStatement":
        return as_ids(obj)
    return obj


def as_ids(statement: dict) -> dict:
    """format=ids: agents, groups and activities reduced to what identifies them."""
    out = dict(statement)
    out["actor"] = _ids_agent(statement["actor"])
    out["verb"] = {"id": statement["verb"]["id"]}
    out["object"] = _ids_object(statement["object"])
    if "authority" in statement:
        out["authority"] = _ids_agent(statement["authority"])
    context = statement.get("context")
    if context:
        context = dict(context)
        for role in ("instructor", "team"):
            if role in context:
                context[role] = _ids_agent(context[role])
        if "contextActivities" in context:
            context["contextActivities"] = {
                key: [_ids_object(a) for a in value] for key, value in context["contextActivities"].items()
            }
        out["context"] = context
    return out


def _pick_language(value: dict, languages: list[str]) -> dict:
    for language in languages:
        for tag in value:
            if tag.lower() == language or tag.lower().split("-")[0] == language.split("-")[0]:
                return {tag: value[tag]}
    first = next(iter(value), None)
    return {first: value[first]} if first is not None else {}


def _canonical(node: Any, languages: list[str], key: str | None = None) -> Any:
    if isinstance(node, dict):
        if key in ("display", "name", "description") and all(isinstance(v, str) for v in node.values()):
            return _pick_language(node, languages)
        if key == "extensions":
            return node
        return {k: _canonical(v, languages, k) for k, v in node.items()}
    if isinstance(node, list):
        return [_canonical(item, languages, key) for item in node]
    return node


def as_canonical(statement: dict, languages: list[str]) -> dict:
    """format=canonical: every language map reduced to the one language that best fits Accept-Language."""
    return _canonical(statement, languages)


def for_v1_reader(statement: dict) -> dict:
    """A statement stored with 2.0 fields, read by a 1.0.3 client (docs/decisions/0003-xapi-2-for-1.0.3-readers.md)."""
    out = dict(statement)
    context = out.get("context")
    if context and any(key in context for key in V2_ONLY_CONTEXT):
        out["context"] = {k: v for k, v in context.items() if k not in V2_ONLY_CONTEXT}
    if str(out.get("version", "")).startswith("2."):
        out["version"] = "1.0.3"
    if out["object"].get("objectType") == "SubStatement":
        out["object"] = for_v1_reader(out["object"])
        out["object"].pop("version", None)
    return out


def accept_languages(header: str) -> list[str]:
    ranked = []
    for part in header.split(","):
        tag, _, quality = part.strip().partition(";q=")
        if tag and tag != "*":
            try:
                ranked.append((float(quality or 1), tag.lower()))
            except ValueError:
                continue
    return [tag for _q, tag in sorted(ranked, key=lambda item: -item[0])]
