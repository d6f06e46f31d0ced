"""Profile: app CPU of one single-statement POST /xapi/statements in process (WSGI app called directly, HTTP Basic,
PostgreSQL, prod settings as bench/lrs_ingest.py), against GET /xapi/about with the same credential.

Prints one JSON line (CPU µs per request: `time.process_time`, this process only: the PostgreSQL backend's CPU is
not counted); `--profile` prints a cProfile of the POSTs instead. Never asserts.

Run: `.venv/bin/python bench/lrs_single_profile.py [--requests 3000] [--dbname cafeia_bench_single]`. Creates and
drops the database.
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
    parser.add_argument("--dbname", default="cafeia_bench_single")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--profile-out", help="with --profile: also dump the pstats to this file")
    args = parser.parse_args()

    env = app_env(database_url=pg_url(args.dbname))
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
    statement_ids = ids(5, args.requests * 2 + 400)

    def posts(start: int, count: int) -> list[dict]:
        out = []
        for index in range(start, start + count):
            body, is_v2 = tmpl[index % len(tmpl)][:2]
            out.append(environ("POST", "/xapi/statements", with_id(body, statement_ids[index]),
                               version="2.0.0" if is_v2 else "1.0.3"))  # fmt: skip
        return out

    for env_ in posts(0, 300):  # warm-up: caches, connection, plans
        call(env_)
    abouts = [environ("GET", "/xapi/about") for _ in range(args.requests)]
    for env_ in abouts[:200]:
        call(env_)
    load = loadavg()
    requests = posts(400, args.requests)
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
    chunk = 250
    for offset in range(0, args.requests, chunk):  # alternated, so both see the same machine
        start = time.process_time()
        for env_ in requests[offset : offset + chunk]:
            call(env_)
        rounds_post.append((time.process_time() - start) / chunk * 1e6)
        start = time.process_time()
        for env_ in abouts[offset : offset + chunk]:
            call(env_)
        rounds_about.append((time.process_time() - start) / chunk * 1e6)
    print(
        json.dumps(
            {
                "bench": "lrs_single_profile",
                "requests": args.requests,
                "post_app_cpu_us_median": round(statistics.median(rounds_post)),
                "post_app_cpu_us_min": round(min(rounds_post)),
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
