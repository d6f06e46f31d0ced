"""Forms of the trainer's and learner's pages: they parse; services decide (errors come back as form errors)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from training.models import AttendanceStatus, Cohort, CohortStatus, Modality, Territory
from training.services.sessions import SessionData


class CohortForm(DsfrBaseForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None, empty_label=None)
    territory = forms.ModelChoiceField(label=_("Territory"), queryset=Territory.objects.order_by("name"))
    departement = forms.CharField(
        label=_("Département"), max_length=3, help_text=_("Code of the département, e.g. 67 or 971.")
    )
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=200, initial=20)
    status = forms.ChoiceField(label=_("Status"), choices=CohortStatus.choices, initial=CohortStatus.DRAFT)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from courses.models import ProgramPage

        self.fields["programme"].queryset = ProgramPage.objects.live().order_by("title")

    def clean_departement(self) -> str:
        return self.cleaned_data["departement"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        territory, departement = cleaned.get("territory"), cleaned.get("departement")
        if territory and departement and departement not in territory.departements:
            self.add_error(
                "departement",
                _("This département is not part of %(territory)s (%(codes)s).")
                % {"territory": territory, "codes": ", ".join(territory.departements)},
            )
        return cleaned

    @classmethod
    def initial_from(cls, cohort: Cohort) -> dict:
        return {name: getattr(cohort, name) for name in cls.base_fields}


class SessionForm(DsfrBaseForm):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start_time = forms.TimeField(
        label=_("Start (local time)"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("End (local time)"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    modality = forms.ChoiceField(label=_("Modality"), choices=Modality.choices, widget=forms.RadioSelect)
    visio_url = forms.URLField(label=_("Video-conference link"), required=False, assume_scheme="https")
    venue_address = forms.CharField(label=_("Venue address"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    room_capacity = forms.IntegerField(label=_("Room capacity"), required=False, min_value=1, max_value=500)
    modules = forms.ModelMultipleChoiceField(
        label=_("Modules covered"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    trainer = forms.ModelChoiceField(label=_("Trainer"), queryset=None, empty_label=None)

    def __init__(self, *args, cohort: Cohort, **kwargs):
        super().__init__(*args, **kwargs)
        from courses.models import ModulePage

        self.cohort = cohort
        self.fields["modules"].queryset = ModulePage.objects.descendant_of(cohort.programme).live().order_by("path")
        self.fields["trainer"].queryset = cohort.trainers.order_by("last_name", "first_name")
        self.fields["trainer"].label_from_instance = lambda user: user.get_full_name() or user.email
        self.fields["start_time"].help_text = _("Time zone: %(zone)s") % {"zone": cohort.territory.time_zone}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The session ends before it starts."))
        return cleaned

    def session_data(self) -> SessionData:
        data = self.cleaned_data
        return SessionData(
            date=data["date"],
            start_time=data["start_time"],
            end_time=data["end_time"],
            modality=data["modality"],
            trainer=data["trainer"],
            modules=list(data["modules"]),
            visio_url=data.get("visio_url") or "",
            venue_address=data.get("venue_address") or "",
            room_capacity=data.get("room_capacity"),
        )


class LearnerSearchForm(DsfrBaseForm):
    q = forms.CharField(label=_("Name or e-mail address"), max_length=150, min_length=3)


class InviteForm(DsfrBaseForm):
    email = forms.EmailField(label=_("E-mail address"))
    first_name = forms.CharField(label=_("First name"), required=False, max_length=150)
    last_name = forms.CharField(label=_("Last name"), required=False, max_length=150)


class ImportForm(DsfrBaseForm):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Columns: email (required), prénom, nom. UTF-8 or Windows-1252; comma or semicolon."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class CodeForm(DsfrBaseForm):
    code = forms.CharField(
        label=_("Code shown on the screen"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )


class SignatureForm(DsfrBaseForm):
    signature = forms.CharField(widget=forms.HiddenInput, required=False)


class AttendanceForm(DsfrBaseForm):
    status = forms.ChoiceField(label=_("Status"), choices=AttendanceStatus.choices)


class AmendmentForm(DsfrBaseForm):
    status = forms.ChoiceField(label=_("Corrected status"), choices=AttendanceStatus.choices)
    reason = forms.CharField(
        label=_("Reason for the correction"), min_length=5, widget=forms.Textarea(attrs={"rows": 2})
    )


class ScanForm(DsfrBaseForm):
    scan = forms.FileField(label=_("Scan of the signed sheet (PDF, PNG or JPEG)"))

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[f"status_{row.enrolment.pk}"] = forms.ChoiceField(
                label=row.learner.get_full_name() or row.learner.email,
                choices=AttendanceStatus.choices,
                initial=AttendanceStatus.PRESENT,
            )

    def statuses(self) -> dict[int, str]:
        return {row.enrolment.pk: self.cleaned_data[f"status_{row.enrolment.pk}"] for row in self.rows}


class MessageForm(DsfrBaseForm):
    body = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    recipient = forms.TypedChoiceField(label=_("To"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, learners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if learners is None:
            del self.fields["recipient"]
        else:
            self.fields["recipient"].choices = [("", _("Everyone in the cohort"))] + [
                (user.pk, user.get_full_name() or user.email) for user in learners
            ]
