"""Indexed keys: what the LRS compares in its indexed columns (agents, activities, verbs)."""

from __future__ import annotations

import hashlib

MAX_KEY_LENGTH = 500  # the width of the indexed columns


def index_key(value: str) -> str:
    """`value` itself, or its SHA-256 when it does not fit an indexed column (longer than 500 characters, or with a
    NUL character, which PostgreSQL text cannot hold). Writes and queries go through this one function, so a long
    IRI still matches itself."""
    if len(value) <= MAX_KEY_LENGTH and "\x00" not in value:
        return value
    return "sha256:" + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()
