"""Benchmark: 20 learners submitting a 30-question exit evaluation in the same minute, on PostgreSQL.

The real stack: gunicorn (prod settings, 2 sync workers, the embedded eager Celery: the xAPI record of each attempt
— 30 `answered` + `completed` + `passed`/`failed` — is stored inside the submit request, after its commit), the
real views and services. Each learner has a session; per round, each learner opens the quiz, starts an attempt,
loads the attempt page, fills in the form (random answers, parsed from the HTML the page received) and submits it
at a random instant of the window (`--window 60` seconds: "in the same minute"). A last round submits all 20 at
the same instant (`burst`: queueing on 2 workers, reported apart).

The ceiling, in the same run and on the same schedule: a bare authenticated view (the autosave URL requested with
GET: session and user loaded, then 405), i.e. the floor of any authenticated request on this stack.
Prints one JSON line; never asserts. Run: `.venv/bin/python bench/quiz_submit.py [--rounds 3] [--window 60]`.
Needs PostgreSQL on 127.0.0.1:5432 (user postgres); creates and drops the database `cafeia_bench_quiz`.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import redis

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import PYTHON, ROOT, Gunicorn, app_env, commit, loadavg, percentile, pg_drop, pg_recreate, pg_url

DBNAME = "cafeia_bench_quiz"  # --dbname
LEARNERS = 20
QUESTIONS = 30
TARGET_P95_MS = 100

SETUP = r"""
import json, django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from assessments.models import Quiz
from assessments.demo_content import multiple, ordering, short_answer, single, true_false
from core.models import User
from courses.demo import seed_programme
from courses.models import ProgramPage

seed_programme()
questions = []
for n in range(30):
    kind = n % 5
    if kind in (0, 1):
        questions.append(single(f"Question {n} ?", [(f"Choix {i}", i == 1) for i in range(4)], "Explication."))
    elif kind == 2:
        questions.append(multiple(f"Question {n} ?", [(f"Choix {i}", i % 2 == 0) for i in range(5)]))
    elif kind == 3:
        questions.append(true_false(f"Affirmation {n}.", n % 2 == 0))
    else:
        questions.append(short_answer(f"Mot {n} ?", ["réponse", "reponse"]) if n % 10 == 4
                         else ordering(f"Ordre {n} :", ["un", "deux", "trois", "quatre"]))
quiz = Quiz(programme=ProgramPage.objects.get(), title="Évaluation finale (banc)", kind="exit", pass_mark=70,
            time_limit_minutes=60, shuffle_questions=True, shuffle_choices=True, feedback_policy="after_submission",
            questions=questions)
quiz.full_clean()
quiz.save()
# exit evaluations are for the learners enrolled in a cohort of the programme
from training.models import Cohort, Enrolment, EnrolmentState, Territory
territory = Territory.objects.create(name="Banc", region="Grand Est", departements=["67"], time_zone="Europe/Paris")
cohort = Cohort.objects.create(programme=quiz.programme, title="Promotion du banc", territory=territory,
                               departement="67", status="open", capacity=LEARNERS)
sessions = []
for n in range(LEARNERS):
    user = User.objects.create_user(f"banc{n}@exemple.fr", None, first_name="Banc", last_name=str(n))
    Enrolment.objects.create(cohort=cohort, learner=user, state=EnrolmentState.ENROLLED)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    sessions.append(session.session_key)
print(json.dumps({"quiz": quiz.pk, "sessions": sessions}))
"""

TAG_RE = re.compile(r"<input\s[^>]*>")
ATTR_RE = re.compile(r'([a-z-]+)="([^"]*)"')
SELECT_RE = re.compile(r'<select class="fr-select" id="[^"]*" name="(q-[^"]+)"')
TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KEY_RE = re.compile(r'name="submission_key" value="([^"]+)"')


class Browser:
    """One learner: a keep-alive connection and their cookies (sent back whatever their Secure flag says)."""

    def __init__(self, port: int, session_key: str):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies = {"sessionid": session_key}

    def request(self, method: str, path: str, data: dict | list | None = None) -> tuple[int, dict, str, float]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": "127.0.0.1"}
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        started = time.perf_counter()
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        elapsed = (time.perf_counter() - started) * 1000
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie = value.split(";", 1)[0]
                key, _, val = cookie.partition("=")
                self.cookies[key.strip()] = val.strip()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, text, elapsed


def answers_from(html: str, rng: random.Random) -> list[tuple[str, str]]:
    """Random answers to every question of the form, as a learner's browser would send them."""
    radios: dict[str, list[str]] = {}
    fields: list[tuple[str, str]] = []
    for tag in TAG_RE.findall(html):
        attrs = dict(ATTR_RE.findall(tag))
        kind, name, value = attrs.get("type"), attrs.get("name", ""), attrs.get("value", "")
        if not name.startswith("q-"):
            continue
        if kind == "radio":
            radios.setdefault(name, []).append(value)
        elif kind == "checkbox":
            if rng.random() < 0.5:
                fields.append((name, value))
        elif kind == "text":
            fields.append((name, rng.choice(["réponse", "Reponse", "autre chose"])))
    fields += [(name, rng.choice(values)) for name, values in radios.items()]
    selects: dict[str, list[str]] = {}
    for name in SELECT_RE.findall(html):
        selects.setdefault(name[: len("q-") + 36], []).append(name)  # q-<question uuid>-<item uuid>
    for names in selects.values():
        ranks = list(range(1, len(names) + 1))
        rng.shuffle(ranks)
        fields += [(name, str(rank)) for name, rank in zip(names, ranks, strict=True)]
    return fields


def learner_round(port, session_key, quiz_id, barrier, offset, results, rng):
    browser = Browser(port, session_key)
    status, headers, html, _t = browser.request("GET", f"/evaluations/quiz/{quiz_id}/")
    if status != 200:
        raise RuntimeError(f"quiz page: {status} {headers.get('location', '')}")
    token = TOKEN_RE.search(html).group(1)
    status, headers, _text, _t = browser.request("POST", f"/evaluations/quiz/{quiz_id}/commencer/",
                                                 {"csrfmiddlewaretoken": token})  # fmt: skip
    assert status == 302, status
    attempt_path = headers["location"]
    status, _h, html, page_ms = browser.request("GET", attempt_path)
    assert status == 200, status
    data = [("csrfmiddlewaretoken", TOKEN_RE.search(html).group(1)), ("submission_key", KEY_RE.search(html).group(1)),
            ("action", "submit"), *answers_from(html, rng)]  # fmt: skip
    autosave = attempt_path + "enregistrer/"
    barrier.wait()
    time.sleep(offset)
    status, headers, _text, submit_ms = browser.request("POST", attempt_path, data)
    ok = status == 302 and headers["location"].endswith("/resultat/")
    barrier.wait()  # the ceiling, on the same schedule
    time.sleep(offset)
    ceiling_status, _h, _text, ceiling_ms = browser.request("GET", autosave)
    results.append({"submit_ms": submit_ms, "ok": ok, "page_ms": page_ms, "ceiling_ms": ceiling_ms,
                    "ceiling_status": ceiling_status})  # fmt: skip
    browser.connection.close()


def run_round(port, sessions, quiz_id, window: float, rng: random.Random) -> list[dict]:
    barrier = threading.Barrier(len(sessions))
    results: list[dict] = []
    threads = [
        threading.Thread(target=learner_round,
                         args=(port, key, quiz_id, barrier, rng.uniform(0, window), results, random.Random(i)))
        for i, key in enumerate(sessions)
    ]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def summary(values: list[float]) -> dict:
    return {"p50": round(percentile(values, 0.50), 1), "p95": round(percentile(values, 0.95), 1),
            "max": round(max(values), 1)}  # fmt: skip


class CeleryWorker:
    """`celery -A config worker` on the bench's Redis database: the production shape (tasks off the request)."""

    def __init__(self, env: dict[str, str]):
        redis.Redis.from_url(env["CELERY_BROKER_URL"]).flushdb()
        self.process = subprocess.Popen(
            [PYTHON, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--concurrency=1",
             "-Q", "default,xapi-forward,documents", "--loglevel=WARNING", "--without-heartbeat",
             "--without-gossip", "--without-mingle"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(3)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def run_mode(env, setup, *, rounds: int, window: float, workers: int, rng, port: int | None = None) -> dict:
    worker = CeleryWorker(env) if env.get("CELERY_BROKER_URL") else None
    gunicorn = Gunicorn(env, workers=workers, port=port)
    try:
        run_round(gunicorn.port, setup["sessions"], setup["quiz"], 0.5, rng)  # warm-up (not counted)
        spread: list[dict] = []
        for _ in range(rounds):
            spread += run_round(gunicorn.port, setup["sessions"], setup["quiz"], window, rng)
        burst = run_round(gunicorn.port, setup["sessions"], setup["quiz"], 0.0, rng)
        lag = _record_lag_ms(env) if worker else []
    finally:
        gunicorn.stop()
        if worker is not None:
            worker.stop()
    submit = summary([r["submit_ms"] for r in spread])
    ceiling = summary([r["ceiling_ms"] for r in spread])
    figures = {
        "server": gunicorn.describe,
        "submits": len(spread),
        "submit_ok": sum(r["ok"] for r in spread),
        "submit_p50_ms": submit["p50"],
        "submit_p95_ms": submit["p95"],
        "submit_max_ms": submit["max"],
        "ceiling_p50_ms": ceiling["p50"],
        "ceiling_p95_ms": ceiling["p95"],
        "ceiling_status": sorted({r["ceiling_status"] for r in spread}),
        "submit_over_ceiling_p50": round(submit["p50"] / ceiling["p50"], 1) if ceiling["p50"] else None,
        # the 20 learners load their attempt page at the same instant (before the window): queueing included
        "attempt_page_20_at_once_p95_ms": summary([r["page_ms"] for r in spread])["p95"],
        "burst_20_at_once_submit_p50_ms": summary([r["submit_ms"] for r in burst])["p50"],
        "burst_20_at_once_submit_p95_ms": summary([r["submit_ms"] for r in burst])["p95"],
        "burst_ceiling_p95_ms": summary([r["ceiling_ms"] for r in burst])["p95"],
    }
    if lag:
        figures["xapi_record_lag_p95_ms"] = summary(lag)["p95"]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--window", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/11")
    parser.add_argument("--dbname", default=DBNAME, help="the throwaway PostgreSQL database (created, dropped)")
    parser.add_argument("--port", type=int, default=None, help="gunicorn's port (a free one by default)")
    args = parser.parse_args()

    pg_recreate(args.dbname)
    eager_env = app_env(database_url=pg_url(args.dbname))
    worker_env = {**eager_env, "CELERY_BROKER_URL": args.broker}
    rng = random.Random(11)
    try:
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=eager_env, check=True)
        # prod serves hashed static names from the manifest: collect as a deployment does (the page's script)
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=eager_env,
                       check=True)  # fmt: skip
        out = subprocess.run([PYTHON, "-c", SETUP.replace("LEARNERS", str(LEARNERS))], cwd=ROOT, env=eager_env,
                             capture_output=True, text=True)  # fmt: skip
        if out.returncode:
            raise RuntimeError(out.stderr)
        setup = json.loads(out.stdout.strip().splitlines()[-1])
        load_before = loadavg()
        with_worker = run_mode(worker_env, setup, rounds=args.rounds, window=args.window, workers=args.workers,
                               rng=rng, port=args.port)  # fmt: skip
        eager = run_mode(eager_env, setup, rounds=args.rounds, window=args.window, workers=args.workers, rng=rng,
                         port=args.port)  # fmt: skip
        statements = _statement_count(eager_env)
    finally:
        pg_drop(args.dbname)
    print(json.dumps({
        "bench": "quiz_submit",
        "database": "postgresql",
        "learners": LEARNERS,
        "questions": QUESTIONS,
        "rounds": args.rounds,
        "window_s": args.window,
        "target_submit_p95_ms": TARGET_P95_MS,
        "ceiling": "GET of a POST-only authenticated view (session + user, then 405), same schedule",
        # production shape: a broker and a Celery worker store the attempt's 32 xAPI statements after the commit
        "with_worker": with_worker,
        # embedded default (no broker, eager Celery): the statements are stored inside the submit request
        "eager": eager,
        "statements_stored": statements,
        "loadavg_before": load_before,
        "commit": commit(),
    }))  # fmt: skip


def _record_lag_ms(env) -> list[float]:
    """Per attempt: from its closing to its `completed` statement being stored by the worker."""
    import psycopg

    deadline = time.monotonic() + 120
    with psycopg.connect(env["DATABASE_URL"].replace("postgres://", "postgresql://"), autocommit=True) as conn:
        while time.monotonic() < deadline:
            rows = conn.execute(
                "SELECT a.id, (SELECT min(s.stored) FROM xapi_statement s WHERE s.verb_id = %s AND s.object_key "
                "LIKE %s AND s.timestamp BETWEEN a.closed_at - interval '1 ms' AND a.closed_at + interval '1 ms') "
                "- a.closed_at FROM assessments_attempt a "
                "WHERE a.status <> 'in_progress'",
                ["http://adlnet.gov/expapi/verbs/completed", "%/quiz/%"],
            ).fetchall()
            if all(lag is not None for _id, lag in rows):
                return [lag.total_seconds() * 1000 for _id, lag in rows]
            time.sleep(1)
    return []


def _statement_count(env) -> int:
    import psycopg

    with psycopg.connect(env["DATABASE_URL"].replace("postgres://", "postgresql://")) as conn:
        return conn.execute("SELECT count(*) FROM xapi_statement").fetchone()[0]


if __name__ == "__main__":
    main()
