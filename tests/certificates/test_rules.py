"""The completion rule, pure: every criterion, every combination, sessions not yet held, cross-cohort moves."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from certificates.rules import (
    CompletionRule,
    ItemKind,
    ItemStatus,
    LearnerFacts,
    ModuleFact,
    SessionFact,
    evaluate,
    session_slots,
)

NOW = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
CRITERIA = (
    "modules_completed",
    "exit_evaluation_passed",
    "in_person_attended_and_signed",
    "remote_live_attended",
    "survey_answered",
)


def past(days: int, hours: int = 9) -> datetime:
    return NOW - timedelta(days=days) + timedelta(hours=hours - 12)


def session(slot: str, *, start: datetime, current: bool = True, **kwargs) -> SessionFact:
    modality = slot.split(":")[0]
    return SessionFact(
        slot=slot, modality=modality, starts_at=start, ends_at=start + timedelta(hours=3, minutes=30), current=current,
        **kwargs,
    )  # fmt: skip


def complete_facts() -> LearnerFacts:
    done = {"attended": True, "signed": True, "countersigned": True}
    return LearnerFacts(
        modules=(ModuleFact(1, "Comprendre l'IA", True), ModuleFact(2, "Usages", True)),
        exit_passed=True,
        exit_score=0.8,
        survey_answered=True,
        sessions=(
            session("remote:1", start=past(8), attended=True),
            session("in_person:1", start=past(1, 9), **done),
            session("in_person:2", start=past(1, 14), **done),
        ),
        now=NOW,
    )


# One way to break each criterion, keyed by the criterion that should catch it.
BREAKERS = {
    "modules_completed": lambda f: replace(f, modules=(ModuleFact(1, "Comprendre l'IA", False), f.modules[1])),
    "exit_evaluation_passed": lambda f: replace(f, exit_passed=False),
    "in_person_attended_and_signed": lambda f: replace(
        f, sessions=(f.sessions[0], replace(f.sessions[1], signed=False), f.sessions[2])
    ),
    "remote_live_attended": lambda f: replace(f, sessions=(replace(f.sessions[0], attended=False), *f.sessions[1:])),
    "survey_answered": lambda f: replace(f, survey_answered=False),
}


def test_everything_done_is_eligible():
    evaluation = evaluate(CompletionRule(), complete_facts())
    assert evaluation.eligible
    assert evaluation.missing == ()
    assert [item.key for item in evaluation.items] == [
        "module:1", "module:2", "exit_evaluation", "session:in_person:1", "session:in_person:2", "session:remote:1",
        "survey",
    ]  # fmt: skip


@pytest.mark.parametrize("switches", list(itertools.product([False, True], repeat=5)))
@pytest.mark.parametrize("broken", [(), *[(c,) for c in CRITERIA], tuple(CRITERIA)])
def test_every_combination_of_switches_and_failures(switches, broken):
    """Eligible exactly when no switched-on criterion is broken; a switched-off criterion shows no item at all."""
    rule = CompletionRule(**dict(zip(CRITERIA, switches, strict=True)))
    facts = complete_facts()
    for criterion in broken:
        facts = BREAKERS[criterion](facts)
    evaluation = evaluate(rule, facts)
    on = {c for c, s in zip(CRITERIA, switches, strict=True) if s}
    assert evaluation.eligible == (not (on & set(broken)))
    kinds = {item.kind for item in evaluation.items}
    expected_kinds = {
        "modules_completed": ItemKind.MODULE,
        "exit_evaluation_passed": ItemKind.EXIT_EVALUATION,
        "in_person_attended_and_signed": ItemKind.IN_PERSON,
        "remote_live_attended": ItemKind.REMOTE_LIVE,
        "survey_answered": ItemKind.SURVEY,
    }
    assert kinds == {expected_kinds[c] for c in on}
    assert {item.kind for item in evaluation.missing} == {expected_kinds[c] for c in on & set(broken)}


def test_nothing_switched_on_is_eligible_for_anyone():
    rule = CompletionRule(**dict.fromkeys(CRITERIA, False))
    assert evaluate(rule, LearnerFacts(now=NOW)).eligible


@pytest.mark.parametrize(
    ("exit_passed", "reason"), [(None, "not_taken"), (False, "failed")], ids=["not-taken", "failed"]
)
def test_exit_evaluation_not_passed(exit_passed, reason):
    evaluation = evaluate(CompletionRule(), replace(complete_facts(), exit_passed=exit_passed))
    [item] = evaluation.missing
    assert (item.key, item.status, item.reason) == ("exit_evaluation", ItemStatus.MISSING, reason)


def test_survey_unknown_counts_as_not_answered():
    evaluation = evaluate(CompletionRule(), replace(complete_facts(), survey_answered=None))
    assert evaluation.missing_keys == ("survey",)


def test_each_missing_module_is_listed_with_its_title():
    modules = (ModuleFact(1, "Comprendre l'IA", False), ModuleFact(2, "Usages", False))
    facts = replace(complete_facts(), modules=modules)
    evaluation = evaluate(CompletionRule(), facts)
    assert [(item.key, item.title) for item in evaluation.missing] == [
        ("module:1", "Comprendre l'IA"),
        ("module:2", "Usages"),
    ]


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"attended": False, "signed": False, "countersigned": False}, "absent"),
        ({"signed": False}, "not_signed"),
        ({"countersigned": False}, "not_countersigned"),
    ],
    ids=["absent", "not-signed", "not-countersigned"],
)
def test_in_person_half_day_needs_presence_signature_and_countersignature(changes, reason):
    facts = complete_facts()
    facts = replace(facts, sessions=(facts.sessions[0], replace(facts.sessions[1], **changes), facts.sessions[2]))
    [item] = evaluate(CompletionRule(), facts).missing
    assert (item.key, item.status, item.reason) == ("session:in_person:1", ItemStatus.MISSING, reason)


def test_remote_live_session_needs_only_presence():
    facts = complete_facts()
    remote = replace(facts.sessions[0], signed=False, countersigned=False)
    facts = replace(facts, sessions=(remote, *facts.sessions[1:]))
    assert evaluate(CompletionRule(), facts).eligible


def test_sessions_not_held_yet_are_upcoming_not_missed_but_still_block():
    facts = complete_facts()
    tomorrow = NOW + timedelta(days=1)
    facts = replace(
        facts,
        sessions=(
            facts.sessions[0],
            session("in_person:1", start=tomorrow),
            session("in_person:2", start=tomorrow + timedelta(hours=5)),
        ),
    )
    evaluation = evaluate(CompletionRule(), facts)
    assert not evaluation.eligible
    assert evaluation.missed == ()
    assert [(i.key, i.status, i.reason) for i in evaluation.missing] == [
        ("session:in_person:1", ItemStatus.UPCOMING, "not_held"),
        ("session:in_person:2", ItemStatus.UPCOMING, "not_held"),
    ]


def test_a_session_in_progress_is_not_missed_yet():
    facts = complete_facts()
    ongoing = session("in_person:1", start=NOW - timedelta(hours=1))  # ends in 2 h 30
    facts = replace(facts, sessions=(facts.sessions[0], ongoing, facts.sessions[2]))
    [item] = evaluate(CompletionRule(), facts).missing
    assert (item.status, item.reason) == (ItemStatus.UPCOMING, "not_held")


def test_without_a_clock_nothing_is_declared_missed():
    facts = replace(complete_facts(), now=None)
    facts = replace(facts, sessions=(replace(facts.sessions[0], attended=False), *facts.sessions[1:]))
    [item] = evaluate(CompletionRule(), facts).missing
    assert item.status is ItemStatus.UPCOMING


def test_learner_moved_to_another_cohort_for_day_2_keeps_day_1():
    """Cohort A: remote day attended, then moved. Cohort B (current): day 2 attended and signed."""
    done = {"attended": True, "signed": True, "countersigned": True}
    facts = replace(
        complete_facts(),
        sessions=(
            session("remote:1", start=past(20), current=False, attended=True),  # A, attended
            session("in_person:1", start=past(15, 9), current=False),  # A, missed (moved away)
            session("in_person:2", start=past(15, 14), current=False),
            session("remote:1", start=past(9)),  # B's remote day: before the learner joined
            session("in_person:1", start=past(1, 9), **done),
            session("in_person:2", start=past(1, 14), **done),
        ),
    )
    evaluation = evaluate(CompletionRule(), facts)
    assert evaluation.eligible, evaluation.missing


def test_moved_learner_with_day_2_still_ahead_is_upcoming_not_missed():
    facts = replace(
        complete_facts(),
        sessions=(
            session("remote:1", start=past(20), current=False, attended=True),
            session("in_person:1", start=past(15, 9), current=False),  # missed in A
            session("remote:1", start=past(9)),
            session("in_person:1", start=NOW + timedelta(days=3)),  # B, ahead
        ),
    )
    evaluation = evaluate(CompletionRule(), facts)
    assert [(i.key, i.status) for i in evaluation.missing] == [("session:in_person:1", ItemStatus.UPCOMING)]


def test_slots_of_an_old_cohort_that_the_current_one_lacks_are_not_required():
    facts = replace(
        complete_facts(),
        sessions=(*complete_facts().sessions, session("in_person:3", start=past(30), current=False)),
    )
    assert evaluate(CompletionRule(), facts).eligible


def test_missing_in_both_cohorts_is_missing():
    facts = replace(
        complete_facts(),
        sessions=(
            session("remote:1", start=past(20), current=False),
            session("remote:1", start=past(9)),
        ),
    )
    [item] = evaluate(CompletionRule(), facts).missing
    assert (item.key, item.status, item.reason) == ("session:remote:1", ItemStatus.MISSING, "absent")


def test_session_slots_number_half_days_per_modality_in_time_order():
    slots = session_slots(
        [
            (7, "in_person", past(1, 14)),
            (5, "remote", past(8)),
            (6, "in_person", past(1, 9)),
        ]
    )
    assert slots == {5: "remote:1", 6: "in_person:1", 7: "in_person:2"}


def test_evaluation_is_deterministic():
    assert evaluate(CompletionRule(), complete_facts()) == evaluate(CompletionRule(), complete_facts())
