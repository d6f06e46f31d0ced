"""The trainer's cohort page: the cohort's quiz results (page and CSV) and each learner's H5P practice; entry and
exit evaluations for enrolled learners only. Another trainer, a learner: 404; a Hub coordinator reads."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Attempt, H5PAttempt
from assessments.services import AttemptError, attempt_start, attempt_submit
from core.models import AuditEntry
from core.roles import Role
from courses.models_h5p import H5PPackage
from tests.assessments.factories import quiz_create, right_answers
from tests.factories import UserFactory
from tests.training.factories import CohortFactory, EnrolmentFactory, HubFactory, TerritoryFactory, lesson_ensure
from training.models import EnrolmentState
from xapi.actors import actor_name

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(programme, trainer):
    return CohortFactory(programme=programme, trainers=[trainer], title="Promotion Colmar")


@pytest.fixture
def ada(cohort):
    return EnrolmentFactory(cohort=cohort, learner=UserFactory(first_name="Ada", last_name="Lovelace")).learner


def _package(title: str) -> H5PPackage:
    return H5PPackage.objects.create(
        title=title, main_library="H5P.CafeIAQuiz 1.0", language="fr", storage_path=f"h5p/{uuid.uuid4()}",
        original_filename="quiz.h5p",
    )  # fmt: skip


def _lesson_with(module, package: H5PPackage):
    lesson = lesson_ensure(module, slug="lecon-h5p", title="Leçon avec activité")
    lesson.body = [{"type": "h5p_activity", "value": {"package": package.pk, "heading": "", "instructions": ""}}]
    lesson.save()
    return lesson


def _h5p_attempt(learner, package, *, raw: float, max_: float = 3, seconds: int = 60) -> H5PAttempt:
    number = H5PAttempt.objects.count() + 1
    return H5PAttempt.objects.create(
        learner_actor=actor_name(learner.public_id), package=package, statement_id=uuid.uuid4(),
        statement_pk=number, verb_id="http://adlnet.gov/expapi/verbs/completed", score_raw=raw, score_max=max_,
        score_scaled=raw / max_, duration_seconds=seconds, recorded_at=timezone.now(),
    )  # fmt: skip


def _take(quiz, learner, answers=right_answers):
    attempt = attempt_start(quiz=quiz, learner=learner)
    return attempt_submit(attempt=attempt, learner=learner, responses=answers(attempt), submission_key=uuid.uuid4())


def test_the_cohort_page_shows_each_learners_h5p_practice(client, trainer, cohort, ada, module):
    activity, elsewhere = _package("Qu’est-ce que l’IA ?"), _package("Activité d’une autre formation")
    _lesson_with(module, activity)
    _h5p_attempt(ada, activity, raw=3, seconds=65)
    _h5p_attempt(ada, activity, raw=2, seconds=65)  # last: 2 / 3, best: 3 / 3
    _h5p_attempt(ada, elsewhere, raw=1)  # not an activity of this programme
    basile = EnrolmentFactory(cohort=cohort, learner=UserFactory(first_name="Basile", last_name="Roux")).learner
    stranger = UserFactory(first_name="Zoé", last_name="Inconnue")
    _h5p_attempt(stranger, activity, raw=1)  # a learner of no cohort of this trainer

    client.force_login(trainer)
    response = client.get(reverse("training:cohort_roster", args=[cohort.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    section = html[html.index('id="h5p-results"') :]
    rows = section.split("<tr>")[2:]
    ada_row = next(row for row in rows if "Ada Lovelace" in row)
    assert "Qu’est-ce que l’IA ?" in ada_row and "Entraînement" in ada_row
    assert "<td>2</td>" in ada_row  # attempts
    assert "100,0 %" in ada_row and "66,7 %" in ada_row and "(2 / 3)" in ada_row and "2 min" in ada_row
    assert "Activité d’une autre formation" not in html
    assert "Basile Roux" in section and "Aucune activité H5P tentée pour l’instant." in section
    assert stranger.get_full_name() not in html
    assert basile.get_full_name() in section


def test_the_cohort_page_links_to_quiz_results_csv_and_attestations(client, trainer, cohort, ada, programme):
    exit_quiz = quiz_create(programme=programme, kind="exit", title="Évaluation finale", pass_mark=70)
    entry = quiz_create(programme=programme, kind="entry", title="Positionnement")
    _take(exit_quiz, ada)
    client.force_login(trainer)
    html = client.get(reverse("training:cohort_roster", args=[cohort.pk])).content.decode()
    assert reverse("certificates:cohort", args=[cohort.pk]) in html
    for quiz in (exit_quiz, entry):
        assert reverse("assessments:cohort_quiz_results", args=[cohort.pk, quiz.pk]) in html
        assert reverse("assessments:cohort_quiz_results_csv", args=[cohort.pk, quiz.pk]) in html
    section = html[html.index('id="evaluations"') : html.index('id="h5p-results"')]
    assert section.index("Positionnement") < section.index("Évaluation finale")  # entry evaluation first
    exit_row = section[section.index("Évaluation finale") :].split("</tr>")[0]
    assert "<td>1 / 1</td>" in exit_row and "<td>1</td>" in exit_row  # took it, passed it


def test_cohort_quiz_results_and_csv_list_the_cohorts_learners_only(client, trainer, cohort, ada, programme):
    exit_quiz = quiz_create(programme=programme, kind="exit", title="Évaluation finale", pass_mark=70)
    other_cohort = CohortFactory(programme=programme, trainers=[trainer], title="Promotion Mulhouse")
    basile = EnrolmentFactory(cohort=other_cohort, learner=UserFactory(first_name="Basile", last_name="Roux")).learner
    _take(exit_quiz, ada)
    _take(exit_quiz, basile, lambda attempt: {})
    client.force_login(trainer)
    page = client.get(reverse("assessments:cohort_quiz_results", args=[cohort.pk, exit_quiz.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ada Lovelace" in html and "100,0 %" in html and "Basile Roux" not in html
    assert "Promotion Colmar" in html
    assert reverse("assessments:accommodation", args=[ada.public_id]) in html  # the trainer may grant extra time
    csv = client.get(reverse("assessments:cohort_quiz_results_csv", args=[cohort.pk, exit_quiz.pk]))
    assert f'filename="resultats-quiz-{exit_quiz.pk}-promotion-{cohort.pk}.csv"' in csv["Content-Disposition"]
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Apprenant;Courriel;Tentative") and len(lines) == 2
    assert lines[1].startswith(f"Ada Lovelace;{ada.email};1;") and lines[1].endswith(";100,0;oui")


def test_another_trainer_a_learner_and_a_foreign_quiz_get_404(client, cohort, ada, programme):
    from tests.training.factories import programme_ensure

    exit_quiz = quiz_create(programme=programme, kind="exit", title="Évaluation finale")
    foreign = quiz_create(programme=programme_ensure(slug="autre-formation", title="Autre"), kind="exit")
    urls = [
        reverse("training:cohort_roster", args=[cohort.pk]),
        reverse("assessments:cohort_quiz_results", args=[cohort.pk, exit_quiz.pk]),
        reverse("assessments:cohort_quiz_results_csv", args=[cohort.pk, exit_quiz.pk]),
    ]
    for user in (UserFactory(role=Role.TRAINER), ada):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
    client.force_login(cohort.trainers.get())
    for name in ("cohort_quiz_results", "cohort_quiz_results_csv"):  # a quiz of another programme
        assert client.get(reverse(f"assessments:{name}", args=[cohort.pk, foreign.pk])).status_code == 404
    client.logout()
    assert client.get(urls[1]).status_code == 302  # to the login page


def test_a_hub_coordinator_reads_the_results_of_their_territorys_cohort(client, cohort, ada, programme):
    coordinator = UserFactory(role=Role.HUB_COORDINATOR)
    HubFactory(territories=[cohort.territory], coordinators=[coordinator])
    exit_quiz = quiz_create(programme=programme, kind="exit", title="Évaluation finale")
    _take(exit_quiz, ada)
    client.force_login(coordinator)
    page = client.get(reverse("assessments:cohort_quiz_results", args=[cohort.pk, exit_quiz.pk]))
    assert page.status_code == 200 and "Ada Lovelace" in page.content.decode()
    assert reverse("assessments:accommodation", args=[ada.public_id]) not in page.content.decode()  # read-only
    other = CohortFactory(programme=programme, territory=TerritoryFactory(name="Bretagne", departements=["35"]))
    assert client.get(reverse("assessments:cohort_quiz_results", args=[other.pk, exit_quiz.pk])).status_code == 404


# --- entry and exit evaluations are for enrolled learners ----------------------------------------------------------
@pytest.mark.parametrize("kind", ["entry", "exit"])
def test_a_learner_not_enrolled_cannot_start_an_evaluation(programme, kind):
    quiz = quiz_create(programme=programme, kind=kind, title="Évaluation")
    outsider = UserFactory()
    with pytest.raises(AttemptError) as error:
        attempt_start(quiz=quiz, learner=outsider)
    assert error.value.code == "not_enrolled"
    assert not Attempt.objects.exists()
    assert not AuditEntry.objects.filter(action="assessments.attempt.started").exists()


def test_enrolment_states_and_staff(programme, national_admin):
    exit_quiz = quiz_create(programme=programme, kind="exit", title="Évaluation finale")
    practice = quiz_create(programme=programme, kind="practice", title="Entraînement")
    cancelled = EnrolmentFactory(cohort=CohortFactory(programme=programme), state=EnrolmentState.CANCELLED).learner
    requested = EnrolmentFactory(cohort=CohortFactory(programme=programme), state=EnrolmentState.REQUESTED).learner
    elsewhere = EnrolmentFactory().learner  # enrolled, in a cohort of another programme
    for person in (cancelled, requested, elsewhere):
        with pytest.raises(AttemptError):
            attempt_start(quiz=exit_quiz, learner=person)
        assert attempt_start(quiz=practice, learner=person).number == 1  # practice is open to anyone
    assert attempt_start(quiz=exit_quiz, learner=national_admin).number == 1  # staff try the evaluation out
    invited = EnrolmentFactory(cohort=CohortFactory(programme=programme), state=EnrolmentState.INVITED).learner
    assert attempt_start(quiz=exit_quiz, learner=invited).number == 1
    assert Attempt.objects.filter(quiz=exit_quiz).count() == 2


def test_the_quiz_page_tells_an_outsider_and_refuses_the_start(client, programme):
    quiz = quiz_create(programme=programme, kind="exit", title="Évaluation finale")
    client.force_login(UserFactory())
    message = "Cette évaluation est réservée aux apprenants inscrits à une promotion de cette formation."
    page = client.get(reverse("assessments:quiz_detail", args=[quiz.pk])).content.decode()
    assert message in page and "Commencer" not in page
    response = client.post(reverse("assessments:quiz_start", args=[quiz.pk]))
    assert response.status_code == 400 and message in response.content.decode()
    assert not Attempt.objects.exists()
