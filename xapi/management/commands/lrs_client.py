from django.core.management.base import BaseCommand, CommandError

from xapi.clients import LrsClientError, lrs_client_create
from xapi.http import SCOPES
from xapi.models import LrsClient


class Command(BaseCommand):
    help = "Manage LRS credentials: `lrs_client create NAME [--key K --secret S] [--scopes ...]`, `lrs_client list`."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a credential and print its key and secret")
        create.add_argument("name")
        create.add_argument("--key")
        create.add_argument("--secret")
        create.add_argument("--scopes", nargs="+", choices=SCOPES, metavar="SCOPE", help=", ".join(SCOPES))
        sub.add_parser("list", help="list credentials (never their secrets)")
        revoke = sub.add_parser("revoke", help="deactivate a credential")
        revoke.add_argument("key")

    def handle(self, *args, **options) -> None:
        action = options["action"]
        if action == "create":
            try:
                client, secret = lrs_client_create(
                    name=options["name"], key=options["key"], secret=options["secret"], scopes=options["scopes"] or ()
                )
            except LrsClientError as error:
                raise CommandError(error.message) from None
            self.stdout.write(f"key: {client.key}\nsecret: {secret}\nscopes: {' '.join(client.scopes)}")
        elif action == "list":
            for client in LrsClient.objects.all():
                state = "active" if client.is_active else "revoked"
                self.stdout.write(f"{client.key}\t{client.name}\t{state}\t{' '.join(client.scopes)}")
        elif action == "revoke":
            if not LrsClient.objects.filter(key=options["key"]).update(is_active=False):
                raise CommandError(f"No LRS client with the key {options['key']!r}.")
            self.stdout.write(f"revoked: {options['key']}")
