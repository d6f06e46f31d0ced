from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"

    def ready(self) -> None:
        from core.demo import register_demo_seeder

        register_demo_seeder(name="cms.home", order=10, seeder=_seed_home)


def _seed_home() -> list[str]:
    from cms.services import home_page_ensure

    _home, created = home_page_ensure()
    return ["home page"] if created else []
