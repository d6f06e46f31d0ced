"""Wagtail admin wiring of the courses app (R12): partner pages, the partners' page chooser, contributions, H5P
activities (upload, list, chooser for the lesson block)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.partners import PARTNER_PAGES_HOOK
from courses.forms_h5p import H5PPackageForm
from courses.models_h5p import H5PPackage
from courses.partners import chooser_pages_for, partner_module_pages
from courses.permissions import can_moderate_comments

hooks.register(PARTNER_PAGES_HOOK, partner_module_pages)


@hooks.register("construct_page_chooser_queryset")
def partner_chooser_pages(pages, request):
    return chooser_pages_for(user=request.user, pages=pages)


@hooks.register("register_admin_urls")
def feedback_admin_urls():
    from django.urls import include, path

    from courses import admin_views

    urls = [
        path("", admin_views.amendment_index_view, name="amendment_index"),
        path("<int:proposal_id>/", admin_views.amendment_detail_view, name="amendment_detail"),
        path("commentaires/", admin_views.comment_moderation_view, name="comment_moderation"),
        path("commentaires/<int:comment_id>/", admin_views.comment_moderate_view, name="comment_moderate"),
    ]
    return [path("contributions/", include((urls, "courses_admin")))]


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return can_moderate_comments(request.user)


@hooks.register("register_admin_menu_item")
def amendment_menu_item():
    return MenuItem(_("Amendment proposals"), reverse("courses_admin:amendment_index"), icon_name="edit", order=250)


@hooks.register("register_admin_menu_item")
def comment_menu_item():
    return ModerationMenuItem(
        _("Comment moderation"), reverse("courses_admin:comment_moderation"), icon_name="comment", order=251
    )


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
