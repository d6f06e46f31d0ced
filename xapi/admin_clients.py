"""LRS credentials in the Wagtail admin: list, create (the secret is shown once), edit scopes, deactivate."""

from __future__ import annotations

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from xapi.clients import lrs_client_create
from xapi.http import SCOPES
from xapi.models import LrsClient

SCOPE_CHOICES = [(scope, scope) for scope in SCOPES]


class LrsClientCreateForm(WagtailAdminModelForm):
    key = forms.CharField(label=_("key"), required=False, max_length=64,
                          help_text=_("Leave empty to generate a random key."))  # fmt: skip
    scopes = forms.MultipleChoiceField(label=_("scopes"), choices=SCOPE_CHOICES, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = LrsClient
        fields = ["name"]

    def clean_key(self) -> str:
        key = self.cleaned_data["key"].strip()
        if key and LrsClient.objects.filter(key=key).exists():
            raise forms.ValidationError(_("An LRS client with this key already exists."))
        return key


class LrsClientEditForm(WagtailAdminModelForm):
    scopes = forms.MultipleChoiceField(label=_("scopes"), choices=SCOPE_CHOICES, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = LrsClient
        fields = ["name", "scopes", "is_active"]


class LrsClientCreateView(generic.CreateView):
    def save_instance(self):
        client, self.secret = lrs_client_create(
            name=self.form.cleaned_data["name"],
            key=self.form.cleaned_data["key"] or None,
            scopes=self.form.cleaned_data["scopes"],
        )
        return client

    def get_success_message(self, instance):
        return format_html(
            _("LRS client created. Key: <code>{key}</code> — secret: <code>{secret}</code>. "
              "Copy the secret now: it is not stored and will not be shown again."),
            key=instance.key, secret=self.secret,
        )  # fmt: skip


class LrsClientViewSet(ModelViewSet):
    model = LrsClient
    icon = "key"
    menu_label = _("LRS clients")
    add_to_settings_menu = True
    add_view_class = LrsClientCreateView
    list_display = ["name", "key", "scopes", "is_active", "last_used_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "key"]
    inspect_view_enabled = False

    def get_form_class(self, for_update: bool = False):
        return LrsClientEditForm if for_update else LrsClientCreateForm


@hooks.register("register_admin_viewset")
def register_lrs_clients() -> LrsClientViewSet:
    return LrsClientViewSet("lrs_clients")
