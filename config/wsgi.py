import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

application = get_wsgi_application()


def _warm_and_tune_gc() -> None:
    """Import the URLconf (and with it every view module) now rather than on the first request, then move what is
    alive out of the garbage collector's sight and collect young objects less often, as the Celery workers do
    (config/celery.py): a batch POST parses hundreds of objects per statement, and full passes walked the few hundred
    thousand long-lived objects of Django and Wagtail (decision 0015: a third of a batch's app CPU in process)."""
    from django.urls import get_resolver

    from config.celery import tune_gc

    get_resolver().url_patterns  # noqa: B018 - the import is the point
    tune_gc()


_warm_and_tune_gc()
