"""Store (again) the xAPI statements of closed quiz attempts: after a worker outage, or to fill a new LRS.

Idempotent: the statements have deterministic ids, so attempts already recorded store nothing new.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from assessments.models import Attempt, AttemptStatus
from assessments.statements import attempt_statements_record


class Command(BaseCommand):
    help = "Store the xAPI statements of every closed quiz attempt (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--quiz", type=int, help="Only the attempts of this quiz (its id).")

    def handle(self, *args, quiz=None, **options):
        attempts = Attempt.objects.exclude(status=AttemptStatus.IN_PROGRESS).select_related("quiz", "learner")
        if quiz is not None:
            attempts = attempts.filter(quiz_id=quiz)
        count = 0
        for attempt in attempts.order_by("pk").iterator(chunk_size=200):
            attempt_statements_record(attempt=attempt)
            count += 1
        self.stdout.write(f"{count} attempt(s) recorded.")
