"""Forwarding stored statements to an external LRS through the outbox (ARCHITECTURE.md, "Forwarding is an outbox").

``statements_store`` writes one ``OutboxEntry`` per stored statement in the statement's own transaction. This
module drains them:

* **Claim.** A short transaction picks the due pending rows of the configured destination in id order
  (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL; on SQLite the IMMEDIATE transaction serialises claimers) and
  leases them: ``due_at`` moves ``XAPI_FORWARD_LEASE`` seconds ahead. No transaction stays open during HTTP, so
  ingestion never waits for the external LRS. A forwarder killed mid-batch leaves its rows pending: they are due
  again when the lease ends, and re-sent. Results are written only while the lease is ours (``due_at`` unchanged).
* **Send** the stored JSON texts joined byte for byte (``[`` + ``,``.join + ``]``), never re-serialised, through
  ``xapi/client.py``.
* **Sort the answers by meaning**: 2xx sent; 400 (and 413/422) → split in halves until the bad statement is alone,
  which alone goes dead with the LRS's answer; 401/403 → pause the destination and alert, nothing dead, attempts
  untouched; 409 → split too, and for one statement GET it back and compare with ``statements_equivalent``
  (equivalent = sent, otherwise dead with the reason); 5xx, 408, 429, other answers, timeouts and network errors →
  retry later with an exponential backoff per destination, capped at ``XAPI_FORWARD_MAX_BACKOFF``.

Exactly-once *delivery* rests on statement ids: a re-sent statement is "same id, equivalent" for a conforming LRS,
which accepts it without change (xAPI Data 2.3.1; see docs/decisions/0004-forwarding-outbox.md).
"""

from __future__ import annotations

import hashlib
import http.client
import itertools
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import httpx
import orjson
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from core.audit import audit_log
from core.models import User
from xapi.client import forward_client, get_statement, post_statements
from xapi.equivalence import statements_equivalent
from xapi.models import ForwardDestination, OutboxEntry, OutboxState
from xapi.multipart import build_multipart_mixed
from xapi.selectors import attachment_parts

log = logging.getLogger(__name__)

TRANSIENT_ERRORS = (httpx.TransportError, OSError, http.client.HTTPException)
SPLIT_STATUSES = {400, 413, 422}  # the batch holds something this LRS will not take: find it
PAUSE_STATUSES = {401, 403}  # our credentials are refused: an admin must act, retrying cannot help
BACKOFF_BASE = 1.0  # seconds after the first transient failure; doubles up to XAPI_FORWARD_MAX_BACKOFF
ANSWER_CHARS = 2000  # how much of an LRS answer is kept in last_error


@dataclass
class ForwardReport:
    """What one ``outbox_forward`` call did."""

    claimed: int = 0
    sent: int = 0
    dead: int = 0
    deferred: int = 0  # transient failure: back to pending, due after the backoff
    released: int = 0  # not tried (paused, or the lease ran short): back to pending, due now
    requests: int = 0
    paused: bool = False
    waiting_until: datetime | None = None  # the destination is backing off: nothing was claimed
    error: str = ""

    @property
    def more(self) -> bool:
        """Whether calling again now may forward more."""
        return self.claimed > 0 and not self.paused and not self.deferred and not self.released


@dataclass
class _Row:
    pk: int
    statement_id: str
    payload: str

    @property
    def xapi_version(self) -> str:
        """The header a statement travels with: a 2.0 statement would be refused by a 1.0.3 request."""
        return "2.0.0" if '"version":"2.' in self.payload else "1.0.3"


@dataclass
class _Outcome:
    deadline: float  # monotonic: stop starting requests after it, the lease would run out
    sent: list[_Row] = field(default_factory=list)
    dead: list[tuple[_Row, str]] = field(default_factory=list)
    deferred: list[_Row] = field(default_factory=list)
    released: list[_Row] = field(default_factory=list)
    requests: int = 0
    paused: str = ""
    transient: str = ""

    @property
    def stopped(self) -> bool:
        return bool(self.paused or self.transient) or time.monotonic() > self.deadline


def _credentials_digest() -> str:
    raw = f"{settings.XAPI_FORWARD_ENDPOINT}\0{settings.XAPI_FORWARD_USERNAME}\0{settings.XAPI_FORWARD_PASSWORD}"
    return hashlib.sha256(raw.encode()).hexdigest()


def _answer(response: httpx.Response) -> str:
    return f"HTTP {response.status_code}: {response.text[:ANSWER_CHARS]}"


def _body(rows: list[_Row]) -> bytes:
    """The stored JSON documents, byte for byte, as one JSON array."""
    return b"[" + b",".join(row.payload.encode() for row in rows) + b"]"


def _request_body(rows: list[_Row]) -> tuple[bytes, str]:
    """JSON, or multipart/mixed when statements carry attachments whose content this LRS holds (a receiving LRS
    refuses a statement whose attachment has neither a fileUrl nor a part)."""
    body = _body(rows)
    parts = attachment_parts([row.payload for row in rows])
    if not parts:
        return body, "application/json"
    return build_multipart_mixed(body, parts)


def _claim(*, endpoint: str, batch_size: int, now: datetime, lease_until: datetime) -> list[_Row]:
    pending = OutboxEntry.objects.filter(destination=endpoint, state=OutboxState.PENDING, due_at__lte=now)
    if not pending.exists():  # the usual tick: no write transaction (on SQLite it would take the write lock)
        return []
    with transaction.atomic():
        due = pending.order_by("id").values_list("pk", "statement__statement_id", "statement__payload")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True, of=("self",))
        rows = [_Row(pk, str(statement_id), payload) for pk, statement_id, payload in due[:batch_size]]
        OutboxEntry.objects.filter(pk__in=[row.pk for row in rows]).update(due_at=lease_until)
    return rows


def _send(client: httpx.Client, rows: list[_Row], outcome: _Outcome) -> None:
    """POST ``rows``; sort the answer; split on 400/409 until each bad statement is alone."""
    if outcome.stopped:
        outcome.released.extend(rows)
        return
    try:
        body, content_type = _request_body(rows)
        response = post_statements(client, body, version=rows[0].xapi_version, content_type=content_type)
    except TRANSIENT_ERRORS as error:
        outcome.transient = f"{type(error).__name__}: {error}"
        outcome.deferred.extend(rows)
        return
    finally:
        outcome.requests += 1
    status = response.status_code
    if 200 <= status < 300:
        outcome.sent.extend(rows)
    elif status in PAUSE_STATUSES:
        outcome.paused = _answer(response)
        outcome.released.extend(rows)
    elif (status in SPLIT_STATUSES or status == 409) and len(rows) > 1:
        half = len(rows) // 2
        _send(client, rows[:half], outcome)
        _send(client, rows[half:], outcome)
    elif status in SPLIT_STATUSES:
        outcome.dead.append((rows[0], _answer(response)))
    elif status == 409:
        _resolve_conflict(client, rows[0], _answer(response), outcome)
    else:  # 5xx, 408, 429, and answers that say nothing about the statements (404, 405…): retry later
        outcome.transient = _answer(response)
        outcome.deferred.extend(rows)


def _resolve_conflict(client: httpx.Client, row: _Row, conflict: str, outcome: _Outcome) -> None:
    """409 for one statement: done if the destination holds an equivalent one under this id, dead otherwise."""
    try:
        response = get_statement(client, row.statement_id)
        if response.status_code == 404:  # voided there: still the same id, reachable as a voided statement
            response = get_statement(client, row.statement_id, voided=True)
    except TRANSIENT_ERRORS as error:
        outcome.transient = f"{type(error).__name__}: {error}"
        outcome.deferred.append(row)
        return
    finally:
        outcome.requests += 1
    status = response.status_code
    if status == 200:
        try:
            theirs = response.json()
        except ValueError:
            theirs = None
        if isinstance(theirs, dict) and statements_equivalent(orjson.loads(row.payload), theirs):
            outcome.sent.append(row)
        else:
            reason = f"{conflict}\nThe destination holds a different statement with this id: {response.text}"
            outcome.dead.append((row, reason[: 2 * ANSWER_CHARS]))
    elif status in PAUSE_STATUSES:
        outcome.paused = _answer(response)
        outcome.released.append(row)
    elif status == 404:
        outcome.dead.append((row, f"{conflict}\nThe destination answered 409 but returns no statement with this id."))
    else:
        outcome.transient = _answer(response)
        outcome.deferred.append(row)


def _backoff(failures: int) -> timedelta:
    return timedelta(seconds=min(BACKOFF_BASE * 2 ** (failures - 1), settings.XAPI_FORWARD_MAX_BACKOFF))


def _ours(rows: list[_Row], lease_until: datetime):
    """The rows still leased to this call (another forwarder may have taken them after the lease ended)."""
    return OutboxEntry.objects.filter(pk__in=[row.pk for row in rows], state=OutboxState.PENDING, due_at=lease_until)


def _record(outcome: _Outcome, *, destination: ForwardDestination, lease_until: datetime) -> ForwardReport:
    now = timezone.now()
    report = ForwardReport(requests=outcome.requests)
    dead_before = _dead_count(destination.endpoint) if outcome.dead else 0
    changed: set[str] = set()  # saved alone: a concurrent forwarder's pause is not overwritten
    with transaction.atomic():
        if outcome.sent:
            report.sent = _ours(outcome.sent, lease_until).update(
                state=OutboxState.SENT, sent_at=now, attempts=F("attempts") + 1, last_error=""
            )
        for row, reason in outcome.dead:
            report.dead += _ours([row], lease_until).update(
                state=OutboxState.DEAD, attempts=F("attempts") + 1, last_error=reason
            )
        if outcome.deferred:
            # the failure count as stored now, locked: a concurrent tick's failure is not lost
            current = ForwardDestination.objects.select_for_update().values_list("failures", flat=True)
            destination.failures = current.get(pk=destination.pk) + 1
            destination.retry_at = now + _backoff(destination.failures)
            destination.last_error = outcome.transient
            changed |= {"failures", "retry_at", "last_error"}
            report.waiting_until = destination.retry_at
            report.error = outcome.transient
            report.deferred = _ours(outcome.deferred, lease_until).update(
                due_at=destination.retry_at, attempts=F("attempts") + 1, last_error=outcome.transient
            )
        elif outcome.sent or outcome.dead:
            destination.failures, destination.retry_at, destination.last_error = 0, None, ""
            destination.last_success_at = now
            changed |= {"failures", "retry_at", "last_error", "last_success_at"}
        if outcome.released:  # not tried: attempts untouched
            report.released = _ours(outcome.released, lease_until).update(due_at=now)
        if outcome.paused:
            report.paused, report.error = True, outcome.paused
            destination.paused_at, destination.paused_credentials = now, _credentials_digest()
            destination.last_error = outcome.paused
            changed |= {"paused_at", "paused_credentials", "last_error"}
            audit_log(actor=None, action="xapi.forward.paused", target=destination,
                      data={"endpoint": destination.endpoint, "answer": outcome.paused})  # fmt: skip
        if changed:
            destination.save(update_fields=sorted(changed))
    if outcome.paused:
        log.error("xAPI forwarding to %s is paused: the LRS refused our credentials (%s). Fix them, then resume "
                  "from the Wagtail admin.", destination.endpoint, outcome.paused)  # fmt: skip
    elif outcome.transient:
        log.warning("xAPI forwarding to %s failed (%s); next attempt at %s.", destination.endpoint,
                    outcome.transient, destination.retry_at)  # fmt: skip
    if report.dead:
        _alert_dead_letters(destination, before=dead_before)
    return report


def _dead_count(endpoint: str) -> int:
    return OutboxEntry.objects.filter(destination=endpoint, state=OutboxState.DEAD).count()


def _alert_dead_letters(destination: ForwardDestination, *, before: int) -> None:
    threshold = settings.XAPI_FORWARD_DEAD_LETTER_ALERT
    after = _dead_count(destination.endpoint)
    if before < threshold <= after:
        log.error("xAPI forwarding to %s: %d dead letters (alert threshold %d). See the Wagtail admin.",
                  destination.endpoint, after, threshold)  # fmt: skip
        audit_log(actor=None, action="xapi.forward.dead_letters", target=destination,
                  data={"endpoint": destination.endpoint, "dead": after, "threshold": threshold})  # fmt: skip


def _destination(endpoint: str) -> ForwardDestination:
    destination, _created = ForwardDestination.objects.get_or_create(endpoint=endpoint)
    if destination.paused_at and destination.paused_credentials != _credentials_digest():
        # the credentials were changed since they were refused: try them
        _resume(destination, actor=None, reason="credentials changed")
    return destination


def _resume(destination: ForwardDestination, *, actor: User | None, reason: str) -> None:
    with transaction.atomic():
        destination.paused_at, destination.paused_credentials = None, ""
        destination.failures, destination.retry_at = 0, None
        destination.save()
        audit_log(actor=actor, action="xapi.forward.resumed", target=destination,
                  data={"endpoint": destination.endpoint, "reason": reason})  # fmt: skip
    log.info("xAPI forwarding to %s resumed (%s).", destination.endpoint, reason)


def outbox_forward(*, batch_size: int | None = None) -> ForwardReport:
    """Forward one batch of due outbox rows to ``XAPI_FORWARD_ENDPOINT``. Safe to run concurrently and twice."""
    endpoint = settings.XAPI_FORWARD_ENDPOINT
    if not endpoint:
        return ForwardReport()
    destination = _destination(endpoint)
    if destination.paused_at:
        return ForwardReport(paused=True, error=destination.last_error)
    now = timezone.now()
    if destination.retry_at and destination.retry_at > now:
        return ForwardReport(waiting_until=destination.retry_at, error=destination.last_error)
    lease = settings.XAPI_FORWARD_LEASE
    lease_until = now + timedelta(seconds=lease)
    rows = _claim(endpoint=endpoint, batch_size=batch_size or settings.XAPI_FORWARD_BATCH_SIZE, now=now,
                  lease_until=lease_until)  # fmt: skip
    if not rows:
        return ForwardReport()
    outcome = _Outcome(deadline=time.monotonic() + lease / 2)  # leave half the lease for the last request
    with forward_client() as client:
        for _version, run in itertools.groupby(rows, key=lambda row: row.xapi_version):
            _send(client, list(run), outcome)  # consecutive statements of one version share a request
    report = _record(outcome, destination=destination, lease_until=lease_until)
    report.claimed = len(rows)
    return report


def outbox_resend(*, entry_ids: list[int], actor: User | None = None) -> int:
    """Dead letters back to pending, due now, attempts reset (the admin's "resend" action). Returns how many."""
    with transaction.atomic():
        entries = OutboxEntry.objects.filter(pk__in=entry_ids, state=OutboxState.DEAD)
        ids = list(entries.values_list("pk", flat=True))
        count = entries.update(state=OutboxState.PENDING, due_at=timezone.now(), attempts=0, last_error="")
        if count:
            audit_log(actor=actor, action="xapi.forward.resent", data={"entries": ids})
    return count


def outbox_destination_resume(*, destination: ForwardDestination, actor: User | None) -> None:
    """Lift a pause (after 401/403) once the credentials are fixed on the destination's side."""
    if destination.paused_at:
        _resume(destination, actor=actor, reason="resumed by an administrator")


def outbox_counts() -> dict[str, int]:
    """Outbox rows per state (pending includes rows of destinations no longer configured)."""
    counts = OutboxEntry.objects.aggregate(
        **{state.value: Count("pk", filter=Q(state=state)) for state in OutboxState},
    )
    return {state: counts[state] or 0 for state in counts}
