"""Learner pages (a quiz, its attempt, the result) and the results page of those who follow learners.

Every object is fetched through a permission-scoped queryset: another learner's attempt, a quiz of an unpublished
programme, a results page one may not read are all 404. The attempt page is rendered from the snapshot's public
part only: the right answers never reach the browser before the attempt is closed.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessments.forms import AccommodationForm, field_name, responses_from_post
from assessments.models import Attempt, AttemptStatus, FeedbackPolicy, Quiz, QuizAccommodation, QuizKind
from assessments.permissions import (
    attempts_of,
    cohorts_with_results_for,
    learners_followed_by,
    may_take_evaluation,
    quizzes_available_to,
    quizzes_with_results_for,
)
from assessments.scoring import ResponseError
from assessments.selectors import (
    cohort_learners,
    entry_exit_progress,
    learner_quiz_attempts,
    question_stats,
    quiz_results_csv,
    quiz_results_for_learners,
    survey_aggregation,
)
from assessments.services import (
    AttemptError,
    attempt_check,
    attempt_close_if_expired,
    attempt_save,
    attempt_start,
    attempt_submit,
    question_feedback,
    quiz_accommodation_set,
    response_error,
)
from assessments.snapshot import public_question
from training.permissions import cohorts_managed_by


@login_required
def quiz_detail_view(request: HttpRequest, quiz_id: int) -> HttpResponse:
    quiz = get_object_or_404(quizzes_available_to(request.user).select_related("module", "programme"), pk=quiz_id)
    return _quiz_detail(request, quiz)


def _quiz_detail(request, quiz, *, error: AttemptError | None = None) -> HttpResponse:
    attempts = list(learner_quiz_attempts(learner=request.user, quiz=quiz))
    for attempt in attempts:
        attempt_close_if_expired(attempt=attempt)
    attempts = list(learner_quiz_attempts(learner=request.user, quiz=quiz))
    current = next((a for a in attempts if a.status == AttemptStatus.IN_PROGRESS), None)
    remaining = None if not quiz.max_attempts else max(0, quiz.max_attempts - len(attempts))
    context = {
        "quiz": quiz,
        "attempts": [a for a in attempts if a.is_closed],
        "current": current,
        "attempts_left": remaining,
        "may_start": may_take_evaluation(request.user, quiz),
        "error": error,
    }
    return render(request, "assessments/quiz_detail.html", context, status=400 if error else 200)


@login_required
@require_POST
def quiz_start_view(request: HttpRequest, quiz_id: int) -> HttpResponse:
    quiz = get_object_or_404(quizzes_available_to(request.user), pk=quiz_id)
    try:
        attempt = attempt_start(quiz=quiz, learner=request.user)
    except AttemptError as error:
        return _quiz_detail(request, quiz, error=error)
    return redirect("assessments:attempt", attempt_id=attempt.pk)


def _attempt_or_404(request, attempt_id: int) -> Attempt:
    # the quiz's question bank is not needed once the attempt has its snapshot
    rows = attempts_of(request.user).select_related("quiz", "learner").defer("quiz__questions")
    return get_object_or_404(rows, pk=attempt_id)


@login_required
@require_http_methods(["GET", "POST"])
def attempt_view(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = _attempt_or_404(request, attempt_id)
    if attempt_close_if_expired(attempt=attempt):
        messages.warning(request, _("The time limit has passed: your attempt was closed with the answers saved."))
        return redirect("assessments:attempt_result", attempt_id=attempt.pk)
    if attempt.is_closed:
        return redirect("assessments:attempt_result", attempt_id=attempt.pk)
    if request.method == "GET":
        return _attempt_page(request, attempt, values=attempt.draft)
    questions = attempt.snapshot["questions"]
    try:
        responses = responses_from_post(request.POST, questions)
    except ResponseError as error:
        return _attempt_page(request, attempt, values=_posted(request, questions), error=response_error(error))
    action = request.POST.get("action", "save")
    try:
        if action == "submit":
            key = _submission_key(request.POST.get("submission_key", ""))
            attempt = attempt_submit(attempt=attempt, learner=request.user, responses=responses, submission_key=key)
            return redirect("assessments:attempt_result", attempt_id=attempt.pk)
        if action.startswith("check:"):
            attempt = attempt_check(
                attempt=attempt, learner=request.user, question_key=action[len("check:") :], responses=responses
            )
            return redirect(f"{request.path}#question-{action[len('check:') :]}")
        attempt_save(attempt=attempt, learner=request.user, responses=responses)
        messages.success(request, _("Your answers are saved."))
        return redirect("assessments:attempt", attempt_id=attempt.pk)
    except AttemptError as error:
        if error.code in ("time_expired", "already_submitted", "attempt_closed"):
            messages.error(request, error.message)
            return redirect("assessments:attempt_result", attempt_id=attempt.pk)
        return _attempt_page(request, attempt, values=_posted(request, questions), error=error)


def _submission_key(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise AttemptError(_("This form is out of date: reload the page."), code="invalid_submission_key") from None


def _posted(request, questions) -> dict[str, list[str]]:
    values = {}
    for question in questions:
        if question["type"] == "ordering":
            values[question["key"]] = {c["id"]: request.POST.get(field_name(question["key"], c["id"]), "")
                                       for c in question["choices"]}  # fmt: skip
        else:
            values[question["key"]] = request.POST.getlist(field_name(question["key"]))
    return values


def _attempt_page(request, attempt: Attempt, *, values, error: AttemptError | None = None) -> HttpResponse:
    immediate = attempt.snapshot["quiz"]["feedback_policy"] == FeedbackPolicy.IMMEDIATE
    snapshot_questions = {q["key"]: q for q in attempt.snapshot["questions"]}
    questions = []
    for number, question in enumerate(attempt.snapshot["questions"], start=1):
        item = {**public_question(question), "number": number, "value": values.get(question["key"], [])}
        if question["type"] == "ordering" and isinstance(item["value"], list):
            item["value"] = {item_id: str(rank) for rank, item_id in enumerate(item["value"], start=1)}
        item["ranks"] = range(1, len(question.get("choices", ())) + 1)
        item["field"] = field_name(question["key"])
        if question["key"] in attempt.checked:  # locked by "check": its feedback may be shown now
            item["checked"] = question_feedback(attempt=attempt, question_key=question["key"])
            item["solution"] = _solution(snapshot_questions[question["key"]])
        item["error"] = error is not None and error.extra.get("question_key") == question["key"]
        questions.append(item)
    remaining = None
    if attempt.deadline:
        remaining = max(0, int((attempt.deadline - timezone.now()).total_seconds()))
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "questions": questions,
        "immediate": immediate,
        "error": error,
        "submission_key": uuid.uuid4(),
        "remaining_seconds": remaining,
        "remaining_minutes": None if remaining is None else -(-remaining // 60),
    }
    return render(request, "assessments/attempt.html", context, status=400 if error else 200)


def _solution(question: dict) -> dict:
    labels = {c["id"]: c["text"] for c in question.get("choices", ())}
    if question["type"] == "short_answer":
        answer = " / ".join(question["accepted"])
    elif question["type"] == "ordering":
        answer = " → ".join(labels[i] for i in question["correct"])
    elif question["type"] in ("likert", "free_text"):
        answer = ""
    else:
        answer = " ; ".join(labels[i] for i in question["correct"])
    return {"answer": answer, "explanation": question.get("explanation", "")}


@login_required
@require_POST
def attempt_autosave_view(request: HttpRequest, attempt_id: int) -> JsonResponse:
    """Autosave from the page's script (the answers so far are what an expired attempt is scored on)."""
    attempt = _attempt_or_404(request, attempt_id)
    try:
        # the script sends the whole form: a question absent from it was cleared (no box ticked)
        responses = responses_from_post(request.POST, attempt.snapshot["questions"], lenient=True)
        attempt_save(attempt=attempt, learner=request.user, responses=responses)
    except ResponseError as error:
        error = response_error(error)
        return JsonResponse({"error": error.code, "message": error.message}, status=400)
    except AttemptError as error:
        return JsonResponse({"error": error.code, "message": error.message}, status=400)
    return JsonResponse({"saved": True})


@login_required
def attempt_result_view(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = _attempt_or_404(request, attempt_id)
    attempt_close_if_expired(attempt=attempt)
    attempt.refresh_from_db()
    if not attempt.is_closed:
        return redirect("assessments:attempt", attempt_id=attempt.pk)
    policy = attempt.snapshot["quiz"]["feedback_policy"]
    show_solutions = policy != FeedbackPolicy.NEVER and attempt.quiz.kind != QuizKind.SURVEY
    answers = {a.question_key: a for a in attempt.answers.all()}
    review = []
    for number, question in enumerate(attempt.snapshot["questions"], start=1):
        answer = answers.get(question["key"])
        labels = {c["id"]: c["text"] for c in question.get("choices", ())}
        response = answer.response if answer else None
        if isinstance(response, list):
            given = (" → " if question["type"] == "ordering" else " ; ").join(labels.get(i, i) for i in response)
        else:
            given = labels.get(response, response) if response is not None else ""
        review.append(
            {
                "number": number,
                "prompt": question["prompt"],
                "given": given,
                "correct": answer.correct if answer else None,
                "score": answer.score if answer else 0,
                "max_points": answer.max_points if answer else 0,
                "solution": _solution(question) if show_solutions else None,
            }
        )
    context = {"attempt": attempt, "quiz": attempt.quiz, "review": review, "show_solutions": show_solutions}
    return render(request, "assessments/attempt_result.html", context)


@login_required
def quiz_results_view(request: HttpRequest, quiz_id: int) -> HttpResponse:
    """Every learner the user follows (all their cohorts)."""
    quiz = get_object_or_404(quizzes_with_results_for(request.user).select_related("programme"), pk=quiz_id)
    return _results_page(request, quiz, learners_followed_by(request.user), can_grant_extra_time=True)


@login_required
def quiz_results_csv_view(request: HttpRequest, quiz_id: int) -> HttpResponse:
    quiz = get_object_or_404(quizzes_with_results_for(request.user), pk=quiz_id)
    return _results_csv(quiz, learners_followed_by(request.user), filename=f"resultats-quiz-{quiz.pk}.csv")


def _cohort_and_quiz(request: HttpRequest, cohort_id: int, quiz_id: int):
    """A cohort the user leads or coordinates, and a quiz of its programme; anything else is a 404."""
    cohort = get_object_or_404(cohorts_with_results_for(request.user).select_related("programme"), pk=cohort_id)
    quiz = get_object_or_404(Quiz.objects.select_related("programme"), pk=quiz_id, programme_id=cohort.programme_id)
    return cohort, quiz


@login_required
def cohort_quiz_results_view(request: HttpRequest, cohort_id: int, quiz_id: int) -> HttpResponse:
    """One cohort's results on a quiz of its programme (the trainer's cohort page links here)."""
    cohort, quiz = _cohort_and_quiz(request, cohort_id, quiz_id)
    return _results_page(
        request, quiz, cohort_learners(cohort=cohort), cohort=cohort,
        can_grant_extra_time=cohorts_managed_by(request.user).filter(pk=cohort.pk).exists(),
    )  # fmt: skip


@login_required
def cohort_quiz_results_csv_view(request: HttpRequest, cohort_id: int, quiz_id: int) -> HttpResponse:
    cohort, quiz = _cohort_and_quiz(request, cohort_id, quiz_id)
    filename = f"resultats-quiz-{quiz.pk}-promotion-{cohort.pk}.csv"
    return _results_csv(quiz, cohort_learners(cohort=cohort), filename=filename)


def _results_page(request, quiz, learners, *, cohort=None, can_grant_extra_time: bool) -> HttpResponse:
    context = {
        "quiz": quiz,
        "cohort": cohort,
        "can_grant_extra_time": can_grant_extra_time,
        "results": quiz_results_for_learners(quiz=quiz, learners=learners.filter(quiz_attempts__quiz=quiz).distinct()),
        "stats": question_stats(quiz=quiz, learners=learners),
        "progress": entry_exit_progress(
            programme=quiz.programme,
            learners=learners.filter(quiz_attempts__quiz__programme=quiz.programme).distinct(),
        )
        if quiz.kind in (QuizKind.ENTRY, QuizKind.EXIT)
        else None,
        "survey": survey_aggregation(quiz=quiz, learners=learners) if quiz.kind == QuizKind.SURVEY else None,
    }
    return render(request, "assessments/quiz_results.html", context)


def _results_csv(quiz, learners, *, filename: str) -> HttpResponse:
    content = quiz_results_csv(quiz=quiz, learners=learners)
    response = HttpResponse("\ufeff" + content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def accommodation_view(request: HttpRequest, learner_id: uuid.UUID) -> HttpResponse:
    """Extra time for a learner the user follows (a trainer, the national admin); anyone else: 404."""
    learner = get_object_or_404(learners_followed_by(request.user), public_id=learner_id)
    current = QuizAccommodation.objects.filter(learner=learner).first()
    initial = {"extra_time_percent": current.extra_time_percent, "note": current.note} if current else None
    form = AccommodationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        quiz_accommodation_set(learner=learner, granted_by=request.user, **form.cleaned_data)
        messages.success(request, _("The extra time is saved: it applies to the attempts started from now on."))
        return redirect("assessments:accommodation", learner_id=learner.public_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "assessments/accommodation.html", {"form": form, "learner": learner}, status=status)
