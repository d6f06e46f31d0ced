"""What a Celery worker process does once started (config/celery.py, decision 0051)."""

from __future__ import annotations

import gc

import pytest
from celery.signals import worker_process_init, worker_ready

from config.celery import GC_THRESHOLDS


@pytest.mark.parametrize("signal", [worker_ready, worker_process_init], ids=["solo", "prefork-child"])
def test_a_started_worker_freezes_what_exists_and_collects_young_objects_less_often(signal):
    thresholds, frozen = gc.get_threshold(), gc.get_freeze_count() > 0  # the test session's own (tests/conftest.py)
    try:
        gc.unfreeze()
        gc.set_threshold(700, 10, 10)  # Python's defaults
        signal.send(sender=None)
        assert gc.get_threshold() == GC_THRESHOLDS
        assert gc.get_freeze_count() > 0  # the objects alive at start-up are out of the collector's passes
        garbage = []
        garbage.append(garbage)  # a reference cycle is still collected
        del garbage
        assert gc.collect() >= 1
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
        if frozen:
            gc.freeze()
