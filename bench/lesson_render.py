"""Benchmark: render time of a lesson page for a logged-in learner, with that learner's progress in the HTML.

In-process (Django's test client, no network), on a fresh SQLite file database seeded with the demo programme, the
learner having completed some lessons. The reference measured in the same run is the cost of a trivial page through
the same middleware (the 404 page), so that a ratio is meaningful on a noisy machine. Prints one JSON line; never
asserts. Run: `.venv/bin/python bench/lesson_render.py` (target: p50 <= 30 ms, issue 4).

`--database-url postgres://…/<db>` runs it on PostgreSQL instead: the database's `public` schema is DROPPED and
recreated first (use a database of your own, e.g. `cafeia_courses`).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REQUESTS = 200


def _timed(client, url: str, count: int) -> list[float]:
    times = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code in (200, 404), (url, response.status_code)
    return times


def _summary(times: list[float]) -> dict:
    ordered = sorted(times)
    return {"p50_ms": round(statistics.median(ordered), 2), "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1], 2)}


def _reset_postgres(url: str) -> None:
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), autocommit=True) as connection:
        connection.execute("DROP SCHEMA IF EXISTS public CASCADE")
        connection.execute("CREATE SCHEMA public")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="", help="PostgreSQL URL (its public schema is recreated)")
    arguments = parser.parse_args()
    if arguments.database_url:
        _reset_postgres(arguments.database_url)
        database_url, database_label = arguments.database_url, "postgresql"
    else:
        database_url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench-lesson.sqlite3'}"
        database_label = "sqlite (file)"
    os.environ.update({"DJANGO_SETTINGS_MODULE": "config.settings.dev", "DJANGO_DEBUG": "false",
                       "DATABASE_URL": database_url, "ALLOWED_HOSTS": "testserver"})  # fmt: skip
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from core.demo import DEMO_ACCOUNTS
    from core.roles import Role
    from courses.models import LessonPage
    from xapi.vocabulary import activity_iri

    logging.getLogger("django.request").setLevel(logging.ERROR)  # the reference page is a 404

    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--quiet-accounts", verbosity=0)
    learner = next(a for a in DEMO_ACCOUNTS if a.role is Role.LEARNER)
    client = Client()
    assert client.login(username=learner.email, password=learner.password)
    lessons = list(LessonPage.objects.live().order_by("path"))
    for lesson in lessons[:3]:  # the learner has completed some lessons: their progress is in every page
        statement = {
            "actor": {"mbox": "mailto:ignored@example.org"},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
            "object": {"id": activity_iri("lesson", lesson.pk)},
            "result": {"duration": "PT5M", "completion": True},
        }
        response = client.post("/xapi/statements", json.dumps(statement), content_type="application/json",
                               HTTP_X_EXPERIENCE_API_VERSION="1.0.3")  # fmt: skip
        assert response.status_code == 200, response.content
    html = client.get(lessons[0].url).content.decode()
    progress_in_html = "Leçon terminée" in html  # lessons[0] is completed by this learner
    _timed(client, lessons[0].url, 20)  # warm-up: templates, caches
    lesson_times = []
    for index in range(REQUESTS):
        lesson_times += _timed(client, lessons[index % len(lessons)].url, 1)
    reference = _timed(client, "/this-page-does-not-exist/", REQUESTS)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    lesson, ref = _summary(lesson_times), _summary(reference)
    print(json.dumps({
        "bench": "lesson_render", "requests": REQUESTS, "lessons": len(lessons), "database": database_label,
        "logged_in_learner": True, "progress_in_html": progress_in_html, "lesson": lesson,
        "reference_404_page": ref, "ratio_p50": round(lesson["p50_ms"] / ref["p50_ms"], 2), "target_p50_ms": 30,
        "commit": commit.stdout.strip() or "uncommitted",
    }))  # fmt: skip


if __name__ == "__main__":
    main()
