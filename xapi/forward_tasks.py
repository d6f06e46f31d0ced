"""The periodic forwarder (Celery beat, every few seconds; queue ``xapi-forward``). Thin: the work is in
``xapi.forwarding``. One message per tick, never one per statement.

Imported by ``xapi.tasks`` so that Celery's autodiscovery registers it; named ``xapi.tasks.…`` so that the
``xapi.tasks.*`` route puts it on the ``xapi-forward`` queue. ``acks_late`` and ``reject_on_worker_lost`` come
from the settings; a tick lost with a killed worker is harmless: the next tick does the same work.
"""

from __future__ import annotations

import logging
import time

from celery import shared_task

from xapi.forwarding import outbox_forward

log = logging.getLogger(__name__)

TIME_BUDGET = 20.0  # seconds: a tick stops claiming new batches after this, the next tick goes on

__all__ = ["outbox_forward_task"]


@shared_task(name="xapi.tasks.outbox_forward_task", ignore_result=True)
def outbox_forward_task() -> dict:
    """Forward due outbox rows, batch after batch, until none is due, the destination waits, or time is up."""
    started = time.monotonic()
    totals = {"batches": 0, "sent": 0, "dead": 0, "deferred": 0}
    while True:
        report = outbox_forward()
        if report.claimed:
            totals["batches"] += 1
            totals["sent"] += report.sent
            totals["dead"] += report.dead
            totals["deferred"] += report.deferred
        if not report.more or time.monotonic() - started > TIME_BUDGET:
            break
    if totals["batches"]:
        log.info("xAPI forwarding: %s", totals)
    return totals
