"""Forms of the lesson page: a comment and an amendment proposal (the services check the rest)."""

from __future__ import annotations

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from courses.amendments import block_text
from courses.models_feedback import AMENDMENT_REASON_MAX_LENGTH, AMENDMENT_TEXT_MAX_LENGTH, COMMENT_MAX_LENGTH


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "class": "fr-input"}),
        error_messages={"required": _("Write your comment.")},
    )
    block_id = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "comment-%s")  # both forms share the lesson page: ids must not collide
        super().__init__(*args, **kwargs)


def amendable_choices(lesson) -> list[tuple[str, str]]:
    """The passages of a lesson that take a proposal, labelled by position and first words."""
    choices = []
    for position, block in enumerate(lesson.body, start=1):
        text = block_text(block)
        if text is not None:
            excerpt = Truncator(text.replace("\n", " ")).chars(70)
            choices.append((block.id, _("Passage %(n)s — %(excerpt)s") % {"n": position, "excerpt": excerpt}))
    return choices


class AmendmentForm(forms.Form):
    block_id = forms.ChoiceField(
        label=_("Passage to change"), error_messages={"required": _("Choose the passage you propose to change.")}
    )
    proposed_text = forms.CharField(
        label=_("Proposed text"),
        help_text=_("The whole passage as you would write it. Plain text; leave a blank line between paragraphs."),
        max_length=AMENDMENT_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8, "class": "fr-input"}),
        error_messages={"required": _("Write the text you propose.")},
    )
    reason = forms.CharField(
        label=_("Why this change?"),
        max_length=AMENDMENT_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "class": "fr-input"}),
        error_messages={"required": _("Say why you propose this change.")},
    )
    revision_id = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, lesson, **kwargs):
        kwargs.setdefault("auto_id", "amendment-%s")
        super().__init__(*args, **kwargs)
        self.fields["block_id"].choices = [("", _("Choose a passage")), *amendable_choices(lesson)]
        self.fields["block_id"].widget.attrs["class"] = "fr-select"
        if not self.is_bound:
            self.initial.setdefault("revision_id", lesson.live_revision_id)


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the proposer)"),
        required=False,
        max_length=AMENDMENT_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
