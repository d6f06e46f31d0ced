"""Deferred refreshes: a bulk job runs many small writes whose receivers each recompute a projection; inside
``refreshes_deferred()`` those receivers queue what they would recompute and it is recomputed once, set-based, when
the block ends (decision 0052).

A receiver calls ``refresh_or_defer(key, item, flush)``: outside a deferral ``flush([item])`` runs at once (the
usual path, unchanged); inside, ``item`` joins the list of ``key`` and ``flush(items)`` runs once at the end of the
outermost block — also when the block ends with an exception, so that what was written before it is reflected.
Only for projections that can be rebuilt (the dashboards' milestones): a flush that fails is logged, never raised
over the job's own outcome.

Lower layers own this so that a job in one app (certificates) can batch the receivers of another app above it
(dashboards) without importing it.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

logger = logging.getLogger(__name__)

_pending: contextvars.ContextVar[dict[str, tuple[Callable[[list[Any]], Any], list[Any]]] | None] = (
    contextvars.ContextVar("core_deferred_refreshes", default=None)
)


def refresh_or_defer(key: str, item: Any, flush: Callable[[list[Any]], Any]) -> None:
    pending = _pending.get()
    if pending is None:
        flush([item])
        return
    pending.setdefault(key, (flush, []))[1].append(item)


@contextmanager
def refreshes_deferred() -> Iterator[None]:
    if _pending.get() is not None:  # nested: the outermost block flushes
        yield
        return
    token = _pending.set({})
    try:
        yield
    finally:
        pending = _pending.get() or {}
        _pending.reset(token)
        for key, (flush, items) in pending.items():
            try:
                flush(items)
            except Exception:  # a projection: `rebuild_dashboards` and friends reconcile it
                logger.exception("deferred refresh %s failed for %s items", key, len(items))
