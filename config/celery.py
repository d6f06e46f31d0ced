"""Celery application. Tasks are thin shells over services (see STYLE.md R6)."""

import gc
import os

from celery import Celery
from celery.signals import worker_process_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Worker processes allocate many short-lived objects per task (WeasyPrint's boxes and styles, ORM rows) on top of a
# few hundred thousand long-lived ones (Django, Wagtail, WeasyPrint's caches). Python's default collector runs a
# young-generation pass every 700 allocations and, now and then, walks everything: measured 5 % of a bulk issuance
# chunk's CPU (decision 0051). Once the worker has started, what exists is moved out of the collector's sight
# (gc.freeze) and young passes run every 20,000 allocations instead (cycles are still collected).
GC_THRESHOLDS = (20_000, 10, 10)


def tune_gc(**_kwargs) -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


worker_ready.connect(tune_gc, weak=False)  # --pool=solo: tasks run in the main process
worker_process_init.connect(tune_gc, weak=False)  # prefork: each child
