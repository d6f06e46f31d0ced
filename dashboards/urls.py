from django.urls import path, register_converter

from dashboards import api, views


class ExportFormat:
    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExportFormat, "export")

app_name = "dashboards"

urlpatterns = [
    path("coordination/", views.completion_view, name="completion"),
    path("coordination/export.<export:fmt>", views.completion_export_view, name="completion_export"),
    path("coordination/promotions/<int:cohort_id>/", views.cohort_roster_view, name="cohort_roster"),
    path(
        "coordination/promotions/<int:cohort_id>/export.<export:fmt>",
        views.cohort_roster_export_view,
        name="cohort_roster_export",
    ),
    path("formation/", views.trainer_overview_view, name="trainer_overview"),
    path("formation/export.<export:fmt>", views.trainer_export_view, name="trainer_export"),
    path("formation/promotions/<int:cohort_id>/", views.trainer_cohort_roster_view, name="trainer_cohort_roster"),
    path(
        "formation/promotions/<int:cohort_id>/export.<export:fmt>",
        views.trainer_cohort_roster_export_view,
        name="trainer_cohort_roster_export",
    ),
]

api_urlpatterns = [
    path("hubs/<int:hub_id>/completion/", api.hub_completion_api, name="hub_completion"),
    path("hubs/<int:hub_id>/promotions/<int:cohort_id>/", api.hub_cohort_api, name="hub_cohort"),
]
