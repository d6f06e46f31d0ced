"""Hooks that higher apps fill in their ``AppConfig.ready()`` (training cannot import them).

``register_evaluation_provider``: the remote-day proof file lists the evaluations a learner took and their results,
which belong to ``assessments``. Until that app registers a provider, the proof file says that no evaluation was
recorded — it never invents one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class EvaluationLine:
    title: str
    taken_at: datetime | None
    score_percent: float | None
    passed: bool | None


EvaluationProvider = Callable[..., list[EvaluationLine]]  # provider(learner=User, programme=ProgramPage)
_evaluation_providers: list[EvaluationProvider] = []


def register_evaluation_provider(provider: EvaluationProvider) -> None:
    if provider not in _evaluation_providers:
        _evaluation_providers.append(provider)


def evaluations_for(*, learner, programme) -> list[EvaluationLine]:
    lines: list[EvaluationLine] = []
    for provider in _evaluation_providers:
        lines.extend(provider(learner=learner, programme=programme))
    return sorted(lines, key=lambda line: (line.taken_at is None, line.taken_at or datetime.min, line.title))


# The training organisation (organisme de formation) printed on the émargement and the proof files. It is edited in
# Wagtail as the certificates app's Provider setting (certificates sits above training): that app registers it here.
# The TRAINING_ORGANISATION setting stays the fallback, field by field, for what the Provider leaves empty.
OrganisationProvider = Callable[[], dict]
_organisation_providers: list[OrganisationProvider] = []


def register_organisation_provider(provider: OrganisationProvider) -> None:
    if provider not in _organisation_providers:
        _organisation_providers.append(provider)


def organisation_overrides() -> dict:
    """The non-empty fields (name, address, siret, nda) the registered providers give."""
    fields: dict = {}
    for provider in _organisation_providers:
        fields |= {key: value for key, value in provider().items() if value}
    return fields


# Sections that higher apps add to the trainer's cohort page (``/formateur/promotions/<pk>/``): assessments adds the
# cohort's evaluation results and H5P practice. A provider gets a cohort the caller already fetched through a scoped
# selector (the page is a 404 for anyone who does not manage it) and returns a section, or None to add nothing.
@dataclass(frozen=True)
class CohortSection:
    template_name: str  # rendered with ``section`` = ``context``
    context: dict


CohortSectionProvider = Callable[..., "CohortSection | None"]  # provider(cohort=Cohort, user=User)
_cohort_section_providers: list[CohortSectionProvider] = []


def register_cohort_section_provider(provider: CohortSectionProvider) -> None:
    if provider not in _cohort_section_providers:
        _cohort_section_providers.append(provider)


def cohort_sections(*, cohort, user) -> list[CohortSection]:
    sections = []
    for provider in _cohort_section_providers:
        section = provider(cohort=cohort, user=user)
        if section is not None:
            sections.append(section)
    return sections
