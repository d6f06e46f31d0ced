"""The completion filters (GET): dates on the cohort's first half-day, a trainer and a département of the scope."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from dashboards.selectors import CompletionFilters, trainers_of
from training.models import Cohort


class PlainSelect(forms.Select):
    """The same ``<select>`` as Django's, built in Python: the default renders one template per option, which for a
    Hub's hundreds of trainers cost more than computing the figures (no optgroups here)."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], " selected" if option["selected"] else "", option["label"])
                for _group, choices, _index in widget["optgroups"]
                for option in choices
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options)


class TrainerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.email


class CompletionFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("Starting from"), required=False, widget=forms.DateInput(attrs={"type": "date", "class": "fr-input"})
    )
    date_to = forms.DateField(
        label=_("Starting until"), required=False, widget=forms.DateInput(attrs={"type": "date", "class": "fr-input"})
    )
    trainer = TrainerChoiceField(
        label=_("Trainer"),
        queryset=None,
        required=False,
        empty_label=_("All trainers"),
        widget=PlainSelect(attrs={"class": "fr-select"}),
    )
    departement = forms.ChoiceField(
        label=_("Département"), required=False, widget=PlainSelect(attrs={"class": "fr-select"})
    )

    def __init__(self, *args, cohorts: QuerySet[Cohort], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # choices come from the user's scope only: nobody outside it is listed, nor can be asked for
        self.fields["trainer"].queryset = trainers_of(cohorts=cohorts)
        codes = sorted(set(cohorts.order_by().values_list("departement", flat=True).distinct()))
        self.fields["departement"].choices = [("", _("All départements"))] + [(code, code) for code in codes]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start of the period must come before its end."), code="date_order")
        return data

    def filters(self) -> CompletionFilters:
        data = self.cleaned_data
        return CompletionFilters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            trainer_id=data["trainer"].pk if data.get("trainer") else None,
            departement=data.get("departement") or "",
        )

    def query_string(self) -> str:
        """The valid filters as a query string, for the export links (exports show what the view shows)."""
        return self.data.urlencode() if hasattr(self.data, "urlencode") else ""
