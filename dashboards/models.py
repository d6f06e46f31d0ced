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
