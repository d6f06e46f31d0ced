"""Upload in the Wagtail admin: staff and partner authors; errors name the problem in French; nothing is stored."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.models_h5p import H5PPackage
from tests.h5p import factories
from tests.h5p.conftest import stored_files

pytestmark = pytest.mark.django_db

ADD_URL = "wagtailsnippets_courses_h5ppackage:add"


def _upload(client, user, data: bytes, name="activite.h5p", title=""):
    client.force_login(user)
    return client.post(
        reverse(ADD_URL),
        {"package_file": SimpleUploadedFile(name, data, content_type="application/zip"), "title": title},
        HTTP_ACCEPT_LANGUAGE="fr",
    )


@pytest.mark.parametrize("role", ["national_admin", "partner_author"])
def test_staff_and_partner_authors_upload(role, request, client, media_root):
    user = request.getfixturevalue(role)
    response = _upload(client, user, factories.demo_package())
    assert response.status_code == 302, response.content.decode()[:2000]
    package = H5PPackage.objects.get()
    assert package.uploaded_by == user
    assert package.title.startswith("Entraînement")
    assert stored_files(media_root)


def test_title_given_in_the_form_wins(client, national_admin, media_root):
    _upload(client, national_admin, factories.demo_package(), title="Mon quiz")
    assert H5PPackage.objects.get().title == "Mon quiz"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"pas un zip", "archive zip"),
        (factories.with_changes(drop=("h5p.json",)).getvalue(), "h5p.json"),
        (factories.with_changes(add={"content/x.php": b"<?php"}).getvalue(), "content/x.php"),
        (factories.with_changes(drop=("H5P.CafeIAFeedback-1.2/",)).getvalue(), "H5P.CafeIAFeedback 1.2"),
        (factories.raw_entry_archive("../../evil.json").getvalue(), "traversée de chemin"),
        (
            factories.with_changes(add={"content/a.png": factories.zip_bytes({"x.json": b"{}"})}).getvalue(),
            "une archive dans l’archive",
        ),
        (factories.zeros_bomb().getvalue(), "la limite est de 500 Mo"),
    ],
    ids=["not-zip", "no-h5p-json", "php", "missing-library", "traversal", "zip-in-zip", "1-gb-of-zeros"],
)
def test_errors_name_the_problem_in_french(data, expected, client, national_admin, media_root):
    response = _upload(client, national_admin, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert expected in body.replace("&#x27;", "’").replace("&rsquo;", "’")
    assert not H5PPackage.objects.exists() and stored_files(media_root) == []


def test_not_an_h5p_file_name(client, national_admin, media_root):
    response = _upload(client, national_admin, factories.demo_package(), name="quiz.zip")
    assert "(.h5p)" in response.content.decode()
    assert not H5PPackage.objects.exists()


@pytest.mark.parametrize("role", ["learner", "trainer", "hub_coordinator"])
def test_other_roles_cannot_upload(role, request, client, media_root):
    user = request.getfixturevalue(role)
    response = _upload(client, user, factories.demo_package())
    assert response.status_code in (302, 403)
    assert not H5PPackage.objects.exists() and stored_files(media_root) == []


def test_partner_author_can_choose_a_package_for_a_lesson(client, partner_author, media_root):
    _upload(client, partner_author, factories.demo_package())
    response = client.get(reverse("wagtailsnippetchoosers_courses_h5ppackage:choose"))
    assert response.status_code == 200
    assert "Entraînement" in response.json()["html"]


def test_edit_renames_without_a_file(client, national_admin, media_root):
    _upload(client, national_admin, factories.demo_package())
    package = H5PPackage.objects.get()
    response = client.post(
        reverse("wagtailsnippets_courses_h5ppackage:edit", args=[package.pk]), {"title": "Nouveau titre"}
    )
    assert response.status_code == 302
    package.refresh_from_db()
    assert package.title == "Nouveau titre"
