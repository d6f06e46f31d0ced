"""Benchmark: statements/s through POST /xapi/statements under gunicorn, against the raw ceiling of the same run.

PostgreSQL (prod settings, forwarding on: every statement writes an outbox row) in batches of 100 and in
single-statement POSTs (plus p50 latency for one client), and the embedded default (SQLite in WAL mode, dev
settings with DEBUG off) in both modes. The ceiling: psycopg `executemany` of the same rows (built by
`xapi.statements.prepare`) into a table of the same shape as xapi_statement, 100 per transaction; a second
ceiling adds the agent/activity/outbox side rows. Prints one JSON line; never asserts.

Run: `.venv/bin/python bench/lrs_ingest.py [--seconds 10] [--workers 2]`. Needs PostgreSQL on 127.0.0.1:5432
(user postgres); creates and drops the database `cafeia_bench_ingest` (`--dbname`) and a SQLite file in /tmp.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (
    Gunicorn,
    app_env,
    bench_authority,
    build_request,
    commit,
    ids,
    loadavg,
    mix,
    percentile,
    pg_backend_cpu_seconds,
    pg_drop,
    pg_recreate,
    pg_url,
    prepare_app_db,
    python_version,
    run_load,
    templates,
    with_id,
)

DBNAME = "cafeia_bench_ingest"
BATCH = 100
TEMPLATES = 4000
WARM_UP = 10_000  # statements stored before measuring, then ANALYZE (autovacuum is off on the bench server)
TARGETS = {"pg_batch_per_s": 10_000, "pg_batch_ratio": 0.75, "pg_single_per_s": 800, "pg_single_p50_ms": 3.0,
           "sqlite_batch_per_s": 5_000, "sqlite_single_per_s": 600}  # fmt: skip


def batch_requests(tmpl, prefix: int, statements: int) -> tuple[list[bytes], list[int]]:
    """Bodies of 100 statements with fresh ids; one batch in ten is a 2.0 batch (with contextAgents)."""
    statement_ids = ids(prefix, statements)
    v1 = [t for t in tmpl if not t[1]]
    v2 = [t for t in tmpl if t[1]]
    requests = []
    for number, start in enumerate(range(0, statements, BATCH)):
        is_v2 = number % 10 == 0
        pool = v2 if is_v2 else v1
        parts = [with_id(pool[(start + i) % len(pool)][0], statement_ids[start + i]) for i in range(BATCH)]
        body = b"[" + b",".join(parts) + b"]"
        requests.append(build_request("POST", "/xapi/statements", body, version="2.0.0" if is_v2 else "1.0.3"))
    return requests, [BATCH] * len(requests)


def single_requests(tmpl, prefix: int, count: int) -> tuple[list[bytes], list[int]]:
    statement_ids = ids(prefix, count)
    requests = []
    for index in range(count):
        body, is_v2 = tmpl[index % len(tmpl)][:2]
        version = "2.0.0" if is_v2 else "1.0.3"
        requests.append(
            build_request("POST", "/xapi/statements", with_id(body, statement_ids[index]), version=version)
        )
    return requests, [1] * count


def http_modes(
    env: dict, tmpl, *, seconds: float, workers: int, latency: bool, dbname: str | None, single_workers: int = 0
) -> dict:
    server = Gunicorn(env, workers=workers)
    out: dict = {"server": server.describe}

    def measure(requests: list[bytes], sizes: list[int], *, threads: int, seconds: float) -> dict:
        load = loadavg()
        cpu_app, cpu_db = server.cpu_seconds(), pg_backend_cpu_seconds(dbname) if dbname else 0.0
        cpu_client = time.process_time()
        stored, count, elapsed, lat, statuses, error = run_load(
            server.port, requests, threads=threads, seconds=seconds, statements_per_request=sizes
        )
        figures = {
            "statements_per_s": round(stored / elapsed),
            "requests": count,
            "client_threads": threads,
            "p50_ms": round(percentile(lat, 0.5) * 1e3, 2),
            "p95_ms": round(percentile(lat, 0.95) * 1e3, 2),
            "app_cpu_us_per_statement": round((server.cpu_seconds() - cpu_app) / max(stored, 1) * 1e6),
            "client_cpu_us_per_statement": round((time.process_time() - cpu_client) / max(stored, 1) * 1e6),
            "loadavg_before": load,
            "statuses": dict(statuses),
        }
        if dbname:
            figures["db_cpu_us_per_statement"] = round(
                (pg_backend_cpu_seconds(dbname) - cpu_db) / max(stored, 1) * 1e6
            )
        if error:
            figures["first_error"] = error.decode(errors="replace")
        return figures

    try:
        about = [build_request("GET", "/xapi/about", auth=False)] * 100_000
        out["reference_get_about"] = measure(about, [1] * len(about), threads=6, seconds=min(seconds, 3))
        out["reference_get_about"]["note"] = "a trivial view through the same middleware: per-request floor"
        about = [build_request("GET", "/xapi/about")] * 100_000  # with the Basic credential, as statements are sent
        out["reference_get_about_basic"] = measure(about, [1] * len(about), threads=6, seconds=min(seconds, 3))
        out["reference_get_about_basic"]["note"] = "with HTTP Basic: the LRS's short way through the middleware"
        requests, sizes = batch_requests(tmpl, 1, int(seconds * 30_000) + WARM_UP)
        run_load(server.port, requests[-WARM_UP // BATCH :], threads=2, seconds=60, statements_per_request=sizes)
        if dbname:
            analyze(dbname)
        out["batch"] = measure(requests[: -WARM_UP // BATCH], sizes, threads=4, seconds=seconds)
        del requests
        requests, sizes = single_requests(tmpl, 2, int(seconds * 6000))
        out["single"] = measure(requests, sizes, threads=6, seconds=seconds)
        if latency:
            requests, sizes = single_requests(tmpl, 3, 20_000)
            out["single_one_client"] = measure(requests, sizes, threads=1, seconds=min(seconds, 5))
    finally:
        server.stop()
    if single_workers:
        # single POSTs wait on the commit's fsync (~3 ms on this disk): more workers than cores overlap those waits
        server = Gunicorn(env, workers=single_workers)
        try:
            requests, sizes = single_requests(tmpl, 4, int(seconds * 6000))
            out[f"single_{single_workers}_workers"] = measure(requests, sizes, threads=2 * single_workers,
                                                              seconds=seconds)  # fmt: skip
            out[f"single_{single_workers}_workers"]["server"] = server.describe
        finally:
            server.stop()
    return out


# --- the raw ceiling -------------------------------------------------------------------------------------------------


def ceiling(env: dict, tmpl, *, statements: int) -> dict:
    """psycopg executemany of the rows the app would store, 100 per transaction, into tables of the same shape."""
    os.environ.update(env)
    import django

    django.setup()
    import psycopg

    from xapi.models import Statement
    from xapi.statements import prepare

    authority = bench_authority()
    fields = [f for f in Statement._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(f.column for f in fields)
    now = datetime.now(UTC)
    prepared = []
    for index, statement_id in enumerate(ids(9, statements)):
        _body, is_v2, statement, _facts = tmpl[index % len(tmpl)]
        prepared.append(prepare({**statement, "id": statement_id}, authority=authority,
                                version="2.0.0" if is_v2 else "1.0.3", now=now))  # fmt: skip
    rows = [tuple(getattr(p.row, f.attname) for f in fields) for p in prepared]
    placeholders = ", ".join(["%s"] * len(fields))
    out = {"statements": statements, "rows_per_transaction": BATCH}
    with psycopg.connect(env["DATABASE_URL"].replace("postgres://", "postgresql://")) as conn:
        for suffix in ("statement", "statementagent", "statementactivity", "outboxentry"):
            conn.execute(f"DROP TABLE IF EXISTS bench_ceiling_{suffix}")
            conn.execute(f"CREATE TABLE bench_ceiling_{suffix} (LIKE xapi_{suffix} INCLUDING ALL)")
        conn.commit()
        insert = f"INSERT INTO bench_ceiling_statement ({columns}) VALUES ({placeholders})"
        start = time.perf_counter()
        with conn.cursor() as cur:
            for offset in range(0, len(rows), BATCH):
                cur.executemany(insert, rows[offset : offset + BATCH])
                conn.commit()
        out["executemany_rows_per_s"] = round(len(rows) / (time.perf_counter() - start))

        conn.execute("TRUNCATE bench_ceiling_statement")
        conn.commit()
        start = time.perf_counter()
        with conn.cursor() as cur:
            for offset in range(0, len(rows), BATCH):
                with cur.copy(f"COPY bench_ceiling_statement ({columns}) FROM STDIN") as copy:
                    for row in rows[offset : offset + BATCH]:
                        copy.write_row(row)
                conn.commit()
        out["copy_rows_per_s"] = round(len(rows) / (time.perf_counter() - start))

        # second ceiling: each statement with its side rows (agents, activities, outbox), still executemany
        conn.execute("TRUNCATE bench_ceiling_statement")
        conn.commit()
        side_rows = 0
        start = time.perf_counter()
        with conn.cursor() as cur:
            for offset in range(0, len(rows), BATCH):
                cur.executemany(insert + " RETURNING id", rows[offset : offset + BATCH], returning=True)
                pks = []
                while True:
                    pks.append(cur.fetchone()[0])
                    if not cur.nextset():
                        break
                chunk = prepared[offset : offset + BATCH]
                agents = [(pk, k, d) for pk, p in zip(pks, chunk, strict=True) for k, d in p.agents.items()]
                activities = [(pk, a, d) for pk, p in zip(pks, chunk, strict=True) for a, d in p.activities.items()]
                cur.executemany("INSERT INTO bench_ceiling_statementagent (statement_id, agent_key, direct) "
                                "VALUES (%s, %s, %s)", agents)  # fmt: skip
                cur.executemany("INSERT INTO bench_ceiling_statementactivity (statement_id, activity_id, direct) "
                                "VALUES (%s, %s, %s)", activities)  # fmt: skip
                cur.executemany("INSERT INTO bench_ceiling_outboxentry (statement_id, destination, state, due_at, "
                                "attempts, last_error) VALUES (%s, %s, 'pending', now(), 0, '')",
                                [(pk, env["XAPI_FORWARD_ENDPOINT"]) for pk in pks])  # fmt: skip
                side_rows += len(agents) + len(activities) + len(pks)
                conn.commit()
        out["with_side_rows_statements_per_s"] = round(len(rows) / (time.perf_counter() - start))
        out["side_rows_per_statement"] = round(side_rows / len(rows), 2)
        for suffix in ("statement", "statementagent", "statementactivity", "outboxentry"):
            conn.execute(f"DROP TABLE bench_ceiling_{suffix}")
    return out


def handler_mix(tmpl) -> dict:
    """Which statements of the mix fire a statement handler, and where it runs (call after django.setup())."""
    from django.conf import settings

    from xapi.handlers import handlers_for

    firing_any = [t for t in tmpl if handlers_for(t[2]["verb"]["id"])]
    firing = [t for t in tmpl if handlers_for(t[2]["verb"]["id"], bench_authority().kind)]
    names = sorted({name for t in firing for name, _handler in handlers_for(t[2]["verb"]["id"], "client")})
    return {
        "share": round(len(firing) / len(tmpl), 3),
        "share_from_the_platform_or_a_session": round(len(firing_any) / len(tmpl), 3),
        "handlers": names,
        "where": "eager: in the gunicorn worker, after the commit, before the response (no broker configured)"
        if settings.CELERY_TASK_ALWAYS_EAGER
        else "a Celery task on the broker",
        "note": "the bench's credential is an LRS client: handlers register the authority kinds they hear (the "
        "platform, the learner's session), so none is called for these statements and nothing is built for them",
    }


def analyze(dbname: str) -> None:
    import psycopg

    with psycopg.connect(pg_url(dbname).replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute("ANALYZE")


def count_rows(env: dict) -> dict:
    import psycopg

    with psycopg.connect(env["DATABASE_URL"].replace("postgres://", "postgresql://")) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM xapi_{t}").fetchone()[0]
                for t in ("statement", "outboxentry", "activity")}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument(
        "--single-workers",
        type=int,
        default=5,
        help="a second single-POST run with this many gunicorn workers (gunicorn's 2 x cores + 1); 0 to skip",
    )
    parser.add_argument("--dbname", default=DBNAME, help="the throwaway PostgreSQL database (created and dropped)")
    args = parser.parse_args()
    dbname = args.dbname

    tmpl = templates(TEMPLATES, seed=11)
    result: dict = {"bench": "lrs_ingest", "seconds_per_mode": args.seconds, "batch_size": BATCH}
    result["mix"] = {
        **mix([t[3] for t in tmpl]),
        "xapi_2_0_share": "1 batch in 10; 1 single statement in 10 (with contextAgents when it has a context)",
        "with_ids": "every statement carries a fresh id (the equivalence check runs and finds nothing)",
        "activities": "finite catalogue: 120 lessons, 600 H5P questions, 12 modules; 70% of objects with definition",
        "forwarding": "on: one outbox row per statement, nothing drains it",
    }

    pg_recreate(dbname)
    env = app_env(database_url=pg_url(dbname))
    prepare_app_db(env)
    result["ceiling"] = ceiling(env, tmpl, statements=20_000)
    result["mix"]["statements_firing_handlers"] = handler_mix(tmpl)
    pg = http_modes(env, tmpl, seconds=args.seconds, workers=args.workers, latency=True, dbname=dbname,
                    single_workers=args.single_workers)  # fmt: skip
    pg["db_rows_after"] = count_rows(env)
    result["postgresql"] = pg
    ceiling_rate = result["ceiling"]["executemany_rows_per_s"]
    result["ratio_batch_to_executemany_ceiling"] = round(pg["batch"]["statements_per_s"] / ceiling_rate, 2)
    result["ratio_batch_to_side_rows_ceiling"] = round(
        pg["batch"]["statements_per_s"] / result["ceiling"]["with_side_rows_statements_per_s"], 2
    )

    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory(prefix="cafeia-bench-") as folder:
            # the embedded default: dev settings (DEBUG off), WAL, persistent connections (DATABASE_CONN_MAX_AGE=60)
            sqlite_env = app_env(database_url=f"sqlite:///{folder}/bench.sqlite3", prod=False)
            prepare_app_db(sqlite_env)
            figures = http_modes(sqlite_env, tmpl, seconds=args.seconds, workers=args.workers, latency=False,
                                 dbname=None)  # fmt: skip
            figures["settings"] = "config.settings.dev, DJANGO_DEBUG=false, WAL, DATABASE_CONN_MAX_AGE=60 (default)"
            result["sqlite"] = figures
    pg_drop(dbname)

    result["targets"] = TARGETS
    result["python"] = python_version()
    result["commit"] = commit()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
