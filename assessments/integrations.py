"""How quizzes plug into the apps around them. Called once from ``AssessmentsConfig.ready()``.

``assessments`` sits above ``cms``, ``courses`` and ``training`` in the import order, so it may read them; those apps
expose replaceable sources or hooks instead of importing quizzes:
- the partners a user authors for (``cms.partners``) drive the quiz snippet's permission policy;
- the learners a trainer follows are those enrolled in the cohorts they lead (``training.permissions``);
- a learner's training ends on the last half-day of their cohort (cold surveys are sent N weeks after it);
- the remote-day proof file lists the evaluations taken (``training.hooks``);
- the trainer's cohort page shows the cohort's quiz results and H5P practice (``training.hooks``).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Max, QuerySet

from assessments.cold_survey import training_end_dates_source_set
from assessments.models import Attempt, AttemptStatus, QuizKind
from assessments.permissions import followed_learners_source_set, user_partner_ids_source_set
from assessments.selectors import cohort_learners, cohort_quiz_overview
from assessments.selectors_h5p import cohort_h5p_results
from cms.partners import user_partner_ids
from core.models import User
from training.hooks import (
    CohortSection,
    EvaluationLine,
    register_cohort_section_provider,
    register_evaluation_provider,
)
from training.models import Enrolment, EnrolmentState
from training.permissions import cohorts_managed_by

EVALUATION_KINDS = (QuizKind.ENTRY, QuizKind.EXIT, QuizKind.PRACTICE)
ENDED_STATES = (EnrolmentState.ENROLLED, EnrolmentState.COMPLETED)


def learners_followed_by_trainer(user: User) -> QuerySet[User]:
    """Learners enrolled (in any state) in a cohort `user` leads; nobody for a user who leads none."""
    return User.objects.filter(enrolments__cohort__in=cohorts_managed_by(user)).distinct()


def training_end_dates(*, programme_id: int) -> dict[int, date]:
    """Per learner, the last half-day of the cohort(s) of the programme they were enrolled in (the latest wins)."""
    rows = (
        Enrolment.objects.filter(cohort__programme_id=programme_id, state__in=ENDED_STATES)
        .values("learner_id")
        .annotate(last_day=Max("cohort__sessions__date"))
    )
    return {row["learner_id"]: row["last_day"] for row in rows if row["last_day"] is not None}


def evaluation_lines(*, learner: User, programme) -> list[EvaluationLine]:
    """The closed, server-scored quiz attempts of the programme (surveys are not evaluations of what was learnt)."""
    attempts = (
        Attempt.objects.filter(
            learner=learner,
            quiz__programme=programme,
            quiz__kind__in=EVALUATION_KINDS,
            status__in=(AttemptStatus.SUBMITTED, AttemptStatus.EXPIRED),
        )
        .select_related("quiz")
        .order_by("closed_at")
    )
    return [
        EvaluationLine(
            title=f"{attempt.quiz.title} — {attempt.quiz.get_kind_display()}",
            taken_at=attempt.closed_at,
            score_percent=None if attempt.score_scaled is None else round(attempt.score_scaled * 100, 1),
            passed=attempt.passed,
        )
        for attempt in attempts
    ]


def cohort_section(*, cohort, user) -> CohortSection:
    """The trainer's cohort page (training, which fetched the cohort through ``cohort_managed_get``: a 404 for anyone
    who does not lead it): the programme's quizzes with links to the cohort's results and CSV exports, and each
    learner's H5P practice (activities attempted, best and last score)."""
    learners = cohort_learners(cohort=cohort)
    h5p = cohort_h5p_results(learners=learners, programme=cohort.programme)
    context = {"cohort": cohort, "quizzes": cohort_quiz_overview(cohort=cohort), "h5p": h5p, "learner_count": len(h5p)}
    return CohortSection(template_name="assessments/includes/cohort_section.html", context=context)


def connect() -> None:
    user_partner_ids_source_set(user_partner_ids)
    followed_learners_source_set(learners_followed_by_trainer)
    training_end_dates_source_set(training_end_dates)
    register_evaluation_provider(evaluation_lines)
    register_cohort_section_provider(cohort_section)
