"""Partner co-authoring: partner A edits and submits only inside its own modules and media; the national admin
publishes through the "Relecture Café IA" workflow (decision 0030). Every check is made through the admin's HTTP
views, bulk actions and choosers as well as through the permission API."""

import pytest
from django.urls import reverse
from wagtail.models import Page, WorkflowState

from courses.models import LessonPage, ModulePartner
from tests.courses.coauthoring import lesson_form_data, partner_side
from tests.courses.conftest import lesson_page


@pytest.fixture
def side_a(day):
    return partner_side(day, name="Inria", slug="inria")


@pytest.fixture
def side_b(day):
    return partner_side(day, name="LaborIA", slug="laboria")


def _text(page) -> str:
    return LessonPage.objects.get(pk=page.pk).body[0].value.source


def _bulk(client, app_label, model, action, ids, data=None, **query):
    url = reverse("wagtail_bulk_action", args=[app_label, model, action])
    params = "&".join([f"id={pk}" for pk in ids] + [f"{k}={v}" for k, v in query.items()])
    return client.post(f"{url}?{params}", data or {})


@pytest.mark.django_db
def test_a_partner_may_add_and_edit_only_its_modules_and_never_publish(side_a, side_b):
    for page in (side_a.module, side_a.lesson):
        perms = page.permissions_for_user(side_a.author)
        assert perms.can_edit() and not perms.can_publish() and not perms.can_unpublish() and not perms.can_delete()
    assert side_a.module.permissions_for_user(side_a.author).can_add_subpage()
    for page in (side_b.module, side_b.lesson, side_b.module.get_parent()):
        perms = page.permissions_for_user(side_a.author)
        assert not perms.can_edit() and not perms.can_add_subpage() and not perms.can_publish()


@pytest.mark.django_db
def test_partner_a_cannot_open_edit_or_submit_partner_b_pages_in_the_admin(client, side_a, side_b):
    client.force_login(side_a.author)
    before = side_b.lesson.revisions.count()
    assert client.get(reverse("wagtailadmin_pages:edit", args=[side_b.lesson.pk])).status_code in (302, 403)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[side_b.lesson.pk]),
        lesson_form_data(side_b.lesson, text="<p>Vandalisme</p>", action="action-submit"),
    )
    assert response.status_code in (302, 403)
    add_url = reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", side_b.module.pk])
    assert client.get(add_url).status_code in (302, 403)
    assert side_b.lesson.revisions.count() == before and "Vandalisme" not in _text(side_b.lesson)
    assert not WorkflowState.objects.filter(object_id=str(side_b.lesson.pk)).exists()


@pytest.mark.django_db
def test_a_partner_submits_its_lesson_and_only_the_national_admin_approves_it(client, side_a, national_admin):
    client.force_login(side_a.author)
    url = reverse("wagtailadmin_pages:edit", args=[side_a.lesson.pk])
    response = client.post(
        url, lesson_form_data(side_a.lesson, text="<p>Nouvelle version</p>", action="action-submit")
    )
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(side_a.lesson.pk))
    assert state.status == "in_progress" and state.workflow.name == "Relecture Café IA"
    assert "Nouvelle version" not in _text(side_a.lesson)  # still the published text

    task_state = state.current_task_state
    approve = reverse("wagtailadmin_pages:workflow_action", args=[side_a.lesson.pk, "approve", task_state.pk])
    assert client.post(approve, {"comment": "Je valide moi-même"}).status_code in (302, 403)
    task_state.refresh_from_db()
    assert task_state.status == "in_progress" and "Nouvelle version" not in _text(side_a.lesson)
    assert not state.current_task_state.specific.task.specific.user_can_access_editor(side_a.lesson, side_a.author)

    client.force_login(national_admin)
    assert client.post(approve, {"comment": "Relu"}).status_code in (200, 302)
    state.refresh_from_db()
    assert state.status == "approved" and "Nouvelle version" in _text(side_a.lesson)


@pytest.mark.django_db
def test_a_partner_cannot_publish_its_own_lesson_directly(client, side_a):
    client.force_login(side_a.author)
    url = reverse("wagtailadmin_pages:edit", args=[side_a.lesson.pk])
    client.post(url, lesson_form_data(side_a.lesson, text="<p>Publiée sans relecture</p>", action="action-publish"))
    assert "Publiée sans relecture" not in _text(side_a.lesson)


@pytest.mark.django_db
def test_bulk_actions_do_nothing_on_pages_a_partner_may_not_publish_move_or_delete(client, side_a, side_b):
    draft = side_a.module.add_child(instance=lesson_page(title="Brouillon A", slug="brouillon-a", live=False))
    client.force_login(side_a.author)
    _bulk(client, "wagtailcore", "page", "publish", [draft.pk, side_b.lesson.pk], {"include_descendants": "on"})
    _bulk(client, "wagtailcore", "page", "unpublish", [side_a.lesson.pk, side_b.lesson.pk, side_b.module.pk])
    _bulk(client, "wagtailcore", "page", "delete", [side_a.lesson.pk, side_b.lesson.pk, side_b.module.pk])
    _bulk(client, "wagtailcore", "page", "move", [side_b.lesson.pk], {"chooser": side_a.module.pk})
    draft.refresh_from_db()
    assert not draft.live
    for page in (side_a.lesson, side_b.lesson, side_b.module):
        fresh = Page.objects.get(pk=page.pk)
        assert fresh.live and fresh.path == page.path


@pytest.mark.django_db
def test_partner_a_cannot_edit_delete_or_choose_partner_b_media(client, side_a, side_b):
    client.force_login(side_a.author)
    assert client.get(reverse("wagtailimages:edit", args=[side_a.image.pk])).status_code == 200
    assert client.get(reverse("wagtailimages:edit", args=[side_b.image.pk])).status_code in (302, 403)
    assert client.get(reverse("wagtaildocs:edit", args=[side_b.document.pk])).status_code in (302, 403)
    client.post(reverse("wagtailimages:delete", args=[side_b.image.pk]))
    client.post(reverse("wagtaildocs:delete", args=[side_b.document.pk]))
    _bulk(client, "wagtailimages", "image", "delete", [side_b.image.pk])
    _bulk(client, "wagtaildocs", "document", "delete", [side_b.document.pk])
    _bulk(
        client,
        "wagtailimages",
        "image",
        "add_to_collection",
        [side_b.image.pk],
        {"collection": side_a.partner.collection.pk},
    )
    side_b.image.refresh_from_db(), side_b.document.refresh_from_db()
    assert side_b.image.collection == side_b.partner.collection
    assert side_b.document.collection == side_b.partner.collection

    images = client.get(reverse("wagtailimages_chooser:choose")).content.decode()
    documents = client.get(reverse("wagtaildocs_chooser:choose")).content.decode()
    assert "Image Inria" in images and "Image LaborIA" not in images
    assert "Document Inria" in documents and "Document LaborIA" not in documents
    assert client.get(reverse("wagtailimages_chooser:chosen", args=[side_b.image.pk])).status_code in (302, 403, 404)


@pytest.mark.django_db
def test_the_page_chooser_hides_another_partner_s_drafts(client, side_a, side_b):
    side_b.module.add_child(instance=lesson_page(title="Brouillon secret B", slug="secret-b", live=False))
    side_a.module.add_child(instance=lesson_page(title="Brouillon A", slug="brouillon-a", live=False))
    client.force_login(side_a.author)
    listing_b = client.get(reverse("wagtailadmin_choose_page_child", args=[side_b.module.pk])).json()["html"]
    listing_a = client.get(reverse("wagtailadmin_choose_page_child", args=[side_a.module.pk])).json()["html"]
    search = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "Brouillon"}).content.decode()
    assert "Leçon LaborIA" in listing_b and "Brouillon secret B" not in listing_b  # live pages stay linkable
    assert "Brouillon A" in listing_a and "Brouillon A" in search and "Brouillon secret B" not in search


@pytest.mark.django_db
def test_revisions_comparison_and_rollback_are_available_on_own_pages_only(client, side_a, side_b):
    first = side_a.lesson.latest_revision
    side_a.lesson.body = [{"type": "text", "value": "<p>Deuxième version</p>"}]
    second = side_a.lesson.save_revision(user=side_a.author)
    client.force_login(side_a.author)
    compare = reverse("wagtailadmin_pages:revisions_compare", args=[side_a.lesson.pk, first.pk, second.pk])
    response = client.get(compare)
    assert response.status_code == 200 and "Deuxième version" in response.content.decode()
    revert = client.get(reverse("wagtailadmin_pages:revisions_revert", args=[side_a.lesson.pk, first.pk]))
    assert revert.status_code == 200  # the edit form pre-filled with the old revision, to save or submit
    assert client.get(reverse("wagtailadmin_pages:history", args=[side_a.lesson.pk])).status_code == 200
    other = side_b.lesson.latest_revision
    compare_b = reverse("wagtailadmin_pages:revisions_compare", args=[side_b.lesson.pk, other.pk, other.pk])
    assert client.get(compare_b).status_code in (302, 403)
    assert client.get(
        reverse("wagtailadmin_pages:revisions_revert", args=[side_b.lesson.pk, other.pk])
    ).status_code in (
        302,
        403,
    )


@pytest.mark.django_db
def test_publishing_a_module_with_a_new_partner_gives_that_partner_access(side_a, side_b, national_admin):
    module = side_a.module
    module.partner_links.add(ModulePartner(partner=side_b.partner))
    module.save_revision(user=national_admin).publish(user=national_admin)
    assert module.permissions_for_user(side_b.author).can_edit()
    module.partner_links.set([ModulePartner(partner=side_b.partner)])
    module.save_revision(user=national_admin).publish(user=national_admin)
    assert not module.permissions_for_user(side_a.author).can_edit()


@pytest.mark.django_db
def test_learners_see_the_module_version(client, side_a, learner, national_admin):
    side_a.module.version = "1.3"
    side_a.module.save_revision(user=national_admin).publish(user=national_admin)
    client.force_login(learner)
    for page in (side_a.module, side_a.lesson):
        assert "1.3" in client.get(page.url).content.decode()
