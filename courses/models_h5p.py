"""H5P packages and the libraries they play with (archives are checked and unpacked by ``courses.h5p``).

A library version (``machineName major.minor.patch``) is stored once, whichever packages bundle it; packages play
with the newest patch installed of each ``major.minor`` they need, as H5P core does.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class H5PLibrary(models.Model):
    """One installed library version, unpacked once under ``storage_path``."""

    machine_name = models.CharField(_("machine name"), max_length=255)
    major_version = models.PositiveIntegerField(_("major version"))
    minor_version = models.PositiveIntegerField(_("minor version"))
    patch_version = models.PositiveIntegerField(_("patch version"))
    title = models.CharField(_("title"), max_length=255)
    runnable = models.BooleanField(_("runnable"), default=False)
    metadata = models.JSONField(_("library.json"), default=dict)
    storage_path = models.CharField(_("storage path"), max_length=500, unique=True)
    installed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("installed by"),
    )
    installed_at = models.DateTimeField(_("installed at"), default=timezone.now)

    class Meta:
        verbose_name = _("H5P library")
        verbose_name_plural = _("H5P libraries")
        constraints = [
            models.UniqueConstraint(
                fields=["machine_name", "major_version", "minor_version", "patch_version"],
                name="h5p_library_one_copy_per_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.machine_name} {self.version}"

    @property
    def version(self) -> str:
        return f"{self.major_version}.{self.minor_version}.{self.patch_version}"

    @property
    def folder(self) -> str:
        return f"{self.machine_name}-{self.major_version}.{self.minor_version}"


class H5PPackage(index.Indexed, models.Model):
    """An uploaded ``.h5p`` activity: its content, unpacked under ``storage_path``, plays in a sandboxed frame.

    .. pii: ``uploaded_by`` names a staff member or partner author (who uploaded what); no learner data.
    """

    title = models.CharField(_("title"), max_length=255)
    main_library = models.CharField(_("content type"), max_length=255, editable=False)
    language = models.CharField(_("language"), max_length=20, editable=False)
    embed_types = models.JSONField(_("embed types"), default=list, editable=False)
    h5p_json = models.JSONField(_("h5p.json"), default=dict, editable=False)
    storage_path = models.CharField(_("storage path"), max_length=500, unique=True, editable=False)
    original_filename = models.CharField(_("file name"), max_length=255, editable=False)
    size_bytes = models.PositiveBigIntegerField(_("size unpacked (bytes)"), default=0, editable=False)
    file_count = models.PositiveIntegerField(_("number of files"), default=0, editable=False)
    libraries = models.ManyToManyField(
        H5PLibrary, related_name="packages", verbose_name=_("libraries"), editable=False
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
        editable=False,
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)

    panels = [FieldPanel("title")]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title"), index.FilterField("main_library")]

    class Meta:
        verbose_name = _("H5P activity")
        verbose_name_plural = _("H5P activities")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.title
