"""Shared pieces of the LRS benchmarks: a throwaway PostgreSQL database, gunicorn, a light HTTP client and a
generator of valid, varied statements drawn from a finite catalogue (as the training's own activities are)."""

from __future__ import annotations

import base64
import os
import random
import secrets
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
SITE = "https://cafeia.example.gouv.fr"
CLIENT_KEY = "bench"


def bench_authority():
    """The authority the app gives the bench's credential (call after django.setup())."""
    from xapi.http import Authority

    agent = {"objectType": "Agent", "name": "bench", "account": {"homePage": SITE, "name": CLIENT_KEY}}
    return Authority(kind="client", agent=agent, key=f"client:{CLIENT_KEY}", scopes=frozenset({"all"}))


CLIENT_SECRET = "bench-secret-" + "0123456789abcdef" * 3  # >= 32 characters, as lrs_client requires
AUTHORIZATION = "Basic " + base64.b64encode(f"{CLIENT_KEY}:{CLIENT_SECRET}".encode()).decode()


def commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5, cwd=ROOT
        )
    except OSError:
        return "uncommitted"
    return out.stdout.strip() if out.returncode == 0 and out.stdout.strip() else "uncommitted"


def pg_url(dbname: str) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{dbname}"


def pg_recreate(dbname: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{dbname}"')


def pg_drop(dbname: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def pg_exists(dbname: str) -> bool:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname]).fetchone() is not None


def app_env(*, database_url: str, prod: bool = True, conn_max_age: int = 60) -> dict[str, str]:
    """The environment of the app under test: prod settings with dummy values, DEBUG off, forwarding on."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "XAPI_", "CELERY_"))}
    env.update(
        DATABASE_URL=database_url,
        DATABASE_CONN_MAX_AGE=str(conn_max_age),
        DJANGO_DEBUG="false",
        LOG_LEVEL="WARNING",
        SITE_URL=SITE,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        XAPI_ACTOR_SECRET="bench-actor-secret",
        # forwarding on: every stored statement gets an outbox row; nothing drains it during the bench
        XAPI_FORWARD_ENDPOINT="http://127.0.0.1:9/xapi/",
        XAPI_FORWARD_USERNAME="bench",
        XAPI_FORWARD_PASSWORD="bench",
        CELERY_BROKER_URL="",
        PYTHONDONTWRITEBYTECODE="1",
    )
    if prod:
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.prod",
            SECRET_KEY="bench-" + secrets.token_urlsafe(48),
            SECURE_SSL_REDIRECT="false",
            SECURE_HSTS_SECONDS="0",
        )
    else:
        env["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    return env


def manage(env: dict[str, str], *args: str) -> str:
    out = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{out.stdout}\n{out.stderr}")
    return out.stdout


def prepare_app_db(env: dict[str, str]) -> None:
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "lrs_client", "create", "bench", "--key", CLIENT_KEY, "--secret", CLIENT_SECRET, "--scopes", "all")


def free_port() -> int:
    """A free local port: the first free one of BENCH_PORTS ("8110-8119") when set (a shared machine gives each
    user a range), else any the kernel picks."""
    low, _, high = os.environ.get("BENCH_PORTS", "").partition("-")
    candidates = range(int(low), int(high or low) + 1) if low else [0]
    for port in candidates:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError(f"no free port in BENCH_PORTS={os.environ['BENCH_PORTS']}")


class Gunicorn:
    """`gunicorn config.wsgi:application` in the background; `workers()` lists the worker pids."""

    def __init__(
        self, env: dict[str, str], *, workers: int = 2, worker_class: str = "sync", threads: int = 1, port=None
    ):
        self.port = port or free_port()
        args = [GUNICORN, "config.wsgi:application", "-w", str(workers), "-b", f"127.0.0.1:{self.port}",
                "-k", worker_class, "--log-level", "warning", "--backlog", "256"]  # fmt: skip
        if worker_class == "gthread":
            args += ["--threads", str(threads), "--keep-alive", "30"]
        self.describe = f"gunicorn -w {workers} -k {worker_class}" + (f" --threads {threads}" if threads > 1 else "")
        self.process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.stderr_tail: list[bytes] = []
        threading.Thread(target=self._drain, daemon=True).start()
        self._wait_ready(workers)

    def _drain(self) -> None:
        for line in self.process.stderr:
            self.stderr_tail = (self.stderr_tail + [line])[-20:]

    def _wait_ready(self, workers: int) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited:\n" + b"".join(self.stderr_tail).decode(errors="replace"))
            try:
                status, _ = request_once(self.port, "GET", "/xapi/about")
                if status == 200 and len(self.workers()) >= workers:
                    for _ in range(workers * 4):  # every worker imports and connects before we measure
                        request_once(self.port, "GET", "/xapi/about")
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not start in 60 s")

    def workers(self) -> list[int]:
        try:
            text = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        except OSError:
            return []
        return [int(pid) for pid in text.split()]

    def worker_rss_kb(self) -> dict[int, int]:
        sizes = {}
        for pid in self.workers():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes[pid] = int(line.split()[1])
        return sizes

    def cpu_seconds(self) -> float:
        return sum(process_cpu_seconds(pid) for pid in self.workers())

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def process_cpu_seconds(pid: int) -> float:
    """utime + stime of a process, in seconds (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pg_backend_cpu_seconds(dbname: str) -> float:
    """CPU used so far by the PostgreSQL backends connected to `dbname` (the app's persistent connections)."""
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        pids = [row[0] for row in conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [dbname])]
    return sum(process_cpu_seconds(pid) for pid in pids)


def loadavg() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


# --- a light HTTP/1.1 client: pre-built request bytes, one socket per thread, keep-alive when the server allows ----


def build_request(method: str, path: str, body: bytes = b"", *, version: str = "1.0.3", auth: bool = True) -> bytes:
    head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    if auth:
        head += [f"Authorization: {AUTHORIZATION}", f"X-Experience-API-Version: {version}"]
    if body or method in ("POST", "PUT"):
        head += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


class Connection:
    def __init__(self, port: int):
        self.port, self.sock, self.buffer = port, None, b""

    def _connect(self) -> None:
        self.sock = socket.create_connection(("127.0.0.1", self.port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def send(self, request: bytes) -> tuple[int, bytes]:
        if self.sock is None:
            self._connect()
        try:
            self.sock.sendall(request)
            return self._read()
        except (ConnectionError, _Closed):  # the server closed a kept-alive connection: retry once on a new one
            self.close()
            self._connect()
            self.sock.sendall(request)
            return self._read()

    def _recv(self) -> bytes:
        chunk = self.sock.recv(262144)
        if not chunk:
            raise _Closed
        return chunk

    def _read(self) -> tuple[int, bytes]:
        while b"\r\n\r\n" not in self.buffer:
            self.buffer += self._recv()
        head, _, rest = self.buffer.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        length, close = 0, False
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"connection" and value.strip().lower() == b"close":
                close = True
        while len(rest) < length:
            rest += self._recv()
        body, self.buffer = rest[:length], rest[length:]
        if close:
            self.close()
        return status, body

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
        self.sock, self.buffer = None, b""


class _Closed(Exception):
    pass


def request_once(port: int, method: str, path: str, body: bytes = b"", **kwargs) -> tuple[int, bytes]:
    connection = Connection(port)
    try:
        return connection.send(build_request(method, path, body, **kwargs))
    finally:
        connection.close()


def run_load(port: int, requests: list[bytes], *, threads: int, seconds: float, statements_per_request: list[int]):
    """Send `requests` in order (each at most once) from `threads` connections for `seconds`.

    Returns (statements stored, requests, elapsed, latencies in s, status counter, first error body)."""
    lock = threading.Lock()
    cursor = iter(range(len(requests)))
    done: list[tuple[int, float]] = []
    statuses: Counter = Counter()
    errors: list[bytes] = []
    deadline = time.perf_counter() + seconds

    def worker() -> None:
        connection = Connection(port)
        local, local_statuses = [], Counter()
        while time.perf_counter() < deadline:
            with lock:
                index = next(cursor, None)
            if index is None:
                break
            start = time.perf_counter()
            status, body = connection.send(requests[index])
            local.append((index, time.perf_counter() - start))
            local_statuses[status] += 1
            if status >= 300 and not errors:
                errors.append(body[:500])
        connection.close()
        with lock:
            done.extend(local)
            statuses.update(local_statuses)

    start = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - start
    stored = sum(statements_per_request[index] for index, _ in done)
    return stored, len(done), elapsed, [latency for _, latency in done], statuses, errors[0] if errors else b""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else 0.0


# --- valid, varied statements from a finite catalogue ---------------------------------------------------------------

VERBS = {
    "experienced": "http://adlnet.gov/expapi/verbs/experienced",
    "progressed": "http://adlnet.gov/expapi/verbs/progressed",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "answered": "http://adlnet.gov/expapi/verbs/answered",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
    "attended": "http://adlnet.gov/expapi/verbs/attended",
    "initialized": "http://adlnet.gov/expapi/verbs/initialized",
    "terminated": "http://adlnet.gov/expapi/verbs/terminated",
}
VERB_WEIGHTS = [30, 20, 10, 20, 4, 2, 4, 5, 5]
LEARNERS, MODULES, LESSONS_PER_MODULE, QUESTIONS_PER_LESSON = 2000, 12, 10, 5


class Catalogue:
    """Learners (each with an enrolment registration), modules, lessons and H5P questions."""

    def __init__(self, seed: int = 7):
        rng = random.Random(seed)
        self.learners = [
            {"objectType": "Agent", "account": {"homePage": SITE, "name": f"{rng.getrandbits(128):032x}"}}
            for _ in range(LEARNERS)
        ]
        self.learners[:40] = [
            {"mbox": f"mailto:formateur{i}@Example.ORG", "name": f"Formateur {i}"} for i in range(40)
        ]
        self.registrations = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(LEARNERS)]
        self.lessons = []
        self.questions = []
        for module in range(1, MODULES + 1):
            for lesson in range(1, LESSONS_PER_MODULE + 1):
                iri = f"{SITE}/modules/{module}/lecons/{lesson}"
                self.lessons.append((module, {
                    "objectType": "Activity",
                    "id": iri,
                    "definition": {
                        "name": {"fr-FR": f"Leçon {module}.{lesson}", "en-US": f"Lesson {module}.{lesson}"},
                        "description": {"fr-FR": "Comprendre les usages de l'IA"},
                        "type": "http://adlnet.gov/expapi/activities/lesson",
                        "extensions": {f"{SITE}/xapi/extensions/module": module},
                    },
                }))  # fmt: skip
                for question in range(1, QUESTIONS_PER_LESSON + 1):
                    self.questions.append((module, {
                        "objectType": "Activity",
                        "id": f"{iri}/h5p?subContentId={uuid.UUID(int=rng.getrandbits(128), version=4)}",
                        "definition": {
                            "name": {"fr-FR": f"Question {question}"},
                            "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                            "interactionType": "choice",
                            "correctResponsesPattern": ["golf[,]tetris"],
                            "choices": [{"id": c, "description": {"en-US": c.title()}}
                                        for c in ("golf", "facebook", "tetris", "scrabble")],
                        },
                    }))  # fmt: skip


def build_statement(rng: random.Random, catalogue: Catalogue, *, v2: bool) -> tuple[dict, dict]:
    """One valid statement without its id, and the facts the bench states about its mix."""
    learner_index = rng.randrange(LEARNERS)
    verb = rng.choices(list(VERBS), VERB_WEIGHTS)[0]
    module, activity = rng.choice(catalogue.questions if verb == "answered" else catalogue.lessons)
    if rng.random() < 0.3:  # a third of the references carry no definition, as many clients send
        activity = {"objectType": "Activity", "id": activity["id"]}
    statement = {
        "actor": catalogue.learners[learner_index],
        "verb": {"id": VERBS[verb], "display": {"en-US": verb, "fr-FR": verb}},
        "object": activity,
        "timestamp": f"2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T0{rng.randint(0, 9)}:3{rng.randint(0, 9)}"
        f":{rng.randint(10, 59)}.{rng.randint(100, 999)}+02:00",
    }
    facts = {"verb": verb, "context": False, "result": False, "group": False, "substatement": False}
    if rng.random() < 0.05:
        statement["actor"] = {
            "objectType": "Group",
            "name": f"Cohorte {rng.randint(1, 80)}",
            "member": rng.sample(catalogue.learners[40:], rng.randint(2, 4)),
        }
        facts["group"] = True
    if rng.random() < 0.75:
        context = {
            "registration": catalogue.registrations[learner_index],
            "contextActivities": {
                "parent": [{"id": f"{SITE}/modules/{module}", "objectType": "Activity"}],
                "grouping": [{"id": f"{SITE}/programme"}],
                "category": [{"id": "https://w3id.org/xapi/cmi5/context/categories/moveon"}],
            },
            "platform": "Café IA Formation",
            "language": "fr-FR",
            "extensions": {"https://w3id.org/xapi/cmi5/context/extensions/sessionid": str(uuid.UUID(int=rng.getrandbits(128)))},  # noqa: E501
        }  # fmt: skip
        if v2:
            context["contextAgents"] = [{"objectType": "contextAgent", "agent": rng.choice(catalogue.learners[:40]),
                                         "relevantTypes": [f"{SITE}/roles/formateur"]}]  # fmt: skip
        statement["context"] = context
        facts["context"] = True
    if verb in ("answered", "passed", "failed", "completed"):
        raw = rng.randint(0, 20)
        statement["result"] = {
            "score": {"scaled": raw / 20, "raw": raw, "min": 0, "max": 20},
            "success": raw >= 10,
            "completion": True,
            "duration": rng.choice(["PT1H30M", "PT4.25S", "PT12M3S", "PT45S", "PT3M"]),
        }
        if verb == "answered":
            statement["result"]["response"] = "golf[,]tetris"
        facts["result"] = True
    if rng.random() < 0.02:
        statement["object"] = {
            "objectType": "SubStatement",
            "actor": rng.choice(catalogue.learners),
            "verb": {"id": VERBS["completed"], "display": {"en-US": "completed"}},
            "object": rng.choice(catalogue.lessons)[1],
        }
        statement.get("context", {}).pop("platform", None)
        statement.get("context", {}).pop("language", None)
        facts["substatement"] = True
    return statement, facts


def templates(count: int, *, seed: int, v2_every: int = 10) -> list[tuple[bytes, bool, dict, dict]]:
    """`count` statement templates: (JSON without id, is 2.0, the statement, its facts)."""
    rng, catalogue = random.Random(seed), Catalogue()
    out = []
    for index in range(count):
        v2 = index % v2_every == 0
        statement, facts = build_statement(rng, catalogue, v2=v2)
        out.append((orjson.dumps(statement), v2, statement, facts))
    return out


def with_id(template: bytes, statement_id: str) -> bytes:
    return b'{"id":"' + statement_id.encode() + b'",' + template[1:]


def ids(prefix: int, count: int) -> list[str]:
    """Distinct statement ids, cheap to make: `prefix` separates the runs of one database."""
    return [str(uuid.UUID(int=(prefix << 100) | index, version=4)) for index in range(count)]


def mix(facts: list[dict]) -> dict:
    total = len(facts)
    share = lambda key: round(sum(f[key] for f in facts) / total, 3)  # noqa: E731
    return {
        "verbs": dict(Counter(f["verb"] for f in facts).most_common()),
        "with_context_registration_and_contextActivities": share("context"),
        "with_result_score_duration": share("result"),
        "group_actor": share("group"),
        "substatement": share("substatement"),
    }


def python_version() -> str:
    return sys.version.split()[0]
