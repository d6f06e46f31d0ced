"""Wagtail admin wiring: the Quiz snippet under a per-quiz permission policy, and learners' extra time."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    DeleteView,
    EditView,
    HistoryView,
    IndexView,
    SnippetViewSet,
    UsageView,
)

from assessments.forms import QuizAdminForm
from assessments.models import Quiz, QuizAccommodation
from assessments.permissions import QuizPermissionPolicy, quizzes_editable_by

register_permission_policy(Quiz, QuizPermissionPolicy(Quiz))
Quiz.base_form_class = QuizAdminForm  # set here: the form imports permissions, which import the models


class _ScopedObjectMixin:
    """A quiz the user may not edit is a 404, as it is absent from their list (Wagtail checks only model-wide)."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not quizzes_editable_by(self.request.user).filter(pk=obj.pk).exists():
            raise Http404
        return obj


class QuizIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().filter(pk__in=quizzes_editable_by(self.request.user).values("pk"))


class QuizEditView(_ScopedObjectMixin, EditView):
    pass


class QuizDeleteView(_ScopedObjectMixin, DeleteView):
    pass


class QuizUsageView(_ScopedObjectMixin, UsageView):
    pass


class QuizHistoryView(_ScopedObjectMixin, HistoryView):
    pass


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "tasks"
    menu_label = _("Quizzes")
    menu_order = 300
    add_to_admin_menu = True
    index_view_class = QuizIndexView
    edit_view_class = QuizEditView
    delete_view_class = QuizDeleteView
    usage_view_class = QuizUsageView
    history_view_class = QuizHistoryView
    list_display = ["title", "kind", "module", "programme"]
    list_filter = ["kind"]
    search_fields = ["title"]


register_snippet(QuizViewSet)


class QuizAccommodationViewSet(ModelViewSet):
    model = QuizAccommodation
    icon = "time"
    menu_label = _("Extra time")
    add_to_settings_menu = True
    form_fields = ["learner", "extra_time_percent", "note"]
    list_display = ["learner", "extra_time_percent", "note", "updated_at"]


@hooks.register("register_admin_viewset")
def register_accommodation_viewset():
    return QuizAccommodationViewSet("quiz_accommodations")
