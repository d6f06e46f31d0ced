"""Learner pages and the results page, through the test client: permissions, refusals, French messages."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from assessments.forms import field_name
from assessments.models import Attempt, AttemptAnswer, AttemptStatus
from assessments.permissions import followed_learners_source_set
from assessments.services import attempt_start, attempt_submit
from core.models import User
from tests.assessments.factories import right_answers
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def form_data(attempt, responses, **extra) -> dict:
    data = {}
    for question in attempt.snapshot["questions"]:
        values = responses.get(question["key"], [])
        if question["type"] == "ordering":
            for rank, item in enumerate(values, start=1):
                data[field_name(question["key"], item)] = str(rank)
        else:
            data[field_name(question["key"])] = values
    return data | extra


def test_pages_require_a_login(client, quiz):
    response = client.get(reverse("assessments:quiz_detail", args=[quiz.pk]))
    assert response.status_code == 302 and "/connexion" in response.url or "login" in response.url


def test_the_attempt_page_holds_no_right_answer(client, learner, quiz):
    client.force_login(learner)
    response = client.post(reverse("assessments:quiz_start", args=[quiz.pk]))
    attempt = Attempt.objects.get()
    assert response.url == reverse("assessments:attempt", args=[attempt.pk])
    html = client.get(response.url).content.decode()
    form = html[html.index('id="quiz-form"') : html.index("</form>", html.index('id="quiz-form"'))]
    assert form.count("<fieldset") == 5 and form.count("<legend") == 5  # one fieldset and legend per question
    assert "Capitale ?" in html
    assert "chaud" not in html and "C&#x27;est Paris." not in html and "C'est Paris." not in html
    assert "correct" not in html.lower().replace("fr-", "")


def test_submit_through_the_page_then_retry(client, learner, quiz):
    client.force_login(learner)
    attempt = attempt_start(quiz=quiz, learner=learner)
    url = reverse("assessments:attempt", args=[attempt.pk])
    data = form_data(attempt, right_answers(attempt), action="submit", submission_key=str(uuid.uuid4()))
    first = client.post(url, data)
    assert first.url == reverse("assessments:attempt_result", args=[attempt.pk])
    again = client.post(url, data)  # the browser retries the same POST
    assert again.url == first.url
    assert Attempt.objects.count() == 1 and AttemptAnswer.objects.count() == 5
    page = client.get(first.url).content.decode()
    assert "Score : 100,0" in page or "Score : 100.0" in page
    assert "C&#x27;est Paris." in page  # after submission, the explanation is shown (feedback policy)


def test_a_bad_post_is_a_400_in_french_and_changes_nothing(client, learner, quiz):
    client.force_login(learner)
    attempt = attempt_start(quiz=quiz, learner=learner)
    first = attempt.snapshot["questions"][0]
    url = reverse("assessments:attempt", args=[attempt.pk])
    response = client.post(url, {field_name(first["key"]): ["nope"], "action": "submit",
                                 "submission_key": str(uuid.uuid4())})  # fmt: skip
    assert response.status_code == 400
    assert "Une réponse désigne un choix qui n’existe pas." in response.content.decode()
    response = client.post(url, {field_name("not-a-question"): ["x"], "action": "save"})
    assert response.status_code == 400
    ordering = next(q for q in attempt.snapshot["questions"] if q["type"] == "ordering")
    ranks = {field_name(ordering["key"], item["id"]): "1" for item in ordering["choices"]}
    response = client.post(url, ranks | {"action": "save"})
    assert response.status_code == 400 and "position différente" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.IN_PROGRESS and attempt.draft == {}


def test_another_learners_attempt_is_a_404(client, learner, quiz):
    attempt = attempt_start(quiz=quiz, learner=learner)
    client.force_login(UserFactory())
    for name in ("attempt", "attempt_result"):
        assert client.get(reverse(f"assessments:{name}", args=[attempt.pk])).status_code == 404
    data = form_data(attempt, right_answers(attempt), action="submit", submission_key=str(uuid.uuid4()))
    assert client.post(reverse("assessments:attempt", args=[attempt.pk]), data).status_code == 404
    assert client.post(reverse("assessments:attempt_autosave", args=[attempt.pk]), {}).status_code == 404
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.IN_PROGRESS


def test_autosave(client, learner, quiz):
    client.force_login(learner)
    attempt = attempt_start(quiz=quiz, learner=learner)
    first = attempt.snapshot["questions"][0]
    url = reverse("assessments:attempt_autosave", args=[attempt.pk])
    assert client.post(url, {field_name(first["key"]): first["correct"]}).json() == {"saved": True}
    attempt.refresh_from_db()
    assert attempt.draft == {first["key"]: first["correct"]}
    bad = client.post(url, {field_name(first["key"]): [c["id"] for c in first["choices"][:2]]})
    assert bad.status_code == 400 and bad.json()["error"] == "too_many_values"


def test_beyond_max_attempts_the_start_is_refused(client, learner, exit_quiz):
    client.force_login(learner)
    for _ in range(2):
        attempt = attempt_start(quiz=exit_quiz, learner=learner)
        attempt_submit(attempt=attempt, learner=learner, responses={}, submission_key=uuid.uuid4())
    response = client.post(reverse("assessments:quiz_start", args=[exit_quiz.pk]))
    assert response.status_code == 400
    assert "toutes les tentatives" in response.content.decode()
    assert Attempt.objects.count() == 2


def test_a_quiz_of_an_unpublished_programme_is_a_404(client, learner, quiz):
    quiz.programme.unpublish()
    client.force_login(learner)
    assert client.get(reverse("assessments:quiz_detail", args=[quiz.pk])).status_code == 404


def test_results_page_and_csv(client, learner, trainer, national_admin, quiz):
    attempt = attempt_start(quiz=quiz, learner=learner)
    attempt_submit(attempt=attempt, learner=learner, responses=right_answers(attempt), submission_key=uuid.uuid4())
    url = reverse("assessments:quiz_results", args=[quiz.pk])
    csv_url = reverse("assessments:quiz_results_csv", args=[quiz.pk])
    for user in (learner, trainer):  # a trainer follows no learner until the training app says so
        client.force_login(user)
        assert client.get(url).status_code == 404 and client.get(csv_url).status_code == 404
    client.force_login(national_admin)
    page = client.get(url).content.decode()
    assert learner.get_full_name() in page and "100,0 %" in page
    csv_text = client.get(csv_url).content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("Apprenant;Courriel;Tentative")
    assert learner.email in csv_text


def test_a_trainer_reads_the_results_of_the_learners_they_follow(client, learner, trainer, quiz):
    stranger = UserFactory()
    for person in (learner, stranger):
        attempt = attempt_start(quiz=quiz, learner=person)
        attempt_submit(attempt=attempt, learner=person, responses={}, submission_key=uuid.uuid4())
    followed_learners_source_set(
        lambda user: User.objects.filter(pk=learner.pk) if user == trainer else User.objects.none()
    )
    try:
        client.force_login(trainer)
        page = client.get(reverse("assessments:quiz_results", args=[quiz.pk])).content.decode()
        csv_text = client.get(reverse("assessments:quiz_results_csv", args=[quiz.pk])).content.decode("utf-8-sig")
    finally:
        followed_learners_source_set(lambda user: User.objects.none())
    assert learner.get_full_name() in page and stranger.get_full_name() not in page
    assert learner.email in csv_text and stranger.email not in csv_text


def test_extra_time_is_set_by_the_learners_trainer_only(client, learner, trainer, quiz):
    url = reverse("assessments:accommodation", args=[learner.public_id])
    client.force_login(trainer)
    assert client.get(url).status_code == 404  # does not follow this learner
    followed_learners_source_set(
        lambda user: User.objects.filter(pk=learner.pk) if user == trainer else User.objects.none()
    )
    try:
        assert client.get(url).status_code == 200
        bad = client.post(url, {"extra_time_percent": "0"})
        assert bad.status_code == 400 and "supérieure ou égale à 1" in bad.content.decode()
        assert client.post(url, {"extra_time_percent": "33", "note": "Tiers-temps (MDPH)"}).status_code == 302
    finally:
        followed_learners_source_set(lambda user: User.objects.none())
    accommodation = learner.quiz_accommodation
    assert (accommodation.extra_time_percent, accommodation.granted_by) == (33, trainer)
    client.force_login(learner)
    assert client.get(url).status_code == 404
