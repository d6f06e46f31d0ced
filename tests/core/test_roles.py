import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission, Page

from core.roles import ROLE_PERMISSIONS, Role
from core.services import user_has_role


@pytest.mark.django_db
def test_every_role_group_exists_with_its_permissions():
    for role, perms in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role.value)
        granted = {
            f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")
        }
        assert granted == set(perms), role


@pytest.mark.django_db
def test_only_staff_roles_reach_the_wagtail_admin(learner, trainer, partner_author, hub_coordinator, national_admin):
    assert not learner.has_perm("wagtailadmin.access_admin")
    assert not trainer.has_perm("wagtailadmin.access_admin")
    assert not hub_coordinator.has_perm("wagtailadmin.access_admin")
    assert partner_author.has_perm("wagtailadmin.access_admin")
    assert national_admin.has_perm("wagtailadmin.access_admin")


@pytest.mark.django_db
def test_national_admin_group_can_publish_every_page():
    group = Group.objects.get(name=Role.NATIONAL_ADMIN.value)
    root = Page.get_first_root_node()
    codenames = set(
        GroupPagePermission.objects.filter(group=group, page=root).values_list("permission__codename", flat=True)
    )
    assert {"add_page", "change_page", "publish_page"} <= codenames


@pytest.mark.django_db
def test_partner_author_has_no_page_permission_until_a_partner_grants_it(partner_author):
    group = Group.objects.get(name=Role.PARTNER_AUTHOR.value)
    assert not GroupPagePermission.objects.filter(group=group).exists()
    assert not partner_author.has_perm("core.change_user")


@pytest.mark.django_db
def test_user_has_role(learner, trainer):
    assert user_has_role(user=learner, role=Role.LEARNER)
    assert not user_has_role(user=learner, role=Role.TRAINER)
    assert user_has_role(user=trainer, role=Role.TRAINER)


@pytest.mark.django_db
def test_guardian_has_no_anonymous_user_row():
    from core.models import User

    assert User.objects.count() == 0  # no phantom AnonymousUser created by django-guardian
