"""Text blocks of a lesson: rich text, callout, glossary term, discussion prompt."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from courses.blocks.base import ExplainedStructBlock

# No h1 (the page title is the only one) and no embeds or images inside rich text: those have their own blocks,
# which require alternative text, credits and consent.
LESSON_RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "link", "document-link", "ol", "ul", "blockquote"]


class CalloutBlock(ExplainedStructBlock):
    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[("info", _("Information")), ("key", _("Key point")), ("warning", _("Caution"))],
        default="info",
    )
    title = blocks.CharBlock(label=_("title"), required=False, max_length=120)
    text = blocks.RichTextBlock(label=_("text"), features=["bold", "italic", "link", "ul", "ol"])

    required_messages = {"text": _("Write the text of the callout.")}

    class Meta:
        icon = "pick"
        label = _("Callout")
        template = "courses/blocks/callout.html"


class GlossaryTermBlock(ExplainedStructBlock):
    term = blocks.CharBlock(label=_("term"), max_length=120)
    definition = blocks.TextBlock(label=_("definition"), rows=3)

    required_messages = {
        "term": _("Write the term to define."),
        "definition": _("Write the definition of the term in plain language."),
    }

    class Meta:
        icon = "doc-full"
        label = _("Glossary term")
        template = "courses/blocks/glossary_term.html"


class DiscussionPromptBlock(ExplainedStructBlock):
    question = blocks.TextBlock(label=_("question"), rows=2)
    guidance = blocks.RichTextBlock(
        label=_("guidance for the discussion"),
        required=False,
        features=["bold", "italic", "ul"],
        help_text=_("Hints to start the exchange: examples, sub-questions, what to look for."),
    )

    required_messages = {"question": _("Write the question put to the group.")}

    class Meta:
        icon = "openquote"
        label = _("Discussion prompt")
        template = "courses/blocks/discussion_prompt.html"
