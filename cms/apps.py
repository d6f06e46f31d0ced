from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"

    def ready(self) -> None:
        from core.demo import register_demo_seeder

        register_demo_seeder(name="cms.home", order=10, seeder=_seed_home)
        register_demo_seeder(name="cms.legal", order=150, seeder=_seed_legal)  # after the programme
        _connect_legal_links_invalidation()


def _connect_legal_links_invalidation() -> None:
    """The footer's cached legal links follow every change of a legal page."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from cms.models_legal import AccessibilityPage, LegalPage
    from cms.selectors import legal_links_forget

    signals = {"published": page_published, "unpublished": page_unpublished, "deleted": post_delete}
    signals["saved"] = post_save
    for model in (AccessibilityPage, LegalPage):
        for name, signal in signals.items():
            signal.connect(legal_links_forget, sender=model, dispatch_uid=f"cms.legal_links.{name}.{model.__name__}")
    post_page_move.connect(legal_links_forget, dispatch_uid="cms.legal_links.move")


def _seed_home() -> list[str]:
    from cms.services import home_page_ensure

    _home, created = home_page_ensure()
    return ["home page"] if created else []


def _seed_legal() -> list[str]:
    from cms.services import legal_pages_ensure

    return legal_pages_ensure()
