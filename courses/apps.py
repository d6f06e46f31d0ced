from django.apps import AppConfig
from wagtail.signals import page_published


class CoursesConfig(AppConfig):
    name = "courses"

    def ready(self) -> None:
        from core.demo import register_demo_seeder
        from courses.progress import LESSON_VERBS, TRUSTED_AUTHORITIES, lesson_statement_handle
        from xapi.handlers import register_statement_handler

        register_demo_seeder(name="courses.programme", order=100, seeder=_seed_programme)
        register_demo_seeder(name="courses.h5p", order=110, seeder=_seed_h5p)
        register_statement_handler(
            "courses.lesson_progress", lesson_statement_handle, verbs=LESSON_VERBS, authorities=TRUSTED_AUTHORITIES
        )
        page_published.connect(_page_published, dispatch_uid="courses.module_published")


def _seed_programme() -> list[str]:
    from courses.demo import seed_programme

    return seed_programme()


def _seed_h5p() -> list[str]:
    from courses.demo_h5p import seed_h5p_activities

    return seed_h5p_activities()


def _page_published(sender, instance, **kwargs) -> None:
    from courses.partners import module_published_handle

    module_published_handle(page=instance)
