import smtplib

from celery import shared_task

from courses.feedback import amendment_outcome_notify
from courses.models_feedback import AmendmentProposal


@shared_task(autoretry_for=(OSError, smtplib.SMTPException), retry_backoff=True, max_retries=6)
def amendment_outcome_notify_task(proposal_id: int) -> None:
    amendment_outcome_notify(
        proposal=AmendmentProposal.objects.select_related("lesson", "proposer").get(pk=proposal_id)
    )


@shared_task(acks_late=True)
def module_export_build_task(export_id: int) -> None:
    from courses.export import module_export_build
    from courses.models_export import ModuleExport

    export = ModuleExport.objects.select_related("module").filter(pk=export_id).first()
    if export is not None:  # superseded and deleted by a newer archive meanwhile
        module_export_build(export=export)
