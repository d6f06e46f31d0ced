"""Downloadable archives of a module (decision 0033): built by a Celery task, kept until the content changes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ModuleExport(models.Model):
    """One archive of one module for one state of its content (``content_key``: the live revisions of the module
    and of its lessons). A new publication changes the key, so the next request builds a new archive."""

    module = models.ForeignKey(
        "courses.ModulePage", on_delete=models.CASCADE, related_name="exports", verbose_name=_("module")
    )
    content_key = models.CharField(_("content key"), max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("archive"), upload_to="exports/modules/", blank=True)
    missing = models.JSONField(_("missing media"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("module export")
        verbose_name_plural = _("module exports")
        constraints = [
            models.UniqueConstraint(fields=["module", "content_key"], name="module_export_one_per_content"),
        ]

    def __str__(self) -> str:
        return f"{self.module_id} · {self.content_key[:8]} · {self.status}"
