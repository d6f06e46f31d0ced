"""Production refuses to start half-configured; every variable read is documented."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD = {
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "formation.cafe-ia.example",
    "SITE_URL": "https://formation.cafe-ia.example",
    "XAPI_ACTOR_SECRET": "a-real-actor-secret",
}


def _load_prod(**overrides: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in GOOD and k != "DJANGO_SETTINGS_MODULE"}
    env.update({k: v for k, v in {**GOOD, **overrides}.items() if v is not None})
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.prod"
    code = "import django; django.setup(); print('started')"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)


def test_prod_starts_when_configured():
    result = _load_prod()
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "XAPI_ACTOR_SECRET"])
def test_prod_names_the_missing_variable(missing):
    result = _load_prod(**{missing: None})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_prod_refuses_the_dev_secret_key():
    result = _load_prod(SECRET_KEY="dev-only-insecure-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_half_configured_forwarding_stops_start_up():
    result = _load_prod(XAPI_FORWARD_ENDPOINT="https://lrs.example.org/xapi/")
    assert result.returncode != 0 and "XAPI_FORWARD_USERNAME" in result.stderr


def test_every_variable_read_is_in_env_example():
    read = set()
    for path in [*ROOT.glob("config/**/*.py")]:
        read |= set(re.findall(r'env\.(?:str|bool|int|list|is_set)\(\s*"([A-Z_]+)"', path.read_text()))
    documented = set(re.findall(r"^#?\s*([A-Z_]+)=", (ROOT / ".env.example").read_text(), flags=re.M))
    assert read, "no variable found: the pattern is stale"
    assert read <= documented, f"undocumented: {sorted(read - documented)}"


def test_database_url_switches_to_postgresql():
    env = {**os.environ, "DATABASE_URL": "postgres://u:p@db.example:5433/cafeia", "DJANGO_SETTINGS_MODULE": ""}
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings.dev'; "
        "from django.conf import settings; d=settings.DATABASES['default']; "
        "print(d['ENGINE'], d['HOST'], d['PORT'], d['NAME'], settings.CELERY_TASK_ALWAYS_EAGER)"
    )
    env["CELERY_BROKER_URL"] = "redis://127.0.0.1:6379/0"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["django.db.backends.postgresql", "db.example", "5433", "cafeia", "False"]


def test_embedded_defaults():
    from django.conf import settings

    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    assert settings.WAGTAIL_ENABLE_UPDATE_CHECK is False
    assert settings.ANONYMOUS_USER_NAME is None
    assert "django_tasks.backends" in settings.TASKS["default"]["BACKEND"]
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
