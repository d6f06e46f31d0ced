"""Reads on quiz results, for the learner's pages, the trainer's and coordinator's views and the completion rule.

Functions that report on several learners take a ``learners`` queryset: the caller scopes it (a cohort's roster,
``permissions.learners_followed_by``), so these selectors never widen what a user may see. Survey free texts are
returned without names (Qualiopi appraisal, RGPD minimisation).
"""

from __future__ import annotations

import csv
import io
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q, QuerySet

from assessments.models import Attempt, AttemptAnswer, AttemptStatus, Quiz, QuizKind
from assessments.scoring import QuestionType
from core.models import User
from core.spreadsheets import spreadsheet_safe
from training.models import ACTIVE_STATES

CLOSED = (AttemptStatus.SUBMITTED, AttemptStatus.EXPIRED)


def closed_attempts(*, quiz: Quiz | None = None) -> QuerySet[Attempt]:
    rows = Attempt.objects.filter(status__in=CLOSED)
    return rows.filter(quiz=quiz) if quiz is not None else rows


def learner_quiz_attempts(*, learner: User, quiz: Quiz) -> QuerySet[Attempt]:
    return Attempt.objects.filter(learner=learner, quiz=quiz).order_by("-number")


# --- the completion rule's input -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class EvaluationSummary:
    entry_score: float | None  # percent of the first closed entry evaluation (positionnement)
    exit_best_score: float | None  # best percent over closed exit-evaluation attempts
    exit_passed: bool | None  # None: no exit evaluation closed yet
    survey_answered: bool  # a satisfaction survey (not a cold one) of the programme submitted
    attempts: int  # closed attempts on the programme's quizzes


def learner_evaluation_summary(*, learner: User, programme) -> EvaluationSummary:
    rows = list(
        closed_attempts()
        .filter(learner=learner, quiz__programme=programme)
        .values("quiz__kind", "quiz__cold_survey_weeks", "status", "score_scaled", "passed", "closed_at")
        .order_by("closed_at")
    )
    entry = [r for r in rows if r["quiz__kind"] == QuizKind.ENTRY and r["score_scaled"] is not None]
    exits = [r for r in rows if r["quiz__kind"] == QuizKind.EXIT]
    exit_scores = [r["score_scaled"] for r in exits if r["score_scaled"] is not None]
    return EvaluationSummary(
        entry_score=_percent(entry[0]["score_scaled"]) if entry else None,
        exit_best_score=_percent(max(exit_scores)) if exit_scores else None,
        exit_passed=any(r["passed"] for r in exits) if exits else None,
        survey_answered=any(
            r["quiz__kind"] == QuizKind.SURVEY
            and r["quiz__cold_survey_weeks"] is None
            and r["status"] == AttemptStatus.SUBMITTED
            for r in rows
        ),  # fmt: skip
        attempts=len(rows),
    )


def _percent(scaled: float | None) -> float | None:
    return None if scaled is None else round(scaled * 100, 1)


# --- a cohort ------------------------------------------------------------------------------------------------------
def cohort_learners(*, cohort) -> QuerySet[User]:
    """The cohort's learners (invited, enrolled, completed). The caller fetched the cohort through a scoped selector
    (``permissions.cohorts_with_results_for``): this never widens what a user may see."""
    return User.objects.filter(enrolments__cohort=cohort, enrolments__state__in=ACTIVE_STATES).distinct()


KIND_ORDER = {QuizKind.ENTRY: 0, QuizKind.PRACTICE: 1, QuizKind.EXIT: 2, QuizKind.SURVEY: 3}


@dataclass(frozen=True)
class CohortQuizLine:
    quiz: Quiz
    learners: int  # learners of the cohort with at least one closed attempt
    attempts: int  # closed attempts of the cohort's learners
    learners_passed: int  # learners with a passed attempt (practice and exit evaluation)


def cohort_quiz_overview(*, cohort) -> list[CohortQuizLine]:
    """The quizzes of the cohort's programme, entry evaluation first, with how far the cohort's learners got."""
    quizzes = list(Quiz.objects.filter(programme_id=cohort.programme_id).select_related("module"))
    counts = {
        row["quiz_id"]: row
        for row in closed_attempts()
        .filter(quiz__in=quizzes, learner__in=cohort_learners(cohort=cohort))
        .values("quiz_id")
        .annotate(
            attempts=Count("pk"),
            learners=Count("learner", distinct=True),
            passed=Count("learner", filter=Q(passed=True), distinct=True),
        )
    }
    quizzes.sort(key=lambda quiz: (KIND_ORDER.get(quiz.kind, 9), quiz.title, quiz.pk))
    return [
        CohortQuizLine(
            quiz=quiz,
            learners=counts.get(quiz.pk, {}).get("learners", 0),
            attempts=counts.get(quiz.pk, {}).get("attempts", 0),
            learners_passed=counts.get(quiz.pk, {}).get("passed", 0),
        )
        for quiz in quizzes
    ]


# --- per learner ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LearnerQuizResult:
    learner_id: int
    learner_public_id: uuid.UUID
    name: str
    attempts: int
    best_score: float | None
    last_score: float | None
    last_duration: timedelta | None
    passed: bool | None


def quiz_results_for_learners(*, quiz: Quiz, learners: QuerySet[User]) -> list[LearnerQuizResult]:
    by_learner: dict[int, list[Attempt]] = defaultdict(list)
    for attempt in closed_attempts(quiz=quiz).filter(learner__in=learners).order_by("number"):
        by_learner[attempt.learner_id].append(attempt)
    results = []
    for learner in learners.order_by("last_name", "first_name", "pk"):
        attempts = by_learner.get(learner.pk, [])
        scores = [a.percent for a in attempts if a.percent is not None]
        last = attempts[-1] if attempts else None
        results.append(
            LearnerQuizResult(
                learner_id=learner.pk,
                learner_public_id=learner.public_id,
                name=learner.get_full_name() or learner.email,
                attempts=len(attempts),
                best_score=max(scores) if scores else None,
                last_score=last.percent if last else None,
                last_duration=last.duration if last else None,
                passed=any(a.passed for a in attempts) if attempts and last.passed is not None else None,
            )
        )
    return results


# --- per question --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class QuestionStat:
    key: str
    prompt: str
    type: str
    answered: int
    success_rate: float | None  # share of answers fully right (percent); None for unscored questions
    frequent_wrong_answers: tuple[tuple[str, int], ...]  # (answer as shown, count), most frequent first


def _snapshot_questions(attempts: Iterable[Attempt]) -> dict[str, dict]:
    """The latest wording of each question key seen in these attempts' snapshots."""
    questions: dict[str, dict] = {}
    for attempt in attempts:
        for question in attempt.snapshot.get("questions", []):
            questions[question["key"]] = question
    return questions


def _answer_label(question: dict, response) -> str:
    labels = {choice["id"]: choice["text"] for choice in question.get("choices", ())}
    if response is None:
        return ""
    if isinstance(response, list):
        joiner = " → " if question["type"] == QuestionType.ORDERING else " ; "
        return joiner.join(labels.get(item, item) for item in response)
    return labels.get(response, str(response))


def question_stats(*, quiz: Quiz, learners: QuerySet[User], top: int = 3) -> list[QuestionStat]:
    attempts = list(closed_attempts(quiz=quiz).filter(learner__in=learners).order_by("closed_at"))
    questions = _snapshot_questions(attempts)
    answers = AttemptAnswer.objects.filter(attempt__in=[a.pk for a in attempts]).values_list(
        "question_key", "response", "correct", "max_points"
    )
    answered: Counter = Counter()
    right: Counter = Counter()
    wrong: dict[str, Counter] = defaultdict(Counter)
    for key, response, correct, max_points in answers:
        if response is None:
            continue
        answered[key] += 1
        if correct:
            right[key] += 1
        elif max_points:
            wrong[key][_answer_label(questions[key], response)] += 1
    order = [q["key"] for q in (_bank_order(quiz) or questions.values()) if q["key"] in questions]
    stats = []
    for key in order:
        question = questions[key]
        scored = question["type"] not in (QuestionType.LIKERT, QuestionType.FREE_TEXT)
        stats.append(
            QuestionStat(
                key=key,
                prompt=question["prompt"],
                type=question["type"],
                answered=answered[key],
                success_rate=round(100 * right[key] / answered[key], 1) if scored and answered[key] else None,
                frequent_wrong_answers=tuple(wrong[key].most_common(top)),
            )
        )
    return stats


def _bank_order(quiz: Quiz) -> list[dict]:
    return [{"key": str(child.id)} for child in quiz.questions]


# --- entry vs exit -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LearnerProgress:
    learner_id: int
    name: str
    entry_score: float | None
    exit_best_score: float | None

    @property
    def progress(self) -> float | None:
        if self.entry_score is None or self.exit_best_score is None:
            return None
        return round(self.exit_best_score - self.entry_score, 1)


def entry_exit_progress(*, programme, learners: QuerySet[User]) -> list[LearnerProgress]:
    rows = (
        closed_attempts()
        .filter(quiz__programme=programme, quiz__kind__in=[QuizKind.ENTRY, QuizKind.EXIT], learner__in=learners)
        .exclude(score_scaled=None)
        .order_by("closed_at")
        .values_list("learner_id", "quiz__kind", "score_scaled")
    )
    entry: dict[int, float] = {}
    best_exit: dict[int, float] = {}
    for learner_id, kind, scaled in rows:
        if kind == QuizKind.ENTRY:
            entry.setdefault(learner_id, scaled)
        else:
            best_exit[learner_id] = max(best_exit.get(learner_id, 0.0), scaled)
    return [
        LearnerProgress(
            learner.pk,
            learner.get_full_name() or learner.email,
            _percent(entry.get(learner.pk)),
            _percent(best_exit.get(learner.pk)),
        )  # fmt: skip
        for learner in learners.order_by("last_name", "first_name", "pk")
    ]


# --- surveys -------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SurveyQuestionSummary:
    key: str
    prompt: str
    type: str
    distribution: tuple[tuple[str, int], ...] = ()  # Likert: (label, count) for each point of the scale, in order
    average: float | None = None  # Likert: mean of the points (1 to 5)
    free_texts: tuple[str, ...] = ()  # free text: the answers, without names, in a stable but unlinkable order


def survey_aggregation(*, quiz: Quiz, learners: QuerySet[User]) -> list[SurveyQuestionSummary]:
    attempts = list(
        closed_attempts(quiz=quiz).filter(learner__in=learners, status=AttemptStatus.SUBMITTED).order_by("closed_at")
    )
    questions = _snapshot_questions(attempts)
    values: dict[str, list] = defaultdict(list)
    for key, response in AttemptAnswer.objects.filter(attempt__in=[a.pk for a in attempts]).values_list(
        "question_key", "response"
    ):
        if response not in (None, ""):
            values[key].append(response)
    summaries = []
    for question in questions.values():
        key, answers = question["key"], values.get(question["key"], [])
        if question["type"] == QuestionType.LIKERT:
            counts = Counter(answers)
            points = [int(a) for a in answers]
            summaries.append(
                SurveyQuestionSummary(
                    key,
                    question["prompt"],
                    question["type"],
                    distribution=tuple((c["text"], counts.get(c["id"], 0)) for c in question["choices"]),
                    average=round(sum(points) / len(points), 2) if points else None,
                )  # fmt: skip
            )
        elif question["type"] == QuestionType.FREE_TEXT:
            # sorted, not in submission order: the order must not tell who wrote what
            summaries.append(SurveyQuestionSummary(key, question["prompt"], question["type"],
                                                   free_texts=tuple(sorted(answers))))  # fmt: skip
    return summaries


# --- CSV export ----------------------------------------------------------------------------------------------------
def quiz_results_csv(*, quiz: Quiz, learners: QuerySet[User]) -> str:
    """One row per closed attempt (the trainer's export). French headers; `;` as Excel in France expects."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["Apprenant", "Courriel", "Tentative", "État", "Début", "Fin", "Durée (s)", "Score (%)",
                     "Réussi"])  # fmt: skip
    attempts = (
        closed_attempts(quiz=quiz)
        .filter(learner__in=learners)
        .select_related("learner")
        .order_by("learner__last_name", "learner__first_name", "learner_id", "number")
    )
    status_labels = dict(AttemptStatus.choices)
    for attempt in attempts:
        duration = attempt.duration
        writer.writerow(
            [
                spreadsheet_safe(attempt.learner.get_full_name()),
                spreadsheet_safe(attempt.learner.email),
                attempt.number,
                str(status_labels[attempt.status]),
                attempt.started_at.isoformat(timespec="seconds"),
                attempt.closed_at.isoformat(timespec="seconds"),
                int(duration.total_seconds()) if duration else "",
                "" if attempt.percent is None else str(attempt.percent).replace(".", ","),
                {True: "oui", False: "non", None: ""}[attempt.passed],
            ]
        )
    return buffer.getvalue()


# --- the lesson's quiz block ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class QuizCard:
    quiz: Quiz
    best_score: float | None
    in_progress: bool


def learner_quiz_card(*, user, quiz: Quiz | None) -> QuizCard | None:
    from assessments.permissions import quizzes_available_to

    if quiz is None or user is None or not quizzes_available_to(user).filter(pk=quiz.pk).exists():
        return None
    rows = list(Attempt.objects.filter(quiz=quiz, learner=user).values_list("status", "score_scaled"))
    scores = [scaled for status, scaled in rows if status != AttemptStatus.IN_PROGRESS and scaled is not None]
    return QuizCard(
        quiz=quiz,
        best_score=_percent(max(scores)) if scores else None,
        in_progress=any(status == AttemptStatus.IN_PROGRESS for status, _scaled in rows),
    )
