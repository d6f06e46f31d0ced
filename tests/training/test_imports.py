from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import AuditEntry, User
from tests.factories import UserFactory
from tests.training.factories import CohortFactory, EnrolmentFactory
from training.exceptions import CsvImportError
from training.models import Enrolment, EnrolmentState, ImportStatus
from training.services.imports import (
    enrolment_import_confirm,
    enrolment_import_create,
    parse,
)

pytestmark = pytest.mark.django_db


def upload(content: bytes | str, name: str = "apprenants.csv") -> SimpleUploadedFile:
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/csv")


def run_import(cohort, trainer, content, capture, *, confirm: bool = True):
    with capture(execute=True):
        job = enrolment_import_create(cohort=cohort, upload=upload(content), created_by=trainer)
    job.refresh_from_db()
    if confirm and job.status == ImportStatus.PREVIEWED:
        with capture(execute=True):
            enrolment_import_confirm(job=job, actor=trainer)
        job.refresh_from_db()
    return job


def test_preview_reports_each_row_and_writes_nothing(cohort, trainer, django_capture_on_commit_callbacks):
    known = UserFactory(email="connue@exemple.fr")
    EnrolmentFactory(cohort=cohort, learner=UserFactory(email="deja@exemple.fr"))
    csv_text = (
        "email;prénom;nom\n"
        "connue@exemple.fr;Anne;Connue\n"
        "nouvelle@exemple.fr;Zoé;Nouvelle\n"
        "pas-une-adresse;X;Y\n"
        "Nouvelle@exemple.fr;Zoé;Doublon\n"
        "deja@exemple.fr;Déjà;Là\n"
        ";Sans;Adresse\n"
    )
    job = run_import(cohort, trainer, csv_text, django_capture_on_commit_callbacks, confirm=False)
    assert job.status == ImportStatus.PREVIEWED
    outcomes = [(r["line"], r["outcome"]) for r in job.report["rows"]]
    assert outcomes == [(2, "enrol"), (3, "invite"), (4, "error"), (5, "error"), (6, "already"), (7, "error")]
    assert "ligne 3" in job.report["rows"][3]["message"] or "3" in job.report["rows"][3]["message"]
    assert Enrolment.objects.filter(cohort=cohort).count() == 1
    assert not User.objects.filter(email="nouvelle@exemple.fr").exists()
    assert known.enrolments.count() == 0


def test_confirm_imports_and_reimport_is_idempotent(cohort, trainer, django_capture_on_commit_callbacks):
    UserFactory(email="connue@exemple.fr")
    csv_text = "email,first_name,last_name\nconnue@exemple.fr,Anne,Connue\nnouvelle@exemple.fr,Zoé,Nouvelle\n"
    job = run_import(cohort, trainer, csv_text, django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.DONE and job.processed_rows == 2 and not job.source
    states = dict(Enrolment.objects.filter(cohort=cohort).values_list("learner__email", "state"))
    assert states == {"connue@exemple.fr": EnrolmentState.ENROLLED, "nouvelle@exemple.fr": EnrolmentState.INVITED}
    assert User.objects.get(email="nouvelle@exemple.fr").first_name == "Zoé"
    again = run_import(cohort, trainer, csv_text, django_capture_on_commit_callbacks)
    assert again.report["counts"] == {"already": 2}
    assert Enrolment.objects.filter(cohort=cohort).count() == 2


def test_confirm_twice_is_harmless(cohort, trainer, django_capture_on_commit_callbacks):
    job = run_import(cohort, trainer, "email\na@exemple.fr\n", django_capture_on_commit_callbacks)
    assert enrolment_import_confirm(job=job, actor=trainer).status == ImportStatus.DONE


def test_beyond_capacity_goes_to_the_waiting_list(trainer, django_capture_on_commit_callbacks):
    cohort = CohortFactory(capacity=2, trainers=[trainer])
    rows = "".join(f"p{n}@exemple.fr\n" for n in range(4))
    job = run_import(cohort, trainer, "email\n" + rows, django_capture_on_commit_callbacks)
    assert job.report["counts"] == {"invite": 2, "waitlist": 2}
    assert Enrolment.objects.filter(cohort=cohort, state=EnrolmentState.WAITLISTED).count() == 2


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty"),
        ("email;téléphone\na@b.fr;0600\n".encode(), "unknown_columns"),
        (b"nom;prenom\nA;B\n", "no_email_column"),
        (b"email\n", "no_rows"),
        ("email\na@b.fr\n".encode("utf-16"), "encoding"),
        (b"email;email\na@b.fr;a@b.fr\n", "duplicate_columns"),
    ],
)
def test_files_that_cannot_be_trusted_are_refused_in_french(content, code):
    with pytest.raises(CsvImportError) as exc:
        parse(content)
    assert exc.value.code == code


def test_windows_1252_is_read_with_its_accents():
    keys, rows, facts = parse("email;prénom;nom\nz@exemple.fr;Zoé;Hélène\n".encode("cp1252"))
    assert facts["encoding"] == "windows-1252" and rows[0][1][1] == "Zoé"


def test_ten_thousand_rows_are_checked_and_more_refused(cohort, trainer, django_capture_on_commit_callbacks):
    body = "email\n" + "".join(f"apprenant{n}@import.example\n" for n in range(10_000))
    job = run_import(cohort, trainer, body, django_capture_on_commit_callbacks, confirm=False)
    assert job.status == ImportStatus.PREVIEWED and job.total_rows == 10_000
    assert job.report["counts"] == {"invite": 20, "waitlist": 9_980}
    assert Enrolment.objects.filter(cohort=cohort).count() == 0
    failed = run_import(cohort, trainer, body + "one-more@exemple.fr\n", django_capture_on_commit_callbacks)
    assert failed.status == ImportStatus.FAILED and "10" in failed.error
    assert AuditEntry.objects.filter(action="training.import.refused", data__code="too_many_rows").exists()
