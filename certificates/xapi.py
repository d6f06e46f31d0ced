"""The attestation's statements, with the platform's authority: ``earned`` per issued version, and on revocation a
``voided`` statement per ``earned`` one (xAPI's way of withdrawing a statement: readers stop seeing it)."""

from __future__ import annotations

from django.utils import timezone

from certificates.models import Attestation
from xapi.actors import actor_for
from xapi.handlers import resolve_registration
from xapi.http import platform
from xapi.recording import PlatformEvent, platform_statement_id, statement_record
from xapi.statements import statements_store
from xapi.validation import validate_statement
from xapi.vocabulary import EARNED, EXT_COHORT, VOIDED, activity_iri

EARNED_KIND = "attestation.earned"
REVOKED_KIND = "attestation.revoked"


def _earned_key(attestation: Attestation, version: int) -> str:
    return f"{attestation.pk}:v{version}"


def attestation_earned_record(*, attestation: Attestation) -> str:
    iri = activity_iri("attestation", attestation.public_id)
    event = PlatformEvent(
        kind=EARNED_KIND,
        record_key=_earned_key(attestation, attestation.version),
        learner_public_id=attestation.learner.public_id,
        verb=EARNED,
        object_iri=iri,
        object_name=attestation.programme_title,
        at=attestation.issued_at,
        registration=resolve_registration(user=attestation.learner, activity_id=iri),
        parents=(activity_iri("program", attestation.programme_id),),
        success=attestation.exit_passed,
        score_scaled=attestation.exit_score,
        completion=True,
        extensions={EXT_COHORT: str(attestation.cohort_id)},
    )
    return statement_record(event=event)


def attestation_revoked_record(*, attestation: Attestation) -> list[str]:
    statements = []
    for version in range(1, attestation.version + 1):
        earned_id = platform_statement_id(kind=EARNED_KIND, record_key=_earned_key(attestation, version))
        statements.append(
            {
                "id": str(platform_statement_id(kind=REVOKED_KIND, record_key=_earned_key(attestation, version))),
                "actor": actor_for(attestation.learner.public_id),
                "verb": VOIDED.as_dict(),
                "object": {"objectType": "StatementRef", "id": str(earned_id)},
                "timestamp": (attestation.revoked_at or timezone.now()).isoformat(),
            }
        )
    for statement in statements:
        validate_statement(statement, version="1.0.3")
    return statements_store(statements=statements, authority=platform(), version="1.0.3")
