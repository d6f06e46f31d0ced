"""Learner progress, a projection of the LRS: what counts, module completion recorded once, rebuild == incremental,
and each learner sees their own progress only."""

import base64
import re

import orjson
import pytest
from django.core.management import call_command
from django.test import Client

from core.roles import Role
from courses.models_progress import LessonProgress
from courses.progress import MODULE_COMPLETED_KIND, duration_seconds, lesson_statement_handle
from tests.factories import UserFactory
from xapi.actors import actor_for, actor_name
from xapi.clients import lrs_client_create
from xapi.models import AuthorityKind, Statement
from xapi.recording import platform_statement_id
from xapi.statements import stored_statement
from xapi.vocabulary import activity_iri

pytestmark = pytest.mark.django_db
VERB = "http://adlnet.gov/expapi/verbs/{}"


def lesson_statement(verb: str, lesson, **extra) -> dict:
    data = {
        "actor": {"objectType": "Agent", "account": {"homePage": "http://placeholder", "name": "session"}},
        "verb": {"id": VERB.format(verb)},
        "object": {"id": activity_iri("lesson", lesson.pk), "definition": {"name": {"fr-FR": lesson.title}}},
    }
    return data | extra


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """POST statements as the logged-in learner's browser does, running the handlers after commit."""

    def send(client, data, **headers):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/xapi/statements", orjson.dumps(data), content_type="application/json",
                                   HTTP_X_EXPERIENCE_API_VERSION="1.0.3", **headers)  # fmt: skip
        assert response.status_code == 200, response.content
        return response

    return send


def session_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def complete(post, client, lesson, duration="PT4M20S"):
    post(client, lesson_statement("completed", lesson, result={"completion": True, "duration": duration}))


def module_statements(module):
    return Statement.objects.filter(
        object_key=activity_iri("module", module.pk), authority_kind=AuthorityKind.PLATFORM
    )


def snapshot():
    return sorted(
        LessonProgress.objects.values_list(
            "learner_actor", "lesson_id", "experienced_at", "completed_at", "active_seconds"
        )
    )


def test_duration_seconds_reads_xapi_durations():
    assert duration_seconds("PT4M20S") == 260
    assert duration_seconds("PT1H0.5S") == 3600
    assert duration_seconds("P1DT2M") == 86520
    assert duration_seconds("nonsense") == duration_seconds(None) == 0


def test_experienced_then_completed_updates_the_learners_row(post, learner, lessons):
    client = session_for(learner)
    post(client, lesson_statement("experienced", lessons[0]))
    row = LessonProgress.objects.get()
    assert row.learner_actor == actor_name(learner.public_id)
    assert row.experienced_at is not None and row.completed_at is None and row.active_seconds == 0

    complete(post, client, lessons[0])
    row.refresh_from_db()
    assert row.completed_at is not None and row.active_seconds == 260


def test_a_third_party_lrs_client_cannot_move_a_learners_progress(client, post, learner, lessons):
    _lrs_client, secret = lrs_client_create(name="outil tiers", key="third-party", scopes=["all"])
    auth = "Basic " + base64.b64encode(f"third-party:{secret}".encode()).decode()
    about_learner = lesson_statement("completed", lessons[0], actor=actor_for(learner.public_id),
                                     result={"completion": True, "duration": "PT1H"})  # fmt: skip
    post(client, about_learner, HTTP_AUTHORIZATION=auth)
    assert Statement.objects.filter(authority_kind=AuthorityKind.CLIENT).count() == 1
    assert not LessonProgress.objects.exists()


def test_the_handler_is_idempotent(post, learner, lessons):
    complete(post, session_for(learner), lessons[0])
    before = snapshot()
    for row in Statement.objects.all():
        lesson_statement_handle(stored_statement(row))  # a retried handler task
    assert snapshot() == before
    assert LessonProgress.objects.get().active_seconds == 260


def test_module_completion_is_recorded_once_by_the_platform(post, learner, module, lessons):
    client = session_for(learner)
    complete(post, client, lessons[0])
    assert not module_statements(module).exists()

    complete(post, client, lessons[1], duration="PT2M")
    [recorded] = module_statements(module)
    record_key = f"{actor_name(learner.public_id)}:{module.pk}"
    assert recorded.statement_id == platform_statement_id(kind=MODULE_COMPLETED_KIND, record_key=record_key)
    assert recorded.verb_id == VERB.format("completed")
    assert recorded.timestamp == LessonProgress.objects.get(lesson=lessons[1]).completed_at
    assert orjson.loads(recorded.payload)["actor"] == actor_for(learner.public_id)

    complete(post, client, lessons[1], duration="PT1M")  # coming back to a lesson
    assert module_statements(module).count() == 1
    assert LessonProgress.objects.get(lesson=lessons[1]).active_seconds == 180


def test_rebuild_equals_incremental(post, learner, module, lessons):
    other = UserFactory(role=Role.LEARNER)
    mine, theirs = session_for(learner), session_for(other)
    post(mine, lesson_statement("experienced", lessons[0]))
    complete(post, mine, lessons[0], duration="PT3M")
    complete(post, mine, lessons[1], duration="PT5M10S")
    post(theirs, lesson_statement("experienced", lessons[1]))
    complete(post, mine, lessons[0], duration="PT1M")
    incremental, statements = snapshot(), Statement.objects.count()
    assert len(incremental) == 3 and module_statements(module).count() == 1

    call_command("rebuild_progress", verbosity=0)
    assert snapshot() == incremental
    assert Statement.objects.count() == statements  # the module completion was already there: a no-op

    LessonProgress.objects.all().delete()
    Statement.objects.filter(authority_kind=AuthorityKind.PLATFORM).delete()  # even from a bare LRS
    call_command("rebuild_progress", verbosity=0)
    assert snapshot() == incremental
    assert module_statements(module).count() == 1


def _statuses(html: str) -> list[str]:
    return re.findall(r'data-lesson-status="([a-z_]+)"', html)


def test_pages_show_each_learner_their_own_progress(post, learner, programme, module, lessons):
    complete(post, session_for(learner), lessons[0])
    other = UserFactory(role=Role.LEARNER)

    html = session_for(learner).get(module.url).content.decode()
    assert _statuses(html) == ["completed", "not_started"]
    assert "1 / 2" in html
    assert 'data-module-status="in_progress"' in session_for(learner).get(programme.url).content.decode()
    lesson_html = session_for(learner).get(lessons[0].url).content.decode()
    assert 'data-completed="true"' in lesson_html and "data-lesson-complete-form" not in lesson_html

    html = session_for(other).get(module.url).content.decode()
    assert _statuses(html) == ["not_started", "not_started"]
    assert "0 / 2" in html
    assert 'data-module-status="not_started"' in session_for(other).get(programme.url).content.decode()
    lesson_html = session_for(other).get(lessons[0].url).content.decode()
    assert 'data-completed="false"' in lesson_html and "data-lesson-complete-form" in lesson_html
    assert f'data-lesson-iri="{activity_iri("lesson", lessons[0].pk)}"' in lesson_html


def test_anonymous_visitors_see_no_progress_and_no_tracking(client, programme, module, lessons):
    for page in (programme, module, lessons[0]):
        html = client.get(page.url).content.decode()
        assert "lesson-tracking.js" not in html
        assert "data-lesson-tracking" not in html and "data-module-progress" not in html
        assert "data-programme-progress" not in html
