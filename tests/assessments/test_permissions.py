"""The Quiz snippet's policy: the national admin edits all quizzes, a partner author only their modules' ones."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from assessments.models import Quiz
from assessments.permissions import (
    can_edit_quiz,
    modules_for_quiz_author,
    quizzes_editable_by,
    user_partner_ids,
    user_partner_ids_source_set,
)
from cms.snippets import partner_ensure
from courses.models import ModulePartner
from tests.assessments.factories import quiz_create
from tests.courses.conftest import module_page, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_module(module):
    other = partner_ensure(slug="laboria", name="LaborIA")[0]
    return publish(module.get_parent(), module_page(slug="autre", title="Autre module",
                                                    partner_links=[ModulePartner(partner=other)]))  # fmt: skip


@pytest.fixture
def partner_member(partner_author, partner):
    user_partner_ids_source_set(lambda user: frozenset({partner.pk}) if user == partner_author else frozenset())
    yield partner_author
    user_partner_ids_source_set(lambda user: frozenset())


@pytest.fixture
def quizzes(programme, module, other_module):
    return {
        "mine": quiz_create(programme=programme, module=module, title="Quiz Inria"),
        "theirs": quiz_create(programme=programme, module=other_module, title="Quiz LaborIA"),
        "programme": quiz_create(programme=programme, kind="exit", title="Évaluation finale"),
    }


def test_the_pair_object_check_and_queryset_agree(quizzes, partner_member, national_admin, learner):
    assert set(quizzes_editable_by(national_admin)) == set(quizzes.values())
    assert list(quizzes_editable_by(partner_member)) == [quizzes["mine"]]
    assert not quizzes_editable_by(learner).exists()
    for user in (national_admin, partner_member, learner):
        for quiz in quizzes.values():
            assert can_edit_quiz(user, quiz) == quizzes_editable_by(user).filter(pk=quiz.pk).exists()


def test_user_partner_ids_defaults_to_nobody(partner_author, partner):
    assert user_partner_ids(partner_author) == frozenset()


def listed(client, user) -> set[str]:
    client.force_login(user)
    html = client.get(reverse("wagtailsnippets_assessments_quiz:list")).content.decode()
    return set(re.findall(r'<span id="snippet_\d+_title">([^<]+)</span>', html))


def test_the_admin_list_shows_only_editable_quizzes(client, quizzes, partner_member, national_admin):
    assert listed(client, partner_member) == {"Quiz Inria"}
    assert listed(client, national_admin) == {"Quiz Inria", "Quiz LaborIA", "Évaluation finale"}


def test_a_partner_author_cannot_open_another_partners_quiz(client, quizzes, partner_member):
    client.force_login(partner_member)
    edit = "wagtailsnippets_assessments_quiz:edit"
    delete = "wagtailsnippets_assessments_quiz:delete"
    assert client.get(reverse(edit, args=[quizzes["mine"].pk])).status_code == 200
    for key in ("theirs", "programme"):
        assert client.get(reverse(edit, args=[quizzes[key].pk])).status_code == 404
        assert client.post(reverse(delete, args=[quizzes[key].pk])).status_code == 404
    assert Quiz.objects.count() == 3


def test_an_author_without_partner_has_no_quiz_menu(client, quizzes, partner_author, learner):
    client.force_login(partner_author)
    response = client.get(reverse("wagtailsnippets_assessments_quiz:list"))
    assert response.status_code in (302, 403)
    client.force_login(learner)
    assert client.get(reverse("wagtailsnippets_assessments_quiz:list")).status_code in (302, 403)


def test_the_form_offers_only_the_authors_modules(quizzes, partner_member, module, other_module, programme):
    assert list(modules_for_quiz_author(partner_member)) == [module]
    form_class = Quiz.snippet_viewset.get_form_class()
    data = {"title": "Nouveau", "kind": "practice", "feedback_policy": "never", "programme": programme.pk,
            "module": other_module.pk, "pass_mark": 50, "questions-count": 0}  # fmt: skip
    form = form_class(data=data, for_user=partner_member)
    assert not form.is_valid()
    assert form.errors["module"][0].startswith("Sélectionnez un choix valide")
    form = form_class(data=data | {"module": ""}, for_user=partner_member)
    assert not form.is_valid()
    assert "Choisissez un module de votre partenaire" in form.errors["module"][0]
