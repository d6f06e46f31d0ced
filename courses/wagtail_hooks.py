"""Wagtail admin wiring of the courses app: H5P activities (upload, list, chooser for the lesson block)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from courses.forms_h5p import H5PPackageForm
from courses.models_h5p import H5PPackage


class H5PPackageViewSet(SnippetViewSet):
    model = H5PPackage
    icon = "pick"
    menu_label = _("H5P activities")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["title", "main_library", "uploaded_by", "uploaded_at"]
    search_fields = ["title"]
    panels = [FieldPanel("package_file"), FieldPanel("title")]

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=H5PPackageForm).bind_to_model(self.model)


register_snippet(H5PPackageViewSet)
