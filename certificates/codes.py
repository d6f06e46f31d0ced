"""Verification codes: 12 Crockford base32 characters (60 random bits), printed as ``XXXX-XXXX-XXXX``.

Crockford's alphabet has no I, L, O or U, so a code read aloud or retyped is normalised instead of rejected:
case is ignored, O reads as 0, I and L as 1, hyphens and spaces are dropped. 60 bits make enumeration hopeless
(the verification page is rate-limited on top).
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
_TRANSLATE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_CODE_RE = re.compile(f"[{ALPHABET}]{{{CODE_LENGTH}}}")


def code_generate() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def code_normalise(raw: str) -> str | None:
    """The canonical code for what a person typed, or None when it cannot be one."""
    cleaned = re.sub(r"[\s\-_.]", "", raw or "").upper().translate(_TRANSLATE)
    return cleaned if _CODE_RE.fullmatch(cleaned) else None


def code_display(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
