"""Benchmark: GET /xapi/statements with 1,000,000 statements stored, through the running app (gunicorn).

Loads the statements once into the PostgreSQL database `cafeia_bench_query` (kept between runs: the load is skipped
when it already holds them): rows are built by `xapi.statements.prepare` for a sample of varied statements, then
copied a million times with cheap variations (id, stored, timestamp) through COPY, side tables included; then
ANALYZE. Before measuring, reads the tables and read indexes once into the OS page cache (`pg_prewarm(..., 'read')`:
a live LRS's data sits in RAM when RAM allows; shared_buffers stay as cold as they are). Measures p50/p95 of GET
filtered by agent, by activity and by registration (default page size: 100 since decision 0009; the same agents
with `limit=500`, the former default, for comparison), the first page of an unfiltered GET, and the RSS of the
gunicorn workers before and after paging through 100,000 statements with `more` links; then EXPLAIN (ANALYZE,
BUFFERS) of the selector's SQL for 50 keys of each filter already requested (warm) and for 50 agents never requested
(cold shared_buffers), whose execution times depend less on the machine's load. Prints one JSON line; never asserts.

Run: `.venv/bin/python bench/lrs_query.py [--reload] [--requests 200]`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import orjson

from bench._common import (
    SITE,
    Catalogue,
    Connection,
    Gunicorn,
    app_env,
    bench_authority,
    build_request,
    commit,
    ids,
    loadavg,
    percentile,
    pg_backend_cpu_seconds,
    pg_exists,
    pg_recreate,
    pg_url,
    prepare_app_db,
    python_version,
    templates,
)

DBNAME = "cafeia_bench_query"
STATEMENTS = 1_000_000
SAMPLE = 5000
PAGED = 100_000
TARGETS = {"filtered_p95_ms": 50, "unfiltered_first_page_ms": 20, "worker_memory": "flat"}


def _pg():
    import psycopg

    return psycopg.connect(pg_url(DBNAME).replace("postgres://", "postgresql://"))


def stored_count() -> int:
    import psycopg

    if not pg_exists(DBNAME):
        return 0
    try:
        with _pg() as conn:
            return conn.execute("SELECT count(*) FROM xapi_statement").fetchone()[0]
    except psycopg.Error:  # no table yet: a half-made database
        return 0


def load(env: dict) -> dict:
    """Recreate the database and COPY STATEMENTS statements (+ side rows) built like the app builds them."""
    started = time.perf_counter()
    pg_recreate(DBNAME)
    prepare_app_db(env)
    os.environ.update(env)
    import django

    django.setup()
    from xapi.statements import prepare

    authority = bench_authority()
    base = datetime(2025, 1, 1, tzinfo=UTC)
    sample = []
    for _body, is_v2, statement, _facts in templates(SAMPLE, seed=23):
        statement = {"id": ids(7, 1)[0], **statement}
        p = prepare(statement, authority=authority, version="2.0.0" if is_v2 else "1.0.3", now=base)
        assert p.row.payload.startswith('{"id":"')  # the id is the first key: replaced by slicing below
        sample.append((p, p.row.payload.replace(p.statement["stored"], "{stored}")))
    statement_fields = ["statement_id", "payload", "verb_id", "actor_key", "object_key", "registration", "timestamp",
                        "stored", "voided", "voids", "authority_kind", "authority_key", "has_attachments"]  # fmt: skip
    with _pg() as conn:
        tables = ("xapi_statement", "xapi_statementagent", "xapi_statementactivity")
        rebuild = _drop_indexes(conn, tables)
        conn.execute("SET session_replication_role = replica")  # no FK trigger per row; ids are consistent by design
        agent_rows = activity_rows = 0
        with conn.cursor() as cur:
            with cur.copy(f"COPY xapi_statement (id, {', '.join(statement_fields)}) FROM STDIN") as copy:
                for pk in range(1, STATEMENTS + 1):
                    p, payload = sample[pk % SAMPLE]
                    row = p.row
                    statement_id = f"5b1e0000-0000-4000-8000-{pk:012x}"
                    stored = base + timedelta(milliseconds=pk * 20)
                    stored_text = stored.isoformat(timespec="milliseconds").replace("+00:00", "Z")
                    text = '{"id":"' + statement_id + payload[43:].replace("{stored}", stored_text)
                    copy.write_row((pk, statement_id, text, row.verb_id, row.actor_key, row.object_key,
                                    row.registration, row.timestamp, stored, pk % 200 == 0, row.voids,
                                    str(row.authority_kind), row.authority_key, row.has_attachments))  # fmt: skip
            with cur.copy("COPY xapi_statementagent (statement_id, agent_key, direct) FROM STDIN") as copy:
                for pk in range(1, STATEMENTS + 1):
                    for key, direct in sample[pk % SAMPLE][0].agents.items():
                        copy.write_row((pk, key, direct))
                        agent_rows += 1
            with cur.copy("COPY xapi_statementactivity (statement_id, activity_id, direct) FROM STDIN") as copy:
                for pk in range(1, STATEMENTS + 1):
                    for iri, direct in sample[pk % SAMPLE][0].activities.items():
                        copy.write_row((pk, iri, direct))
                        activity_rows += 1
        conn.execute("SELECT setval(pg_get_serial_sequence('xapi_statement', 'id'), %s)", [STATEMENTS])
        conn.commit()
        conn.execute("SET maintenance_work_mem = '1GB'")
        for sql in rebuild:
            conn.execute(sql)
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")
    return {"seconds": round(time.perf_counter() - started), "agent_rows": agent_rows, "activity_rows": activity_rows}


def _drop_indexes(conn, tables: tuple[str, ...]) -> list[str]:
    """Drop the secondary indexes and unique constraints of `tables`; return the SQL that recreates them."""
    rebuild = []
    for table in tables:
        for name, definition in conn.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
            "AND contype = 'u'", [table]
        ).fetchall():  # fmt: skip
            conn.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            rebuild.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for name, definition in conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)", [table, table]
        ).fetchall():  # fmt: skip
            conn.execute(f'DROP INDEX "{name}"')
            rebuild.append(definition)
    conn.commit()
    return rebuild


def prewarm() -> dict:
    """Read the statements' heap and the read indexes into the OS page cache (not into shared_buffers: 128 MB by
    default, they cannot hold the table). On a fresh machine part of the heap was not cached after the load, and the
    first reads of those pages came from the disk."""
    import psycopg

    started = time.perf_counter()
    relations = ("xapi_statement", "xapi_statement_pkey", "xapi_sagent_direct_idx", "xapi_sactivity_direct_idx",
                 "xapi_statementagent_pkey", "xapi_statementactivity_pkey", "xapi_stmt_registration_idx")  # fmt: skip
    try:
        with _pg() as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
            pages = 0
            for relation in relations:
                if conn.execute("SELECT to_regclass(%s)", [relation]).fetchone()[0] is not None:
                    pages += conn.execute("SELECT pg_prewarm(%s, 'read')", [relation]).fetchone()[0]
            conn.commit()
    except psycopg.Error as error:
        return {"skipped": str(error).splitlines()[0]}
    return {"mode": "read (OS page cache)", "pages": pages, "seconds": round(time.perf_counter() - started, 1)}


def explain(queries: list) -> dict:
    """EXPLAIN (ANALYZE, BUFFERS) of the selector's SQL for these StatementQuery: execution time, buffers."""
    from django.db import connection

    from xapi import selectors

    class Captured(Exception):
        pass

    def capture(run, sql, params, many, context):
        raise Captured(sql, params)  # not run: EXPLAIN ANALYZE is the first to read these pages

    executions, hits, reads = [], [], []
    for query in queries:
        try:
            with connection.execute_wrapper(capture):
                selectors.statements_page(query)
        except Captured as captured:
            sql, params = captured.args
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params)
            plan = cursor.fetchone()[0]
        plan = (orjson.loads(plan) if isinstance(plan, str) else plan)[0]
        executions.append(plan["Execution Time"])
        hits.append(plan["Plan"].get("Shared Hit Blocks", 0))
        reads.append(plan["Plan"].get("Shared Read Blocks", 0))
    return {
        "exec_ms_p50": round(percentile(executions, 0.5), 2),
        "exec_ms_p95": round(percentile(executions, 0.95), 2),
        "exec_ms_max": round(max(executions), 2),
        "mean_shared_hit": round(sum(hits) / len(hits)),
        "mean_shared_read": round(sum(reads) / len(reads)),
        "queries": len(executions),
    }


def _timed(connection: Connection, requests: list[bytes], server=None) -> tuple[list[float], list[bytes], dict]:
    """Latencies and bodies; with `server`, the CPU its workers and the database's backends spent per request
    (user + system, from /proc: what the machine's load moves least)."""
    latencies, bodies = [], []
    cpu_app, cpu_db = (server.cpu_seconds(), pg_backend_cpu_seconds(DBNAME)) if server else (0, 0)
    for request in requests:
        start = time.perf_counter()
        status, body = connection.send(request)
        latencies.append(time.perf_counter() - start)
        if status != 200:
            raise RuntimeError(f"GET answered {status}: {body[:300]!r}")
        bodies.append(body)
    cpu = {}
    if server:
        cpu = {
            "app_cpu_ms_per_request": round((server.cpu_seconds() - cpu_app) / len(requests) * 1e3, 2),
            "db_cpu_ms_per_request": round((pg_backend_cpu_seconds(DBNAME) - cpu_db) / len(requests) * 1e3, 2),
        }
    return latencies, bodies, cpu


def _figures(latencies: list[float], bodies: list[bytes], cpu: dict) -> dict:
    counts = [len(orjson.loads(body)["statements"]) for body in bodies[:50]]
    return {
        "p50_ms": round(percentile(latencies, 0.5) * 1e3, 2),
        "p95_ms": round(percentile(latencies, 0.95) * 1e3, 2),
        "requests": len(latencies),
        "mean_statements_per_page": round(sum(counts) / len(counts)),
        "mean_kb_per_page": round(sum(len(b) for b in bodies) / len(bodies) / 1024),
        **cpu,
    }


def measure(env: dict, *, requests: int) -> dict:
    catalogue = Catalogue()
    rng = random.Random(5)
    out: dict = {"prewarm": prewarm()}
    server = Gunicorn(env, workers=2)
    out.update(server=server.describe, loadavg_before=loadavg())
    try:
        connection = Connection(server.port)
        get = lambda query: build_request("GET", f"/xapi/statements?{query}")  # noqa: E731
        learners = rng.sample(range(len(catalogue.learners)), requests)
        by_agent = [get("agent=" + quote(orjson.dumps(catalogue.learners[i]).decode())) for i in learners]
        activities = [a["id"] for _, a in rng.sample(catalogue.lessons, 100) + rng.sample(catalogue.questions, 100)]
        by_activity = [get("activity=" + quote(iri, safe="")) for iri in activities[:requests]]
        by_registration = [get("registration=" + catalogue.registrations[i]) for i in learners]
        _timed(connection, by_agent[:10] + by_activity[:10] + by_registration[:10])  # warm-up
        for name, batch in (
            ("by_agent", by_agent),
            ("by_activity", by_activity),
            ("by_registration", by_registration),
        ):
            out[name] = _figures(*_timed(connection, batch, server))
        # the former default page (500) for 100 other learners: the same cost per statement, 5 times the statements
        others = random.Random(11).sample(sorted(set(range(len(catalogue.learners))) - set(learners)), 150)
        out["by_agent_limit_500"] = _figures(*_timed(connection, [
            get("limit=500&agent=" + quote(orjson.dumps(catalogue.learners[i]).decode())) for i in others[:100]
        ], server))  # fmt: skip
        out["unfiltered_first_page"] = _figures(*_timed(connection, [get("")] * 50, server))
        out["related_activities_programme_first_page"] = _figures(
            *_timed(
                connection,
                [get("related_activities=true&activity=" + quote(f"{SITE}/programme", safe=""))] * 20,
                server,
            )
        )
        # the programme is almost never the object: the direct rows are few and far between
        out["activity_programme_direct_first_page"] = _figures(
            *_timed(connection, [get("activity=" + quote(f"{SITE}/programme", safe=""))] * 20, server)
        )
        out["related_agents_learner"] = _figures(
            *_timed(connection, [get("related_agents=true&" + r.split(b"?", 1)[1].split(b" ", 1)[0].decode())
                                 for r in by_agent[:50]], server)
        )  # fmt: skip
        before = server.worker_rss_kb()
        pages, statements, more, start = 0, 0, "/xapi/statements", time.perf_counter()
        while more and statements < PAGED:
            status, body = connection.send(build_request("GET", more))
            page = orjson.loads(body)
            pages, statements, more = pages + 1, statements + len(page["statements"]), page["more"]
        elapsed = time.perf_counter() - start
        after = server.worker_rss_kb()
        out["paging"] = {
            "pages": pages,
            "statements": statements,
            "ms_per_page": round(elapsed / pages * 1e3, 1),
            "worker_rss_mb_before": sorted(round(kb / 1024, 1) for kb in before.values()),
            "worker_rss_mb_after": sorted(round(kb / 1024, 1) for kb in after.values()),
            "growth_mb": round((sum(after.values()) - sum(before.values())) / 1024, 1),
        }
        connection.close()
    finally:
        server.stop()
    out["loadavg_after"] = loadavg()
    os.environ.update(env)
    import django

    django.setup()
    from xapi.selectors import StatementQuery

    agent = [StatementQuery(agent=catalogue.learners[i]) for i in learners[:50]]
    out["explain"] = {
        "by_agent": explain(agent),
        "by_activity": explain([StatementQuery(activity=iri) for iri in activities[:50]]),
        "by_registration": explain(
            [StatementQuery(registration=uuid.UUID(catalogue.registrations[i])) for i in learners[:50]]
        ),  # fmt: skip
        "by_agent_cold": explain([StatementQuery(agent=catalogue.learners[i]) for i in others[100:150]]),
        "by_agent_limit_500_warm": explain(
            [StatementQuery(agent=catalogue.learners[i], limit=500) for i in others[:50]]
        ),  # fmt: skip
    }
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reload", action="store_true", help="reload the statements even if they are there")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--statements", type=int, default=STATEMENTS, help="how many to store (default 1,000,000)")
    parser.add_argument("--dbname", default=DBNAME, help="the database the statements are kept in between runs")
    args = parser.parse_args()
    globals().update(STATEMENTS=args.statements, DBNAME=args.dbname)
    env = app_env(database_url=pg_url(DBNAME))
    result: dict = {"bench": "lrs_query", "statements": STATEMENTS, "database": DBNAME}
    present = 0 if args.reload else stored_count()
    if present >= STATEMENTS:
        result["load"] = f"skipped: {present} statements already stored"
    else:
        result["load"] = load(env)
    result["queries"] = measure(env, requests=args.requests)
    result["targets"] = TARGETS
    result["python"] = python_version()
    result["commit"] = commit()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
