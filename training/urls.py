from django.urls import path

from training.views import documents, learner, sessions, trainer

app_name = "training"

urlpatterns = [
    # trainer's space
    path("formateur/", trainer.cohort_list_view, name="cohort_list"),
    path("formateur/promotions/nouvelle/", trainer.cohort_create_view, name="cohort_create"),
    path("formateur/promotions/<int:pk>/", trainer.cohort_roster_view, name="cohort_roster"),
    path("formateur/promotions/<int:pk>/modifier/", trainer.cohort_edit_view, name="cohort_edit"),
    path("formateur/promotions/<int:cohort_pk>/seances/nouvelle/", trainer.session_form_view, name="session_create"),
    path("formateur/promotions/<int:pk>/inscrire/", trainer.enrol_view, name="enrol"),
    path("formateur/promotions/<int:pk>/import/", trainer.import_upload_view, name="import_upload"),
    path("formateur/promotions/<int:pk>/presences.pdf", documents.attendance_summary_view, name="attendance_summary"),
    path("formateur/imports/<int:pk>/", trainer.import_detail_view, name="import_detail"),
    path("formateur/imports/<int:pk>/progression/", trainer.import_progress_view, name="import_progress"),
    path("formateur/inscriptions/<int:pk>/<slug:action>/", trainer.enrolment_action_view, name="enrolment_action"),
    path("formateur/seances/<int:pk>/", sessions.session_detail_view, name="session_detail"),
    path("formateur/seances/<int:pk>/modifier/", trainer.session_form_view, name="session_edit"),
    path("formateur/seances/<int:pk>/ecran-emargement/", sessions.checkin_screen_view, name="checkin_screen"),
    path("formateur/seances/<int:pk>/ecran-emargement/code/", sessions.checkin_code_view, name="checkin_code"),
    path(
        "formateur/seances/<int:pk>/appel/<int:enrolment_pk>/", sessions.attendance_mark_view, name="attendance_mark"
    ),
    path("formateur/seances/<int:pk>/contresigner/", sessions.countersign_view, name="countersign"),
    path("formateur/seances/<int:pk>/scan/", sessions.scan_upload_view, name="scan_upload"),
    path("formateur/seances/<int:pk>/scan/fichier/", sessions.sheet_scan_view, name="sheet_scan"),
    path("formateur/seances/<int:pk>/feuille-vierge.pdf", sessions.blank_sheet_view, name="blank_sheet"),
    path("formateur/seances/<int:pk>/emargement.pdf", documents.emargement_download_view, name="emargement_pdf"),
    path("formateur/presences/<int:pk>/rectifier/", sessions.attendance_amend_view, name="attendance_amend"),
    path("formation/signatures/<int:pk>.png", sessions.signature_image_view, name="signature_image"),
    # shared by trainers and learners (each sees their part)
    path("formation/promotions/<int:pk>/messages/", trainer.cohort_messages_view, name="cohort_messages"),
    path("formation/inscriptions/<int:pk>/dossier-distanciel.pdf", documents.remote_proof_view, name="remote_proof"),
    # learner
    path("formation/mes-formations/", learner.my_trainings_view, name="my_trainings"),
    path("formation/emargement/", learner.checkin_entry_view, name="checkin"),
    path("formation/emargement/<int:pk>/", learner.checkin_session_view, name="checkin_session"),
    path("formation/emargement/<int:pk>/signer/", learner.checkin_sign_view, name="checkin_sign"),
    # public
    path("formation/sessions/", learner.public_sessions_view, name="public_sessions"),
    path("formation/sessions/<uuid:public_id>/rejoindre/", learner.ask_to_join_view, name="ask_to_join"),
]
