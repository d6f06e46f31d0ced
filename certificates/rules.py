"""The completion rule: pure functions over small frozen dataclasses, no Django, no database (STYLE.md R10).

A programme's ``CompletionRule`` switches criteria on or off; ``evaluate`` turns a learner's ``LearnerFacts`` into a
checklist: every item is ``done``, ``missing`` (it could have happened and did not) or ``upcoming`` (its session is
not held yet). Upcoming items are never reported as missed — an attendance grade must not fall because of a session
that has not happened — but they still block eligibility until they are done.

Sessions are compared across cohorts by *slot*: a learner moved to another cohort for day 2 keeps the half-days they
attended in the first cohort. A slot is required when the learner's current cohort has it; any of the learner's
sessions in that slot (in any cohort of the programme) can satisfy it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class ItemStatus(StrEnum):
    DONE = "done"
    MISSING = "missing"
    UPCOMING = "upcoming"


class ItemKind(StrEnum):
    MODULE = "module"
    EXIT_EVALUATION = "exit_evaluation"
    IN_PERSON = "in_person"
    REMOTE_LIVE = "remote_live"
    SURVEY = "survey"


@dataclass(frozen=True)
class CompletionRule:
    """Which criteria count for a programme; all on by default (the national programme's rule)."""

    modules_completed: bool = True
    exit_evaluation_passed: bool = True
    in_person_attended_and_signed: bool = True
    remote_live_attended: bool = True
    survey_answered: bool = True


@dataclass(frozen=True)
class ModuleFact:
    id: int
    title: str
    completed: bool


@dataclass(frozen=True)
class SessionFact:
    """One half-day the learner was scheduled for, in one of their cohorts of the programme.

    ``slot`` identifies the half-day across cohorts (e.g. ``"in_person:2"``: the second in-person half-day);
    ``current`` is true for the sessions of the learner's current cohort (those define what is required).
    """

    slot: str
    modality: str  # "in_person" | "remote"
    starts_at: datetime
    ends_at: datetime
    current: bool
    attended: bool = False
    signed: bool = False  # the learner's own signature on the sheet (in person)
    countersigned: bool = False  # the trainer countersigned the sheet
    session_id: int | None = None


@dataclass(frozen=True)
class LearnerFacts:
    modules: tuple[ModuleFact, ...] = ()
    exit_passed: bool | None = None  # None: not taken (or the evaluation is not wired)
    exit_score: float | None = None
    survey_answered: bool | None = None
    sessions: tuple[SessionFact, ...] = ()
    now: datetime | None = None


@dataclass(frozen=True)
class ChecklistItem:
    """One line of the checklist. ``reason`` refines a missing or upcoming item (e.g. ``"not_signed"``)."""

    kind: ItemKind
    status: ItemStatus
    key: str
    reason: str = ""
    title: str = ""
    starts_at: datetime | None = None

    @property
    def done(self) -> bool:
        return self.status is ItemStatus.DONE


@dataclass(frozen=True)
class Evaluation:
    items: tuple[ChecklistItem, ...] = field(default_factory=tuple)

    @property
    def eligible(self) -> bool:
        return all(item.done for item in self.items)

    @property
    def missing(self) -> tuple[ChecklistItem, ...]:
        """Everything that still blocks eligibility, upcoming sessions included."""
        return tuple(item for item in self.items if not item.done)

    @property
    def missed(self) -> tuple[ChecklistItem, ...]:
        """What could have been done and was not (upcoming sessions excluded)."""
        return tuple(item for item in self.items if item.status is ItemStatus.MISSING)

    @property
    def missing_keys(self) -> tuple[str, ...]:
        return tuple(item.key for item in self.missing)


def evaluate(rule: CompletionRule, facts: LearnerFacts) -> Evaluation:
    """The checklist of `facts` under `rule`. Deterministic: same rule and facts, same checklist, same order."""
    items: list[ChecklistItem] = []
    if rule.modules_completed:
        items.extend(_module_items(facts.modules))
    if rule.exit_evaluation_passed:
        items.append(_exit_item(facts.exit_passed))
    if rule.in_person_attended_and_signed:
        items.extend(_session_items(facts, "in_person", ItemKind.IN_PERSON))
    if rule.remote_live_attended:
        items.extend(_session_items(facts, "remote", ItemKind.REMOTE_LIVE))
    if rule.survey_answered:
        items.append(
            ChecklistItem(
                kind=ItemKind.SURVEY,
                status=ItemStatus.DONE if facts.survey_answered else ItemStatus.MISSING,
                key="survey",
            )
        )
    return Evaluation(items=tuple(items))


def _module_items(modules: Iterable[ModuleFact]) -> list[ChecklistItem]:
    return [
        ChecklistItem(
            kind=ItemKind.MODULE,
            status=ItemStatus.DONE if module.completed else ItemStatus.MISSING,
            key=f"module:{module.id}",
            title=module.title,
        )
        for module in modules
    ]


def _exit_item(exit_passed: bool | None) -> ChecklistItem:
    if exit_passed:
        return ChecklistItem(kind=ItemKind.EXIT_EVALUATION, status=ItemStatus.DONE, key="exit_evaluation")
    reason = "not_taken" if exit_passed is None else "failed"
    return ChecklistItem(
        kind=ItemKind.EXIT_EVALUATION, status=ItemStatus.MISSING, key="exit_evaluation", reason=reason
    )


def _session_done(session: SessionFact, kind: ItemKind) -> bool:
    if kind is ItemKind.REMOTE_LIVE:
        return session.attended
    return session.attended and session.signed and session.countersigned


def _session_reason(session: SessionFact, kind: ItemKind, now: datetime | None) -> tuple[ItemStatus, str]:
    """Why a session does not count yet. A session not over yet is upcoming, even if the learner is absent so far."""
    if _session_done(session, kind):
        return ItemStatus.DONE, ""
    if now is None or session.ends_at > now:
        return ItemStatus.UPCOMING, "not_held"
    if not session.attended:
        return ItemStatus.MISSING, "absent"
    if not session.signed:
        return ItemStatus.MISSING, "not_signed"
    return ItemStatus.MISSING, "not_countersigned"


_STATUS_RANK = {ItemStatus.DONE: 0, ItemStatus.UPCOMING: 1, ItemStatus.MISSING: 2}


def _session_items(facts: LearnerFacts, modality: str, kind: ItemKind) -> list[ChecklistItem]:
    """One item per slot of the current cohort; the best of the learner's sessions in that slot decides it.

    Best = done, then upcoming (a later session can still make up for it), then missing — and among sessions of
    equal standing, the current cohort's, then the earliest.
    """
    sessions = [session for session in facts.sessions if session.modality == modality]
    required = sorted({s.slot for s in sessions if s.current}, key=lambda slot: _slot_order(slot, sessions))
    items = []
    for slot in required:
        candidates = []
        for session in (s for s in sessions if s.slot == slot):
            status, reason = _session_reason(session, kind, facts.now)
            candidates.append((_STATUS_RANK[status], not session.current, session.starts_at, status, reason, session))
        _rank, _other, _start, status, reason, session = min(candidates, key=lambda c: c[:3])
        items.append(
            ChecklistItem(kind=kind, status=status, key=f"session:{slot}", reason=reason, starts_at=session.starts_at)
        )
    return items


def _slot_order(slot: str, sessions: list[SessionFact]) -> tuple[datetime, str]:
    starts = [s.starts_at for s in sessions if s.slot == slot and s.current]
    return (min(starts), slot)


def session_slots(sessions: Iterable[tuple[int, str, datetime]]) -> dict[int, str]:
    """Slot names for one cohort's sessions, given as (id, modality, starts_at): the n-th half-day of a modality.

    Two cohorts of the same programme hold the same half-days in the same order, so "the second in-person
    half-day" names the same part of the training in both.
    """
    counters: dict[str, int] = {}
    slots = {}
    for session_id, modality, _starts_at in sorted(sessions, key=lambda s: (s[2], s[0])):
        counters[modality] = counters.get(modality, 0) + 1
        slots[session_id] = f"{modality}:{counters[modality]}"
    return slots
