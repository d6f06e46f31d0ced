"""Benchmark: 20 learners sign the same half-day at once, through the real pages, on PostgreSQL.

In-process (Django's test client in 20 threads, each with its own database connection), on a fresh PostgreSQL
database `cafeia_bench_checkin` (dropped at the end) seeded with the demo data. Each round creates a session and 20
enrolled learners whose codes are verified first; then the 20 signature POSTs start together (a barrier) and the
wall time of the burst and each request's latency are measured; the round checks that every signature is stored
(`lost` counts the missing ones, `errors` the non-200 answers). The ceiling of the same run: 20 threads each
inserting one row with a signature-sized bytea into a plain table, each in its own transaction and connection.
Prints one JSON line; never asserts. Run: `.venv/bin/python bench/checkin_concurrency.py [--rounds 5]`.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._common import commit, loadavg, pg_drop, pg_recreate, pg_url, python_version  # noqa: E402

DBNAME = "cafeia_bench_checkin"
LEARNERS = 20


def _signature(n: int) -> bytes:
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (600, 220), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    for k in range(3):
        draw.line([(20 + k * 9 + n, 170), (200, 30 + k * 7), (400, 160 - n), (580, 40)], fill=(0, 0, 0, 255), width=4)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _burst(calls) -> tuple[float, list[float], list[int]]:
    from django.db import connection

    barrier = threading.Barrier(len(calls) + 1)
    latencies = [0.0] * len(calls)
    statuses = [0] * len(calls)

    def run(index: int) -> None:
        try:
            barrier.wait()
            started = time.perf_counter()
            statuses[index] = calls[index]()
            latencies[index] = (time.perf_counter() - started) * 1000
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join(120)
    return (time.perf_counter() - started) * 1000, latencies, statuses


def _round(index: int, trainer, programme, territory, pngs) -> dict:
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from core.models import User
    from training import checkin
    from training.models import Attendance, Modality
    from training.services import SessionData, cohort_create, enrolment_create, session_create

    cohort = cohort_create(programme=programme, title=f"Bench {index}", territory=territory, departement="67",
                           created_by=trainer, status="open", capacity=LEARNERS)  # fmt: skip
    day = dt.date(2031, 3, 4) + dt.timedelta(days=7 * index)
    session = session_create(
        cohort=cohort,
        data=SessionData(
            date=day,
            start_time=dt.time(9),
            end_time=dt.time(12),
            modality=Modality.IN_PERSON,
            trainer=trainer,
            venue_address="Salle",
            room_capacity=LEARNERS,
        ),  # fmt: skip
        actor=trainer,
    )
    at = session.starts_at + dt.timedelta(minutes=5)
    timezone.now = lambda: at  # every thread lives in the same minute of the session
    clients = []
    for n in range(LEARNERS):
        learner = User.objects.create_user(f"bench{index}-{n}@exemple.fr", "x", first_name="B", last_name=str(n))
        enrolment_create(cohort=cohort, learner=learner, enrolled_by=trainer, notify=False)
        client = Client()
        client.force_login(learner)
        code = checkin.current_code(session, at=at).code
        assert client.post(reverse("training:checkin"), {"code": code}).status_code == 302
        clients.append(client)
    url = reverse("training:checkin_sign", args=[session.pk])
    bodies = [{"signature": "data:image/png;base64," + base64.b64encode(pngs[n]).decode()} for n in range(LEARNERS)]
    calls = [lambda n=n: clients[n].post(url, bodies[n]).status_code for n in range(LEARNERS)]
    wall, latencies, statuses = _burst(calls)
    stored = Attendance.objects.filter(session=session, signed_at__isnull=False).count()
    return {"wall_ms": wall, "latencies": latencies, "errors": sum(s != 200 for s in statuses),
            "lost": LEARNERS - stored}  # fmt: skip


def _ceiling(rounds: int, size: int) -> float:
    """Wall time of 20 concurrent single-row transactions with a bytea of the signature's size (median of rounds)."""
    import psycopg

    url = pg_url(DBNAME)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_ceiling (id bigserial primary key, data bytea, at timestamptz)")
    payload = os.urandom(size)
    walls = []
    for _ in range(rounds):
        connections = [psycopg.connect(url) for _ in range(LEARNERS)]

        def insert(conn) -> int:
            with conn.transaction():
                conn.execute("INSERT INTO bench_ceiling (data, at) VALUES (%s, now())", [payload])
            return 200

        barrier = threading.Barrier(LEARNERS + 1)

        def run(conn, gate: threading.Barrier = barrier) -> None:
            gate.wait()
            insert(conn)

        threads = [threading.Thread(target=run, args=(c,)) for c in connections]
        for thread in threads:
            thread.start()
        barrier.wait()
        started = time.perf_counter()
        for thread in threads:
            thread.join(60)
        walls.append((time.perf_counter() - started) * 1000)
        for conn in connections:
            conn.close()
    return statistics.median(walls)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    pg_recreate(DBNAME)
    try:
        os.environ.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings.dev",
                "DJANGO_DEBUG": "false",
                "DATABASE_URL": pg_url(DBNAME),
                "ALLOWED_HOSTS": "testserver",
                "CELERY_BROKER_URL": "",
            }
        )
        import django

        django.setup()
        from django.core.management import call_command

        from core.models import User
        from courses.models import ProgramPage
        from training.models import Territory

        call_command("migrate", verbosity=0)
        call_command("seed_demo", "--quiet-accounts", verbosity=0)
        trainer = User.objects.get(email="formateur@cafe-ia.example")
        programme = ProgramPage.objects.live().first()
        territory = Territory.objects.get(name="Alsace")
        pngs = [_signature(n) for n in range(LEARNERS)]
        load = loadavg()
        results = [_round(i, trainer, programme, territory, pngs) for i in range(args.rounds)]
        ceiling = _ceiling(args.rounds, len(pngs[0]))
    finally:
        from django.db import connections

        connections.close_all()
        pg_drop(DBNAME)
    walls = [r["wall_ms"] for r in results]
    latencies = sorted(x for r in results for x in r["latencies"])
    print(
        json.dumps(
            {
                "bench": "checkin_concurrency",
                "database": "postgresql",
                "learners_per_burst": LEARNERS,
                "rounds": args.rounds,
                "errors": sum(r["errors"] for r in results),
                "lost_signatures": sum(r["lost"] for r in results),
                "burst_wall_ms_median": round(statistics.median(walls), 1),
                "burst_wall_ms_max": round(max(walls), 1),
                "request_ms_p50": round(statistics.median(latencies), 1),
                "request_ms_p95": round(latencies[int(len(latencies) * 0.95) - 1], 1),
                "ceiling_20_concurrent_inserts_wall_ms": round(ceiling, 1),
                "ratio_burst_to_ceiling": round(statistics.median(walls) / ceiling, 1) if ceiling else None,
                "target": "20 signatures within the same minute: no error, no lost signature",
                "loadavg_before": load,
                "python": python_version(),
                "commit": commit(),
            }
        )
    )


if __name__ == "__main__":
    main()
