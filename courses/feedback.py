"""Services of comments and amendment proposals on lessons (decision 0031).

Anyone signed in may comment on a live lesson or propose an amendment to one of its text blocks, within a rate
limit counted in the database (so it holds across processes). Comments are visible at once and moderated
afterwards by the national admin (hide, restore). Proposals are decided by the lesson's editors: accepting writes a
draft revision with the text applied — never a publication, which stays with the review workflow — unless the
block changed since the proposer read it (a conflict, shown to the author). The proposer hears of the outcome by
e-mail, sent by a Celery task after commit.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Revision

from core.audit import audit_log
from core.exceptions import ApplicationError
from courses.amendments import block_apply, block_source, block_text, find_block
from courses.models import LessonPage
from courses.models_feedback import (
    AMENDMENT_REASON_MAX_LENGTH,
    AMENDMENT_TEXT_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    AmendmentProposal,
    AmendmentStatus,
    CommentStatus,
    LessonComment,
)
from courses.permissions import can_decide_amendment, can_moderate_comments

COMMENT_RATE = (5, timedelta(minutes=10))  # at most 5 comments per person in 10 minutes
AMENDMENT_RATE = (5, timedelta(hours=1))


class FeedbackError(ApplicationError):
    pass


def _text(value: str, *, max_length: int, empty_message: str, long_message: str, code: str) -> str:
    value = (value or "").strip()
    if not value:
        raise FeedbackError(empty_message, code=f"{code}_empty")
    if len(value) > max_length:
        raise FeedbackError(long_message % {"max": max_length}, code=f"{code}_too_long")
    return value


def _rate_check(queryset, rate: tuple[int, timedelta], message: str) -> None:
    limit, window = rate
    if queryset.filter(created_at__gte=timezone.now() - window).count() >= limit:
        raise FeedbackError(message, code="rate_limited")


def _live_revision(lesson: LessonPage, revision_id: int | None) -> Revision:
    """The revision a person read: the given one if it belongs to the lesson, else the live one."""
    if revision_id:
        revision = Revision.page_revisions.filter(pk=revision_id, object_id=str(lesson.pk)).first()
        if revision is None:
            raise FeedbackError(_("This version of the lesson does not exist."), code="revision_unknown")
        return revision
    return lesson.live_revision or lesson.latest_revision


@transaction.atomic
def comment_create(*, lesson: LessonPage, author, body: str, block_id: str = "") -> LessonComment:
    """A visible comment under a live lesson (optionally on one block of its live revision). Rate-limited."""
    if not lesson.live:
        raise FeedbackError(_("This lesson is not published."), code="lesson_not_live")
    body = _text(
        body,
        max_length=COMMENT_MAX_LENGTH,
        empty_message=_("Write your comment."),
        long_message=_("Your comment is too long (%(max)s characters at most)."),
        code="comment",
    )
    if block_id and find_block(lesson.body, block_id) is None:
        raise FeedbackError(_("This passage is no longer in the lesson."), code="block_unknown")
    _rate_check(
        LessonComment.objects.filter(author=author),
        COMMENT_RATE,
        _("You have written several comments in a short time: wait a few minutes before the next one."),
    )
    return LessonComment.objects.create(
        lesson=lesson, revision=lesson.live_revision, block_id=block_id, author=author, body=body
    )


def _moderate(*, comment: LessonComment, by, status: str, reason: str, action: str) -> LessonComment:
    if not can_moderate_comments(by):
        raise FeedbackError(_("You may not moderate comments."), code="forbidden")
    comment = LessonComment.objects.select_for_update().get(pk=comment.pk)
    comment.status, comment.moderated_by, comment.moderated_at = status, by, timezone.now()
    comment.moderation_reason = reason.strip()[:255]
    comment.save(update_fields=["status", "moderated_by", "moderated_at", "moderation_reason"])
    audit_log(actor=by, action=action, target=comment, data={"reason": comment.moderation_reason})
    return comment


@transaction.atomic
def comment_hide(*, comment: LessonComment, by, reason: str = "") -> LessonComment:
    """Hide a comment from the lesson page (kept for the record and for a restore). Idempotent."""
    return _moderate(
        comment=comment, by=by, status=CommentStatus.HIDDEN, reason=reason, action="courses.comment.hidden"
    )


@transaction.atomic
def comment_restore(*, comment: LessonComment, by) -> LessonComment:
    return _moderate(
        comment=comment, by=by, status=CommentStatus.VISIBLE, reason="", action="courses.comment.restored"
    )


@transaction.atomic
def amendment_create(
    *, lesson: LessonPage, proposer, block_id: str, proposed_text: str, reason: str, revision_id: int | None = None
) -> AmendmentProposal:
    """Propose a new text for one block of the revision the proposer read. Rate-limited; text kept as plain text."""
    if not lesson.live:
        raise FeedbackError(_("This lesson is not published."), code="lesson_not_live")
    revision = _live_revision(lesson, revision_id)
    block = find_block(revision.as_object().body, block_id)
    if block is None:
        raise FeedbackError(_("Choose the passage you propose to change."), code="block_unknown")
    original = block_text(block)
    if original is None:
        raise FeedbackError(_("This kind of passage cannot be amended here; write a comment."), code="block_fixed")
    proposed_text = _text(
        proposed_text,
        max_length=AMENDMENT_TEXT_MAX_LENGTH,
        empty_message=_("Write the text you propose."),
        long_message=_("The proposed text is too long (%(max)s characters at most)."),
        code="amendment",
    )
    reason = _text(
        reason,
        max_length=AMENDMENT_REASON_MAX_LENGTH,
        empty_message=_("Say why you propose this change."),
        long_message=_("The reason is too long (%(max)s characters at most)."),
        code="reason",
    )
    if proposed_text == original:
        raise FeedbackError(_("The proposed text is the same as the current one."), code="amendment_unchanged")
    _rate_check(
        AmendmentProposal.objects.filter(proposer=proposer),
        AMENDMENT_RATE,
        _("You have proposed several amendments in a short time: wait a little before the next one."),
    )
    proposal = AmendmentProposal.objects.create(
        lesson=lesson,
        revision=revision,
        block_id=block_id,
        block_type=block.block_type,
        original_text=original,
        proposed_text=proposed_text,
        reason=reason,
        proposer=proposer,
    )
    audit_log(actor=proposer, action="courses.amendment.proposed", target=proposal, data={"block": block_id})
    return proposal


def amendment_conflict(*, proposal: AmendmentProposal) -> str | None:
    """The block's current text when it changed since the proposal's revision (or "" if it was removed), else None.

    "Current" is the lesson's latest revision, draft included: a draft already touching the block is a conflict too.
    """
    read = find_block(proposal.revision.as_object().body, proposal.block_id)
    latest = proposal.lesson.get_latest_revision_as_object()
    current = find_block(latest.body, proposal.block_id)
    if current is None or current.block_type != proposal.block_type:
        return ""
    if read is None or block_source(current) != block_source(read):
        return block_text(current) or ""
    return None


def _decide(proposal: AmendmentProposal, by) -> AmendmentProposal:
    proposal = AmendmentProposal.objects.select_for_update().select_related("lesson").get(pk=proposal.pk)
    if not can_decide_amendment(by, proposal):
        raise FeedbackError(_("You may not decide on this proposal."), code="forbidden")
    if proposal.status != AmendmentStatus.PENDING:
        raise FeedbackError(_("This proposal has already been decided."), code="amendment_decided")
    return proposal


def _notify_after_commit(proposal: AmendmentProposal) -> None:
    from courses.tasks import amendment_outcome_notify_task

    transaction.on_commit(lambda: amendment_outcome_notify_task.delay(proposal.pk))


@transaction.atomic
def amendment_accept(*, proposal: AmendmentProposal, by) -> Revision:
    """Write a draft revision of the lesson with the proposal applied; the author submits it to review afterwards.

    Raises ``FeedbackError`` ``amendment_conflict`` (with ``extra["current_text"]``) when the block changed since.
    """
    proposal = _decide(proposal, by)
    current = amendment_conflict(proposal=proposal)
    if current is not None:
        raise FeedbackError(
            _("This passage has changed since the proposal was made: compare the texts before deciding."),
            code="amendment_conflict",
            extra={"current_text": current},
        )
    lesson = proposal.lesson.get_latest_revision_as_object()
    block_apply(find_block(lesson.body, proposal.block_id), proposal.proposed_text)
    revision = lesson.save_revision(user=by, log_action=True)
    proposal.status, proposal.decided_by, proposal.decided_at = AmendmentStatus.ACCEPTED, by, timezone.now()
    proposal.result_revision = revision
    proposal.save(update_fields=["status", "decided_by", "decided_at", "result_revision"])
    audit_log(actor=by, action="courses.amendment.accepted", target=proposal, data={"revision": revision.pk})
    _notify_after_commit(proposal)
    return revision


@transaction.atomic
def amendment_reject(*, proposal: AmendmentProposal, by, reason: str) -> AmendmentProposal:
    """Reject with a reason, which the proposer receives."""
    proposal = _decide(proposal, by)
    reason = _text(
        reason,
        max_length=AMENDMENT_REASON_MAX_LENGTH,
        empty_message=_("Say why you reject this proposal: the proposer will read it."),
        long_message=_("The reason is too long (%(max)s characters at most)."),
        code="reason",
    )
    proposal.status, proposal.decided_by, proposal.decided_at = AmendmentStatus.REJECTED, by, timezone.now()
    proposal.decision_reason = reason
    proposal.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    audit_log(actor=by, action="courses.amendment.rejected", target=proposal, data={})
    _notify_after_commit(proposal)
    return proposal


def amendment_outcome_notify(*, proposal: AmendmentProposal) -> bool:
    """E-mail the proposer the decision. Sends nothing for a pending proposal; re-sending after a retry is harmless."""
    if proposal.status == AmendmentStatus.PENDING or not proposal.proposer.email:
        return False
    from courses.selectors import page_url

    context = {"proposal": proposal, "lesson_url": page_url(proposal.lesson)}
    send_mail(
        subject=_("Your amendment proposal on « %(title)s »") % {"title": proposal.lesson.title},
        message=render_to_string("courses/emails/amendment_outcome.txt", context),
        from_email=None,
        recipient_list=[proposal.proposer.email],
    )
    return True
