"""What the WSGI module does once loaded (config/wsgi.py, decision 0015)."""

from __future__ import annotations

import gc
import importlib
import sys

from config.celery import GC_THRESHOLDS


def test_loading_the_wsgi_module_imports_the_urlconf_then_freezes_what_exists():
    thresholds, frozen = gc.get_threshold(), gc.get_freeze_count() > 0  # the test session's own (tests/conftest.py)
    try:
        gc.unfreeze()
        gc.set_threshold(700, 10, 10)  # Python's defaults
        sys.modules.pop("config.wsgi", None)
        wsgi = importlib.import_module("config.wsgi")
        assert callable(wsgi.application)
        assert "config.urls" in sys.modules  # the URLconf was loaded before the freeze, not on the first request
        assert gc.get_threshold() == GC_THRESHOLDS
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
        if frozen:
            gc.freeze()
