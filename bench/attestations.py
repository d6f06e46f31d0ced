"""Benchmark: bulk issuance of attestations (PDFs included) with 2 Celery workers on PostgreSQL + Redis.

Seeds N eligible learners in one cohort (rule: each in-person half-day attended and signed, sheets countersigned;
learners, enrolments and attendance are bulk-inserted), then runs the trainer's bulk issuance through two real
`celery worker` processes and waits for the job to finish. Also measures, in this process, the median render time
of one attestation PDF against a ceiling (a one-line PDF through the same core.pdf seam), and the verification
page p95 against a ceiling (the same page for an unknown code). Prints one JSON line; never asserts.

On a shared machine wall times follow the load: the JSON also gives the workers' CPU time per attestation (read from
/proc for the two worker processes, from the job's start to its end), the attestations/s that CPU cost allows on 2
cores, the CPU medians of the renders and the load average before and after the batch.

Run: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/cafeia_attest_bench \
      CELERY_BROKER_URL=redis://127.0.0.1:6379/2 .venv/bin/python bench/attestations.py [N]`
(targets, issue 7: N=4000 in <= 5 min, <= 100 ms per PDF, verification p95 <= 20 ms).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[max(0, int(len(ordered) * q) - 1)], 2)


def _commit() -> str:
    out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    return out.stdout.strip() or "uncommitted"


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def seed(count: int):
    """N eligible learners in one new cohort of the bench programme (call after django.setup())."""
    from django.utils import timezone

    from certificates.models import CompletionRuleSettings
    from core.models import User
    from tests.training.factories import CohortFactory, TrainingSessionFactory, programme_ensure
    from training.models import Attendance, Enrolment, Modality

    programme = programme_ensure(slug="formation-bench", title="Formation Café IA (banc d'essai)")
    CompletionRuleSettings.objects.update_or_create(
        programme=programme,
        defaults={"modules_completed": False, "exit_evaluation_passed": False, "remote_live_attended": False,
                  "survey_answered": False, "auto_issue": False},
    )  # fmt: skip
    trainer = User.objects.create_user(email=f"formateur-{time.time_ns()}@exemple.fr", first_name="Fanny")
    cohort = CohortFactory(programme=programme, trainers=[trainer], capacity=count + 1)
    day = dt.date.today() - dt.timedelta(days=10)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    sessions = [
        TrainingSessionFactory(
            cohort=cohort,
            date=day,
            trainer=trainer,
            modality=Modality.IN_PERSON,
            start_time=start,
            end_time=end,
            countersigned_at=timezone.now(),
        )  # fmt: skip
        for start, end in ((dt.time(9), dt.time(12, 30)), (dt.time(14), dt.time(17, 30)))
    ]
    stamp = time.time_ns()
    users = User.objects.bulk_create(
        User(email=f"bench-{stamp}-{i}@exemple.fr", first_name="Camille", last_name=f"Apprenante {i}")
        for i in range(count)
    )
    enrolments = Enrolment.objects.bulk_create(Enrolment(cohort=cohort, learner=user) for user in users)
    Attendance.objects.bulk_create(
        Attendance(session=s, enrolment=e, status="present", method="roll_call", signed_at=timezone.now())
        for e in enrolments
        for s in sessions
    )
    return cohort, trainer


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 4000
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ.update(
        {
            "DJANGO_DEBUG": "false",
            "ALLOWED_HOSTS": "testserver",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "CERTIFICATES_VERIFY_RATE_LIMIT": "100000",
        }
    )
    os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/8")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    from certificates.models import Attestation, IssuanceJob
    from certificates.pdf import DocumentsBatch, attestation_pdf_bytes
    from certificates.services import issuance_job_create
    from core.pdf import html_to_pdf

    cohort, trainer = seed(count)
    connection.close()

    env = dict(os.environ)
    log_dir = Path("/tmp/bench-attestations")
    log_dir.mkdir(exist_ok=True)
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "-Q",
                "documents,default",
                "-n",
                f"bench{n}@%h",
                "--loglevel=WARNING",
            ],
            cwd=ROOT,
            env=env,
            stdout=(log_dir / f"w{n}.log").open("w"),
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        for n in (1, 2)
    ]
    try:
        time.sleep(6)  # workers up
        cpu_before = sum(_cpu_seconds(w.pid) for w in workers)
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        job = issuance_job_create(cohort=cohort, created_by=trainer)
        while True:
            job.refresh_from_db()
            if job.status in ("done", "failed") or time.perf_counter() - started > 1800:
                break
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
        workers_cpu_s = sum(_cpu_seconds(w.pid) for w in workers) - cpu_before
        load_after = os.getloadavg()[0]
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)

    issued = Attestation.objects.filter(cohort=cohort)
    with_pdf = issued.exclude(attestation_pdf="").count()
    sample = list(issued.select_related("programme")[:30])
    batch = DocumentsBatch()  # what a worker's chunk shares (provider, objectives), as in the bulk job
    attestation_pdf_bytes(sample[0], batch)
    render_ms, render_cpu_ms = [], []
    for attestation in sample:
        t0, c0 = time.perf_counter(), time.process_time()
        attestation_pdf_bytes(attestation, batch)
        render_ms.append((time.perf_counter() - t0) * 1000)
        render_cpu_ms.append((time.process_time() - c0) * 1000)
    ceiling_ms, ceiling_cpu_ms = [], []
    for _ in range(30):
        t0, c0 = time.perf_counter(), time.process_time()
        html_to_pdf("<p>Une ligne.</p>")
        ceiling_ms.append((time.perf_counter() - t0) * 1000)
        ceiling_cpu_ms.append((time.process_time() - c0) * 1000)

    client = Client()
    codes = [a.code for a in issued[:300]]
    client.get(f"/verifier/{codes[0]}")
    verify_ms, verify_cpu_ms, unknown_ms = [], [], []
    for code in codes:
        t0, c0 = time.perf_counter(), time.process_time()
        client.get(f"/verifier/{code}")
        verify_ms.append((time.perf_counter() - t0) * 1000)
        verify_cpu_ms.append((time.process_time() - c0) * 1000)
        t0 = time.perf_counter()
        client.get("/verifier/ZZZZ-ZZZZ-ZZZZ")
        unknown_ms.append((time.perf_counter() - t0) * 1000)

    job = IssuanceJob.objects.get(pk=job.pk)
    print(json.dumps({
        "bench": "attestations", "learners": count, "workers": 2, "job_status": job.status,
        "issued": job.issued, "with_pdf": with_pdf, "batch_s": round(elapsed, 1),
        "attestations_per_s": round(job.issued / elapsed, 2) if elapsed else None,
        "workers_cpu_s": round(workers_cpu_s, 1),
        "workers_cpu_ms_per_attestation": round(workers_cpu_s * 1000 / job.issued, 1) if job.issued else None,
        "attestations_per_s_at_2_cores": round(2 * job.issued / workers_cpu_s, 2) if workers_cpu_s else None,
        "loadavg_1min_before_after": [round(load_before, 2), round(load_after, 2)],
        "pdf_render_median_ms": round(statistics.median(render_ms), 1),
        "pdf_render_median_cpu_ms": round(statistics.median(render_cpu_ms), 1),
        "ceiling_one_line_pdf_median_ms": round(statistics.median(ceiling_ms), 1),
        "ceiling_one_line_pdf_median_cpu_ms": round(statistics.median(ceiling_cpu_ms), 1),
        "verify_p50_ms": _p(verify_ms, 0.5), "verify_p95_ms": _p(verify_ms, 0.95),
        "verify_cpu_p95_ms": _p(verify_cpu_ms, 0.95),
        "ceiling_unknown_code_p95_ms": _p(unknown_ms, 0.95),
        "targets": {"batch_s_for_4000": 300, "pdf_ms": 100, "verify_p95_ms": 20},
        "commit": _commit(),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
