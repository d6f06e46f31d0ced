import pytest
from django.contrib.auth.models import Group
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Workflow, WorkflowPage

from cms.models import HomePage, Partner
from cms.partners import (
    PartnerError,
    partner_add_author,
    partner_create,
    partner_remove_author,
    partners_of_user,
    user_partner_ids,
)
from cms.workflow import REVIEW_WORKFLOW_NAME, review_workflow_ensure
from core.models import AuditEntry
from core.roles import Role
from tests.factories import UserFactory


@pytest.mark.django_db
def test_partner_create_makes_a_group_and_a_collection_with_media_permissions(national_admin):
    partner = partner_create(name="LaborIA", slug="laboria", url="https://www.laboria.ai/", created_by=national_admin)
    assert partner.group.name == "Partenaire · LaborIA"
    assert partner.collection.name == "LaborIA" and partner.collection.get_parent() == Collection.get_first_root_node()
    granted = set(
        GroupCollectionPermission.objects.filter(group=partner.group, collection=partner.collection).values_list(
            "permission__codename", flat=True
        )
    )
    assert granted == {
        "add_image",
        "change_image",
        "choose_image",
        "add_document",
        "change_document",
        "choose_document",
    }
    assert not GroupPagePermission.objects.filter(group=partner.group).exists()  # no module credits it yet
    assert AuditEntry.objects.filter(action="cms.partner.created", target_id=str(partner.pk)).exists()


@pytest.mark.django_db
def test_partner_create_refuses_a_taken_slug_or_an_empty_name():
    partner_create(name="Inria", slug="inria")
    with pytest.raises(PartnerError) as taken:
        partner_create(name="Autre", slug="inria")
    with pytest.raises(PartnerError) as empty:
        partner_create(name="  ", slug="x")
    assert (taken.value.code, empty.value.code) == ("partner_exists", "partner_invalid")
    assert Partner.objects.count() == 1 and Group.objects.filter(name__startswith="Partenaire").count() == 1


@pytest.mark.django_db
def test_an_author_belongs_to_the_partner_and_the_partner_authors_role(learner):
    first, second = partner_create(name="Inria", slug="inria"), partner_create(name="LaborIA", slug="laboria")
    user = UserFactory()
    assert user_partner_ids(user) == frozenset()
    partner_add_author(partner=first, user=user)
    partner_add_author(partner=first, user=user)  # idempotent
    assert user_partner_ids(user) == {first.pk}
    assert user.groups.filter(name=Role.PARTNER_AUTHOR.value).exists()
    partner_add_author(partner=second, user=user)
    assert set(partners_of_user(user)) == {first, second}
    partner_remove_author(partner=first, user=user)
    assert user_partner_ids(user) == {second.pk}
    assert user_partner_ids(learner) == frozenset()


@pytest.mark.django_db
def test_user_partner_ids_is_empty_for_anonymous_and_inactive_users():
    from django.contrib.auth.models import AnonymousUser

    partner = partner_create(name="Inria", slug="inria")
    user = UserFactory(is_active=False)
    partner_add_author(partner=partner, user=user)
    assert user_partner_ids(AnonymousUser()) == frozenset() and user_partner_ids(user) == frozenset()


@pytest.mark.django_db
def test_the_review_workflow_is_assigned_to_the_home_page_and_reviewed_by_the_national_admin():
    workflow = Workflow.objects.get(name=REVIEW_WORKFLOW_NAME)  # created by migration cms.0005
    assert WorkflowPage.objects.get(page=HomePage.objects.get()).workflow == workflow
    (task,) = [task.specific for task in workflow.tasks.all()]
    assert list(task.groups.values_list("name", flat=True)) == [Role.NATIONAL_ADMIN.value]
    assert review_workflow_ensure() == workflow and Workflow.objects.filter(name=REVIEW_WORKFLOW_NAME).count() == 1


@pytest.mark.django_db
def test_a_partner_created_in_the_admin_gets_its_workspace(client, national_admin):
    from django.urls import reverse

    client.force_login(national_admin)
    response = client.post(
        reverse("wagtailsnippets_cms_partner:add"), {"name": "France Num", "slug": "france-num", "url": ""}
    )
    assert response.status_code == 302
    partner = Partner.objects.get(slug="france-num")
    assert partner.group is not None and partner.collection.name == "France Num"
