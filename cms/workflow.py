"""The "Relecture Café IA" moderation workflow: every submission is approved by the national administration.

Assigned to the site's home page, so it covers the whole programme tree (and whatever else editors submit).
Created by migration ``cms.0005``; :func:`review_workflow_ensure` recreates it after a flush (tests, ``seed_demo``).
Publishers (the national admin) may still publish directly; partner authors have no publish right, so their only
way to the public site is a submission that someone of the national admin group approves.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

from core.roles import Role

REVIEW_WORKFLOW_NAME = "Relecture Café IA"
REVIEW_TASK_NAME = "Relecture par l'administration nationale"


@transaction.atomic
def review_workflow_ensure() -> Workflow:
    """The workflow, its one group-approval task for the national admin group, assigned to the home page."""
    workflow, _created = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK_NAME)
    task.groups.set([Group.objects.get(name=Role.NATIONAL_ADMIN.value)])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    home = Page.objects.filter(depth=2).order_by("path").first()
    if home is not None:
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return workflow
