"""The one place that gathers a learner's facts for the completion rule, from records the learner cannot forge.

- modules: the platform's own ``completed`` statements on modules (authority = platform), never the learner's;
- sessions: training's attendance records (legal records, authoritative in their tables), across every cohort of
  the programme the learner was in (a learner moved to another cohort keeps the half-days already attended);
- exit evaluation and survey: ``assessments.selectors.learner_evaluation_summary`` (server-scored attempts);
- durations for the documents: in person from attendance times, remote from measured active time (the courses
  progress projection) plus attended live sessions, capped at the remote part's nominal duration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from assessments.selectors import learner_evaluation_summary
from certificates.models import CompletionRuleSettings
from certificates.rules import CompletionRule, LearnerFacts, ModuleFact, SessionFact, session_slots
from core.models import User
from courses.models import DayPage, LessonPage, ModulePage, ProgramPage
from courses.models_progress import LessonProgress
from training.models import (
    PRESENT_STATUSES,
    Attendance,
    AttendanceMethod,
    Enrolment,
    EnrolmentState,
    Modality,
    TrainingSession,
)
from xapi.actors import actor_for, actor_name, agent_key
from xapi.keys import index_key
from xapi.models import AuthorityKind, Statement
from xapi.vocabulary import COMPLETED, activity_iri

# A moved learner's earlier enrolment is usually cancelled: its attendance still counts.
RECORD_STATES = (EnrolmentState.ENROLLED, EnrolmentState.COMPLETED, EnrolmentState.CANCELLED)
CURRENT_STATES = (EnrolmentState.ENROLLED, EnrolmentState.COMPLETED)


@dataclass(frozen=True)
class AssessmentSummary:
    exit_passed: bool | None
    exit_score: float | None
    survey_answered: bool | None


@dataclass(frozen=True)
class LearnerRecord:
    """Everything certificates needs about one learner and one programme at one moment."""

    learner: User
    programme: ProgramPage
    rule: CompletionRule
    auto_issue: bool
    facts: LearnerFacts
    current_enrolment: Enrolment | None
    in_person_minutes: int
    remote_minutes: int
    nominal_minutes: int
    started_on: date | None
    ended_on: date | None


@dataclass
class RecordCache:
    """Reads that depend only on the programme or the cohorts, shared by the learner records of one batch (a bulk
    issuance chunk, a cohort's eligibility table): read once per batch instead of once per learner."""

    rules: dict[int, tuple[CompletionRule, bool, CompletionRuleSettings | None]] = field(default_factory=dict)
    modules: dict[int, list[ModulePage]] = field(default_factory=dict)
    remote: dict[int, list[tuple[str, int]]] = field(default_factory=dict)
    sessions: dict[tuple[int, ...], list[TrainingSession]] = field(default_factory=dict)

    def rule(self, programme: ProgramPage) -> tuple[CompletionRule, bool, CompletionRuleSettings | None]:
        if programme.pk not in self.rules:
            self.rules[programme.pk] = rule_for(programme)
        return self.rules[programme.pk]

    def required_modules(self, programme: ProgramPage, settings_row: CompletionRuleSettings | None) -> list:
        if programme.pk not in self.modules:
            self.modules[programme.pk] = required_modules(programme, settings_row)
        return self.modules[programme.pk]

    def remote_days(self, programme: ProgramPage) -> list[tuple[str, int]]:
        """The remote days' tree paths and nominal durations (empty when the programme has no remote day)."""
        if programme.pk not in self.remote:
            self.remote[programme.pk] = list(
                DayPage.objects.live()
                .child_of(programme)
                .filter(modality="remote")
                .values_list("path", "duration_minutes")
            )
        return self.remote[programme.pk]

    def cohort_sessions(self, cohort_ids: list[int]) -> list[TrainingSession]:
        key = tuple(sorted(set(cohort_ids)))
        if key not in self.sessions:
            self.sessions[key] = list(
                TrainingSession.objects.filter(cohort__in=key)
                .select_related("cohort__territory")
                .order_by("date", "start_time")
            )
        return self.sessions[key]


def _assessment_summary(*, learner: User, programme: ProgramPage) -> AssessmentSummary:
    """The exit evaluation and the survey, from server-scored quiz attempts (``assessments``)."""
    summary = learner_evaluation_summary(learner=learner, programme=programme)
    percent = summary.exit_best_score  # assessments reports percents (0–100); attestations keep a 0–1 score
    return AssessmentSummary(
        exit_passed=summary.exit_passed,
        exit_score=round(percent / 100, 4) if percent is not None else None,
        survey_answered=summary.survey_answered,
    )


def rule_for(programme: ProgramPage) -> tuple[CompletionRule, bool, CompletionRuleSettings | None]:
    settings_row = CompletionRuleSettings.objects.filter(programme=programme).first()
    if settings_row is None:
        return CompletionRule(), True, None
    return settings_row.as_rule(), settings_row.auto_issue, settings_row


def required_modules(programme: ProgramPage, settings_row: CompletionRuleSettings | None) -> list[ModulePage]:
    if settings_row is not None and settings_row.pk:
        chosen = list(settings_row.required_modules.live().order_by("path"))
        if chosen:
            return chosen
    return list(ModulePage.objects.live().descendant_of(programme).order_by("path"))


def completed_module_ids(*, learner: User, module_ids: list[int]) -> set[int]:
    """Modules the platform itself recorded as completed (a learner posting ``completed`` on a module does not
    count: their statements carry their own credential's authority, not the platform's)."""
    actor_key = agent_key(actor_for(learner.public_id))
    keys = {index_key(activity_iri("module", pk)): pk for pk in module_ids}
    found = Statement.objects.filter(
        actor_key=actor_key,
        verb_id=COMPLETED.id,
        authority_kind=AuthorityKind.PLATFORM,
        voided=False,
        object_key__in=list(keys),
    ).values_list("object_key", flat=True)
    return {keys[key] for key in found}


def _programme_enrolments(learner: User, programme: ProgramPage) -> list[Enrolment]:
    return list(
        Enrolment.objects.filter(learner=learner, cohort__programme=programme, state__in=RECORD_STATES)
        .select_related("cohort__territory")
        .order_by("created_at", "pk")
    )


def _current(enrolments: list[Enrolment]) -> Enrolment | None:
    current = [e for e in enrolments if e.state in CURRENT_STATES]
    return current[-1] if current else None


def _signed(attendance: Attendance) -> bool:
    return bool(attendance.signature) or attendance.signed_at is not None or attendance.method == AttendanceMethod.SCAN


def _attended_minutes(session: TrainingSession, attendance: Attendance) -> int:
    start = session.starts_at
    if attendance.checked_in_at and attendance.checked_in_at > start:
        start = attendance.checked_in_at  # late arrivals: from check-in
    return max(0, int((session.ends_at - start) / timedelta(minutes=1)))


def learner_record(
    *, learner: User, programme: ProgramPage, now: datetime | None = None, cache: RecordCache | None = None
) -> LearnerRecord:
    now = now or timezone.now()
    cache = cache if cache is not None else RecordCache()
    rule, auto_issue, settings_row = cache.rule(programme)
    modules = cache.required_modules(programme, settings_row)
    done = completed_module_ids(learner=learner, module_ids=[m.pk for m in modules])
    assessment = _assessment_summary(learner=learner, programme=programme)

    enrolments = _programme_enrolments(learner, programme)
    current = _current(enrolments)
    sessions = cache.cohort_sessions([e.cohort_id for e in enrolments])
    attendances = {
        (a.session_id, a.enrolment.cohort_id): a
        for a in Attendance.objects.filter(enrolment__in=enrolments).select_related("enrolment")
    }
    slots: dict[int, str] = {}
    for cohort_id in {s.cohort_id for s in sessions}:
        slots |= session_slots((s.pk, s.modality, s.starts_at) for s in sessions if s.cohort_id == cohort_id)

    session_facts = []
    in_person_minutes = live_remote_minutes = 0
    attended_days: list[date] = []
    for session in sessions:
        attendance = attendances.get((session.pk, session.cohort_id))
        attended = attendance is not None and attendance.status in PRESENT_STATUSES
        signed = attended and _signed(attendance)
        countersigned = session.countersigned_at is not None
        fact = SessionFact(
            slot=slots[session.pk],
            modality=session.modality,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            current=current is not None and session.cohort_id == current.cohort_id,
            attended=attended,
            signed=signed,
            countersigned=countersigned,
            session_id=session.pk,
        )
        session_facts.append(fact)
        if attended:
            attended_days.append(session.date)
            if session.modality == Modality.IN_PERSON:
                in_person_minutes += _attended_minutes(session, attendance)
            else:
                live_remote_minutes += _attended_minutes(session, attendance)

    nominal = programme.total_duration_minutes
    remote_days = cache.remote_days(programme)
    remote_nominal = sum(minutes for _path, minutes in remote_days) or max(0, nominal - in_person_minutes)
    # remote time is the active time on the remote days' lessons (what the remote-day proof file lists), not on the
    # in-person day's pages; a programme without remote day pages counts every lesson
    remote_lessons = Q()
    for path, _minutes in remote_days:
        remote_lessons |= Q(path__startswith=path)
    active_seconds = sum(
        LessonProgress.objects.filter(
            learner_actor=actor_name(learner.public_id),
            lesson__in=LessonPage.objects.descendant_of(programme).filter(remote_lessons),
        ).values_list("active_seconds", flat=True)
    )
    remote_minutes = min(active_seconds // 60 + live_remote_minutes, remote_nominal)
    facts = LearnerFacts(
        modules=tuple(ModuleFact(id=m.pk, title=m.title, completed=m.pk in done) for m in modules),
        exit_passed=assessment.exit_passed,
        exit_score=assessment.exit_score,
        survey_answered=assessment.survey_answered,
        sessions=tuple(session_facts),
        now=now,
    )
    current_days = [s.date for s in sessions if current is not None and s.cohort_id == current.cohort_id]
    all_days = attended_days + current_days
    return LearnerRecord(
        learner=learner,
        programme=programme,
        rule=rule,
        auto_issue=auto_issue,
        facts=facts,
        current_enrolment=current,
        in_person_minutes=min(in_person_minutes, nominal),
        remote_minutes=remote_minutes,
        nominal_minutes=nominal,
        started_on=min(all_days) if all_days else None,
        ended_on=max(all_days) if all_days else None,
    )
