"""Benchmark: a Hub coordinator's completion view and XLSX export, on PostgreSQL, at national scale.

Seeds (bulk inserts, not services) 50,000 learners in 2,500 cohorts (20 each) across 100 départements (20
territories of 5 départements), two in-person half-days per cohort with attendance, and the learners' statements:
lesson ``completed`` statements from their browser and the platform's module ``completed`` statements (what the
day-1 figure reads) for those who finished day 1. The measured Hub covers 2 territories: 250 cohorts, 5,000
learners. Then, in-process (Django's test client, DEBUG off):

- the completion view of that Hub (p50/p95 over ``REQUESTS`` renders; target p95 <= 200 ms, issue 5);
- the XLSX export of its 5,000 learner rows (target <= 5 s);
- the selector alone (``completion_report``: the figures without the page);
- ceilings in the same run: the same view for a coordinator of an empty Hub (a trivial authenticated page through
  the same middleware and template) and a bare ``SELECT count(*)`` of the Hub's enrolments.

Prints one JSON line; never asserts. Run: `.venv/bin/python bench/coordinator_view.py` (about 2–4 minutes; the
database ``BENCH_DB``, default ``cafeia_dashboards``, is dropped and recreated).
"""

from __future__ import annotations

import io
import json
import logging
import os
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._common import commit, pg_recreate, pg_url  # noqa: E402

DBNAME = os.environ.get("BENCH_DB", "cafeia_dashboards")
TERRITORIES, DEPARTEMENTS_PER_TERRITORY, COHORTS_PER_DEPARTEMENT, LEARNERS_PER_COHORT = 20, 5, 25, 20
HUB_TERRITORIES = 2  # the measured Hub: 2 × 5 départements × 25 cohorts × 20 learners = 5,000 learners
REQUESTS = 60
EXPORTS = 5
BATCH = 5000
FIRST_NAMES = ("Ada", "Basile", "Chloé", "Denis", "Emma")
DEPARTEMENTS = [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B", "971", "972", "973", "974", "976"]


def _timed(call, count: int) -> list[float]:
    times = []
    for _ in range(count):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _summary(times: list[float]) -> dict:
    ordered = sorted(times)
    return {
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[max(int(len(ordered) * 0.95) - 1, 0)], 2),
        "max_ms": round(ordered[-1], 2),
    }


def _seed(rng: random.Random) -> dict:
    from django.contrib.auth.models import Group
    from django.db import connection, transaction

    from core.models import User
    from core.roles import Role
    from courses.models import DayModality, DayPage, LessonPage, ModulePage, ProgramPage
    from dashboards.models import ModuleCompletion
    from training.models import (
        Attendance,
        AttendanceMethod,
        AttendanceStatus,
        Cohort,
        CohortStatus,
        Enrolment,
        EnrolmentState,
        Hub,
        Modality,
        Territory,
        TrainingSession,
    )
    from xapi.actors import actor_for, agent_key, platform_authority
    from xapi.keys import index_key
    from xapi.models import AuthorityKind, Statement
    from xapi.vocabulary import COMPLETED, activity_iri

    programme = ProgramPage.objects.live().first()
    day1 = DayPage.objects.live().child_of(programme).filter(modality=DayModality.REMOTE)
    modules = [m for day in day1 for m in ModulePage.objects.live().child_of(day)]
    lessons = [lesson for m in modules for lesson in LessonPage.objects.live().child_of(m)]
    learner_group = Group.objects.get(name=Role.LEARNER.value)
    password = "!"  # unusable password: bench accounts never log in
    counts = {"users": 0, "statements": 0, "attendance": 0}
    with transaction.atomic():
        trainers = User.objects.bulk_create(
            User(email=f"formateur{n}@bench.example", password=password, first_name="Formateur", last_name=f"{n}")
            for n in range(500)
        )
        territories, hubs = [], []
        for t in range(TERRITORIES):
            codes = DEPARTEMENTS[t * DEPARTEMENTS_PER_TERRITORY : (t + 1) * DEPARTEMENTS_PER_TERRITORY]
            territories.append(Territory.objects.create(name=f"Territoire {t}", region="Bench", departements=codes))
        bench_hub = Hub.objects.create(name="Hub mesuré")
        bench_hub.territories.add(*territories[:HUB_TERRITORIES])
        for t in range(HUB_TERRITORIES, TERRITORIES):
            hub = Hub.objects.create(name=f"Hub {t}")
            hub.territories.add(territories[t])
            hubs.append(hub)
        cohorts = []
        for territory in territories:
            for code in territory.departements:
                for c in range(COHORTS_PER_DEPARTEMENT):
                    cohorts.append(Cohort(programme=programme, title=f"Promotion {code}-{c}", territory=territory,
                                          departement=code, status=CohortStatus.RUNNING))  # fmt: skip
        cohorts = Cohort.objects.bulk_create(cohorts, batch_size=BATCH)
        Cohort.trainers.through.objects.bulk_create(
            Cohort.trainers.through(cohort_id=cohort.pk, user_id=trainers[i % len(trainers)].pk)
            for i, cohort in enumerate(cohorts)
        )
        start = date(2026, 3, 3)
        sessions = []
        for i, cohort in enumerate(cohorts):
            day = start + timedelta(days=7 * (i % 30))
            for begin, end in ((dtime(9), dtime(12, 30)), (dtime(13, 30), dtime(17))):
                sessions.append(TrainingSession(cohort=cohort, date=day, start_time=begin, end_time=end,
                                                modality=Modality.IN_PERSON, venue_address="Bench",
                                                trainer=trainers[i % len(trainers)]))  # fmt: skip
        sessions = TrainingSession.objects.bulk_create(sessions, batch_size=BATCH)
        sessions_of = {}
        for session in sessions:
            sessions_of.setdefault(session.cohort_id, []).append(session)
    now = datetime.now(UTC)
    authority = json.dumps(platform_authority())
    for chunk_start in range(0, len(cohorts), 250):
        chunk = cohorts[chunk_start : chunk_start + 250]
        with transaction.atomic():
            users = User.objects.bulk_create(
                (
                    User(email=f"apprenant{cohort.pk}-{n}@bench.example", password=password,
                         first_name=rng.choice(FIRST_NAMES), last_name=f"B{cohort.pk}-{n}")
                    for cohort in chunk
                    for n in range(LEARNERS_PER_COHORT)
                ),
                batch_size=BATCH,
            )  # fmt: skip
            User.groups.through.objects.bulk_create(
                (User.groups.through(user_id=user.pk, group_id=learner_group.pk) for user in users), batch_size=BATCH
            )
            enrolments = Enrolment.objects.bulk_create(
                (
                    Enrolment(cohort=cohort, learner=users[i * LEARNERS_PER_COHORT + n], state=EnrolmentState.ENROLLED)
                    for i, cohort in enumerate(chunk)
                    for n in range(LEARNERS_PER_COHORT)
                ),
                batch_size=BATCH,
            )
            attendances, statements, completions = [], [], []
            for enrolment, user in zip(enrolments, users, strict=True):
                for session in sessions_of[enrolment.cohort_id]:
                    status = AttendanceStatus.PRESENT if rng.random() < 0.85 else AttendanceStatus.ABSENT
                    attendances.append(Attendance(session=session, enrolment=enrolment, status=status,
                                                  method=AttendanceMethod.ROLL_CALL))  # fmt: skip
                actor = actor_for(user.public_id)
                actor_key = agent_key(actor)
                done = rng.random() < 0.7
                for lesson in lessons if done else lessons[: rng.randint(0, len(lessons))]:
                    statements.append(_statement(Statement, actor, actor_key, COMPLETED.id,
                                                 activity_iri("lesson", lesson.pk), AuthorityKind.SESSION,
                                                 "session", None, now, index_key))  # fmt: skip
                if done:
                    for module in modules:
                        statements.append(_statement(Statement, actor, actor_key, COMPLETED.id,
                                                     activity_iri("module", module.pk), AuthorityKind.PLATFORM,
                                                     authority, enrolment.registration, now, index_key))  # fmt: skip
                        # the row the dashboards' statement handler writes for that statement
                        completions.append(ModuleCompletion(learner_actor=actor["account"]["name"],
                                                            module_id=module.pk, completed_at=now,
                                                            statement_id=statements[-1].statement_id))  # fmt: skip
            Attendance.objects.bulk_create(attendances, batch_size=BATCH)
            Statement.objects.bulk_create(statements, batch_size=BATCH)
            ModuleCompletion.objects.bulk_create(completions, batch_size=BATCH)
            counts["users"] += len(users)
            counts["attendance"] += len(attendances)
            counts["statements"] += len(statements)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"hub": bench_hub, "cohorts": len(cohorts), "modules": len(modules), "lessons": len(lessons), **counts}


def _statement(Statement, actor, actor_key, verb, object_id, kind, authority, registration, now, index_key):
    statement_id = uuid.uuid4()
    payload = {"id": str(statement_id), "actor": actor, "verb": {"id": verb}, "object": {"id": object_id},
               "timestamp": now.isoformat(), "stored": now.isoformat()}  # fmt: skip
    if registration:
        payload["context"] = {"registration": str(registration)}
    return Statement(statement_id=statement_id, payload=json.dumps(payload), verb_id=verb, actor_key=actor_key,
                     object_key=index_key(object_id), registration=registration, timestamp=now, stored=now,
                     authority_kind=kind, authority_key=authority[:500])  # fmt: skip


def main() -> None:
    reuse = os.environ.get("BENCH_REUSE") == "1"  # keep a database seeded by an earlier run (same commit's schema)
    if not reuse:
        pg_recreate(DBNAME)
    os.environ.update({"DJANGO_SETTINGS_MODULE": "config.settings.dev", "DJANGO_DEBUG": "false",
                       "DATABASE_URL": pg_url(DBNAME), "ALLOWED_HOSTS": "testserver"})  # fmt: skip
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from dashboards.selectors import cohorts_for_hub
    from training.models import Enrolment, Hub

    logging.disable(logging.WARNING)
    call_command("migrate", verbosity=0)
    from core.models import User

    started = time.perf_counter()
    if reuse and Hub.objects.filter(name="Hub mesuré").exists():
        seeded = {"hub": Hub.objects.get(name="Hub mesuré"), "reused": True}
    else:
        call_command("seed_demo", "--quiet-accounts", verbosity=0, stdout=io.StringIO())
        seeded = _seed(random.Random(5))
    seed_seconds = round(time.perf_counter() - started, 1)
    try:
        from dashboards.milestones import milestones_rebuild
        from dashboards.models import EnrolmentMilestones
    except ImportError:  # an older commit (before decision 0043), measured on the same database
        milestones_rebuild = EnrolmentMilestones = None
    rebuild_seconds = None
    # the seed bulk-creates (no signals): compute the stored milestones as rebuild_dashboards does
    if EnrolmentMilestones is not None and not EnrolmentMilestones.objects.exists():
        started = time.perf_counter()
        milestones_rebuild()
        rebuild_seconds = round(time.perf_counter() - started, 1)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE dashboards_enrolmentmilestones")
    hub = seeded["hub"]
    coordinator, _ = User.objects.get_or_create(email="coordination@bench.example")
    hub.coordinators.add(coordinator)
    empty_hub, _ = Hub.objects.get_or_create(name="Hub vide")
    lonely, _ = User.objects.get_or_create(email="vide@bench.example")
    empty_hub.coordinators.add(lonely)
    hub_learners = Enrolment.objects.filter(cohort__in=cohorts_for_hub(hub=hub)).count()

    client, ceiling_client = Client(), Client()
    client.force_login(coordinator)
    ceiling_client.force_login(lonely)
    url, export_url = "/tableaux-de-bord/coordination/", "/tableaux-de-bord/coordination/export.xlsx"

    first = client.get(url)
    from dashboards.selectors import completion_report

    report = completion_report(cohorts=cohorts_for_hub(hub=hub))
    view_ok = first.status_code == 200 and b"Promotion" in first.content

    def view():
        response = client.get(url)
        assert response.status_code == 200

    def ceiling():
        assert ceiling_client.get(url).status_code == 200

    export_rows = 0

    def export():
        nonlocal export_rows
        response = client.get(export_url)
        assert response.status_code == 200
        from openpyxl import load_workbook

        if not export_rows:  # read back once (outside the figure that matters, the first run is warm-up)
            export_rows = sum(1 for _ in load_workbook(io.BytesIO(response.content), read_only=True).active.rows) - 1

    _timed(view, 5)  # warm-up
    view_times = _timed(view, REQUESTS)
    ceiling_times = _timed(ceiling, REQUESTS)
    selector_times = _timed(lambda: completion_report(cohorts=cohorts_for_hub(hub=hub)), REQUESTS)
    export()
    export_times = _timed(export, EXPORTS)

    def count():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM training_enrolment e JOIN training_cohort c ON c.id = e.cohort_id "
                "JOIN training_hub_territories ht ON ht.territory_id = c.territory_id WHERE ht.hub_id = %s",
                [hub.pk],
            )
            cursor.fetchone()

    count_times = _timed(count, REQUESTS)
    view_summary = _summary(view_times)
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(conn) as captured:
        view()
    view_queries = len(captured.captured_queries)
    slowest = max(captured.captured_queries, key=lambda q: float(q["time"]))
    with CaptureQueriesContext(conn) as captured:
        export()
    export_queries = len(captured.captured_queries)
    explained = {}
    for label, sql in (("view_slowest_query", slowest["sql"]),):
        with conn.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
            plan = plan[0] if isinstance(plan, list) else json.loads(plan)[0]
            explained[label] = {"execution_ms": round(plan["Execution Time"], 2),
                                "planning_ms": round(plan["Planning Time"], 2), "sql": sql[:160]}  # fmt: skip
    load = os.getloadavg()
    print(json.dumps({
        "bench": "coordinator_view", "database": "postgresql",
        "seeded": {k: v for k, v in seeded.items() if k != "hub"}, "seed_seconds": seed_seconds,
        "milestones_rebuild_seconds": rebuild_seconds, "loadavg": [round(x, 2) for x in load],
        "view_queries": view_queries, "xlsx_export_queries": export_queries, "explain": explained,
        "hub_learners": hub_learners, "hub_cohorts": len(report.cohorts),
        "hub_day1_completed": report.total.day1_completed, "hub_day2_attended": report.total.day2_attended,
        "view_ok": view_ok,
        "view": view_summary, "target_view_p95_ms": 200, "selector_only": _summary(selector_times),
        "xlsx_export": _summary(export_times), "xlsx_rows": export_rows, "target_xlsx_ms": 5000,
        "ceiling_empty_hub_view": _summary(ceiling_times), "ceiling_select_count": _summary(count_times),
        "requests": REQUESTS, "exports": EXPORTS, "commit": commit(),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
