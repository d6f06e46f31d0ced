from django.core.management.base import BaseCommand

from dashboards.milestones import milestones_rebuild
from dashboards.projection import module_completions_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the dashboards' module-completion projection from the LRS (the platform's module statements), then "
        "every enrolment's stored milestones."
    )

    def handle(self, *args, **options) -> None:
        rows = module_completions_rebuild()
        self.stdout.write(f"Module completions rebuilt from the LRS: {rows} rows.")
        rows = milestones_rebuild()
        self.stdout.write(f"Enrolment milestones recomputed: {rows} rows.")
