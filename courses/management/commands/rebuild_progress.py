from django.core.management.base import BaseCommand

from courses.progress import progress_rebuild


class Command(BaseCommand):
    help = "Rebuild the learners' lesson progress from the LRS (module completions already recorded are kept)."

    def handle(self, *args, **options) -> None:
        pairs = progress_rebuild()
        self.stdout.write(f"Progress rebuilt from the LRS: {pairs} learner-lesson pairs replayed.")
