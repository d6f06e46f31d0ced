"""Settings shared by every environment. ``dev``, ``test`` and ``prod`` only override.

The defaults are the embedded ones (SQLite file, eager Celery, local media, console e-mail), so a fresh machine
runs everything with no server to install. ``DATABASE_URL`` and ``CELERY_BROKER_URL`` switch to PostgreSQL and a
real broker without code changes. Every variable is documented in ``.env.example``.
"""

from __future__ import annotations

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR, env

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default="127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default="")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # project apps, top layer first (ARCHITECTURE.md)
    "dashboards",
    "certificates",
    "assessments",
    "training",
    "courses",
    "cms",
    "xapi",
    "core",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    # third parties
    "guardian",
    "dsfr",
    "widget_tweaks",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "xapi.middleware.XapiBasicAuthMiddleware",  # LRS requests with HTTP Basic skip the rest (decision 0007)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "core.context_processors.site",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database -------------------------------------------------------------------------------------------------
# SQLite (the embedded default) runs in WAL mode with IMMEDIATE transactions and a busy timeout, so concurrent
# writers queue instead of failing with "database is locked".
DATABASE_URL = env.str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
# Persistent connections: opening one (and, on SQLite, running the PRAGMAs) per request costs more than many queries.
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env.int("DATABASE_CONN_MAX_AGE", default=60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users, authentication, permissions ------------------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
ANONYMOUS_USER_NAME = None  # guardian: no anonymous object permissions, no phantom user row
GUARDIAN_MONKEY_PATCH_USER = False
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # reset and invitation links: 3 days
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation: code in English, UI in French --------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and media: self-hosted, nothing from a CDN ----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(BASE_DIR / "media"))
# training: signatures, scans, imports, generated PDFs; empty = "<MEDIA_ROOT>-private" (training/storage.py)
PRIVATE_MEDIA_ROOT = env.str("PRIVATE_MEDIA_ROOT", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024  # xAPI batches and attachments are read in memory

# --- E-mail ----------------------------------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default="")  # for django.core.mail.backends.filebased.EmailBackend
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Café IA Formation <ne-pas-repondre@cafe-ia.example>")

# --- Celery (the project's own tasks) ----------------------------------------------------------------------------
# No broker configured = the embedded default: tasks run eagerly in the calling process.
# The cache: per process by default (embedded); CACHE_URL=redis://… shares it between web processes, which makes the
# rate limits (/verifier/, Hub API) global and an invalidation (the footer's legal links) reach every process.
CACHE_URL = env.str("CACHE_URL", default="")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL, "KEY_PREFIX": "cafeia"}
        if CACHE_URL.startswith(("redis://", "rediss://", "unix://"))
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cafeia"}
    )
}

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="")
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-task gives the task back...
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
# ...and Redis hands it out again after the visibility timeout, which must exceed the longest task.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "xapi.tasks.*": {"queue": "xapi-forward"},
    "certificates.tasks.*": {"queue": "documents"},
    "courses.tasks.module_export_build_task": {"queue": "documents"},  # WeasyPrint work, beside the attestations
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {
    # the xAPI forwarder drains the outbox in batches (not one message per statement); a tick that waited longer
    # than the interval is dropped, the next one does the same work
    "xapi-outbox-forward": {
        "task": "xapi.tasks.outbox_forward_task",  # routed to the xapi-forward queue
        "schedule": 5.0,
        "options": {"expires": 5.0},
    },
    # training: e-mail each enrolled learner once before each training day (with an .ics); hourly, idempotent
    "training-session-reminders": {
        "task": "training.tasks.session_reminders_send_task",
        "schedule": 60 * 60.0,
        "options": {"expires": 30 * 60.0},
    },
    # quizzes: close attempts whose time limit passed (the learner left the page), e-mail due cold surveys
    "assessments-attempts-close-expired": {
        "task": "assessments.tasks.attempts_close_expired_task",
        "schedule": 60.0,
        "options": {"expires": 60.0},
    },
    "assessments-cold-surveys-send": {
        "task": "assessments.tasks.cold_survey_invitations_send_task",
        "schedule": 60.0 * 60,
        "options": {"expires": 60.0 * 60},
    },
}

# --- Wagtail's own background work (django-tasks), distinct from Celery ------------------------------------------
# Wagtail enqueues reference-index updates and file deletions through django-tasks. They are small and fast, so
# they run immediately after the transaction commits, in the web process; Celery carries the project's own work.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "ENQUEUE_ON_COMMIT": True,
    }
}

# --- Certificates -----------------------------------------------------------------------------------------------
# The Open Badges signing key (RSA, PEM); unset: generated once into the private media storage (dev, tests).
BADGE_SIGNING_KEY_FILE = env.str("BADGE_SIGNING_KEY_FILE", default="")
CERTIFICATES_VERIFY_RATE_LIMIT = env.int("CERTIFICATES_VERIFY_RATE_LIMIT", default=30)  # per client and minute

# --- Wagtail -------------------------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Café IA Formation"
WAGTAILADMIN_BASE_URL = SITE_URL
# training: the organisation printed on attendance sheets and proof files (the site name when unset)
TRAINING_ORGANISATION = {
    "name": env.str("TRAINING_ORGANISATION_NAME", default="") or WAGTAIL_SITE_NAME,
    "address": env.str("TRAINING_ORGANISATION_ADDRESS", default=""),
    "siret": env.str("TRAINING_ORGANISATION_SIRET", default=""),
    "nda": env.str("TRAINING_ORGANISATION_NDA", default=""),
}
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no request to a third-party domain, admin included
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
WAGTAIL_I18N_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = True
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "french"}}
WAGTAILEMBEDS_FINDERS: list = []  # embeds are click-to-load blocks of ours: Wagtail never calls oEmbed providers
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]  # no SVG: it could script the main origin

# --- django-dsfr ---------------------------------------------------------------------------------------------------
DSFR_MARK_OPTIONAL_FIELDS = True

# --- xAPI (the embedded LRS) -------------------------------------------------------------------------------------
XAPI_ACTOR_SECRET = env.str("XAPI_ACTOR_SECRET", default="dev-only-actor-secret")
XAPI_FORWARD_ENDPOINT = env.str("XAPI_FORWARD_ENDPOINT", default="")  # forwarding is on when set
if XAPI_FORWARD_ENDPOINT:
    XAPI_FORWARD_USERNAME = env.str("XAPI_FORWARD_USERNAME")  # ImproperlyConfigured when half-configured
    XAPI_FORWARD_PASSWORD = env.str("XAPI_FORWARD_PASSWORD")
else:
    XAPI_FORWARD_USERNAME = XAPI_FORWARD_PASSWORD = ""
XAPI_FORWARD_BATCH_SIZE = env.int("XAPI_FORWARD_BATCH_SIZE", default=100)  # statements per POST
XAPI_FORWARD_MAX_BACKOFF = env.int("XAPI_FORWARD_MAX_BACKOFF", default=600)  # seconds, ceiling of the retry delay
XAPI_FORWARD_DEAD_LETTER_ALERT = env.int("XAPI_FORWARD_DEAD_LETTER_ALERT", default=10)  # alert at this many
XAPI_FORWARD_LEASE = env.int("XAPI_FORWARD_LEASE", default=120)  # seconds a claimed batch stays with its forwarder

# --- Security defaults (prod tightens further) ---------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the LRS's browser client reads it to send session-authenticated statements
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

SITE_DESCRIPTION = _("The 17-hour facilitator training of Café IA")

# Wagtail's live preview and the H5P player are same-origin frames: SAMEORIGIN, not DENY.
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# RGPD retention of learning records (xapi/retention.py, `manage.py lrs_purge`): evidence of the training
# (attendance, remote-day time and evaluations, completions) 6 years; other learning records shorter.
XAPI_RETENTION_EVIDENCE_DAYS = env.int("XAPI_RETENTION_EVIDENCE_DAYS", default=6 * 365 + 2)
XAPI_RETENTION_LEARNING_DAYS = env.int("XAPI_RETENTION_LEARNING_DAYS", default=2 * 365)
