"""Cohorts, half-day sessions, enrolments and signed attendance (ARCHITECTURE.md, issue 5).

Invariants the services keep (never ``save()`` or signals): a session is one half-day of the territory's local time,
never on one of its public holidays, never overlapping another session of its trainer; a countersigned sheet is
locked (later changes are ``AttendanceAmendment`` rows); an enrolment's ``registration`` is the xAPI registration of
everything the learner does in that cohort.
"""

from __future__ import annotations

import re
import secrets
import uuid
from datetime import date, datetime
from functools import cached_property
from zoneinfo import ZoneInfo, available_timezones

import holidays
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from training.storage import (
    document_upload_to,
    import_upload_to,
    private_storage_callable,
    scan_upload_to,
    signature_upload_to,
)

DEPARTEMENT_RE = re.compile(r"^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-8]|98[4-9])$")


def holiday_subdivision_choices() -> list[tuple[str, str]]:
    """The French subdivisions the ``holidays`` package knows (Alsace-Moselle, overseas); "" = mainland calendar."""
    labels = {
        "57": _("Moselle (57)"),
        "6AE": _("Alsace: Bas-Rhin and Haut-Rhin (67, 68)"),
        "971": _("Guadeloupe"),
        "972": _("Martinique"),
        "973": _("French Guiana"),
        "974": _("La Réunion"),
        "976": _("Mayotte"),
    }
    return [("", _("Mainland France"))] + list(labels.items())


# The holidays package names Alsace "6AE" (Bas-Rhin and Haut-Rhin share one calendar).
DEPARTEMENT_HOLIDAY_SUBDIVISION = {
    "57": "57",
    "67": "6AE",
    "68": "6AE",
    "971": "971",
    "972": "972",
    "973": "973",
    "974": "974",
    "976": "976",
}


def validate_time_zone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), code="time_zone", params={"value": value})


def validate_departements(value: object) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Give at least one département code."), code="departements")
    wrong = [code for code in value if not isinstance(code, str) or not DEPARTEMENT_RE.match(code)]
    if wrong:
        raise ValidationError(
            _("Unknown département codes: %(codes)s."),
            code="departements",
            params={"codes": ", ".join(map(str, wrong))},
        )


class Territory(models.Model):
    """A territory a Hub covers: a région or part of one, with its own clock and public holidays."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    region = models.CharField(_("région"), max_length=150)
    departements = models.JSONField(
        _("départements"), default=list, validators=[validate_departements], help_text=_('Codes, e.g. ["67", "68"].')
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Paris",
        validators=[validate_time_zone],
        help_text=_("IANA name."),
    )
    holiday_subdivision = models.CharField(
        _("public holidays calendar"),
        max_length=8,
        blank=True,
        choices=holiday_subdivision_choices,
        help_text=_("Alsace-Moselle and overseas départements have public holidays of their own."),
    )

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def public_holiday(self, day: date) -> str | None:
        """The name of the public holiday on ``day`` in this territory (French names), or None."""
        calendar = holidays.country_holidays(
            "FR", subdiv=self.holiday_subdivision or None, years=day.year, language="fr"
        )
        return calendar.get(day)


class Hub(models.Model):
    """A Hub territorial pour un numérique inclusif; its coordinators read the cohorts of its territories."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    territories = models.ManyToManyField(Territory, related_name="hubs", blank=True, verbose_name=_("territories"))
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="coordinated_hubs", blank=True, verbose_name=_("coordinators")
    )

    class Meta:
        verbose_name = _("Hub")
        verbose_name_plural = _("Hubs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CohortStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for enrolment")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


class Cohort(models.Model):
    """A group of learners following one programme with their trainers.

    Trainers are listed in ``trainers`` and hold guardian object permissions on the cohort (granted and revoked
    together by ``training.services.cohort_trainer_add/remove``).
    """

    public_id = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        "courses.ProgramPage", on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("programme")
    )
    title = models.CharField(_("title"), max_length=200)
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="led_cohorts", blank=True, verbose_name=_("trainers")
    )
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=20)
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("territory")
    )
    departement = models.CharField(_("département"), max_length=3)
    status = models.CharField(_("status"), max_length=10, choices=CohortStatus.choices, default=CohortStatus.DRAFT)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-created_at"]
        permissions = [("manage_cohort", _("Can manage the cohort: sessions, enrolments, attendance, messages"))]
        constraints = [models.CheckConstraint(condition=Q(capacity__gte=1), name="cohort_capacity_positive")]
        indexes = [models.Index(fields=["territory", "status"]), models.Index(fields=["departement"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.territory_id and self.departement and self.departement not in (self.territory.departements or []):
            raise ValidationError(
                {"departement": _("This département is not part of the cohort's territory.")}, code="departement"
            )


class CohortUserObjectPermission(UserObjectPermissionBase):
    """guardian's direct-FK table for Cohort: a real FK, so permission queries join instead of casting ids."""

    content_object = models.ForeignKey(Cohort, on_delete=models.CASCADE)


class CohortGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Cohort, on_delete=models.CASCADE)


class Modality(models.TextChoices):
    REMOTE = "remote", _("Remote")
    IN_PERSON = "in_person", _("In person")


class TrainingSession(models.Model):
    """One half-day of a cohort. ``date``, ``start_time`` and ``end_time`` are the territory's local time."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("cohort"))
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    modality = models.CharField(_("modality"), max_length=10, choices=Modality.choices)
    visio_url = models.URLField(_("video-conference link"), blank=True)
    venue_address = models.TextField(_("venue address"), blank=True)
    room_capacity = models.PositiveSmallIntegerField(_("room capacity"), null=True, blank=True)
    modules = models.ManyToManyField(
        "courses.ModulePage", related_name="training_sessions", blank=True, verbose_name=_("modules")
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_sessions", verbose_name=_("trainer")
    )
    checkin_secret = models.CharField(max_length=64, default=secrets.token_hex, editable=False)
    countersigned_at = models.DateTimeField(_("countersigned at"), null=True, blank=True)
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("countersigned by"),
    )
    countersignature = models.ImageField(
        _("countersignature"), upload_to=signature_upload_to, storage=private_storage_callable, blank=True
    )
    sheet_scan = models.FileField(
        _("scanned attendance sheet"), upload_to=scan_upload_to, storage=private_storage_callable, blank=True
    )
    sheet_scan_uploaded_at = models.DateTimeField(_("scan uploaded at"), null=True, blank=True)
    sheet_scan_uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["date", "start_time"]
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gt=models.F("start_time")), name="session_ends_after_start")
        ]
        indexes = [models.Index(fields=["trainer", "date"]), models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.cohort} · {self.date:%d/%m/%Y} {self.start_time:%H:%M}–{self.end_time:%H:%M}"

    @cached_property
    def zone(self) -> ZoneInfo:
        return self.cohort.territory.zone

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.date, self.start_time, tzinfo=self.zone)

    @property
    def ends_at(self) -> datetime:
        return datetime.combine(self.date, self.end_time, tzinfo=self.zone)

    @property
    def is_locked(self) -> bool:
        return self.countersigned_at is not None


class EnrolmentState(models.TextChoices):
    INVITED = "invited", _("Invited")
    REQUESTED = "requested", _("Asked to join")
    WAITLISTED = "waitlisted", _("On the waiting list")
    ENROLLED = "enrolled", _("Enrolled")
    CANCELLED = "cancelled", _("Cancelled")
    COMPLETED = "completed", _("Completed")


SEAT_STATES = (EnrolmentState.INVITED, EnrolmentState.ENROLLED, EnrolmentState.COMPLETED)  # hold a seat
ACTIVE_STATES = (EnrolmentState.INVITED, EnrolmentState.ENROLLED, EnrolmentState.COMPLETED)


class EnrolmentQuerySet(models.QuerySet):
    def holding_seat(self) -> EnrolmentQuerySet:
        return self.filter(state__in=SEAT_STATES)

    def active(self) -> EnrolmentQuerySet:
        return self.filter(state__in=ACTIVE_STATES)


class Enrolment(models.Model):
    """A learner's place in a cohort (or their request, or their waiting-list spot).

    .. pii: learner (FK to User). Kept for the retention period of the training records (6 years), then anonymised.
    """

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("cohort"))
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("learner")
    )
    registration = models.UUIDField(_("xAPI registration"), default=uuid.uuid4, unique=True, editable=False)
    state = models.CharField(
        _("state"), max_length=12, choices=EnrolmentState.choices, default=EnrolmentState.ENROLLED
    )
    moved_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moved_to",
        verbose_name=_("moved from"),
        help_text=_("The enrolment in another cohort of the same programme that this one continues."),
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    state_changed_at = models.DateTimeField(_("state changed at"), auto_now_add=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["cohort", "learner"], name="enrolment_one_per_cohort_learner")]
        indexes = [models.Index(fields=["cohort", "state"]), models.Index(fields=["learner", "state"])]

    def __str__(self) -> str:
        return f"{self.learner} · {self.cohort}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused absence")


PRESENT_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


class AttendanceMethod(models.TextChoices):
    QR = "qr", _("QR self check-in")
    ROLL_CALL = "roll_call", _("Trainer roll call")
    REMOTE = "remote", _("Remote presence")
    SCAN = "scan", _("Scanned paper sheet")


class Attendance(models.Model):
    """One learner at one half-day: how presence was established and, in person, their signature.

    ``record_hash`` is a SHA-256 over the session, the learner, the status, the time and the signature bytes, so a
    later silent change of the file or the row shows. Once the session is countersigned, changes are amendments.

    .. pii: signature (handwriting image) and times. Kept 6 years as a supporting document, then deleted.
    """

    session = models.ForeignKey(
        TrainingSession, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("session")
    )
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("enrolment")
    )
    status = models.CharField(_("status"), max_length=8, choices=AttendanceStatus.choices)
    method = models.CharField(_("method"), max_length=10, choices=AttendanceMethod.choices)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    signature = models.ImageField(
        _("signature"), upload_to=signature_upload_to, storage=private_storage_callable, blank=True
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    record_hash = models.CharField(_("record hash"), max_length=64, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["session", "enrolment"]
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="attendance_one_per_session_enrolment")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} · {self.session.date:%d/%m/%Y} · {self.get_status_display()}"

    @property
    def is_present(self) -> bool:
        return self.status in PRESENT_STATUSES


class AttendanceAmendment(models.Model):
    """A correction of a locked (countersigned) attendance record: what changed, why, by whom. Never edited."""

    attendance = models.ForeignKey(
        Attendance, on_delete=models.PROTECT, related_name="amendments", verbose_name=_("attendance")
    )
    field = models.CharField(_("field"), max_length=30)
    old = models.TextField(_("old value"), blank=True)
    new = models.TextField(_("new value"), blank=True)
    reason = models.TextField(_("reason"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attendance amendment")
        verbose_name_plural = _("attendance amendments")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.attendance} · {self.field}: {self.old} → {self.new}"

    _FIELDS = {"status": (_("status"), AttendanceStatus), "method": (_("how it was established"), AttendanceMethod)}

    @property
    def field_label(self) -> str:
        return str(self._FIELDS[self.field][0]) if self.field in self._FIELDS else self.field

    def _value_label(self, value: str) -> str:
        choices = self._FIELDS.get(self.field, (None, None))[1]
        return str(dict(choices.choices).get(value, value)) if choices else value

    @property
    def old_label(self) -> str:
        return self._value_label(self.old)

    @property
    def new_label(self) -> str:
        return self._value_label(self.new)


class CohortMessage(models.Model):
    """One message of the trainer ↔ learner channel of a cohort; ``recipient`` None = to the whole cohort.

    .. pii: body (free text) and author. Part of the remote-day proof file: kept as long as the attendance records.
    """

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="messages", verbose_name=_("cohort"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient"),
    )
    body = models.TextField(_("message"))
    at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("cohort message")
        verbose_name_plural = _("cohort messages")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.cohort} · {self.at:%d/%m/%Y %H:%M}"


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    PREVIEWING = "previewing", _("Checking the file")
    PREVIEWED = "previewed", _("Ready to confirm")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class EnrolmentImport(models.Model):
    """A CSV of learners for one cohort: checked first (per-row report), written only once the trainer confirms.

    .. pii: the uploaded file (names, e-mails); deleted once the import is done.
    """

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="imports", verbose_name=_("cohort"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    source = models.FileField(upload_to=import_upload_to, storage=private_storage_callable, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=12, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment import")
        verbose_name_plural = _("enrolment imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.cohort} · {self.original_name or self.pk}"


class DocumentKind(models.TextChoices):
    EMARGEMENT = "emargement", _("Attendance sheet")
    ATTENDANCE_SUMMARY = "summary", _("Attendance summary")
    REMOTE_PROOF = "remote_proof", _("Remote-day proof file")


class TrainingDocument(models.Model):
    """A generated PDF, cached while ``fingerprint`` (a hash of the data it shows) stays the same."""

    kind = models.CharField(max_length=14, choices=DocumentKind.choices)
    key = models.CharField(max_length=64, unique=True)  # e.g. "emargement:12", "remote_proof:7"
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="documents")
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    fingerprint = models.CharField(max_length=64, blank=True)
    file = models.FileField(upload_to=document_upload_to, storage=private_storage_callable, blank=True)
    generated_at = models.DateTimeField(null=True, blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("training document")
        verbose_name_plural = _("training documents")

    def __str__(self) -> str:
        return self.key


class SessionReminder(models.Model):
    """That the reminder of one day was e-mailed to one learner: the beat task sends each at most once."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="reminders")
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enrolment", "day"], name="reminder_once_per_day")]

    def __str__(self) -> str:
        return f"{self.enrolment} · {self.day}"
