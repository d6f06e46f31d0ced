from __future__ import annotations

import pytest


@pytest.fixture
def media_root(settings, tmp_path):
    """A private, empty media storage: tests assert what was (not) written there."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def stored_files(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []
