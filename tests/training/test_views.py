"""The trainer's and learner's pages, and who may see what (each permission in both directions)."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.training.factories import CohortFactory, EnrolmentFactory, TrainingSessionFactory, signature_png
from training import checkin
from training.models import Attendance, Cohort, CohortMessage, Enrolment, Modality, TrainingSession

pytestmark = pytest.mark.django_db


def data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


@pytest.fixture
def session(cohort, trainer, module):
    return TrainingSessionFactory(cohort=cohort, trainer=trainer, modules=[module])


@pytest.fixture
def enrolment(cohort):
    return EnrolmentFactory(cohort=cohort)


def test_trainer_lists_only_their_cohorts(client, cohort, trainer, other_trainer):
    other = CohortFactory(trainers=[other_trainer], title="Promotion d'ailleurs")
    client.force_login(trainer)
    response = client.get(reverse("training:cohort_list"))
    assert response.status_code == 200
    assert cohort.title in response.text and other.title not in response.text
    for name in ("cohort_roster", "cohort_edit", "enrol", "session_create", "attendance_summary"):
        kwargs = {"cohort_pk": other.pk} if name == "session_create" else {"pk": other.pk}
        assert client.get(reverse(f"training:{name}", kwargs=kwargs)).status_code == 404, name


def test_trainer_cannot_touch_another_cohorts_session(client, trainer, other_trainer):
    foreign = TrainingSessionFactory(cohort=CohortFactory(trainers=[other_trainer]), trainer=other_trainer)
    foreign_enrolment = EnrolmentFactory(cohort=foreign.cohort)
    client.force_login(trainer)
    for name in ("session_detail", "session_edit", "checkin_screen", "checkin_code", "countersign", "emargement_pdf",
                 "blank_sheet", "scan_upload"):  # fmt: skip
        assert client.get(reverse(f"training:{name}", args=[foreign.pk])).status_code == 404, name
    url = reverse("training:attendance_mark", args=[foreign.pk, foreign_enrolment.pk])
    assert client.post(url, {"status": "absent"}).status_code == 404
    assert not Attendance.objects.exists()
    assert client.post(reverse("training:enrolment_action", args=[foreign_enrolment.pk, "cancel"])).status_code == 404


def test_learner_and_coordinator_cannot_use_the_trainer_space(client, cohort, session, enrolment, hub_coordinator):
    from tests.training.factories import HubFactory

    HubFactory(territories=[cohort.territory], coordinators=[hub_coordinator])
    for user in (enrolment.learner, hub_coordinator):
        client.force_login(user)
        assert client.get(reverse("training:cohort_list")).status_code == 403
        assert client.get(reverse("training:cohort_roster", args=[cohort.pk])).status_code == 404
        assert client.get(reverse("training:session_detail", args=[session.pk])).status_code == 404
        assert client.post(reverse("training:cohort_edit", args=[cohort.pk]), {"title": "x"}).status_code == 404


def test_staff_see_every_cohort(client, cohort, national_admin):
    client.force_login(national_admin)
    assert client.get(reverse("training:cohort_roster", args=[cohort.pk])).status_code == 200


def test_anonymous_is_sent_to_login(client, cohort):
    response = client.get(reverse("training:cohort_roster", args=[cohort.pk]))
    assert response.status_code == 302 and "connexion" in response.url or "login" in response.url


def test_trainer_creates_a_cohort_and_a_session(client, trainer, territory, programme, module):
    client.force_login(trainer)
    response = client.post(
        reverse("training:cohort_create"),
        {
            "title": "Promotion Colmar",
            "programme": programme.pk,
            "territory": territory.pk,
            "departement": "68",
            "capacity": 12,
            "status": "open",
            "description": "",
        },  # fmt: skip
    )
    cohort = Cohort.objects.get(title="Promotion Colmar")
    assert response.status_code == 302 and cohort.trainers.filter(pk=trainer.pk).exists()
    bad = client.post(
        reverse("training:cohort_create"),
        {
            "title": "X",
            "programme": programme.pk,
            "territory": territory.pk,
            "departement": "75",
            "capacity": 12,
            "status": "open",
        },
    )
    assert bad.status_code == 400 and "département" in bad.text.lower()
    from tests.training.factories import next_weekday

    day = next_weekday()
    form = {
        "date": day.isoformat(),
        "start_time": "09:00",
        "end_time": "12:30",
        "modality": "in_person",
        "venue_address": "Salle des fêtes, Colmar",
        "room_capacity": 15,
        "modules": [module.pk],
        "trainer": trainer.pk,
    }
    response = client.post(reverse("training:session_create", args=[cohort.pk]), form)
    session = TrainingSession.objects.get(cohort=cohort)
    assert response.status_code == 302 and list(session.modules.all()) == [module]
    overlap = client.post(reverse("training:session_create", args=[cohort.pk]), form)
    assert overlap.status_code == 400 and TrainingSession.objects.count() == 1
    backwards = client.post(reverse("training:session_create", args=[cohort.pk]), form | {"end_time": "08:00"})
    assert backwards.status_code == 400


def test_enrol_by_search_and_by_invitation(client, cohort, trainer, learner):
    client.force_login(trainer)
    found = client.get(reverse("training:enrol", args=[cohort.pk]), {"q": learner.email})
    assert learner.email in found.text
    assert client.post(reverse("training:enrol", args=[cohort.pk]), {"learner": learner.pk}).status_code == 302
    assert Enrolment.objects.get(cohort=cohort, learner=learner).state == "enrolled"
    response = client.post(
        reverse("training:enrol", args=[cohort.pk]), {"email": "invitee@exemple.fr", "first_name": "In"}
    )
    assert response.status_code == 302
    assert Enrolment.objects.get(cohort=cohort, learner__email="invitee@exemple.fr").state == "invited"
    assert client.post(reverse("training:enrol", args=[cohort.pk]), {"email": "pas une adresse"}).status_code == 400


def test_csv_import_pages(client, cohort, trainer, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(trainer)
    csv_file = SimpleUploadedFile("a.csv", b"email;nom\nun@exemple.fr;Un\nmauvais;Deux\n", content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("training:import_upload", args=[cohort.pk]), {"file": csv_file})
    assert response.status_code == 302
    page = client.get(response.url)
    assert "mauvais" in page.text and page.status_code == 200
    assert not Enrolment.objects.filter(cohort=cohort).exists()
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(response.url)
    assert confirmed.status_code == 302
    assert list(Enrolment.objects.filter(cohort=cohort).values_list("learner__email", flat=True)) == ["un@exemple.fr"]
    progress = client.get(reverse("training:import_progress", args=[cohort.imports.get().pk])).json()
    assert progress["status"] == "done"


def test_checkin_flow_for_the_learner(client, session, enrolment, monkeypatch):
    from django.utils import timezone

    at = session.starts_at
    monkeypatch.setattr(timezone, "now", lambda: at)
    code = checkin.current_code(session, at=at).code
    client.force_login(enrolment.learner)
    response = client.post(reverse("training:checkin"), {"code": code})
    assert response.status_code == 302 and response.url == reverse("training:checkin_sign", args=[session.pk])
    blank = client.post(response.url, {"signature": data_url(signature_png(blank=True))})
    assert blank.status_code == 400 and not Attendance.objects.exists()
    done = client.post(response.url, {"signature": data_url(signature_png())})
    assert done.status_code == 200
    attendance = Attendance.objects.get()
    assert attendance.enrolment == enrolment and attendance.signature
    again = client.post(response.url, {"signature": data_url(signature_png())})
    assert again.status_code in (302, 400) and Attendance.objects.count() == 1


def test_qr_url_and_wrong_code(client, session, enrolment, monkeypatch):
    from django.utils import timezone

    at = session.starts_at
    monkeypatch.setattr(timezone, "now", lambda: at)
    client.force_login(enrolment.learner)
    wrong = client.post(reverse("training:checkin"), {"code": "ZZZZZZ"})
    assert wrong.status_code == 400
    code = checkin.current_code(session, at=at).code
    response = client.get(reverse("training:checkin_session", args=[session.pk]), {"code": code})
    assert response.status_code == 302
    # the signature page cannot be reached without a verified code
    other = UserFactory()
    EnrolmentFactory(cohort=session.cohort, learner=other)
    client.force_login(other)
    assert client.get(reverse("training:checkin_sign", args=[session.pk])).status_code == 302


def test_a_learner_cannot_sign_for_a_cohort_they_are_not_in(client, session):
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.get(reverse("training:checkin_session", args=[session.pk]), {"code": "AAAAAA"}).status_code == 404
    assert client.post(reverse("training:checkin_sign", args=[session.pk]), {"signature": "x"}).status_code == 404


def test_checkin_screen_shows_a_qr_svg_and_code(client, session, trainer):
    client.force_login(trainer)
    response = client.get(reverse("training:checkin_screen", args=[session.pk]))
    assert response.status_code == 200 and "<svg" in response.text
    payload = client.get(reverse("training:checkin_code", args=[session.pk])).json()
    assert (
        len(payload["code"]) == 6 and payload["svg"].startswith("<svg") and f"code={payload['code']}" in payload["url"]
    )


def test_roll_call_countersign_and_pdf_download(client, session, enrolment, trainer, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: session.starts_at + dt.timedelta(hours=1))
    client.force_login(trainer)
    url = reverse("training:attendance_mark", args=[session.pk, enrolment.pk])
    assert client.post(url, {"status": "present", "signature": ""}).status_code == 400
    assert client.post(url, {"status": "present", "signature": data_url(signature_png())}).status_code == 302
    assert client.post(reverse("training:countersign", args=[session.pk]), {"signature": ""}).status_code == 400
    response = client.post(
        reverse("training:countersign", args=[session.pk]), {"signature": data_url(signature_png(strokes=2))}
    )
    assert response.status_code == 302
    pdf = client.get(reverse("training:emargement_pdf", args=[session.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    # learners cannot download the sheet of their session (it has everyone's signature)
    client.force_login(enrolment.learner)
    assert client.get(reverse("training:emargement_pdf", args=[session.pk])).status_code == 404
    attendance = Attendance.objects.get()
    assert client.get(reverse("training:signature_image", args=[attendance.pk])).status_code == 200  # their own


def test_signature_images_are_private(client, session, enrolment, trainer, other_trainer):
    attendance = Attendance.objects.create(session=session, enrolment=enrolment, status="absent", method="roll_call")
    for user in (other_trainer, UserFactory()):
        client.force_login(user)
        assert client.get(reverse("training:signature_image", args=[attendance.pk])).status_code == 404


def test_learner_pages_show_only_their_own(client, cohort, session, enrolment):
    other = EnrolmentFactory(cohort=CohortFactory(title="Autre promotion"))
    client.force_login(enrolment.learner)
    page = client.get(reverse("training:my_trainings"))
    assert cohort.title in page.text and "Autre promotion" not in page.text
    assert client.get(reverse("training:remote_proof", args=[other.pk])).status_code == 404
    assert client.get(reverse("training:cohort_messages", args=[other.cohort.pk])).status_code == 404
    proof = client.get(reverse("training:remote_proof", args=[enrolment.pk]))
    assert proof.status_code == 200


def test_messages_between_trainer_and_learners(client, cohort, trainer, enrolment, django_capture_on_commit_callbacks):
    from django.core import mail

    second = EnrolmentFactory(cohort=cohort)
    client.force_login(enrolment.learner)
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            client.post(reverse("training:cohort_messages", args=[cohort.pk]), {"body": "Une question"}).status_code
            == 302
        )
    assert mail.outbox[-1].to == [trainer.email]
    client.force_login(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("training:cohort_messages", args=[cohort.pk]),
            {"body": "Réponse privée", "recipient": enrolment.learner.pk},
        )
    assert mail.outbox[-1].to == [enrolment.learner.email]
    client.force_login(second.learner)
    page = client.get(reverse("training:cohort_messages", args=[cohort.pk]))
    assert "Une question" not in page.text and "Réponse privée" not in page.text
    assert CohortMessage.objects.count() == 2


def test_public_page_and_ask_to_join(client, cohort, session, learner, django_capture_on_commit_callbacks):
    page = client.get(reverse("training:public_sessions"))
    assert page.status_code == 200 and cohort.title in page.text and "20" in page.text
    assert learner.email not in page.text
    client.force_login(learner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("training:ask_to_join", args=[cohort.public_id]))
    assert response.status_code == 302
    assert Enrolment.objects.get(cohort=cohort, learner=learner).state == "requested"


def test_remote_session_attendance_by_status_only(client, cohort, trainer, enrolment):
    remote = TrainingSessionFactory(
        cohort=cohort, trainer=trainer, modality=Modality.REMOTE, visio_url="https://visio.example.fr/r",
        venue_address="", room_capacity=None,
    )  # fmt: skip
    client.force_login(trainer)
    response = client.post(reverse("training:attendance_mark", args=[remote.pk, enrolment.pk]), {"status": "present"})
    assert response.status_code == 302
    assert Attendance.objects.get().method == "remote"


def test_amendment_and_scan_pages(client, cohort, session, enrolment, trainer, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from training.models import AttendanceAmendment

    monkeypatch.setattr(timezone, "now", lambda: session.ends_at)
    client.force_login(trainer)
    other = TrainingSessionFactory(cohort=cohort, trainer=trainer, start_time=dt.time(14), end_time=dt.time(17))
    scan = SimpleUploadedFile("feuille.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
    response = client.post(
        reverse("training:scan_upload", args=[other.pk]), {"scan": scan, f"status_{enrolment.pk}": "present"}
    )
    assert response.status_code == 302
    assert Attendance.objects.get(session=other).method == "scan"
    assert client.get(reverse("training:sheet_scan", args=[other.pk])).status_code == 200
    client.post(reverse("training:countersign", args=[session.pk]), {"signature": data_url(signature_png())})
    absent = Attendance.objects.get(session=session)
    assert absent.status == "absent"
    response = client.post(
        reverse("training:attendance_amend", args=[absent.pk]), {"status": "excused", "reason": "Justificatif reçu"}
    )
    assert response.status_code == 302
    assert AttendanceAmendment.objects.get().new == "excused"
    client.force_login(UserFactory())
    assert (
        client.post(
            reverse("training:attendance_amend", args=[absent.pk]), {"status": "present", "reason": "Je triche"}
        ).status_code
        == 404
    )
    assert AttendanceAmendment.objects.count() == 1


def test_roster_shows_progress_and_evaluations(client, cohort, trainer, enrolment, module):
    from courses.models_progress import LessonProgress
    from tests.training.factories import lesson_ensure
    from training.hooks import EvaluationLine, _evaluation_providers, register_evaluation_provider
    from xapi.actors import actor_name

    lesson = lesson_ensure(module)
    LessonProgress.objects.create(
        learner_actor=actor_name(enrolment.learner.public_id), lesson=lesson, active_seconds=600
    )

    def provider(*, learner, programme):
        return [EvaluationLine(title="Quiz", taken_at=None, score_percent=90.0, passed=True)]

    register_evaluation_provider(provider)
    try:
        client.force_login(trainer)
        page = client.get(reverse("training:cohort_roster", args=[cohort.pk]))
    finally:
        _evaluation_providers.remove(provider)
    assert page.status_code == 200
    assert "10 min" in page.text and "1 / 1" in page.text


def test_capacity_cannot_drop_below_the_seats_taken(client, cohort, trainer, territory, programme):
    EnrolmentFactory.create_batch(3, cohort=cohort)
    client.force_login(trainer)
    form = {"title": cohort.title, "programme": programme.pk, "territory": territory.pk, "departement": "67",
            "capacity": 2, "status": "open", "description": ""}  # fmt: skip
    response = client.post(reverse("training:cohort_edit", args=[cohort.pk]), form)
    assert response.status_code == 400
    cohort.refresh_from_db()
    assert cohort.capacity == 20


def test_trainer_moves_a_learner_to_another_of_their_cohorts(client, cohort, trainer, other_trainer, enrolment):
    mine = CohortFactory(programme=cohort.programme, trainers=[trainer], title="Jour 2 ailleurs")
    foreign = CohortFactory(programme=cohort.programme, trainers=[other_trainer])
    client.force_login(trainer)
    page = client.get(reverse("training:cohort_roster", args=[cohort.pk]))
    assert "Jour 2 ailleurs" in page.text
    url = reverse("training:enrolment_action", args=[enrolment.pk, "move"])
    assert client.post(url, {"to_cohort": foreign.pk}).status_code == 404
    assert client.post(url, {"to_cohort": mine.pk}).status_code == 302
    moved = Enrolment.objects.get(cohort=mine)
    assert moved.moved_from == enrolment and moved.learner == enrolment.learner
    enrolment.refresh_from_db()
    assert enrolment.state == "cancelled"
