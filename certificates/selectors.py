"""Reads: the provider, checklists (live), a cohort's eligibility table, attestations by code or UUID."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import QuerySet
from wagtail.models import Site

from certificates.codes import code_normalise
from certificates.facts import RecordCache, learner_record
from certificates.labels import item_label, status_label
from certificates.models import Attestation, Provider
from certificates.rules import Evaluation, evaluate
from core.models import User
from training.models import Cohort, Enrolment


def provider_get() -> Provider:
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return Provider.for_site(site) if site is not None else Provider()


def provider_as_organisation() -> dict:
    """The Provider in the shape training's documents print (registered in ``CertificatesConfig.ready``)."""
    provider = provider_get()
    return {
        "name": provider.name,
        "address": provider.address,
        "siret": provider.siret,
        "nda": provider.declaration_number,
    }


@dataclass(frozen=True)
class ChecklistLine:
    label: str
    status: str
    status_label: str
    done: bool


@dataclass(frozen=True)
class Checklist:
    programme_title: str
    eligible: bool
    lines: tuple[ChecklistLine, ...]
    attestation: Attestation | None
    enrolment: Enrolment


def _lines(evaluation: Evaluation) -> tuple[ChecklistLine, ...]:
    return tuple(
        ChecklistLine(label=item_label(i), status=i.status.value, status_label=status_label(i), done=i.done)
        for i in evaluation.items
    )


_UNKNOWN = object()


def checklist_for(*, enrolment: Enrolment, cache: RecordCache | None = None, attestation=_UNKNOWN) -> Checklist:
    """Evaluated now, from the records (the projection may lag a session that just ended). A cohort's table passes
    its `cache` (programme and cohort reads) and the `attestation` it has already read (or None)."""
    record = learner_record(learner=enrolment.learner, programme=enrolment.cohort.programme, cache=cache)
    evaluation = evaluate(record.rule, record.facts)
    if attestation is _UNKNOWN:
        attestation = Attestation.objects.filter(learner=enrolment.learner, cohort=enrolment.cohort).first()
    return Checklist(
        programme_title=enrolment.cohort.programme.title,
        eligible=evaluation.eligible,
        lines=_lines(evaluation),
        attestation=attestation,
        enrolment=enrolment,
    )


def learner_checklists(*, learner: User) -> list[Checklist]:
    """One checklist per programme: the learner's current enrolment in it."""
    enrolments = (
        Enrolment.objects.filter(learner=learner, state__in=("enrolled", "completed"))
        .select_related("cohort__programme", "learner")
        .order_by("-created_at")
    )
    seen, checklists = set(), []
    for enrolment in enrolments:
        if enrolment.cohort.programme_id in seen:
            continue
        seen.add(enrolment.cohort.programme_id)
        checklists.append(checklist_for(enrolment=enrolment))
    return checklists


def cohort_eligibility(*, cohort: Cohort) -> list[Checklist]:
    enrolments = cohort.enrolments.filter(state__in=("enrolled", "completed")).select_related(
        "learner", "cohort__programme"
    )
    cache = RecordCache()
    attestations = {a.learner_id: a for a in Attestation.objects.filter(cohort=cohort)}
    return sorted(
        (checklist_for(enrolment=e, cache=cache, attestation=attestations.get(e.learner_id)) for e in enrolments),
        key=lambda c: (c.enrolment.learner.last_name.lower(), c.enrolment.learner.first_name.lower()),
    )


# what the public verification page shows (and nothing else is read: a light query on a public, busy page)
VERIFICATION_FIELDS = (
    "id", "public_id", "code", "learner_name", "programme_title", "issued_at", "status", "revoked_at",
)  # fmt: skip


def attestation_find(raw: str) -> Attestation | None:
    """By the public UUID or the verification code (normalised: case, O/0, I/L/1, hyphens); None when unknown.
    Only the fields the verification page shows are loaded; both keys are unique, so no ordering is needed."""
    queryset = Attestation.objects.only(*VERIFICATION_FIELDS)
    try:
        lookup = {"public_id": uuid.UUID(raw.strip())}
    except ValueError:
        code = code_normalise(raw)
        if not code:
            return None
        lookup = {"code": code}
    return next(iter(queryset.filter(**lookup)[:1]), None)


def cohort_attestations(*, cohort: Cohort) -> QuerySet[Attestation]:
    return cohort.attestations.select_related("learner").order_by("learner_name")
