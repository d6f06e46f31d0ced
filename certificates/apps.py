from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "certificates"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from certificates.completion import HANDLED_AUTHORITIES, HANDLED_VERBS, completion_statement_handle
        from certificates.models import CompletionRuleSettings
        from certificates.signals import (
            attendance_saved,
            enrolment_saved,
            rule_modules_changed,
            rule_saved,
            session_saved,
        )
        from training.models import Attendance, Enrolment, TrainingSession
        from xapi.handlers import register_statement_handler

        register_statement_handler(
            "certificates.completion",
            completion_statement_handle,
            verbs=HANDLED_VERBS,
            authorities=HANDLED_AUTHORITIES,
        )
        # one training organisation on every document: the émargement and proof files print the Provider too
        from certificates.selectors import provider_as_organisation
        from training.hooks import register_organisation_provider

        register_organisation_provider(provider_as_organisation)
        # training's records move eligibility too: certificates may import training, so it listens here
        post_save.connect(attendance_saved, sender=Attendance, dispatch_uid="certificates.attendance")
        post_save.connect(session_saved, sender=TrainingSession, dispatch_uid="certificates.session")
        post_save.connect(enrolment_saved, sender=Enrolment, dispatch_uid="certificates.enrolment")
        # a rule edited in Wagtail re-evaluates the programme's learners (eligibility stays current)
        post_save.connect(rule_saved, sender=CompletionRuleSettings, dispatch_uid="certificates.rule")
        post_delete.connect(rule_saved, sender=CompletionRuleSettings, dispatch_uid="certificates.rule_deleted")
        m2m_changed.connect(
            rule_modules_changed,
            sender=CompletionRuleSettings.required_modules.through,
            dispatch_uid="certificates.rule_modules",
        )
