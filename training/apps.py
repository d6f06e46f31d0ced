from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from core.demo import register_demo_seeder
        from training.registration import enrolment_registration_resolve
        from xapi.handlers import register_registration_resolver

        register_registration_resolver(enrolment_registration_resolve)
        register_demo_seeder(name="training.cohort", order=200, seeder=_seed_cohort)
        user_logged_in.connect(_activate_invited_enrolments, dispatch_uid="training.activate_invited")


def _seed_cohort() -> list[str]:
    from training.demo import seed_cohort

    return seed_cohort()


def _activate_invited_enrolments(sender, request, user, **kwargs) -> None:
    """An invited learner's first login (after activating their account) turns their invited seats into enrolments."""
    from training.services.enrolments import enrolment_activate_invited

    enrolment_activate_invited(learner=user)
