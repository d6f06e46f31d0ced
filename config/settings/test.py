"""Test settings: the embedded defaults, unless DATABASE_URL / CELERY_BROKER_URL point at real services (CI)."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; prod keeps PBKDF2
# in memory, unless EMAIL_FILE_PATH is set: then a real Celery worker started by a test writes e-mails there
EMAIL_BACKEND = (
    "django.core.mail.backends.filebased.EmailBackend"
    if env.is_set("EMAIL_FILE_PATH")
    else "django.core.mail.backends.locmem.EmailBackend"
)
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(BASE_DIR / ".test-media"))
XAPI_ACTOR_SECRET = "test-actor-secret"
SITE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = SITE_URL
ALLOWED_HOSTS = ["*"]
# Django's test client builds the middleware chain for every new client, i.e. for every test: WhiteNoise would scan
# and stat the ~1,900 collected static files each time (measured: 60 % of the xAPI tests' time). Looked up at request
# time instead, from the same STATIC_ROOT (no finders), with the same headers as in production.
WHITENOISE_AUTOREFRESH = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: the real Celery worker started by the integration tests opens the same database.
    # One file per test process, so that two runs on one machine never share it.
    _default_test_db = str(Path(tempfile.gettempdir()) / f"cafeia-test-{os.getpid()}.sqlite3")
    DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_SQLITE_NAME", default=_default_test_db)}
if env.is_set("TEST_CELERY_KEYPREFIX"):
    # A worker started by a test listens under the key prefix of that test's producer (tests/integration/conftest.py),
    # never under another run's.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
        "global_keyprefix": env.str("TEST_CELERY_KEYPREFIX"),
    }
