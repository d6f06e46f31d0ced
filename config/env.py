"""The only reader of ``os.environ``.

Every variable read here is documented in ``.env.example``. A variable without a default is required: reading it
when it is missing stops start-up with an ``ImproperlyConfigured`` that names it.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_MISSING = object()
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _load_dotenv(path: Path) -> None:
    """Load ``KEY=value`` lines from a local ``.env`` without overriding the real environment."""
    if not path.is_file():
        return
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        os.environ.setdefault(key.strip(), value.strip().strip("'\""))


class Env:
    def _raw(self, name: str, default: object) -> object:
        value = os.environ.get(name)
        if value is None:
            if default is _MISSING:
                raise ImproperlyConfigured(f"The environment variable {name} is required (see .env.example).")
            return default
        return value

    def str(self, name: str, default: object = _MISSING) -> str:
        return self._raw(name, default)  # type: ignore[return-value]

    def bool(self, name: str, default: object = _MISSING) -> bool:
        value = self._raw(name, default)
        if isinstance(value, bool):
            return value
        lowered = str(value).strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ImproperlyConfigured(f"The environment variable {name} must be a boolean (true/false), got {value!r}.")

    def int(self, name: str, default: object = _MISSING) -> int:
        value = self._raw(name, default)
        try:
            return int(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ImproperlyConfigured(f"The environment variable {name} must be an integer, got {value!r}.") from None

    def list(self, name: str, default: object = _MISSING) -> list[str]:
        value = self._raw(name, default)
        if isinstance(value, list):
            return value
        return [item.strip() for item in str(value).split(",") if item.strip()]

    def is_set(self, name: str) -> bool:
        return bool(os.environ.get(name))


BASE_DIR = Path(__file__).resolve().parent.parent
_load_dotenv(BASE_DIR / ".env")
env = Env()
