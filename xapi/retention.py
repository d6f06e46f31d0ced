"""RGPD: right of access (export one learner's records) and storage limitation (purge per category).

Categories: *evidence* — what proves the training took place (attendance, remote-day time and evaluations,
completions, credentials): 6 years by default, French training rules; *learning* — the rest (H5P interactions,
answers, progress pings): shorter, configurable.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

import orjson
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from xapi.actors import actor_for, agent_key
from xapi.models import Document, Statement, StatementAgent
from xapi.vocabulary import ATTENDED, COMPLETED, EARNED, EXPERIENCED, FAILED, PASSED, REGISTERED, SATISFIED, VOIDED

EVIDENCE_VERBS = frozenset(v.id for v in (ATTENDED, COMPLETED, PASSED, FAILED, EARNED, EXPERIENCED, SATISFIED,
                                          REGISTERED, VOIDED))  # fmt: skip


def actor_export(*, public_id: UUID) -> dict:
    """Every statement that mentions the learner (as actor, object or in context) and every document about them."""
    key = agent_key(actor_for(public_id))
    statement_ids = StatementAgent.objects.filter(agent_key=key).values("statement_id")
    payloads = Statement.objects.filter(pk__in=statement_ids).order_by("pk").values_list("payload", flat=True)
    documents = []
    for document in Document.objects.filter(agent_key=key).order_by("pk"):
        content = bytes(document.content)
        documents.append({
            "resource": document.get_kind_display(),
            "activityId": document.activity_id or None,
            "registration": document.registration or None,
            "id": document.document_id,
            "contentType": document.content_type,
            "updated": document.updated.isoformat(),
            "content": orjson.loads(content) if document.content_type.startswith("application/json")
            else base64.b64encode(content).decode(),
        })  # fmt: skip
    return {"actor": actor_for(public_id), "statements": [orjson.loads(p) for p in payloads], "documents": documents}


@dataclass(frozen=True)
class PurgeReport:
    evidence_statements: int
    learning_statements: int
    documents: int


def lrs_purge(*, dry_run: bool = False) -> PurgeReport:
    """Delete what is past its retention period, never evidence still due. Idempotent."""
    now = timezone.now()
    evidence_limit = now - timedelta(days=settings.XAPI_RETENTION_EVIDENCE_DAYS)
    learning_limit = now - timedelta(days=settings.XAPI_RETENTION_LEARNING_DAYS)
    evidence = Statement.objects.filter(verb_id__in=EVIDENCE_VERBS, stored__lt=evidence_limit)
    learning = Statement.objects.exclude(verb_id__in=EVIDENCE_VERBS).filter(stored__lt=learning_limit)
    documents = Document.objects.filter(updated__lt=learning_limit)
    report = PurgeReport(evidence.count(), learning.count(), documents.count())
    if not dry_run:
        with transaction.atomic():
            evidence.delete()
            learning.delete()
            documents.delete()
    return report
