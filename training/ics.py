"""iCalendar (RFC 5545) events for a learner's sessions: a few lines, no dependency.

Times are written in UTC (``...Z``) from the session's aware datetimes, so every calendar shows the right local
time, overseas included. ``UID`` is stable per session: re-sent reminders update the event instead of duplicating it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.conf import settings

from training.models import Modality, TrainingSession


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 §3.1)."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += encoded
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def sessions_ics(sessions: Iterable[TrainingSession], *, programme_url: str = "") -> bytes:
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Café IA Formation//Sessions//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    stamp = _utc(datetime.now(UTC))
    for session in sessions:
        where = session.visio_url if session.modality == Modality.REMOTE else session.venue_address
        modules = ", ".join(session.modules.values_list("title", flat=True))
        description = "\n".join(filter(None, [modules, programme_url]))
        lines += [
            "BEGIN:VEVENT",
            f"UID:session-{session.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(session.starts_at)}",
            f"DTEND:{_utc(session.ends_at)}",
            f"SUMMARY:{_escape(session.cohort.title)}",
            f"LOCATION:{_escape(where or '')}",
            f"DESCRIPTION:{_escape(description)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode()
