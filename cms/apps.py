from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"

    def ready(self) -> None:
        from core.demo import register_demo_seeder

        register_demo_seeder(name="cms.home", order=10, seeder=_seed_home)
        register_demo_seeder(name="cms.legal", order=150, seeder=_seed_legal)  # after the programme


def _seed_home() -> list[str]:
    from cms.services import home_page_ensure

    _home, created = home_page_ensure()
    return ["home page"] if created else []


def _seed_legal() -> list[str]:
    from cms.services import legal_pages_ensure

    return legal_pages_ensure()
