# The "Relecture Café IA" moderation workflow (hand-written data migration, see cms/workflow.py).

from django.db import migrations

from cms.workflow import REVIEW_TASK_NAME, REVIEW_WORKFLOW_NAME
from core.roles import ROLE_PERMISSIONS, Role, grant_role_permissions


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    workflow, _created = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW_NAME, defaults={"active": True})
    content_type, _created = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK_NAME, content_type=content_type, active=True)
    group, _created = Group.objects.get_or_create(name=Role.NATIONAL_ADMIN.value)
    task.groups.add(group)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    home = Page.objects.filter(depth=2).order_by("path").first()
    if home is not None:
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    # partner authors now read the licence and partner snippets (choosers of their modules' attribution)
    grant_role_permissions(apps, ROLE_PERMISSIONS, app_labels={"cms"})


def remove_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    apps.get_model("wagtailcore", "WorkflowPage").objects.filter(workflow__name=REVIEW_WORKFLOW_NAME).delete()
    Workflow.objects.filter(name=REVIEW_WORKFLOW_NAME).delete()
    GroupApprovalTask.objects.filter(name=REVIEW_TASK_NAME).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("cms", "0004_partner_workspace"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
