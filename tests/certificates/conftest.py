from __future__ import annotations

import pytest

from tests.certificates.factories import cohort_with_sessions, finished_learner


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    from training.storage import private_storage

    private_storage._wrapped = private_storage.__class__.__mro__[0]  # reset the lazy object
    from django.utils.functional import empty

    private_storage._wrapped = empty


@pytest.fixture
def cohort_sessions(db):
    return cohort_with_sessions()


@pytest.fixture
def finished_enrolment(cohort_sessions, django_capture_on_commit_callbacks):
    cohort, sessions = cohort_sessions
    with django_capture_on_commit_callbacks(execute=True):
        return finished_learner(cohort=cohort, sessions=sessions)


@pytest.fixture
def programme(db):
    from tests.training.factories import programme_ensure

    return programme_ensure()
