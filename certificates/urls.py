from django.urls import path

from certificates import views

app_name = "certificates"

urlpatterns = [
    path("verifier/<str:code>", views.verify_view, name="verify"),
    path("attestations/", views.learner_home_view, name="learner_home"),
    path("attestations/<uuid:public_id>/attestation.pdf", views.attestation_pdf_view, name="attestation_pdf"),
    path("attestations/<uuid:public_id>/certificat.pdf", views.certificate_pdf_view, name="certificate_pdf"),
    path("attestations/<uuid:public_id>/badge.json", views.badge_json_view, name="badge_json"),
    path("attestations/<uuid:public_id>/badge.svg", views.badge_svg_view, name="badge_svg"),
    path("attestations/<uuid:public_id>/revoquer/", views.revoke_view, name="revoke"),
    path("attestations/promotions/<int:cohort_id>/", views.cohort_view, name="cohort"),
    path("attestations/promotions/<int:cohort_id>/emettre/", views.cohort_issue_view, name="cohort_issue"),
    path("attestations/promotions/<int:cohort_id>/archive.zip", views.cohort_archive_view, name="cohort_archive"),
    path("attestations/inscriptions/<int:enrolment_id>/emettre/", views.enrolment_issue_view, name="enrolment_issue"),
    path("attestations/emissions/<int:job_id>/", views.job_view, name="job"),
    path("badges/emetteur", views.badge_issuer_view, name="badge_issuer"),
    path("badges/cles.json", views.badge_keys_view, name="badge_keys"),
    path("badges/realisations/<int:programme_id>", views.badge_achievement_view, name="badge_achievement"),
    path("badges/statut/<str:list_id>", views.badge_status_list_view, name="badge_status_list"),
]
