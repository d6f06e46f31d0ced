"""Profile: app CPU of one single-statement POST /xapi/statements in process (WSGI app called directly, HTTP Basic,
PostgreSQL, prod settings as bench/lrs_ingest.py), against GET /xapi/about with the same credential.

Prints one JSON line (CPU µs per request: `time.process_time`, this process only; the PostgreSQL backend's CPU
of the same requests is read apart from `/proc/<backend pid>/stat`, utime + stime, 10 ms ticks); `--profile`
prints a cProfile of the POSTs instead. Never asserts.

`--batch N`: POSTs of N statements each (one in ten a 2.0 batch, as `lrs_ingest.py`); `--requests` then counts
statements, and the figures are per statement (`post_app_cpu_us_per_statement_median`, `db_cpu_us_per_statement`).

Run: `.venv/bin/python bench/lrs_single_profile.py [--requests 3000] [--batch 100] [--dbname cafeia_bench_single]`.
Creates and drops the database. The connection is kept for the whole run (`CONN_MAX_AGE` 3600), so that one
backend's CPU is read.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (
    AUTHORIZATION,
    app_env,
    commit,
    ids,
    loadavg,
    pg_drop,
    pg_recreate,
    pg_url,
    prepare_app_db,
    python_version,
    templates,
    with_id,
)


def environ(method: str, path: str, body: bytes = b"", *, version: str = "1.0.3") -> dict:
    env = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_AUTHORIZATION": AUTHORIZATION,
        "HTTP_X_EXPERIENCE_API_VERSION": version,
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if body or method == "POST":
        env["CONTENT_TYPE"] = "application/json"
        env["CONTENT_LENGTH"] = str(len(body))
    return env


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--batch", type=int, default=1, help="statements per POST (1: single statements)")
    parser.add_argument("--dbname", default="cafeia_bench_single")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--profile-out", help="with --profile: also dump the pstats to this file")
    args = parser.parse_args()

    env = app_env(database_url=pg_url(args.dbname), conn_max_age=3600)
    pg_recreate(args.dbname)
    prepare_app_db(env)
    os.environ.update(env)
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    app = WSGIHandler()
    statuses: dict[str, int] = {}

    def start_response(status, headers, exc_info=None):
        statuses[status[:3]] = statuses.get(status[:3], 0) + 1

    def call(env: dict) -> None:
        response = app(env, start_response)
        for _chunk in response:
            pass
        response.close()

    tmpl = templates(4000, seed=11)
    batch = max(1, args.batch)
    statement_ids = ids(5, (args.requests + 400) * batch + 400)
    v1, v2 = [t for t in tmpl if not t[1]], [t for t in tmpl if t[1]]

    def posts(start: int, count: int) -> list[dict]:
        out = []
        for index in range(start, start + count):
            if batch == 1:
                body, is_v2 = tmpl[index % len(tmpl)][:2]
                out.append(environ("POST", "/xapi/statements", with_id(body, statement_ids[index]),
                                   version="2.0.0" if is_v2 else "1.0.3"))  # fmt: skip
                continue
            is_v2 = index % 10 == 0
            pool, first = (v2 if is_v2 else v1), index * batch
            parts = [with_id(pool[(first + i) % len(pool)][0], statement_ids[first + i]) for i in range(batch)]
            out.append(environ("POST", "/xapi/statements", b"[" + b",".join(parts) + b"]",
                               version="2.0.0" if is_v2 else "1.0.3"))  # fmt: skip
        return out

    count = args.requests if batch == 1 else max(1, args.requests // batch)
    warm = 300 if batch == 1 else 5
    for env_ in posts(0, warm):  # warm-up: caches, connection, plans
        call(env_)
    abouts = [environ("GET", "/xapi/about") for _ in range(args.requests)]
    for env_ in abouts[:200]:
        call(env_)
    from django.db import connection

    with connection.cursor() as cursor:
        # statistics, as autovacuum keeps them (it may be off on a bench server): the write path's generic plans,
        # made on the empty tables of the warm-up, are made again (a sequential scan of the statements otherwise)
        cursor.execute("ANALYZE")
    for env_ in posts(warm, 3 if batch > 1 else 50):
        call(env_)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (backend,) = cursor.fetchone()
    stat = Path(f"/proc/{backend}/stat")
    ticks = os.sysconf("SC_CLK_TCK")

    def backend_cpu() -> float:  # seconds; the fields after the command name (which may hold spaces)
        fields = stat.read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / ticks

    load = loadavg()
    requests = posts(warm + 50, count)
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for env_ in requests:
            call(env_)
        profiler.disable()
        if args.profile_out:
            profiler.dump_stats(args.profile_out)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(40)
        pg_drop(args.dbname)
        return
    rounds_post, rounds_about = [], []
    chunk = 250 if batch == 1 else 10
    db_cpu, db_backend_same = 0.0, True
    for offset in range(0, count, chunk):  # alternated, so both see the same machine
        posted = requests[offset : offset + chunk]
        db_start, start = backend_cpu(), time.process_time()
        for env_ in posted:
            call(env_)
        rounds_post.append((time.process_time() - start) / (len(posted) * batch) * 1e6)
        db_cpu += backend_cpu() - db_start
        start = time.process_time()
        for env_ in abouts[offset : offset + chunk]:
            call(env_)
        rounds_about.append((time.process_time() - start) / len(abouts[offset : offset + chunk]) * 1e6)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        db_backend_same = cursor.fetchone()[0] == backend
    per = "" if batch == 1 else "_per_statement"
    print(
        json.dumps(
            {
                "bench": "lrs_single_profile",
                "requests": count,
                "batch": batch,
                f"post_app_cpu_us{per}_median": round(statistics.median(rounds_post)),
                f"post_app_cpu_us{per}_min": round(min(rounds_post)),
                f"db_cpu_us{per}": round(db_cpu / (count * batch) * 1e6) if db_backend_same else None,
                "about_basic_app_cpu_us_median": round(statistics.median(rounds_about)),
                "about_basic_app_cpu_us_min": round(min(rounds_about)),
                "post_minus_about_us_median": round(statistics.median(rounds_post) - statistics.median(rounds_about)),
                "statuses": statuses,
                "loadavg_before": load,
                "python": python_version(),
                "commit": commit(),
            }
        )
    )
    pg_drop(args.dbname)


if __name__ == "__main__":
    main()
