"""Hub API tokens: a Hub's own tools read its completion figures (issue 5, decision 0041)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HubApiTokenQuerySet(models.QuerySet):
    def active(self) -> HubApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


TOKEN_LIFETIME = timedelta(days=365)  # what the admin form proposes; a token never lives for ever (decision 0041)


def token_expiry_default():
    return timezone.now() + TOKEN_LIFETIME


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
    expires_at = models.DateTimeField(
        _("expires at"), default=token_expiry_default, help_text=_("After this date the token is refused.")
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    # rate limit: requests counted in the current minute (one row update per call, exact across workers)
    rate_window_start = models.DateTimeField(null=True, blank=True, editable=False)
    rate_window_count = models.PositiveIntegerField(default=0, editable=False)
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
        return self.revoked_at is None and self.expires_at > timezone.now()


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
    actor_name = models.CharField(max_length=64, db_index=True)  # a module statement → its learner's enrolments
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


class EnrolmentMilestones(models.Model):
    """One enrolment's four milestones, materialised so the completion figures are one ``GROUP BY`` over narrow
    rows instead of per-learner subqueries at every view (decision 0043).

    Computed by ``dashboards.milestones.milestones_refresh`` with the same SQL rules as before (decision 0042), for
    any enrolment state (the read filters the counted states on the enrolment itself). Kept current by the
    statement handler (a module completion arrives or is voided) and by signals on the records each flag reads
    (attendance, in-person sessions, enrolments, cohorts, exit attempts, quizzes, attestations:
    ``dashboards.receivers``); a read fills the rows it finds missing (bulk-created enrolments) and recomputes a
    programme whose day-1 modules changed since (``MilestoneBasis``); ``manage.py rebuild_dashboards`` recomputes
    them all.

    .. pii: yes/no flags about a learner's enrolment, nothing else; deleted with the enrolment (CASCADE).
    """

    enrolment = models.OneToOneField(
        "training.Enrolment", on_delete=models.CASCADE, primary_key=True, related_name="milestones"
    )
    day1_completed = models.BooleanField(default=False)
    day2_attended = models.BooleanField(default=False)
    evaluation_passed = models.BooleanField(default=False)
    attestation_issued = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("enrolment milestones")
        verbose_name_plural = _("enrolment milestones")

    def __str__(self) -> str:
        return f"{self.enrolment_id}"


class MilestoneBasis(models.Model):
    """The day-1 modules (live modules of the remote days) each programme's stored ``day1_completed`` flags were
    computed against. Publishing, unpublishing or moving a module changes that set without touching any learner's
    record: a read that finds the set changed recomputes the programme's enrolments, then stores the new set."""

    programme_id = models.PositiveIntegerField(primary_key=True)  # a page pk, no FK (as ModuleCompletion)
    day1_modules = models.TextField(blank=True)  # sorted page pks, comma-separated

    class Meta:
        verbose_name = _("milestone basis")
        verbose_name_plural = _("milestone bases")

    def __str__(self) -> str:
        return f"{self.programme_id}: {self.day1_modules}"
