"""The lesson's H5P block: a sandboxed frame (never allow-same-origin), the relay, and what a visitor is told."""

from __future__ import annotations

import io
import re

import pytest
from django.core.exceptions import ValidationError

from courses.services_h5p import h5p_package_create
from tests.h5p import factories


@pytest.fixture
def package(settings, tmp_path, db):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return h5p_package_create(upload=io.BytesIO(factories.demo_package()), uploaded_by=None, filename="q.h5p")


@pytest.fixture
def lesson(lessons, package):
    lesson = lessons[0]
    lesson.body.append(("h5p_activity", {"package": package, "heading": "Entraînez-vous", "instructions": ""}))
    lesson.save_revision().publish()
    return lesson


def _frame(html: str) -> str:
    return re.search(r"<iframe[^>]*cafe-ia-h5p__frame[^>]*>", html).group(0)


def test_learner_sees_a_sandboxed_player_with_the_relay(client, learner, lesson, package):
    client.force_login(learner)
    html = client.get(lesson.url).content.decode()
    frame = _frame(html)
    assert 'sandbox="allow-scripts"' in frame and "allow-same-origin" not in html
    assert f'src="/h5p/{package.pk}/lecteur/"' in frame
    assert "Activité H5P : Entraînement" in frame  # the frame has a title
    assert 'data-recording="true"' in html and "csrfmiddlewaretoken" in html
    assert f"http://testserver/xapi/activities/h5p/{package.pk}" in html
    assert "courses/js/h5p-relay.js" in html
    assert "il ne compte pas pour l’attestation" in html


def test_visitor_plays_without_recording(client, lesson):
    html = client.get(lesson.url).content.decode()
    assert 'data-recording="false"' in html and "data-actor" not in html
    assert "Connectez-vous pour enregistrer vos réponses" in html


def test_a_published_block_needs_a_package(lessons):
    lesson = lessons[0]
    lesson.body.append(("h5p_activity", {"package": None, "heading": "", "instructions": ""}))
    with pytest.raises(ValidationError) as caught:
        lesson.full_clean()
    assert "Choisissez l’activité H5P" in str(caught.value) or "Choose the H5P activity" in str(caught.value)
