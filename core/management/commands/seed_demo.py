from django.core.management.base import BaseCommand

from core.demo import DEMO_ACCOUNTS, seed_demo


class Command(BaseCommand):
    help = "Create the demo accounts and content. Idempotent: running it again changes nothing."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--quiet-accounts", action="store_true", help="Do not print the demo accounts table.")

    def handle(self, *args, **options) -> None:
        report = seed_demo()
        created = [item for _name, items in report for item in items]
        if created:
            for item in created:
                self.stdout.write(f"  + {item}")
            self.stdout.write(self.style.SUCCESS(f"Demo data: {len(created)} object(s) created."))
        else:
            self.stdout.write(self.style.SUCCESS("Demo data already present: nothing changed."))
        if not options["quiet_accounts"]:
            self.stdout.write("\nDemo accounts (demo only, never in production):")
            for account in DEMO_ACCOUNTS:
                self.stdout.write(f"  {account.role.value:<26} {account.email:<32} {account.password}")
