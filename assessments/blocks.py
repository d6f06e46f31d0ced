"""The question bank of a quiz: one StreamField block per question type.

Each question keeps the id Wagtail gives its block, and each choice the id of its list item: attempts refer to
them (snapshot keys, answers, xAPI interaction ids), so an editor reordering or rewording a question never breaks
past attempts, whose snapshot holds the text they were shown. Block types are added, never renamed.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError

LIKERT_SCALES = {
    "agreement": (
        _("Strongly disagree"),
        _("Disagree"),
        _("Neither agree nor disagree"),
        _("Agree"),
        _("Strongly agree"),
    ),
    "satisfaction": (
        _("Very dissatisfied"),
        _("Dissatisfied"),
        _("Neither satisfied nor dissatisfied"),
        _("Satisfied"),
        _("Very satisfied"),
    ),
}


class ChoiceItemBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("answer"), max_length=500)
    correct = blocks.BooleanBlock(label=_("correct"), required=False)

    class Meta:
        icon = "tick"
        label = _("Choice")


class _QuestionBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(label=_("question"), rows=2)
    points = blocks.IntegerBlock(label=_("points"), default=1, min_value=1, max_value=20)
    explanation = blocks.TextBlock(
        label=_("explanation"),
        required=False,
        rows=2,
        help_text=_("Shown with the correct answer, when the quiz's feedback policy shows it."),
    )

    def _fail(self, value, field: str, message, code: str):
        raise StructBlockValidationError(block_errors={field: ValidationError(message, code=code)})


class SingleChoiceQuestionBlock(_QuestionBlock):
    choices = blocks.ListBlock(ChoiceItemBlock(), label=_("choices"), min_num=2, max_num=10)

    class Meta:
        icon = "radio-full"
        label = _("Single choice")

    def clean(self, value):
        value = super().clean(value)
        if sum(1 for choice in value["choices"] if choice["correct"]) != 1:
            self._fail(value, "choices", _("Tick exactly one correct answer."), "one_correct_required")
        return value


class MultipleChoiceQuestionBlock(_QuestionBlock):
    choices = blocks.ListBlock(ChoiceItemBlock(), label=_("choices"), min_num=2, max_num=10)

    class Meta:
        icon = "list-ul"
        label = _("Multiple choice")

    def clean(self, value):
        value = super().clean(value)
        if not any(choice["correct"] for choice in value["choices"]):
            self._fail(value, "choices", _("Tick at least one correct answer."), "correct_required")
        return value


class TrueFalseQuestionBlock(_QuestionBlock):
    answer = blocks.ChoiceBlock(label=_("correct answer"), choices=[("true", _("True")), ("false", _("False"))])

    class Meta:
        icon = "tick-inverse"
        label = _("True or false")


class ShortAnswerQuestionBlock(_QuestionBlock):
    accepted = blocks.ListBlock(
        blocks.CharBlock(max_length=200),
        label=_("accepted answers"),
        min_num=1,
        help_text=_("Compared without case, accents or final punctuation: « Éthique » also accepts « ethique »."),
    )

    class Meta:
        icon = "edit"
        label = _("Short answer")


class OrderingQuestionBlock(_QuestionBlock):
    items = blocks.ListBlock(
        blocks.CharBlock(max_length=300),
        label=_("items, in the correct order"),
        min_num=2,
        max_num=10,
        help_text=_("Learners see them shuffled and put them back in this order."),
    )

    class Meta:
        icon = "order"
        label = _("Ordering")


class LikertQuestionBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(label=_("statement"), rows=2)
    scale = blocks.ChoiceBlock(
        label=_("scale"),
        choices=[("agreement", _("Agreement (5 points)")), ("satisfaction", _("Satisfaction (5 points)"))],
        default="satisfaction",
    )

    class Meta:
        icon = "form"
        label = _("Likert scale (survey, not scored)")


class FreeTextQuestionBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(label=_("question"), rows=2)

    class Meta:
        icon = "comment"
        label = _("Free text (survey, not scored)")


class QuestionBankBlock(blocks.StreamBlock):
    single = SingleChoiceQuestionBlock()
    multiple = MultipleChoiceQuestionBlock()
    true_false = TrueFalseQuestionBlock()
    short_answer = ShortAnswerQuestionBlock()
    ordering = OrderingQuestionBlock()
    likert = LikertQuestionBlock()
    free_text = FreeTextQuestionBlock()
