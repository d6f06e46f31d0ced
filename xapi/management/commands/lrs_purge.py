from django.core.management.base import BaseCommand

from xapi.retention import lrs_purge


class Command(BaseCommand):
    help = "Delete xAPI records past their retention period (XAPI_RETENTION_*_DAYS); never evidence still due."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count, delete nothing")

    def handle(self, *args, **options) -> None:
        report = lrs_purge(dry_run=options["dry_run"])
        verb = "would delete" if options["dry_run"] else "deleted"
        self.stdout.write(
            f"{verb}: {report.evidence_statements} evidence statement(s), "
            f"{report.learning_statements} learning statement(s), {report.documents} document(s)"
        )
