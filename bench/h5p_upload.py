"""Benchmark: validation + unpacking of a 50 MB H5P package (target <= 5 s, issue 6).

The package is our Café IA Quiz with ~50 MB of incompressible media (as video and photos are) and a few hundred
small files. Measured: the full service (`h5p_package_create`: every check, unpacking to a fresh media folder,
library rows, audit) and, in the same run, the ceiling: plain `zipfile.extractall` of the same archive to a temporary
folder (no check at all), so the ratio is meaningful on a noisy machine. Fresh SQLite database and media folder.
Prints one JSON line; never asserts. Run: `.venv/bin/python bench/h5p_upload.py`.
"""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RUNS = 3
MEDIA_FILES = 25  # x 2 MB of random bytes
SMALL_FILES = 300  # JSON/SVG-like texts (subtitles, small images)


def _package() -> bytes:
    from h5p.build import demo_package_bytes

    rng = random.Random(6)
    buffer = io.BytesIO(demo_package_bytes("quiz-what-is-ai"))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        for index in range(MEDIA_FILES):
            archive.writestr(f"content/videos/clip-{index:02d}.mp4", rng.randbytes(2 * 1024 * 1024))
        for index in range(SMALL_FILES):
            text = json.dumps(
                {"cue": index, "text": " ".join(rng.choice(["café", "IA", "données"]) for _ in range(200))}
            )
            archive.writestr(f"content/subtitles/cue-{index:03d}.vtt", text)
    return buffer.getvalue()


def main() -> None:
    work = Path(tempfile.mkdtemp())
    os.environ.update({"DJANGO_SETTINGS_MODULE": "config.settings.dev", "DJANGO_DEBUG": "false",
                       "DATABASE_URL": f"sqlite:///{work / 'bench-h5p.sqlite3'}",
                       "MEDIA_ROOT": str(work / "media")})  # fmt: skip
    import django

    django.setup()
    from django.core.management import call_command

    from bench._common import commit
    from courses.services_h5p import h5p_package_create

    call_command("migrate", verbosity=0)
    data = _package()
    service, ceiling = [], []
    for run in range(RUNS):
        started = time.perf_counter()
        h5p_package_create(upload=io.BytesIO(data), uploaded_by=None, filename=f"bench-{run}.h5p")
        service.append(time.perf_counter() - started)

        target = work / f"plain-{run}"
        started = time.perf_counter()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            archive.extractall(target)
        ceiling.append(time.perf_counter() - started)
        shutil.rmtree(target)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files = len(archive.infolist())
        unpacked = sum(info.file_size for info in archive.infolist())
    shutil.rmtree(work)
    result = {
        "bench": "h5p_upload",
        "package_mb": round(len(data) / 1024 / 1024, 1),
        "unpacked_mb": round(unpacked / 1024 / 1024, 1),
        "files": files,
        "runs": RUNS,
        "validate_and_unpack_s": {"median": round(statistics.median(service), 3), "max": round(max(service), 3)},
        "ceiling_plain_extractall_s": {"median": round(statistics.median(ceiling), 3), "max": round(max(ceiling), 3)},
        "ratio_to_ceiling": round(statistics.median(service) / statistics.median(ceiling), 2),
        "target_s": 5,
        "commit": commit(),
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
