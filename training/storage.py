"""Where the training's legal files live: signatures, scanned sheets, generated émargements and proof files.

They hold personal data, so they are kept out of ``MEDIA_ROOT`` (which a reverse proxy may serve publicly) and only
reach a browser through views that check permissions. ``PRIVATE_MEDIA_ROOT`` overrides the default location.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import LazyObject


class _PrivateStorage(LazyObject):
    def _setup(self) -> None:
        location = getattr(settings, "PRIVATE_MEDIA_ROOT", "") or f"{Path(settings.MEDIA_ROOT)}-private"
        self._wrapped = FileSystemStorage(location=location, base_url=None)


private_storage = _PrivateStorage()


def private_storage_callable() -> FileSystemStorage:
    return private_storage  # a callable keeps migrations free of the deployment's path


def _random_name(folder: str, filename: str) -> str:
    suffix = Path(filename).suffix.lower()[:8] or ".bin"
    return f"training/{folder}/{uuid.uuid4().hex}{suffix}"


def signature_upload_to(instance: object, filename: str) -> str:
    return _random_name("signatures", filename)


def scan_upload_to(instance: object, filename: str) -> str:
    return _random_name("scans", filename)


def document_upload_to(instance: object, filename: str) -> str:
    return _random_name("documents", filename)


def import_upload_to(instance: object, filename: str) -> str:
    return _random_name("imports", filename)
