from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"

    def ready(self) -> None:
        from assessments.h5p import H5P_RESULT_VERBS, h5p_statement_handle
        from xapi.handlers import register_statement_handler

        register_statement_handler("assessments.h5p_attempts", h5p_statement_handle, verbs=H5P_RESULT_VERBS)
