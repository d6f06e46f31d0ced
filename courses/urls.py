from django.urls import path

from courses import views

app_name = "courses"

urlpatterns = [
    path("lecons/<int:lesson_id>/commentaires/", views.lesson_comment_create_view, name="comment_create"),
    path("lecons/<int:lesson_id>/amendements/", views.lesson_amendment_create_view, name="amendment_create"),
]
