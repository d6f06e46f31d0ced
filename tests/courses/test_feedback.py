"""Comments and amendment proposals on lessons: services, permissions both ways, views and the admin screens."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from courses.feedback import (
    FeedbackError,
    amendment_accept,
    amendment_create,
    amendment_reject,
    comment_create,
    comment_hide,
    comment_restore,
)
from courses.models import LessonPage
from courses.models_feedback import AmendmentStatus, CommentStatus, LessonComment
from tests.courses.coauthoring import partner_side
from tests.courses.conftest import lesson_page, publish

BODY = [
    {"type": "text", "value": "<h2>Une partie</h2><p>L'IA <b>apprend</b> à partir de données.</p>", "id": "b-text"},
    {"type": "glossary_term", "value": {"term": "Biais", "definition": "Un écart systématique."}, "id": "b-gloss"},
]


@pytest.fixture
def side_a(day):
    return partner_side(day, name="Inria", slug="inria")


@pytest.fixture
def side_b(day):
    return partner_side(day, name="LaborIA", slug="laboria")


@pytest.fixture
def lesson(side_a):
    return publish(side_a.module, lesson_page(title="Leçon ouverte", slug="ouverte", body=BODY))


def _propose(lesson, user, **overrides):
    fields = {"block_id": "b-text", "proposed_text": "L'IA apprend à partir d'exemples.", "reason": "Plus juste."}
    return amendment_create(lesson=lesson, proposer=user, **(fields | overrides))


@pytest.mark.django_db
def test_a_comment_is_visible_at_once_and_bad_input_is_refused(lesson, learner):
    comment = comment_create(lesson=lesson, author=learner, body="  Très clair, merci !  ", block_id="b-text")
    assert comment.body == "Très clair, merci !" and comment.revision == lesson.live_revision
    codes = []
    for body, block in (("", ""), ("x" * 2001, ""), ("ok", "no-such-block")):
        with pytest.raises(FeedbackError) as error:
            comment_create(lesson=lesson, author=learner, body=body, block_id=block)
        codes.append(error.value.code)
    assert codes == ["comment_empty", "comment_too_long", "block_unknown"]
    assert LessonComment.objects.count() == 1


@pytest.mark.django_db
def test_comments_are_rate_limited_per_person(lesson, learner, trainer):
    for n in range(5):
        comment_create(lesson=lesson, author=learner, body=f"Remarque {n}")
    with pytest.raises(FeedbackError) as error:
        comment_create(lesson=lesson, author=learner, body="Une de trop")
    assert error.value.code == "rate_limited"
    comment_create(lesson=lesson, author=trainer, body="Quelqu'un d'autre")
    LessonComment.objects.update(created_at=timezone.now() - timedelta(minutes=11))  # the window has passed
    comment_create(lesson=lesson, author=learner, body="Plus tard")


@pytest.mark.django_db
def test_only_the_national_admin_hides_and_restores_comments(lesson, learner, national_admin, side_a):
    comment = comment_create(lesson=lesson, author=learner, body="Hors sujet")
    for someone in (learner, side_a.author):
        with pytest.raises(FeedbackError) as error:
            comment_hide(comment=comment, by=someone)
        assert error.value.code == "forbidden"
    assert comment_hide(comment=comment, by=national_admin, reason="Hors sujet").status == CommentStatus.HIDDEN
    assert comment_restore(comment=comment, by=national_admin).status == CommentStatus.VISIBLE


@pytest.mark.django_db
def test_the_lesson_page_lists_visible_comments_escaped_and_offers_forms_to_signed_in_users(
    client, lesson, learner, national_admin
):
    comment_create(lesson=lesson, author=learner, body="<script>alert(1)</script> Bien vu")
    hidden = comment_create(lesson=lesson, author=learner, body="Message masqué")
    comment_hide(comment=hidden, by=national_admin)
    anonymous = client.get(lesson.url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Bien vu" in anonymous and "<script>alert(1)" not in anonymous
    assert "Message masqué" not in anonymous and 'action="/cours/lecons/' not in anonymous
    client.force_login(learner)
    signed_in = client.get(lesson.url, {"bloc": "b-gloss"}).content.decode()
    assert reverse("courses:comment_create", args=[lesson.pk]) in signed_in
    assert '<option value="b-gloss" selected>' in signed_in and 'value="b-text"' in signed_in


@pytest.mark.django_db
def test_posting_a_comment_and_a_proposal_from_the_lesson_page(client, lesson, learner):
    assert client.post(reverse("courses:comment_create", args=[lesson.pk]), {"body": "Merci"}).status_code == 302
    client.force_login(learner)
    response = client.post(reverse("courses:comment_create", args=[lesson.pk]), {"body": "Merci"})
    assert response.status_code == 302 and LessonComment.objects.get().author == learner
    empty = client.post(reverse("courses:comment_create", args=[lesson.pk]), {"body": "  "})
    assert empty.status_code == 400 and "Écrivez votre commentaire." in empty.content.decode()
    data = {"block_id": "b-gloss", "proposed_text": "Un écart <b>systématique</b> et répété.", "reason": "Précision"}
    response = client.post(reverse("courses:amendment_create", args=[lesson.pk]), data)
    assert response.status_code == 302
    proposal = lesson.amendments.get()
    assert proposal.original_text == "Un écart systématique." and proposal.revision == lesson.live_revision
    bad = client.post(reverse("courses:amendment_create", args=[lesson.pk]), {**data, "block_id": "nope"})
    assert bad.status_code == 400 and lesson.amendments.count() == 1


@pytest.mark.django_db
def test_a_draft_lesson_takes_no_comment_and_no_proposal(client, side_a, learner):
    draft = side_a.module.add_child(instance=lesson_page(title="Brouillon", slug="brouillon", live=False))
    client.force_login(learner)
    assert client.post(reverse("courses:comment_create", args=[draft.pk]), {"body": "x"}).status_code == 404
    with pytest.raises(FeedbackError) as error:
        comment_create(lesson=draft, author=learner, body="x")
    assert error.value.code == "lesson_not_live"


@pytest.mark.django_db
def test_proposals_refuse_bad_input_and_are_rate_limited(lesson, learner):
    cases = [
        ({"proposed_text": ""}, "amendment_empty"),
        ({"proposed_text": "x" * 5001}, "amendment_too_long"),
        ({"reason": " "}, "reason_empty"),
        ({"block_id": "missing"}, "block_unknown"),
        ({"proposed_text": "Un écart systématique.", "block_id": "b-gloss"}, "amendment_unchanged"),
        ({"revision_id": 999999}, "revision_unknown"),
    ]
    for overrides, code in cases:
        with pytest.raises(FeedbackError) as error:
            _propose(lesson, learner, **overrides)
        assert error.value.code == code
    for n in range(5):
        _propose(lesson, learner, proposed_text=f"Version {n}")
    with pytest.raises(FeedbackError) as error:
        _propose(lesson, learner, proposed_text="Version 6")
    assert error.value.code == "rate_limited"


@pytest.mark.django_db(transaction=False)
def test_accepting_writes_a_draft_with_the_escaped_text_and_notifies_the_proposer(
    lesson, learner, side_a, django_capture_on_commit_callbacks
):
    proposal = _propose(lesson, learner, proposed_text="Premier <i>paragraphe</i>.\n\nSecond paragraphe.")
    with django_capture_on_commit_callbacks(execute=True):
        revision = amendment_accept(proposal=proposal, by=side_a.author)
    draft = revision.as_object()
    assert draft.body[0].value.source == "<p>Premier &lt;i&gt;paragraphe&lt;/i&gt;.</p><p>Second paragraphe.</p>"
    assert draft.body[0].id == "b-text" and draft.body[1].value["term"] == "Biais"
    live = LessonPage.objects.get(pk=lesson.pk)
    assert "apprend" in live.body[0].value.source and live.has_unpublished_changes  # a draft, not a publication
    proposal.refresh_from_db()
    assert proposal.status == AmendmentStatus.ACCEPTED and proposal.result_revision == revision
    assert [m.to for m in mail.outbox] == [[learner.email]] and "accepté" in mail.outbox[0].body


@pytest.mark.django_db
def test_a_changed_block_is_a_visible_conflict(client, lesson, learner, side_a):
    proposal = _propose(lesson, learner)
    edited = lesson.get_latest_revision_as_object()
    edited.body[0].value = type(edited.body[0].value)("<p>Réécrit entre-temps.</p>")
    edited.save_revision(user=side_a.author)
    with pytest.raises(FeedbackError) as error:
        amendment_accept(proposal=proposal, by=side_a.author)
    assert error.value.code == "amendment_conflict" and error.value.extra["current_text"] == "Réécrit entre-temps."
    client.force_login(side_a.author)
    page = client.get(reverse("courses_admin:amendment_detail", args=[proposal.pk])).content.decode()
    assert "data-conflict" in page and "Réécrit entre-temps." in page and 'name="accept"' not in page
    proposal.refresh_from_db()
    assert proposal.status == AmendmentStatus.PENDING


@pytest.mark.django_db
def test_rejecting_needs_a_reason_which_the_proposer_receives(
    lesson, learner, side_a, django_capture_on_commit_callbacks
):
    proposal = _propose(lesson, learner)
    with pytest.raises(FeedbackError) as error:
        amendment_reject(proposal=proposal, by=side_a.author, reason="")
    assert error.value.code == "reason_empty"
    with django_capture_on_commit_callbacks(execute=True):
        amendment_reject(proposal=proposal, by=side_a.author, reason="Le texte actuel est déjà exact.")
    assert "Le texte actuel est déjà exact." in mail.outbox[0].body
    with pytest.raises(FeedbackError) as error:
        amendment_accept(proposal=proposal, by=side_a.author)
    assert error.value.code == "amendment_decided"


@pytest.mark.django_db
def test_only_the_lesson_editors_see_and_decide_proposals(client, lesson, learner, side_a, side_b, national_admin):
    proposal = _propose(lesson, learner)
    for outsider in (learner, side_b.author):
        with pytest.raises(FeedbackError) as error:
            amendment_accept(proposal=proposal, by=outsider)
        assert error.value.code == "forbidden"
    client.force_login(side_b.author)
    assert "Leçon ouverte" not in client.get(reverse("courses_admin:amendment_index")).content.decode()
    detail = reverse("courses_admin:amendment_detail", args=[proposal.pk])
    assert client.get(detail).status_code == 404
    assert client.post(detail, {"accept": "1"}).status_code == 404
    client.force_login(learner)
    assert client.get(detail).status_code in (302, 403)  # no admin access at all
    for editor in (side_a.author, national_admin):
        client.force_login(editor)
        assert "Leçon ouverte" in client.get(reverse("courses_admin:amendment_index")).content.decode()
    response = client.post(detail, {"accept": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_pages:edit", args=[lesson.pk])


@pytest.mark.django_db
def test_the_moderation_queue_is_for_the_national_admin_only(client, lesson, learner, side_a, national_admin):
    comment = comment_create(lesson=lesson, author=learner, body="Spam")
    queue = reverse("courses_admin:comment_moderation")
    act = reverse("courses_admin:comment_moderate", args=[comment.pk])
    client.force_login(side_a.author)
    assert client.get(queue).status_code in (302, 403)  # Wagtail turns PermissionDenied into a redirect
    assert client.post(act, {"action": "hide"}).status_code == 404
    client.force_login(national_admin)
    assert "Spam" in client.get(queue).content.decode()
    assert client.post(act, {"action": "hide", "reason": "Publicité"}).status_code == 302
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN and comment.moderation_reason == "Publicité"
    client.post(act, {"action": "restore"})
    comment.refresh_from_db()
    assert comment.status == CommentStatus.VISIBLE
