from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"

    def ready(self) -> None:
        from core.demo import register_demo_seeder

        register_demo_seeder(name="courses.programme", order=100, seeder=_seed_programme)


def _seed_programme() -> list[str]:
    from courses.demo import seed_programme

    return seed_programme()
