"""The admin form of an H5P activity: upload a ``.h5p`` file (checked before anything is stored), or rename it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from courses.h5p import H5PPackageError, h5p_archive_validate
from courses.services_h5p import h5p_library_current, h5p_package_create


class H5PPackageForm(WagtailAdminModelForm):
    package_file = forms.FileField(
        label=_("H5P file"),
        required=False,
        help_text=_("A .h5p file exported from H5P, with its libraries."),
        widget=forms.ClearableFileInput(attrs={"accept": ".h5p"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["package_file"]  # a package is immutable: upload a new one to change it
        else:
            self.fields["title"].required = False
            self.fields["title"].help_text = _("Leave empty to use the title written in the package.")

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            return cleaned
        upload = cleaned.get("package_file")
        if not upload:
            self.add_error("package_file", _("Choose the .h5p file to upload."))
        elif not upload.name.lower().endswith(".h5p"):
            self.add_error("package_file", _("The file must be an H5P package (.h5p)."))
        else:
            try:
                h5p_archive_validate(upload, installed=lambda ref: h5p_library_current(ref=ref) is not None)
            except H5PPackageError as error:
                self.add_error("package_file", error.message)
        return cleaned

    def save(self, commit=True):
        if self.instance.pk:
            return super().save(commit=commit)
        upload = self.cleaned_data["package_file"]
        self.instance = h5p_package_create(
            upload=upload,
            uploaded_by=self.for_user,
            filename=upload.name,
            title=self.cleaned_data.get("title") or "",
        )
        return self.instance
