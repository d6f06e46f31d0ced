"""Blocks of the facilitation kit: the session's steps, the debate cards, the material, the action sheet."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from courses.blocks.base import ExplainedStructBlock

KIT_TEXT_FEATURES = ["bold", "italic", "ul", "ol"]


class KitStepBlock(ExplainedStructBlock):
    """One step of a Café IA session: what the facilitator does, says and watches, and how long it lasts."""

    title = blocks.CharBlock(label=_("title"), max_length=120)
    duration_minutes = blocks.IntegerBlock(label=_("duration (minutes)"), min_value=1, max_value=180)
    goal = blocks.CharBlock(label=_("goal of the step"), max_length=255)
    instructions = blocks.RichTextBlock(label=_("how to run it"), features=KIT_TEXT_FEATURES)
    prompts = blocks.ListBlock(
        blocks.CharBlock(max_length=400, label=_("prompt")),
        label=_("facilitator's prompts"),
        help_text=_("Sentences the facilitator can say as they are."),
    )
    show_debate_cards = blocks.BooleanBlock(
        label=_("show the debate cards on this step"), required=False, default=False
    )

    required_messages = {
        "title": _("Give the step a title."),
        "duration_minutes": _("Give the duration of the step in minutes."),
        "goal": _("Say what the step is for."),
        "instructions": _("Explain how to run the step."),
    }

    class Meta:
        icon = "time"
        label = _("Step")


class DebateCardBlock(ExplainedStructBlock):
    theme = blocks.CharBlock(label=_("theme"), max_length=60)
    question = blocks.CharBlock(label=_("question"), max_length=300)
    starter = blocks.TextBlock(
        label=_("to get started"), rows=3, help_text=_("A situation or a fact that makes the question concrete.")
    )
    going_further = blocks.CharBlock(label=_("going further"), max_length=300, required=False)

    required_messages = {"theme": _("Give the card a theme."), "question": _("Write the question of the card.")}

    class Meta:
        icon = "openquote"
        label = _("Debate card")


class MaterialBlock(ExplainedStructBlock):
    item = blocks.CharBlock(label=_("item"), max_length=160)
    quantity = blocks.CharBlock(label=_("quantity"), max_length=60, required=False)

    required_messages = {"item": _("Name the item.")}

    class Meta:
        icon = "list-ul"
        label = _("Material")


class ActionItemBlock(ExplainedStructBlock):
    """A line of the "passage à l'action" sheet: a question each participant answers for themselves."""

    prompt = blocks.CharBlock(label=_("question"), max_length=255)
    hint = blocks.CharBlock(label=_("example"), max_length=255, required=False)
    lines = blocks.IntegerBlock(label=_("lines to write on"), min_value=1, max_value=10, default=3)

    required_messages = {"prompt": _("Write the question of the sheet.")}

    class Meta:
        icon = "edit"
        label = _("Question of the action sheet")
