from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"

    def ready(self) -> None:
        from core.demo import register_demo_seeder

        register_demo_seeder(name="assessments.quizzes", order=150, seeder=_seed_quizzes)


def _seed_quizzes() -> list[str]:
    from assessments.demo import seed_quizzes

    return seed_quizzes()
