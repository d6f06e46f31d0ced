"""The rotating check-in code of an in-person session (pure, no database writes).

Every ``STEP_SECONDS`` a new 6-character code is derived by HMAC from the server's secret, the session's own
random ``checkin_secret`` and the time step (TOTP-like): nothing is stored, every process computes the same code,
and a code is worth nothing for another session or after ``ACCEPTED_STEPS`` steps (~45 s). The QR code carries a
URL with the session and the code; the short code is the same code, typed.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.crypto import salted_hmac

from training.models import TrainingSession

STEP_SECONDS = 15
ACCEPTED_STEPS = 3  # the current code and the two before it
WINDOW_BEFORE = timedelta(minutes=30)
WINDOW_AFTER = timedelta(minutes=30)
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: typed on a phone from a projected screen
CODE_LENGTH = 6


@dataclass(frozen=True)
class CheckInCode:
    code: str
    step: int
    expires_at: datetime  # when the screen shows the next code


def _step(at: datetime) -> int:
    return int(at.timestamp()) // STEP_SECONDS


def code_for_step(session: TrainingSession, step: int) -> str:
    digest = salted_hmac(
        "training.checkin", f"{session.pk}:{step}", secret=f"{session.checkin_secret}", algorithm="sha256"
    ).digest()
    number = int.from_bytes(digest[:8], "big")
    chars = []
    for _position in range(CODE_LENGTH):
        number, index = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[index])
    return "".join(chars)


def current_code(session: TrainingSession, *, at: datetime) -> CheckInCode:
    step = _step(at)
    return CheckInCode(
        code=code_for_step(session, step),
        step=step,
        expires_at=datetime.fromtimestamp((step + 1) * STEP_SECONDS, tz=at.tzinfo),
    )


def normalise_code(value: str) -> str:
    return "".join(value.split()).upper().replace("-", "")


def code_is_valid(session: TrainingSession, code: str, *, at: datetime) -> bool:
    """True when ``code`` is one of the last ``ACCEPTED_STEPS`` codes of this session (constant-time compare)."""
    code = normalise_code(code)
    step = _step(at)
    matches = [hmac.compare_digest(code, code_for_step(session, step - back)) for back in range(ACCEPTED_STEPS)]
    return any(matches)


def window_open(session: TrainingSession, *, at: datetime) -> bool:
    return session.starts_at - WINDOW_BEFORE <= at <= session.ends_at + WINDOW_AFTER
