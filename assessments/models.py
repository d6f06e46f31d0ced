"""Quizzes (a Wagtail snippet with a question bank), attempts with their snapshot, answers, accommodations.

An attempt keeps a snapshot of the questions it drew (text, choices, right answers, points): scores are computed
from it, never from the quiz as it is today, so editing a quiz never rewrites a past result.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from assessments.blocks import QuestionBankBlock


class QuizKind(models.TextChoices):
    PRACTICE = "practice", _("Practice quiz")
    ENTRY = "entry", _("Entry evaluation (positionnement)")
    EXIT = "exit", _("Exit evaluation")
    SURVEY = "survey", _("Satisfaction survey")


class FeedbackPolicy(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediate: after checking each answer")
    AFTER_SUBMISSION = "after_submission", _("After submission")
    NEVER = "never", _("Never (score only)")


class Quiz(index.Indexed, models.Model):
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=QuizKind.choices, default=QuizKind.PRACTICE)
    programme = models.ForeignKey(
        "courses.ProgramPage", on_delete=models.PROTECT, related_name="quizzes", verbose_name=_("programme")
    )
    module = models.ForeignKey(
        "courses.ModulePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quizzes",
        verbose_name=_("module"),
        help_text=_("Leave empty for an evaluation of the whole programme (entry, exit, survey)."),
    )
    introduction = models.TextField(_("introduction"), blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark"),
        default=60,
        validators=[MaxValueValidator(100)],
        help_text=_("Percentage of the points needed to pass (practice and exit evaluation)."),
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("maximum attempts"), null=True, blank=True, validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit."),
    )  # fmt: skip
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("In minutes. Leave empty for no limit. Learners granted extra time get it on top."),
    )  # fmt: skip
    shuffle_questions = models.BooleanField(_("shuffle the questions"), default=False)
    shuffle_choices = models.BooleanField(_("shuffle the choices"), default=False)
    feedback_policy = models.CharField(
        _("feedback"), max_length=20, choices=FeedbackPolicy.choices, default=FeedbackPolicy.AFTER_SUBMISSION
    )
    draw_count = models.PositiveSmallIntegerField(
        _("questions drawn per attempt"), null=True, blank=True, validators=[MinValueValidator(1)],
        help_text=_("Draw this many questions at random from the bank for each attempt. Empty: all of them."),
    )  # fmt: skip
    cold_survey_weeks = models.PositiveSmallIntegerField(
        _("send N weeks after the training"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(104)],
        help_text=_("Satisfaction surveys only: e-mail the link to each learner this many weeks after their "
                    "training ended (a cold survey)."),
    )  # fmt: skip
    questions = StreamField(QuestionBankBlock(), verbose_name=_("questions"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("feedback_policy")]),
        FieldRowPanel([FieldPanel("programme"), FieldPanel("module")]),
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("max_attempts"), FieldPanel("time_limit_minutes")]),
                FieldRowPanel(
                    [FieldPanel("shuffle_questions"), FieldPanel("shuffle_choices"), FieldPanel("draw_count")]
                ),
                FieldPanel("cold_survey_weeks"),
            ],
            heading=_("Rules"),
        ),
        FieldPanel("questions"),
    ]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title"), index.FilterField("kind")]

    class Meta:
        ordering = ["title"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self) -> str:
        return self.title

    @property
    def is_survey(self) -> bool:
        return self.kind == QuizKind.SURVEY

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.cold_survey_weeks and self.kind != QuizKind.SURVEY:
            errors["cold_survey_weeks"] = _("Only a satisfaction survey can be sent after the training.")
        scored = [child for child in self.questions if child.block_type not in ("likert", "free_text")]
        if self.kind == QuizKind.SURVEY and scored:
            errors["questions"] = _("A satisfaction survey holds only Likert-scale and free-text questions.")
        if self.draw_count and self.draw_count > len(self.questions):
            errors["draw_count"] = _("The bank holds fewer questions than the number to draw.")
        if self.module_id and self.programme_id and not self.module.is_descendant_of(self.programme):
            errors["module"] = _("This module does not belong to the chosen programme.")
        if errors:
            raise ValidationError(errors)


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    EXPIRED = "expired", _("Closed at the time limit")


class Attempt(models.Model):
    """One learner's go at a quiz.

    .. pii: learner (FK to User), their answers (free texts may hold personal opinions). Kept as evaluation
       evidence as long as the training's records (docs/operations.md retention), deleted with the account.
    """

    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts", verbose_name=_("quiz"))
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts", verbose_name=_("learner")
    )
    number = models.PositiveSmallIntegerField(_("attempt number"))
    status = models.CharField(max_length=20, choices=AttemptStatus.choices, default=AttemptStatus.IN_PROGRESS)
    started_at = models.DateTimeField(_("started at"))
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    snapshot = models.JSONField(default=dict)  # {"quiz": {...rules}, "questions": [...]} — see assessments.snapshot
    draft = models.JSONField(default=dict)  # answers saved while in progress: {question key: [raw values]}
    checked = models.JSONField(default=list)  # question keys locked after "check" (immediate feedback)
    submission_key = models.UUIDField(null=True, blank=True, unique=True)
    registration = models.UUIDField(null=True, blank=True)
    score_raw = models.FloatField(null=True, blank=True)
    score_max = models.PositiveIntegerField(null=True, blank=True)
    score_scaled = models.FloatField(null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["quiz", "learner", "number"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [
            models.UniqueConstraint(fields=["quiz", "learner", "number"], name="attempt_unique_number"),
            models.UniqueConstraint(
                fields=["quiz", "learner"],
                condition=Q(status="in_progress"),
                name="attempt_one_in_progress",
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"], name="attempt_status_deadline")]

    def __str__(self) -> str:
        return f"{self.quiz} — {self.learner} #{self.number}"

    @property
    def is_closed(self) -> bool:
        return self.status != AttemptStatus.IN_PROGRESS

    @property
    def percent(self) -> float | None:
        return None if self.score_scaled is None else round(self.score_scaled * 100, 1)

    @property
    def duration(self):
        return (self.closed_at - self.started_at) if self.closed_at else None


class AttemptAnswer(models.Model):
    """One scored answer of a closed attempt (per-question statistics read these rows)."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question_key = models.CharField(max_length=64)
    question_type = models.CharField(max_length=20)
    position = models.PositiveSmallIntegerField()
    response = models.JSONField(null=True, blank=True)  # canonical: a string, a list of ids, or null (unanswered)
    score = models.FloatField(default=0)
    max_points = models.PositiveSmallIntegerField(default=0)
    correct = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question_key"], name="attempt_answer_unique_question")
        ]
        indexes = [models.Index(fields=["question_key"], name="attempt_answer_question")]

    def __str__(self) -> str:
        return f"{self.attempt_id}:{self.question_key}"


class QuizAccommodation(models.Model):
    """Extra time granted to a learner on every timed quiz (accessibility: a disability, a "tiers-temps").

    .. pii: learner (FK to User); `note` must never state a diagnosis, only what is granted.
    """

    learner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_accommodation",
        verbose_name=_("learner"),
    )  # fmt: skip
    extra_time_percent = models.PositiveSmallIntegerField(
        _("extra time (%)"), default=33, validators=[MinValueValidator(1), MaxValueValidator(300)],
        help_text=_("Added to every time limit, e.g. 33 for a third more time."),
    )  # fmt: skip
    note = models.CharField(
        _("note"), max_length=255, blank=True, help_text=_("What is granted and by whom — never a diagnosis.")
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("quiz accommodation")
        verbose_name_plural = _("quiz accommodations")

    def __str__(self) -> str:
        return f"{self.learner} +{self.extra_time_percent} %"


class ColdSurveyInvitation(models.Model):
    """The e-mail inviting a learner to a cold survey, due N weeks after their training. Sent once.

    .. pii: learner (FK to User).
    """

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="cold_invitations")
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["quiz", "learner"], name="cold_invitation_unique")]

    def __str__(self) -> str:
        return f"{self.quiz} → {self.learner_id} ({self.due_on})"


from assessments.models_h5p import H5PAttempt, H5PAttemptItem  # noqa: E402, F401  (H5P attempts, practice only)
