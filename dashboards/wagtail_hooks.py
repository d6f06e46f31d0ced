"""Wagtail admin: Hub API tokens, issued by the national admin (the secret is shown once), revocable, never deleted."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from dashboards.models import HubApiToken
from dashboards.services import hub_token_create, hub_token_revoke


class HubApiTokenCreateForm(WagtailAdminModelForm):
    class Meta:
        model = HubApiToken
        fields = ["hub", "name", "expires_at"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expires_at"].required = False
        self.fields["expires_at"].help_text = _("After this date the token is refused. Empty: one year from today.")

    def clean_expires_at(self):
        value = self.cleaned_data.get("expires_at")
        if value is not None and value <= timezone.now():
            raise forms.ValidationError(_("The expiry date must be in the future."), code="expiry_past")
        return value


class HubApiTokenEditForm(WagtailAdminModelForm):
    revoke = forms.BooleanField(
        label=_("Revoke this token"),
        required=False,
        help_text=_("A revoked token is refused at once and cannot be restored: issue a new one instead."),
    )

    class Meta:
        model = HubApiToken
        fields = ["name"]


class HubApiTokenCreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        token, self.secret = hub_token_create(
            hub=data["hub"], name=data["name"], created_by=self.request.user, expires_at=data["expires_at"]
        )
        return token

    def get_success_message(self, instance):
        return format_html(
            _("Token created for {hub}: <code>{secret}</code>. Copy it now: only its hash is stored and it will "
              "not be shown again. Send it as “Authorization: Bearer …”."),
            hub=instance.hub, secret=self.secret,
        )  # fmt: skip


class HubApiTokenEditView(generic.EditView):
    def save_instance(self):
        token = super().save_instance()
        if self.form.cleaned_data.get("revoke"):
            token = hub_token_revoke(token=token, actor=self.request.user)
        return token


class HubApiTokenViewSet(ModelViewSet):
    model = HubApiToken
    icon = "key"
    menu_label = _("Hub API tokens")
    add_to_settings_menu = True
    add_view_class = HubApiTokenCreateView
    edit_view_class = HubApiTokenEditView
    list_display = ["name", "hub", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at"]
    list_filter = ["hub"]
    search_fields = ["name", "prefix"]
    inspect_view_enabled = False

    def get_form_class(self, for_update: bool = False):
        return HubApiTokenEditForm if for_update else HubApiTokenCreateForm


@hooks.register("register_admin_viewset")
def register_hub_api_tokens() -> HubApiTokenViewSet:
    return HubApiTokenViewSet("hub_api_tokens")
