"""Wagtail admin: staff edit each programme's completion rule (the Provider is a site setting, registered by its
decorator in models.py)."""

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from certificates.models import CompletionRuleSettings


class CompletionRuleViewSet(ModelViewSet):
    model = CompletionRuleSettings
    icon = "tasks"
    menu_label = "Règles d’achèvement"
    add_to_admin_menu = True
    list_display = ["programme", "modules_completed", "exit_evaluation_passed", "in_person_attended_and_signed",
                    "remote_live_attended", "survey_answered", "auto_issue"]  # fmt: skip
    form_fields = [
        "programme", "modules_completed", "required_modules", "exit_evaluation_passed",
        "in_person_attended_and_signed", "remote_live_attended", "survey_answered", "auto_issue",
    ]  # fmt: skip


@hooks.register("register_admin_viewset")
def register_completion_rules():
    return CompletionRuleViewSet("completion_rules")
