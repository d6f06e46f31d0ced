"""The completion filters (GET): dates on the cohort's first half-day, a trainer and a département of the scope."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dashboards.selectors import CompletionFilters, trainers_of
from training.models import Cohort


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
        widget=forms.Select(attrs={"class": "fr-select"}),
    )
    departement = forms.ChoiceField(
        label=_("Département"), required=False, widget=forms.Select(attrs={"class": "fr-select"})
    )

    def __init__(self, *args, cohorts: QuerySet[Cohort], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # choices come from the user's scope only: nobody outside it is listed, nor can be asked for
        self.fields["trainer"].queryset = trainers_of(cohorts=cohorts)
        codes = sorted(set(cohorts.values_list("departement", flat=True)))
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
