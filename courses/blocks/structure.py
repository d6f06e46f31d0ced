"""Blocks that structure the programme, days and modules: objectives, schedule, authors, change log."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError

from courses.blocks.base import ExplainedStructBlock


class ObjectiveBlock(blocks.CharBlock):
    """One learning objective, written as an observable outcome (L6353-1, Qualiopi indicator 11)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault(
            "help_text", _("An observable outcome, starting with an action verb: « Expliquer… », « Animer… ».")
        )
        super().__init__(**kwargs)

    class Meta:
        icon = "tick"
        label = _("Objective")


class ScheduleSlotBlock(ExplainedStructBlock):
    start = blocks.TimeBlock(label=_("start"))
    end = blocks.TimeBlock(label=_("end"))
    title = blocks.CharBlock(label=_("title"), max_length=255)

    required_messages = {
        "start": _("Give the start time."),
        "end": _("Give the end time."),
        "title": _("Say what happens in this slot."),
    }

    class Meta:
        icon = "time"
        label = _("Slot")

    def clean(self, value):
        value = super().clean(value)
        if value["start"] and value["end"] and value["end"] <= value["start"]:
            raise StructBlockValidationError(
                block_errors={
                    "end": ValidationError(_("The slot must end after it starts."), code="slot_end_before_start")
                }
            )
        return value


class HalfDayBlock(ExplainedStructBlock):
    """A half-day of the schedule: the unit of attendance (one signature per learner and half-day)."""

    title = blocks.CharBlock(label=_("title"), max_length=100, help_text=_("E.g. « Matin », « Après-midi »."))
    slots = blocks.ListBlock(ScheduleSlotBlock(), label=_("slots"))

    required_messages = {"title": _("Name the half-day.")}

    class Meta:
        icon = "date"
        label = _("Half-day")
        template = "courses/blocks/half_day.html"


class ChangeLogEntryBlock(ExplainedStructBlock):
    version = blocks.CharBlock(label=_("version"), max_length=20)
    date = blocks.DateBlock(label=_("date"))
    description = blocks.TextBlock(label=_("changes"), rows=2)

    required_messages = {
        "version": _("Give the version number."),
        "date": _("Give the date of the version."),
        "description": _("Describe what changed."),
    }

    class Meta:
        icon = "history"
        label = _("Version")
