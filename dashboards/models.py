"""Hub API tokens: a Hub's own tools read its completion figures (issue 5, decision 0041)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HubApiTokenQuerySet(models.QuerySet):
    def active(self) -> HubApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class HubApiToken(models.Model):
    """A bearer token scoped to one Hub. Only the SHA-256 of the 256-bit secret is stored; the secret is shown once.

    Revoked, never deleted: the list keeps who issued and revoked what, and when it was last used.
    """

    hub = models.ForeignKey("training.Hub", on_delete=models.PROTECT, related_name="api_tokens", verbose_name=_("Hub"))
    name = models.CharField(_("name"), max_length=150, help_text=_("What the token is for, e.g. “Hub dashboard”."))
    prefix = models.CharField(_("prefix"), max_length=12, editable=False, help_text=_("Start of the secret."))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = HubApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("Hub API token")
        verbose_name_plural = _("Hub API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.hub} · {self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class LearnerActor(models.Model):
    """Cache of a learner's pseudonymous actor name (``xapi.actors.actor_name``: an HMAC of ``public_id`` under
    ``XAPI_ACTOR_SECRET``), so the figures join the LRS projections in SQL instead of computing an HMAC per learner
    and sending thousands of names per view. A pure function of its inputs: filled on demand by
    ``dashboards.selectors``, never edited; ``secret_fingerprint`` makes a rotated secret refill it.

    .. pii: pseudonymous (the same HMAC the LRS stores); deleted with the user (CASCADE).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="lrs_actor"
    )
    actor_name = models.CharField(max_length=64)
    secret_fingerprint = models.CharField(max_length=16)

    class Meta:
        verbose_name = _("learner's xAPI actor")
        verbose_name_plural = _("learners' xAPI actors")

    def __str__(self) -> str:
        return self.actor_name


class ModuleCompletion(models.Model):
    """Projection of the platform's module ``completed`` statements (``courses.progress.module_completion_record``):
    one narrow row per learner and module, so "day 1 completed" is an index probe, not a read of the statements.

    Filled by a statement handler (``dashboards.projection``), emptied of a voided statement's row, rebuilt from the
    LRS by ``manage.py rebuild_dashboards`` (rebuild == incremental: both read the same statements).

    .. pii: pseudonymous only (the actor name). After ``lrs_purge`` of a learner, run ``rebuild_dashboards`` so
       their rows go too (the purge does not know this app).
    """

    learner_actor = models.CharField(max_length=64)
    module_id = models.PositiveIntegerField()  # a page pk, no FK: rebuildable from statements alone
    statement_id = models.UUIDField(unique=True)
    completed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("module completion")
        verbose_name_plural = _("module completions")
        constraints = [
            models.UniqueConstraint(fields=["module_id", "learner_actor"], name="module_completion_one_per_learner")
        ]

    def __str__(self) -> str:
        return f"{self.learner_actor} · {self.module_id}"
