from django.urls import path

from courses import views

app_name = "courses"

urlpatterns = [
    path("recherche/", views.search_view, name="search"),
    path("lecons/<int:lesson_id>/commentaires/", views.lesson_comment_create_view, name="comment_create"),
    path("lecons/<int:lesson_id>/amendements/", views.lesson_amendment_create_view, name="amendment_create"),
    path("modules/<int:module_id>/archive/", views.module_export_view, name="module_export"),
    path("modules/<int:module_id>/archive/etat/", views.module_export_status_view, name="module_export_status"),
    path(
        "modules/<int:module_id>/archive/<int:export_id>/",
        views.module_export_download_view,
        name="module_export_download",
    ),
]
