"""The H5P activity of a lesson: a package chosen in the admin, played in a sandboxed frame (views_h5p)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from courses.blocks.base import ExplainedStructBlock


class H5PActivityBlock(ExplainedStructBlock):
    package = SnippetChooserBlock("courses.H5PPackage", label=_("H5P activity"))
    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=120)
    instructions = blocks.TextBlock(label=_("instructions"), required=False, rows=2)

    required_messages = {"package": _("Choose the H5P activity to play (upload it under « H5P activities »).")}

    class Meta:
        icon = "pick"
        label = _("H5P activity")
        template = "courses/blocks/h5p_activity.html"
