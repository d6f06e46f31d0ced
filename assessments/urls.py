from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("quiz/<int:quiz_id>/", views.quiz_detail_view, name="quiz_detail"),
    path("quiz/<int:quiz_id>/commencer/", views.quiz_start_view, name="quiz_start"),
    path("quiz/<int:quiz_id>/resultats/", views.quiz_results_view, name="quiz_results"),
    path("quiz/<int:quiz_id>/resultats.csv", views.quiz_results_csv_view, name="quiz_results_csv"),
    path("promotions/<int:cohort_id>/quiz/<int:quiz_id>/", views.cohort_quiz_results_view, name="cohort_quiz_results"),
    path(
        "promotions/<int:cohort_id>/quiz/<int:quiz_id>/resultats.csv",
        views.cohort_quiz_results_csv_view,
        name="cohort_quiz_results_csv",
    ),
    path("tentative/<int:attempt_id>/", views.attempt_view, name="attempt"),
    path("tentative/<int:attempt_id>/enregistrer/", views.attempt_autosave_view, name="attempt_autosave"),
    path("tentative/<int:attempt_id>/resultat/", views.attempt_result_view, name="attempt_result"),
    path("apprenants/<uuid:learner_id>/temps-supplementaire/", views.accommodation_view, name="accommodation"),
]
