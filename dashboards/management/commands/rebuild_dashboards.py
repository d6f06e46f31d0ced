from django.core.management.base import BaseCommand

from dashboards.projection import module_completions_rebuild


class Command(BaseCommand):
    help = "Rebuild the dashboards' module-completion projection from the LRS (the platform's module statements)."

    def handle(self, *args, **options) -> None:
        rows = module_completions_rebuild()
        self.stdout.write(f"Module completions rebuilt from the LRS: {rows} rows.")
