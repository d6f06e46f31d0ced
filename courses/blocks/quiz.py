"""The quiz block of a lesson: a quiz chosen among the ``assessments.Quiz`` snippets (a string reference: courses
never imports assessments), shown as a card leading to the quiz, with the learner's best result."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from courses.blocks.base import ExplainedStructBlock


class QuizBlock(ExplainedStructBlock):
    quiz = SnippetChooserBlock("assessments.Quiz", label=_("quiz"))
    introduction = blocks.CharBlock(label=_("introduction"), required=False, max_length=300)

    required_messages = {"quiz": _("Choose the quiz to show in the lesson.")}

    class Meta:
        icon = "tasks"
        label = _("Quiz")
        template = "assessments/blocks/quiz.html"  # rendered by the assessments app, which owns quizzes
