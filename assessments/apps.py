from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"

    def ready(self) -> None:
        from assessments.h5p import H5P_AUTHORITIES, H5P_RESULT_VERBS, h5p_statement_handle
        from core.demo import register_demo_seeder
        from xapi.handlers import register_statement_handler

        register_demo_seeder(name="assessments.quizzes", order=150, seeder=_seed_quizzes)
        register_statement_handler(
            "assessments.h5p_attempts", h5p_statement_handle, verbs=H5P_RESULT_VERBS, authorities=H5P_AUTHORITIES
        )

        from assessments.integrations import connect

        connect()


def _seed_quizzes() -> list[str]:
    from assessments.demo import seed_quizzes

    return seed_quizzes()
