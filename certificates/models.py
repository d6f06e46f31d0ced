"""Completion settings and projection, attestations (never deleted), the training provider, Open Badges credentials.

Invariants the services keep (never ``save()`` or signals): one attestation per learner per cohort; a re-issue
updates the same row, bumps ``version`` and writes an ``AttestationRevision``; a revoked attestation stays, with its
reason and date; each Open Badges credential owns one index of the platform's Bitstring Status List.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from certificates.codes import code_display, code_generate
from certificates.rules import CompletionRule
from training.storage import private_storage_callable


class CompletionRuleSettings(models.Model):
    """The completion rule of one programme, edited by staff in Wagtail. A programme without one uses every
    criterion (the national rule)."""

    programme = models.OneToOneField(
        "courses.ProgramPage", on_delete=models.CASCADE, related_name="completion_rule", verbose_name=_("programme")
    )
    modules_completed = models.BooleanField(_("required modules completed"), default=True)
    required_modules = models.ManyToManyField(
        "courses.ModulePage",
        blank=True,
        related_name="+",
        verbose_name=_("required modules"),
        help_text=_("None selected: every published module of the programme."),
    )
    exit_evaluation_passed = models.BooleanField(_("exit evaluation passed"), default=True)
    in_person_attended_and_signed = models.BooleanField(
        _("each in-person half-day attended and signed"),
        default=True,
        help_text=_("The learner signed and the trainer countersigned the attendance sheet."),
    )
    remote_live_attended = models.BooleanField(_("remote live sessions attended"), default=True)
    survey_answered = models.BooleanField(_("satisfaction survey answered"), default=True)
    auto_issue = models.BooleanField(
        _("issue automatically"), default=True, help_text=_("Issue the attestation as soon as a learner is eligible.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldPanel("programme"),
        MultiFieldPanel(
            [
                FieldPanel("modules_completed"),
                FieldPanel("required_modules"),
                FieldPanel("exit_evaluation_passed"),
                FieldPanel("in_person_attended_and_signed"),
                FieldPanel("remote_live_attended"),
                FieldPanel("survey_answered"),
            ],
            heading=_("Criteria"),
        ),
        FieldPanel("auto_issue"),
    ]

    class Meta:
        verbose_name = _("completion rule")
        verbose_name_plural = _("completion rules")

    def __str__(self) -> str:
        return str(self.programme)

    def as_rule(self) -> CompletionRule:
        return CompletionRule(
            modules_completed=self.modules_completed,
            exit_evaluation_passed=self.exit_evaluation_passed,
            in_person_attended_and_signed=self.in_person_attended_and_signed,
            remote_live_attended=self.remote_live_attended,
            survey_answered=self.survey_answered,
        )


class CompletionStatus(models.Model):
    """Projection: where a learner stands against a programme's rule, refreshed by statement handlers and training
    records, rebuilt by ``recompute_completion``.

    .. pii: learner (FK). Deleted with the learner's training records; rebuilt from them.
    """

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="completion_statuses")
    programme = models.ForeignKey("courses.ProgramPage", on_delete=models.CASCADE, related_name="+")
    eligible = models.BooleanField(_("eligible"), default=False)
    items = models.JSONField(_("checklist"), default=list)
    evaluated_at = models.DateTimeField(_("evaluated at"))

    class Meta:
        verbose_name = _("completion status")
        verbose_name_plural = _("completion statuses")
        constraints = [
            models.UniqueConstraint(fields=["learner", "programme"], name="completion_status_one_per_programme")
        ]

    def __str__(self) -> str:
        return f"{self.learner} · {self.programme_id} · {self.eligible}"


@register_setting(icon="group")
class Provider(BaseSiteSetting):
    """The training provider (organisme de formation) printed on every certificate."""

    name = models.CharField(_("name"), max_length=200, default="Café IA")
    address = models.TextField(_("address"), blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    declaration_number = models.CharField(
        _("declaration number"), max_length=20, blank=True, help_text=_("Numéro de déclaration d'activité.")
    )
    signatory_name = models.CharField(_("signatory"), max_length=150, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=150, blank=True)
    signature = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("signature image"),
    )  # fmt: skip
    stamp = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("stamp image"),
    )  # fmt: skip

    panels = [
        FieldPanel("name"),
        FieldPanel("address"),
        FieldPanel("siret"),
        FieldPanel("declaration_number"),
        FieldPanel("signatory_name"),
        FieldPanel("signatory_title"),
        FieldPanel("signature"),
        FieldPanel("stamp"),
    ]

    class Meta:
        verbose_name = _("training provider")


class AttestationStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    REVOKED = "revoked", _("Revoked")


def _attestation_upload_to(instance: object, filename: str) -> str:
    return f"certificates/{uuid.uuid4().hex}.pdf"


class Attestation(models.Model):
    """The attestation de fin de formation and certificat de réalisation of one learner for one cohort.

    Names, titles and figures are copied at issue time: the document says what was true when it was issued, and a
    re-issue (after a name correction) records the previous values in ``AttestationRevision``.

    .. pii: learner, learner_name, results. Kept 6 years (supporting documents), never deleted before; revoked
       attestations stay for the audit.
    """

    public_id = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("verification code"), max_length=12, unique=True, default=code_generate)
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="attestations", verbose_name=_("learner")
    )
    cohort = models.ForeignKey(
        "training.Cohort", on_delete=models.PROTECT, related_name="attestations", verbose_name=_("cohort")
    )
    programme = models.ForeignKey(
        "courses.ProgramPage", on_delete=models.PROTECT, related_name="attestations", verbose_name=_("programme")
    )
    learner_name = models.CharField(_("learner's name"), max_length=300)
    programme_title = models.CharField(_("programme title"), max_length=255)
    started_on = models.DateField(_("first day"), null=True, blank=True)
    ended_on = models.DateField(_("last day"), null=True, blank=True)
    nominal_minutes = models.PositiveIntegerField(_("nominal duration (minutes)"))
    in_person_minutes = models.PositiveIntegerField(_("in-person duration completed (minutes)"), default=0)
    remote_minutes = models.PositiveIntegerField(_("remote duration completed (minutes)"), default=0)
    exit_passed = models.BooleanField(_("exit evaluation passed"), null=True, blank=True)
    exit_score = models.FloatField(_("exit evaluation score (0–1)"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("issued by"), help_text=_("Empty: issued automatically when the learner became eligible."),
    )  # fmt: skip
    override_reason = models.TextField(_("override reason"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=AttestationStatus.choices, default=AttestationStatus.ISSUED
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revocation_reason = models.TextField(_("revocation reason"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    attestation_pdf = models.FileField(upload_to=_attestation_upload_to, storage=private_storage_callable, blank=True)
    certificate_pdf = models.FileField(upload_to=_attestation_upload_to, storage=private_storage_callable, blank=True)
    pdf_fingerprint = models.CharField(max_length=64, blank=True)
    pdf_rendered_at = models.DateTimeField(null=True, blank=True)
    notified_fingerprint = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("attestation")
        verbose_name_plural = _("attestations")
        ordering = ["-issued_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["learner", "cohort"], name="attestation_one_per_learner_cohort"),
            models.CheckConstraint(
                condition=Q(status="issued") | Q(revoked_at__isnull=False), name="attestation_revoked_has_date"
            ),
        ]
        permissions = [("revoke_attestation", _("Can revoke an attestation"))]

    def __str__(self) -> str:
        return f"{self.learner_name} · {self.programme_title} · {self.code_display}"

    @property
    def code_display(self) -> str:
        return code_display(self.code)

    @property
    def is_revoked(self) -> bool:
        return self.status == AttestationStatus.REVOKED

    @property
    def completed_minutes(self) -> int:
        return self.in_person_minutes + self.remote_minutes


class AttestationRevision(models.Model):
    """What an attestation said before a re-issue or a revocation. Never edited."""

    attestation = models.ForeignKey(Attestation, on_delete=models.PROTECT, related_name="revisions")
    version = models.PositiveIntegerField()
    action = models.CharField(max_length=20)  # "issued", "reissued", "revoked"
    data = models.JSONField(default=dict)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attestation revision")
        verbose_name_plural = _("attestation revisions")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.attestation_id} v{self.version} {self.action}"


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class IssuanceJob(models.Model):
    """A trainer's bulk issuance for a cohort: progress the page polls, and the report of refusals."""

    cohort = models.ForeignKey("training.Cohort", on_delete=models.CASCADE, related_name="issuance_jobs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=8, choices=JobStatus.choices, default=JobStatus.PENDING)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    issued = models.PositiveIntegerField(default=0)
    refused = models.JSONField(default=list, blank=True)  # [{"enrolment": pk, "learner": name, "missing": [...]}]
    processed_ids = models.JSONField(default=list, blank=True)  # enrolments done: a retried chunk counts once
    with_pdf = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bulk issuance")
        verbose_name_plural = _("bulk issuances")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.cohort} · {self.processed}/{self.total}"

    @property
    def percent(self) -> int:
        return round(100 * self.processed / self.total) if self.total else 100


class BadgeCredential(models.Model):
    """One signed ``OpenBadgeCredential`` (VC-JWT) of an attestation; ``status_index`` is its bit in the status list.

    A re-issue creates a new credential and revokes the previous one; a revoked attestation revokes them all.
    """

    attestation = models.ForeignKey(Attestation, on_delete=models.PROTECT, related_name="credentials")
    credential_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status_index = models.PositiveIntegerField(unique=True, null=True)  # = pk, set right after the insert
    version = models.PositiveIntegerField()
    jwt = models.TextField()
    issued_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Open Badges credential")
        verbose_name_plural = _("Open Badges credentials")
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return str(self.credential_id)
