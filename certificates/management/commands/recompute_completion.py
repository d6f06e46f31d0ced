from django.core.management.base import BaseCommand

from certificates.completion import completion_recompute


class Command(BaseCommand):
    help = "Rebuild the completion projection from the records (LRS platform statements, attendance)."

    def handle(self, *args, **options):
        count = completion_recompute()
        self.stdout.write(self.style.SUCCESS(f"{count} learner·programme pairs re-evaluated."))
