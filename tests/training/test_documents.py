from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from tests.training.factories import EnrolmentFactory, TrainingSessionFactory, lesson_ensure, signature_png
from training.hooks import EvaluationLine, _evaluation_providers, register_evaluation_provider
from training.models import Modality
from training.services import attendance_countersign, attendance_mark, attendance_self_check_in, cohort_message_post
from training.services.documents import (
    attendance_summary_render,
    emargement_blank_pdf,
    emargement_render,
    remote_proof_render,
)

pytestmark = pytest.mark.django_db


def read(document_or_bytes) -> PdfReader:
    if isinstance(document_or_bytes, bytes):
        return PdfReader(io.BytesIO(document_or_bytes))
    with document_or_bytes.file.open("rb") as handle:
        return PdfReader(io.BytesIO(handle.read()))


def text_and_images(reader: PdfReader) -> tuple[str, int]:
    text = "\n".join(page.extract_text() for page in reader.pages)
    return text, sum(len(page.images) for page in reader.pages)


@pytest.fixture
def session(cohort, trainer, module):
    return TrainingSessionFactory(cohort=cohort, trainer=trainer, modules=[module])


def test_emargement_carries_the_legal_content_and_every_signature(session, trainer, module, cohort):
    learners = [EnrolmentFactory(cohort=cohort, learner__last_name=name) for name in ("Arnaud", "Bernard", "Colin")]
    at = session.starts_at
    for strokes, enrolment in enumerate(learners[:2], start=1):  # distinct drawings: a PDF stores equal images once
        png = signature_png(strokes=strokes)
        attendance_self_check_in(session=session, learner=enrolment.learner, signature_png=png, verified_at=at, at=at)
    attendance_countersign(
        session=session, trainer=trainer, signature_png=signature_png(strokes=5), at=session.ends_at
    )
    document = emargement_render(session=session)
    text, images = text_and_images(read(document))
    assert images == 3  # two learners + the trainer
    for expected in (cohort.programme.title, module.title, trainer.get_full_name(), "ARNAUD", "BERNARD", "COLIN",
                     session.start_time.strftime("%H:%M"), session.end_time.strftime("%H:%M")):  # fmt: skip
        assert expected in text, expected
    assert "Absent" in text or "absent" in text.lower()


def test_emargement_is_cached_until_the_data_changes(session, trainer, cohort):
    enrolment = EnrolmentFactory(cohort=cohort)
    first = emargement_render(session=session)
    name, fingerprint = first.file.name, first.fingerprint
    again = emargement_render(session=session)
    assert again.file.name == name and again.generated_at == first.generated_at
    attendance_mark(
        session=session, enrolment=enrolment, status="present", marked_by=trainer, signature_png=signature_png()
    )
    changed = emargement_render(session=session)
    assert changed.fingerprint != fingerprint and changed.file.name != name


def test_blank_sheet_has_names_and_no_signature(session, cohort):
    EnrolmentFactory(cohort=cohort, learner__last_name="Durand")
    text, images = text_and_images(read(emargement_blank_pdf(session=session)))
    assert "DURAND" in text and images == 0


def test_attendance_summary(session, cohort, trainer):
    enrolment = EnrolmentFactory(cohort=cohort, learner__last_name="Euler")
    attendance_mark(session=session, enrolment=enrolment, status="absent", marked_by=trainer)
    text, _images = text_and_images(read(attendance_summary_render(cohort=cohort)))
    assert "EULER" in text and cohort.title in text


def test_remote_proof_file_lists_presence_time_evaluations_and_messages(cohort, trainer, module):
    from courses.models_progress import LessonProgress
    from xapi.actors import actor_name

    remote = TrainingSessionFactory(
        cohort=cohort, trainer=trainer, modality=Modality.REMOTE, visio_url="https://visio.example.fr/x",
        venue_address="", room_capacity=None, date=dt.date(2027, 1, 12),
    )  # fmt: skip
    enrolment = EnrolmentFactory(cohort=cohort)
    attendance_mark(session=remote, enrolment=enrolment, status="present", marked_by=trainer)
    lesson = lesson_ensure(module)
    LessonProgress.objects.create(
        learner_actor=actor_name(enrolment.learner.public_id), lesson=lesson, active_seconds=1800,
        experienced_at=remote.starts_at, completed_at=remote.ends_at,
    )  # fmt: skip
    cohort_message_post(cohort=cohort, author=enrolment.learner, body="Comment exporter mon travail ?")
    cohort_message_post(cohort=cohort, author=trainer, body="Voir la leçon 2.", recipient=enrolment.learner)

    def provider(*, learner, programme):
        return [EvaluationLine(title="Quiz final", taken_at=None, score_percent=80.0, passed=True)]

    register_evaluation_provider(provider)
    try:
        text, _images = text_and_images(read(remote_proof_render(enrolment=enrolment)))
    finally:
        _evaluation_providers.remove(provider)
    for expected in (module.title, "30 min", "Comment exporter", "Voir la leçon 2", "Quiz final", "80 %"):
        assert expected in text, expected


def test_times_on_the_sheet_are_the_territorys_local_time(trainer):
    from tests.training.factories import CohortFactory, TerritoryFactory

    reunion = TerritoryFactory(
        name="La Réunion", departements=["974"], time_zone="Indian/Reunion", holiday_subdivision="974"
    )
    cohort = CohortFactory(territory=reunion, trainers=[trainer])
    session = TrainingSessionFactory(cohort=cohort, trainer=trainer, date=dt.date(2027, 2, 9))
    enrolment = EnrolmentFactory(cohort=cohort)
    at = session.starts_at + dt.timedelta(minutes=7)  # 09:07 in Saint-Denis, 06:07 in Paris
    attendance_self_check_in(
        session=session, learner=enrolment.learner, signature_png=signature_png(), verified_at=at, at=at
    )
    text, _images = text_and_images(read(emargement_render(session=session)))
    assert "09:07" in text and "06:07" not in text


def test_locked_sheet_lists_the_records_it_was_locked_with_not_later_enrolments(session, trainer, cohort):
    EnrolmentFactory(cohort=cohort, learner__last_name="Avant")
    attendance_countersign(session=session, trainer=trainer, signature_png=signature_png(), at=session.ends_at)
    EnrolmentFactory(cohort=cohort, learner__last_name="Apres")  # enrolled after the countersignature
    text, _images = text_and_images(read(emargement_render(session=session)))
    assert "AVANT" in text and "APRES" not in text


def test_amendments_on_the_sheet_read_in_french(session, trainer, cohort):
    from training.models import Attendance
    from training.services import attendance_amend

    EnrolmentFactory(cohort=cohort, learner__last_name="Faure")
    attendance_countersign(session=session, trainer=trainer, signature_png=signature_png(), at=session.ends_at)
    attendance = Attendance.objects.get(session=session)
    attendance_amend(attendance=attendance, field="status", new="excused", reason="Certificat médical", author=trainer)
    text, _images = text_and_images(read(emargement_render(session=session)))
    assert "Certificat médical" in text
    assert "Absence justifiée" in text and "Absent →" in text and "excused" not in text


def test_scanned_paper_sheet_is_named_on_the_sheet(session, trainer, cohort):
    from django.core.files.base import ContentFile

    from training.services import session_sheet_scan_upload

    enrolment = EnrolmentFactory(cohort=cohort, learner__last_name="Garnier")
    session_sheet_scan_upload(
        session=session, scan=ContentFile(b"%PDF-1.4 scan"), filename="feuille.pdf",
        statuses={enrolment.pk: "present"}, actor=trainer,
    )  # fmt: skip
    text, _images = text_and_images(read(emargement_render(session=session)))
    flat = " ".join(text.split())
    assert "GARNIER" in text and "Feuille papier" in flat and "fait foi" in flat


def test_remote_proof_file_details_each_lesson_and_the_organisation(cohort, trainer, module, settings):
    from courses.models_progress import LessonProgress
    from xapi.actors import actor_name

    settings.TRAINING_ORGANISATION = {"siret": "13002526500013", "nda": "11755555575"}
    enrolment = EnrolmentFactory(cohort=cohort)
    lesson = lesson_ensure(module)
    LessonProgress.objects.create(
        learner_actor=actor_name(enrolment.learner.public_id), lesson=lesson, active_seconds=1260,
        experienced_at=dt.datetime(2027, 1, 12, 9, tzinfo=dt.UTC), completed_at=None,
    )  # fmt: skip
    text, _images = text_and_images(read(remote_proof_render(enrolment=enrolment)))
    flat = " ".join(text.split())
    assert lesson.title in flat and "21 min" in flat and "commencée" in flat
    assert "SIRET 13002526500013" in flat and "NDA 11755555575" in flat
