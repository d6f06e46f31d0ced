"""The training's page tree: ProgramPage → DayPage → ModulePage → LessonPage (ARCHITECTURE.md).

Pages only read in ``get_context``, through ``courses.selectors``. A live page is always complete: Wagtail defers
required checks while an editor saves a draft, and ``full_clean`` (publication, live saves) applies them all,
StreamField blocks included, with messages that say what to fix.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from cms.models import CafeIABasePage
from cms.snippets import licence_default_pk
from courses.blocks import ChangeLogEntryBlock, HalfDayBlock, LessonBodyBlock, ObjectiveBlock
from courses.blocks.base import block_error_leaves
from courses.forms import CoursePageForm

SHORT_TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol"]
PROGRAMME_DURATION_MINUTES = 17 * 60


def _duration_field(verbose_name, **kwargs) -> models.PositiveIntegerField:
    kwargs.setdefault("help_text", _("In minutes."))
    return models.PositiveIntegerField(
        verbose_name, validators=[MinValueValidator(1), MaxValueValidator(100 * 60)], **kwargs
    )


class CoursePage(CafeIABasePage):
    """What the four course page types share: the admin form and a title check that says what to do."""

    title_required_message = _("Give the page a title.")
    base_form_class = CoursePageForm

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            if "title" in error.error_dict and not (self.title or "").strip():
                error.error_dict["title"] = [ValidationError(self.title_required_message, code="title_required")]
            raise


class ProgramPage(CoursePage):
    """The training itself, and the programme that L6353-1 requires to give learners in advance (printable)."""

    objectives = StreamField(
        [("objective", ObjectiveBlock())],
        verbose_name=_("objectives"),
        help_text=_("What learners are able to do at the end, in observable terms."),
    )
    audience = RichTextField(_("audience"), features=SHORT_TEXT_FEATURES)
    prerequisites = RichTextField(_("prerequisites"), features=SHORT_TEXT_FEATURES)
    teaching_means = RichTextField(_("teaching means"), features=SHORT_TEXT_FEATURES)
    technical_means = RichTextField(_("technical means"), features=SHORT_TEXT_FEATURES)
    supervision_means = RichTextField(
        _("supervision"), features=SHORT_TEXT_FEATURES, help_text=_("Who trains and assists learners, and how.")
    )
    follow_up_means = RichTextField(
        _("follow-up of the training"),
        features=SHORT_TEXT_FEATURES,
        help_text=_("How attendance and the time spent on remote activities are recorded."),
    )
    evaluation = RichTextField(_("evaluation of results"), features=SHORT_TEXT_FEATURES)
    accessibility = RichTextField(
        _("accessibility"),
        features=SHORT_TEXT_FEATURES,
        blank=True,
        help_text=_("Adaptations for people with disabilities, and whom to contact."),
    )
    total_duration_minutes = _duration_field(_("total duration"), default=PROGRAMME_DURATION_MINUTES)

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["courses.DayPage"]
    template = "courses/program_page.html"

    search_fields = [
        *CafeIABasePage.search_fields,
        index.SearchField("objectives"),
        index.SearchField("audience"),
        index.SearchField("prerequisites"),
        index.SearchField("evaluation"),
    ]
    content_panels = [
        *CafeIABasePage.content_panels,
        FieldPanel("objectives"),
        MultiFieldPanel(
            [FieldPanel("audience"), FieldPanel("prerequisites"), FieldPanel("accessibility")],
            heading=_("Audience"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("teaching_means"),
                FieldPanel("technical_means"),
                FieldPanel("supervision_means"),
                FieldPanel("follow_up_means"),
            ],
            heading=_("Means"),
        ),
        FieldPanel("evaluation"),
        FieldPanel("total_duration_minutes"),
    ]
    title_required_message = _("Give the programme a title.")

    class Meta:
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import page_breadcrumb, programme_outline

        context = super().get_context(request, *args, **kwargs)
        context["outline"] = programme_outline(programme=self)
        context["breadcrumb"] = page_breadcrumb(page=self)
        return context


class DayModality(models.TextChoices):
    REMOTE = "remote", _("Remote")
    IN_PERSON = "in_person", _("In person")


class DayPage(CoursePage):
    """One part of the training: day 1 remote, day 2 in person. Its schedule is a template of half-days."""

    modality = models.CharField(_("modality"), max_length=20, choices=DayModality.choices)
    duration_minutes = _duration_field(_("duration"))
    schedule = StreamField(
        [("half_day", HalfDayBlock())],
        blank=True,
        verbose_name=_("schedule"),
        help_text=_("The usual timetable; the dates of each cohort's half-days are set on its sessions."),
    )

    parent_page_types = ["courses.ProgramPage"]
    subpage_types = ["courses.ModulePage", "courses.FacilitationKitPage"]
    template = "courses/day_page.html"

    search_fields = [*CafeIABasePage.search_fields]
    content_panels = [
        *CafeIABasePage.content_panels,
        FieldRowPanel([FieldPanel("modality"), FieldPanel("duration_minutes")]),
        FieldPanel("schedule"),
    ]
    title_required_message = _("Give the day a title.")

    class Meta:
        verbose_name = _("training day")
        verbose_name_plural = _("training days")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import day_outline, page_breadcrumb

        context = super().get_context(request, *args, **kwargs)
        context["modules"] = day_outline(day=self)
        context["breadcrumb"] = page_breadcrumb(page=self)
        return context


class ModulePage(CoursePage):
    """A module: a commons under a licence, co-authored by partners, versioned. Its lessons are its children."""

    learning_objectives = StreamField(
        [("objective", ObjectiveBlock())],
        verbose_name=_("learning objectives"),
        help_text=_("What learners are able to do at the end of the module, in observable terms."),
    )
    estimated_duration_minutes = _duration_field(_("estimated duration"))
    licence = models.ForeignKey(
        "cms.Licence",
        on_delete=models.PROTECT,
        default=licence_default_pk,
        related_name="modules",
        verbose_name=_("licence"),
        error_messages={
            "null": _("Choose the licence of the module: a module without a licence cannot be published."),
            "blank": _("Choose the licence of the module: a module without a licence cannot be published."),
        },
    )
    authors = StreamField(
        [("author", blocks.CharBlock(label=_("author"), max_length=255))],
        verbose_name=_("authors"),
        help_text=_("Named authors, as credited in the attribution line (a person or a team)."),
    )
    version = models.CharField(
        _("version"),
        max_length=20,
        default="1.0",
        validators=[RegexValidator(r"^\d+(\.\d+){0,2}$", _("Write the version as 1.0 or 1.2.3."))],
    )
    change_log = StreamField([("entry", ChangeLogEntryBlock())], blank=True, verbose_name=_("change log"))

    parent_page_types = ["courses.DayPage"]
    subpage_types = ["courses.LessonPage"]
    template = "courses/module_page.html"

    search_fields = [
        *CafeIABasePage.search_fields,
        index.SearchField("learning_objectives"),
        index.SearchField("authors"),
    ]
    content_panels = [
        *CafeIABasePage.content_panels,
        FieldPanel("learning_objectives"),
        FieldPanel("estimated_duration_minutes"),
        MultiFieldPanel(
            [
                # the licence of a commons is the national team's choice; partner links take effect on publication
                FieldPanel("licence", permission="cms.change_licence"),
                FieldPanel("authors"),
                InlinePanel("partner_links", label=_("partners")),
            ],
            heading=_("Attribution"),
        ),
        MultiFieldPanel([FieldPanel("version"), FieldPanel("change_log")], heading=_("Version")),
    ]
    title_required_message = _("Give the module a title.")

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import module_lessons, page_attribution, page_breadcrumb

        context = super().get_context(request, *args, **kwargs)
        context["lessons"] = module_lessons(module=self)
        context["attribution"] = page_attribution(page=self)
        context["breadcrumb"] = page_breadcrumb(page=self)
        return context


class ModulePartner(Orderable):
    """A partner credited on a module, in the order editors give (the attribution line follows it)."""

    page = ParentalKey(ModulePage, on_delete=models.CASCADE, related_name="partner_links")
    partner = models.ForeignKey(
        "cms.Partner", on_delete=models.PROTECT, related_name="module_links", verbose_name=_("partner")
    )

    panels = [FieldPanel("partner")]

    class Meta(Orderable.Meta):
        verbose_name = _("module partner")
        verbose_name_plural = _("module partners")
        constraints = [models.UniqueConstraint(fields=["page", "partner"], name="module_partner_unique")]


class LessonPage(CoursePage):
    """A lesson: a body of blocks, read in order within its module."""

    body = StreamField(LessonBodyBlock(), verbose_name=_("body"))
    estimated_duration_minutes = _duration_field(
        _("estimated duration"), help_text=_("In minutes: reading, activities and resources included.")
    )

    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []
    template = "courses/lesson_page.html"

    search_fields = [*CafeIABasePage.search_fields, index.SearchField("body")]
    content_panels = [*CafeIABasePage.content_panels, FieldPanel("estimated_duration_minutes"), FieldPanel("body")]
    title_required_message = _("Give the lesson a title: a lesson without a title cannot be published.")

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def clean(self):
        """Validate the body's blocks (alternative texts, captions…), which Django's field checks do not reach."""
        super().clean()
        try:
            self.body.stream_block.clean(self.body)
        except ValidationError as error:
            raise ValidationError({"body": block_error_leaves(error)}) from None

    def get_context(self, request, *args, **kwargs):
        from courses.feedback_selectors import lesson_feedback_context
        from courses.selectors import lesson_module, lesson_neighbours, page_attribution, page_breadcrumb

        context = super().get_context(request, *args, **kwargs)
        context["module"] = module = lesson_module(lesson=self)
        context["attribution"] = page_attribution(page=self, module=module)
        context["neighbours"] = lesson_neighbours(lesson=self)
        context["breadcrumb"] = page_breadcrumb(page=self)
        context.update(lesson_feedback_context(request=request, lesson=self))
        return context


from courses.models_export import ModuleExport  # noqa: E402,F401  (module archives)
from courses.models_feedback import AmendmentProposal, LessonComment  # noqa: E402,F401  (comments, amendments)
from courses.models_h5p import H5PLibrary, H5PPackage  # noqa: E402,F401  (H5P activities)
from courses.models_kit import FacilitationKitPage  # noqa: E402,F401  (the facilitation kit of day 2)
from courses.models_progress import LessonProgress  # noqa: E402,F401  (the progress projection)
