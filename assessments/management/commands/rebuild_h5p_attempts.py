from django.core.management.base import BaseCommand

from assessments.h5p import h5p_attempts_rebuild


class Command(BaseCommand):
    help = "Rebuild the learners' H5P attempts (practice results) from the LRS."

    def handle(self, *args, **options) -> None:
        count = h5p_attempts_rebuild()
        self.stdout.write(f"H5P attempts rebuilt from the LRS: {count} statements replayed.")
