import sys
import uuid

import orjson
from django.core.management.base import BaseCommand, CommandError

from core.models import User
from xapi.retention import actor_export


class Command(BaseCommand):
    help = "Write every statement and document about one learner as JSON (RGPD right of access)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("public_id", help="the user's public_id (UUID)")
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")

    def handle(self, *args, **options) -> None:
        try:
            public_id = uuid.UUID(options["public_id"])
        except ValueError:
            raise CommandError(f"{options['public_id']!r} is not a UUID.") from None
        if not User.objects.filter(public_id=public_id).exists():
            raise CommandError(f"No user with the public_id {public_id}.")
        data = orjson.dumps(actor_export(public_id=public_id), option=orjson.OPT_INDENT_2)
        if options["output"]:
            with open(options["output"], "wb") as output:
                output.write(data)
            self.stderr.write(f"written to {options['output']}")
        else:
            sys.stdout.buffer.write(data + b"\n")
