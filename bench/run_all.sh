#!/usr/bin/env bash
# Every benchmark, one after the other (run it on an idle machine): each JSON line goes to bench/out/<name>.json,
# its log to bench/out/<name>.err. About 30 minutes (lrs_query loads 1,000,000 statements the first time: +7 min).
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust) and Redis on 6379.
set -u
cd "$(dirname "$0")/.."
out=bench/out
mkdir -p "$out"
run() {
  name=$1; shift
  echo "=== $name $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
  "$@" > "$out/$name.json" 2> "$out/$name.err"
  echo "rc=$? $(date +%T)"
  tail -1 "$out/$name.json"
}
run lrs_validate .venv/bin/python bench/lrs_validate.py
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS cafeia_bench_attest" -c "CREATE DATABASE cafeia_bench_attest"
run attestations env DATABASE_URL=postgres://postgres@127.0.0.1:5432/cafeia_bench_attest \
  CELERY_BROKER_URL=redis://127.0.0.1:6379/8 .venv/bin/python bench/attestations.py 4000
run coordinator_view .venv/bin/python bench/coordinator_view.py  # BENCH_REUSE=1 to keep an earlier seed
run quiz_submit .venv/bin/python bench/quiz_submit.py
run lrs_ingest .venv/bin/python bench/lrs_ingest.py
run lrs_query .venv/bin/python bench/lrs_query.py --requests 200
run checkin_concurrency .venv/bin/python bench/checkin_concurrency.py
run h5p_upload .venv/bin/python bench/h5p_upload.py
run lesson_render .venv/bin/python bench/lesson_render.py
