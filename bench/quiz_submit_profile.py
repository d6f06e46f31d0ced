"""In-process profile of the quiz submit request (the figure `quiz_submit.py` measures under gunicorn).

The same quiz and learners as `quiz_submit.py` (30 questions, shuffled, 20 enrolled learners), prod settings, on a
throwaway PostgreSQL database; Django's test client drives the real views, one learner after the other, so the
figures do not depend on what else the machine runs: SQL queries per submit, the CPU this process spends per submit
(Django, psycopg, the scoring; `time.process_time`), the CPU of the PostgreSQL backend serving it (from
`/proc/<pid>/stat`) and the wall time, each as p50/p95 over the submits. `--broker` profiles the production shape
(the attempt's xAPI record is queued for a worker, not run); without it, the embedded default stores the 32
statements inside the request. `--cprofile N` prints the N most expensive functions (cumulative) to stderr.

Run: `.venv/bin/python bench/quiz_submit_profile.py [--broker redis://127.0.0.1:6379/6] [--dbname …]`.
Prints one JSON line; never asserts.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import os
import pstats
import random
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import PYTHON, ROOT, app_env, commit, loadavg, percentile, pg_drop, pg_recreate, pg_url
from bench.quiz_submit import KEY_RE, LEARNERS, SETUP, answers_from

TICKS = os.sysconf("SC_CLK_TCK")


def backend_cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def summary(values: list[float]) -> dict:
    return {"p50": round(percentile(values, 0.5), 2), "p95": round(percentile(values, 0.95), 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dbname", default="cafeia_bench_quiz_profile")
    parser.add_argument("--broker", default="", help="Celery broker URL: the production shape (tasks queued)")
    parser.add_argument("--rounds", type=int, default=2, help="submits per learner (one attempt each)")
    parser.add_argument("--cprofile", type=int, default=0)
    parser.add_argument("--keep", action="store_true", help="keep the database (and reuse it with --reuse)")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--show-queries", action="store_true", help="print the last submit's SQL to stderr")
    args = parser.parse_args()

    env = app_env(database_url=pg_url(args.dbname))
    env["ALLOWED_HOSTS"] += ",testserver"
    env["CELERY_BROKER_URL"] = args.broker
    if not args.reuse:
        pg_recreate(args.dbname)
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env,
                       check=True)  # fmt: skip
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from assessments.models import Attempt, Quiz
    from core.models import User

    try:
        if not args.reuse:
            with contextlib.redirect_stdout(io.StringIO()):
                exec(SETUP.replace("LEARNERS", str(LEARNERS)).replace("django.setup()", ""), {})
        quiz = Quiz.objects.get()
        learners = list(User.objects.filter(email__startswith="banc").order_by("pk"))
        Attempt.objects.all().delete()
        quiz.max_attempts = None
        quiz.save()
        rng = random.Random(6)
        profiler = cProfile.Profile() if args.cprofile else None
        rows = []
        for round_ in range(args.rounds + 1):  # the first round warms up (not counted)
            for learner in learners:
                client = Client()
                client.force_login(learner)
                start = client.post(f"/evaluations/quiz/{quiz.pk}/commencer/")
                assert start.status_code == 302, start.status_code
                page = client.get(start.url)
                html = page.content.decode()
                data = [("submission_key", KEY_RE.search(html).group(1)), ("action", "submit"),
                        *answers_from(html, rng)]  # fmt: skip
                body = urlencode(data, doseq=True)  # as a browser sends a form (and the bench's client)
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    backend = cursor.fetchone()[0]
                db_before, cpu_before, wall_before = backend_cpu_s(backend), time.process_time(), time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    if profiler is not None and round_:
                        profiler.enable()
                    response = client.post(start.url, body, content_type="application/x-www-form-urlencoded")
                    if profiler is not None and round_:
                        profiler.disable()
                wall = time.perf_counter() - wall_before
                cpu = time.process_time() - cpu_before
                db = backend_cpu_s(backend) - db_before
                assert response.status_code == 302 and response.url.endswith("/resultat/"), response.status_code
                if round_:
                    rows.append({"queries": len(queries), "cpu_ms": cpu * 1000, "db_cpu_ms": db * 1000,
                                 "wall_ms": wall * 1000})  # fmt: skip
        if args.show_queries:
            for query in queries.captured_queries:
                print(f"{query['time']:>6} {query['sql'][:300]}", file=sys.stderr)
        if profiler is not None:
            stats = pstats.Stats(profiler, stream=sys.stderr)
            stats.sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(args.cprofile)
        print(json.dumps({
            "bench": "quiz_submit_profile",
            "mode": "with broker (xAPI record queued)" if args.broker else "eager (xAPI record in the request)",
            "submits": len(rows),
            "queries_per_submit": sorted({r["queries"] for r in rows}),
            "app_cpu_ms": summary([r["cpu_ms"] for r in rows]),
            "db_backend_cpu_ms": summary([r["db_cpu_ms"] for r in rows]),
            "wall_ms_with_query_capture": summary([r["wall_ms"] for r in rows]),
            "loadavg": loadavg(),
            "commit": commit(),
        }))  # fmt: skip
    finally:
        connection.close()
        if not args.keep:
            pg_drop(args.dbname)


if __name__ == "__main__":
    main()
