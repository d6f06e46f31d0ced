"""H5P attempts: a projection of the learner's H5P statements in the LRS (``assessments.h5p``), rebuilt by
``manage.py rebuild_h5p_attempts``. Practice only: these scores come from the browser and can be forged, so
nothing that gates the attestation reads them (server-scored quizzes do).

Rows are keyed by the learner's pseudonymous actor name, as statements carry only that HMAC.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class H5PAttempt(models.Model):
    """One try at an H5P activity, opened by its top-level ``answered``/``completed`` statement with a result.

    .. pii: learner_actor is pseudonymous (HMAC of the user's public_id); deleted with the LRS records.
    """

    learner_actor = models.CharField(_("learner (xAPI actor name)"), max_length=64)
    package = models.ForeignKey(
        "courses.H5PPackage", on_delete=models.CASCADE, related_name="attempts", verbose_name=_("H5P activity")
    )
    statement_id = models.UUIDField(_("statement"), unique=True)
    statement_pk = models.BigIntegerField(_("order in the LRS"))
    registration = models.UUIDField(_("registration"), null=True, blank=True)
    verb_id = models.CharField(_("verb"), max_length=255)
    score_raw = models.FloatField(_("score"), null=True, blank=True)
    score_min = models.FloatField(_("minimum score"), null=True, blank=True)
    score_max = models.FloatField(_("maximum score"), null=True, blank=True)
    score_scaled = models.FloatField(_("scaled score"), null=True, blank=True)
    success = models.BooleanField(_("success"), null=True, blank=True)
    completion = models.BooleanField(_("completion"), null=True, blank=True)
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), default=0)
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("H5P attempt")
        verbose_name_plural = _("H5P attempts")
        ordering = ["statement_pk"]
        indexes = [models.Index(fields=["learner_actor", "package", "statement_pk"], name="h5p_attempt_learner_idx")]

    def __str__(self) -> str:
        return f"{self.learner_actor} · {self.package_id} · {self.score_raw}/{self.score_max}"


class H5PAttemptItem(models.Model):
    """A sub-content result (one question of the activity), attached to the learner's last attempt before it."""

    attempt = models.ForeignKey(H5PAttempt, on_delete=models.CASCADE, related_name="items", verbose_name=_("attempt"))
    sub_content_id = models.CharField(_("sub-content id"), max_length=64)
    statement_id = models.UUIDField(_("statement"), unique=True)
    statement_pk = models.BigIntegerField(_("order in the LRS"))
    verb_id = models.CharField(_("verb"), max_length=255)
    interaction_type = models.CharField(_("interaction type"), max_length=40, blank=True)
    description = models.TextField(_("question"), blank=True)
    response = models.TextField(_("response"), blank=True)
    score_raw = models.FloatField(_("score"), null=True, blank=True)
    score_max = models.FloatField(_("maximum score"), null=True, blank=True)
    success = models.BooleanField(_("success"), null=True, blank=True)

    class Meta:
        verbose_name = _("H5P attempt item")
        verbose_name_plural = _("H5P attempt items")
        ordering = ["statement_pk"]

    def __str__(self) -> str:
        return f"{self.attempt_id} · {self.sub_content_id}"
