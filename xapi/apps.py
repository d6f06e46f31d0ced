from django.apps import AppConfig


class XapiConfig(AppConfig):
    name = "xapi"
    verbose_name = "xAPI (LRS)"

    def ready(self) -> None:
        from xapi import admin_clients  # noqa: F401 — registers the Wagtail admin viewset
