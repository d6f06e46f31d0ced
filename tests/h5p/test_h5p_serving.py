"""The player page and package files: sandboxed, nosniff, never a way to script the main origin."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from courses.services_h5p import h5p_package_create
from tests.h5p import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def package(media_root):
    return h5p_package_create(upload=io.BytesIO(factories.demo_package()), uploaded_by=None, filename="q.h5p")


def test_player_page_is_sandboxed_without_same_origin(client, package):
    response = client.get(reverse("h5p:player", args=[package.pk]))
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert csp.startswith("sandbox allow-scripts;") and "allow-same-origin" not in csp
    assert "connect-src http://testserver;" in csp and "frame-ancestors 'self'" in csp
    body = response.content.decode()
    assert "h5p-standalone/main.bundle.js" in body and 'id="h5p-config"' in body
    assert "http://testserver/xapi/activities/h5p/" in body


def test_player_of_an_unknown_package_is_404(client, media_root):
    assert client.get(reverse("h5p:player", args=[999])).status_code == 404


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("h5p.json", "application/json"),
        ("content/content.json", "application/json"),
        ("content/images/cafe.svg", "image/svg+xml"),
        ("content/images/tasse.png", "image/png"),
    ],
)
def test_package_files_cannot_script_the_site(client, package, path, content_type):
    response = client.get(reverse("h5p:package_file", args=[package.pk, path]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox;")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def test_library_files_are_served_from_the_current_patch(client, package):
    response = client.get(reverse("h5p:library_file", args=["H5P.CafeIAQuiz-1.0", "scripts/cafeia-quiz.js"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript"
    assert b"H5P.CafeIAQuiz" in b"".join(response.streaming_content)
    assert client.get(reverse("h5p:library_file", args=["H5P.CafeIAQuiz-1.0", "library.json"])).status_code == 200


@pytest.mark.parametrize(
    "path",
    ["../../../etc/passwd", "content/../h5p.json", "content/.hidden.json", "content/x.php", "other/file.json",
     "content/missing.json", "H5P.CafeIAQuiz-1.0/scripts/cafeia-quiz.js"],
)  # fmt: skip
def test_package_file_paths_outside_the_content_are_404(client, package, path):
    assert client.get(f"/h5p/{package.pk}/fichiers/{path}").status_code == 404


@pytest.mark.parametrize(
    ("folder", "path"),
    [("H5P.Unknown-1.0", "x.js"), ("H5P.CafeIAQuiz-1.0", "../../secret.js"), ("H5P.CafeIAQuiz-1.0", "a.php"),
     ("H5P.CafeIAQuiz", "library.json")],
)  # fmt: skip
def test_library_file_paths_are_checked(client, package, folder, path):
    assert client.get(f"/h5p/bibliotheques/{folder}/{path}").status_code == 404
