"""The learner's progress through the lessons: a projection of the LRS, rebuilt by ``manage.py rebuild_progress``.

Rows are keyed by the learner's pseudonymous actor name (``xapi.actors.actor_name``), not by a user FK: a statement
carries only that HMAC, and the projection must be rebuildable from statements alone.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LessonProgress(models.Model):
    """Where one learner stands on one lesson, derived from their trusted lesson statements.

    .. pii: learner_actor is pseudonymous (HMAC of the user's public_id); deleted with the LRS records (lrs_purge)
       and recreated from them by rebuild_progress.
    """

    learner_actor = models.CharField(_("learner (xAPI actor name)"), max_length=64)
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="progress_rows", verbose_name=_("lesson")
    )
    experienced_at = models.DateTimeField(_("first opened at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("first completed at"), null=True, blank=True)
    active_seconds = models.PositiveIntegerField(_("active time (seconds)"), default=0)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["learner_actor", "lesson"], name="lesson_progress_one_per_learner"),
        ]

    def __str__(self) -> str:
        return f"{self.learner_actor} · {self.lesson_id}"
