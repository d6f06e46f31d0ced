"""The legal pages a French public service publishes, editable in Wagtail and linked from the DSFR footer (0034).

``LegalPage``: mentions légales, données personnelles (one page per kind). ``AccessibilityPage``: the accessibility
statement with the fields the RGAA model requires (state of compliance, rate, audit, non-compliant content,
derogations, the multi-year plan, feedback contact, remedies), rendered in the order of the official model.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from cms.models import CafeIABasePage, HomeBodyBlock

LEGAL_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ul", "ol"]


class LegalKind(models.TextChoices):
    NOTICE = "mentions", _("Legal notice")
    PRIVACY = "privacy", _("Personal data")


class LegalPage(CafeIABasePage):
    kind = models.CharField(_("kind"), max_length=20, choices=LegalKind.choices, unique=True)
    body = StreamField(HomeBodyBlock(), verbose_name=_("body"))
    last_reviewed = models.DateField(_("last reviewed on"))

    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    template = "cms/legal_page.html"
    search_fields = [*CafeIABasePage.search_fields, index.SearchField("body")]
    content_panels = [
        *CafeIABasePage.content_panels,
        FieldRowPanel([FieldPanel("kind"), FieldPanel("last_reviewed")]),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("legal page")
        verbose_name_plural = _("legal pages")


class ComplianceStatus(models.TextChoices):
    FULL = "full", _("fully compliant")
    PARTIAL = "partial", _("partially compliant")
    NONE = "none", _("not compliant")


class AccessibilityPage(CafeIABasePage):
    """The accessibility statement (RGAA 4.1 model) and the link to the multi-year plan."""

    compliance_status = models.CharField(_("state of compliance"), max_length=10, choices=ComplianceStatus.choices)
    compliance_rate = models.DecimalField(
        _("compliance rate (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Share of RGAA criteria met, as measured by the last audit. Leave empty before any audit."),
    )
    audit_date = models.DateField(_("date of the audit"), null=True, blank=True)
    audit_by = models.CharField(_("audit carried out by"), max_length=255, blank=True)
    statement_date = models.DateField(_("date of the statement"))
    scope = RichTextField(_("pages and technologies audited"), features=LEGAL_TEXT_FEATURES)
    non_compliant = RichTextField(_("non-compliant content"), features=LEGAL_TEXT_FEATURES, blank=True)
    derogations = RichTextField(_("derogations"), features=LEGAL_TEXT_FEATURES, blank=True)
    plan = RichTextField(
        _("multi-year plan and action plan"),
        features=LEGAL_TEXT_FEATURES,
        help_text=_("The multi-year accessibility scheme and this year's actions, or links to them."),
    )
    contact = RichTextField(_("feedback and contact"), features=LEGAL_TEXT_FEATURES)

    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1
    template = "cms/accessibility_page.html"
    search_fields = [*CafeIABasePage.search_fields, index.SearchField("non_compliant"), index.SearchField("plan")]
    content_panels = [
        *CafeIABasePage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("compliance_status"), FieldPanel("compliance_rate")]),
                FieldRowPanel([FieldPanel("audit_date"), FieldPanel("audit_by"), FieldPanel("statement_date")]),
                FieldPanel("scope"),
            ],
            heading=_("State of compliance"),
        ),
        FieldPanel("non_compliant"),
        FieldPanel("derogations"),
        FieldPanel("plan"),
        FieldPanel("contact"),
    ]

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statements")

    def clean(self):
        super().clean()
        if self.compliance_status == ComplianceStatus.FULL and self.audit_date is None:
            raise ValidationError(
                {"audit_date": _("A site is declared fully compliant only after an audit: give its date.")}
            )
