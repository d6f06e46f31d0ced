"""Comments and amendment proposals on lessons: the commons are open to everyone who is signed in (decision 0031).

Both point at "a given block of a given revision": the lesson, the revision the person was reading (its live
revision then) and the block's StreamField id (``data-block-id`` in the page).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

COMMENT_MAX_LENGTH = 2000
AMENDMENT_TEXT_MAX_LENGTH = 5000
AMENDMENT_REASON_MAX_LENGTH = 1000


class CommentStatus(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    HIDDEN = "hidden", _("Hidden by moderation")


class LessonComment(models.Model):
    """A comment under a lesson, published at once and moderated afterwards (hidden or restored).

    .. pii: author (FK to User, shown by first name); body is free text. Deleted with the author's account.
    """

    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="comments", verbose_name=_("lesson")
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    block_id = models.CharField(_("block"), max_length=64, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_comments", verbose_name=_("author")
    )
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CommentStatus.choices, default=CommentStatus.VISIBLE, db_index=True
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderation_reason = models.CharField(_("moderation reason"), max_length=255, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("lesson comment")
        verbose_name_plural = _("lesson comments")
        permissions = [("moderate_lessoncomment", "Can moderate lesson comments")]

    def __str__(self) -> str:
        return f"{self.lesson_id} · {self.body[:40]}"


class AmendmentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class AmendmentProposal(models.Model):
    """A suggested replacement of one block's text, with its reason, decided by the module's authors.

    Accepting writes a *draft* revision of the lesson with the text applied (the authors then submit it to review);
    it is refused as a conflict when the block changed since the revision the proposer read.

    .. pii: proposer (FK to User, notified by e-mail of the outcome). Deleted with the proposer's account.
    """

    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="amendments", verbose_name=_("lesson")
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.PROTECT, related_name="+", verbose_name=_("revision read")
    )
    block_id = models.CharField(_("block"), max_length=64)
    block_type = models.CharField(_("block type"), max_length=64)
    original_text = models.TextField(_("original text"))
    proposed_text = models.TextField(_("proposed text"), max_length=AMENDMENT_TEXT_MAX_LENGTH)
    reason = models.TextField(_("reason"), max_length=AMENDMENT_REASON_MAX_LENGTH)
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="amendments", verbose_name=_("proposer")
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AmendmentStatus.choices, default=AmendmentStatus.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason of the decision"), blank=True)
    result_revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("draft revision with the amendment"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("amendment proposal")
        verbose_name_plural = _("amendment proposals")

    def __str__(self) -> str:
        return f"{self.lesson_id} · {self.block_id} · {self.status}"
