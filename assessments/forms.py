"""The quiz admin form (a partner author attaches quizzes to their modules only) and the reading of answer POSTs."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from assessments.permissions import is_national_admin, modules_for_quiz_author
from assessments.scoring import QuestionType, ResponseError

FIELD_PREFIX = "q-"


class AccommodationForm(forms.Form):
    extra_time_percent = forms.IntegerField(
        label=_("Extra time (%)"),
        min_value=1,
        max_value=300,
        initial=33,
        help_text=_("Added to every time limit, e.g. 33 for a third more time."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=255,
        help_text=_("What is granted and by whom — never a diagnosis."),
    )


class QuizAdminForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and "module" in self.fields:
            self.fields["module"].queryset = modules_for_quiz_author(user)
            if not is_national_admin(user):
                self.fields["module"].required = True  # programme-level evaluations are the national team's
                self.fields["module"].error_messages["required"] = _(
                    "Choose one of your partner's modules: programme-level evaluations are edited nationally."
                )


def field_name(question_key: str, item_id: str | None = None) -> str:
    return f"{FIELD_PREFIX}{question_key}" + (f"-{item_id}" if item_id else "")


def responses_from_post(data, questions: list[dict], *, partial: bool = False) -> dict[str, list[str]]:
    """The raw responses of a POST, per question key (every question of the attempt; [] when unanswered).

    An ordering question arrives as one rank field per item (a select: usable with a keyboard, without dragging)
    and becomes the list of item ids in rank order; two items given the same rank raise ``duplicate_rank``.
    With `partial`, questions absent from the POST are left out (autosave of one question).
    """
    responses: dict[str, list[str]] = {}
    known_fields = {field_name(q["key"]) for q in questions}
    for question in questions:
        key = question["key"]
        if question["type"] == QuestionType.ORDERING:
            ranks = {c["id"]: (data.get(field_name(key, c["id"])) or "").strip() for c in question["choices"]}
            if partial and not any(ranks.values()):
                continue
            responses[key] = _ordering(key, ranks)
            continue
        name = field_name(key)
        if partial and name not in data:
            continue
        responses[key] = data.getlist(name) if hasattr(data, "getlist") else list(_as_list(data.get(name)))
    strays = [
        name for name in data
        if name.startswith(FIELD_PREFIX) and name not in known_fields
        and not any(name.startswith(field_name(q["key"]) + "-") for q in questions if q["type"] == "ordering")
    ]  # fmt: skip
    if strays:
        raise ResponseError("unknown_question", question_key=strays[0][len(FIELD_PREFIX) :])
    return responses


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _ordering(key: str, ranks: Mapping[str, str]) -> list[str]:
    if not any(ranks.values()):
        return []
    if not all(rank.isdigit() for rank in ranks.values()):
        raise ResponseError("incomplete_ordering", question_key=key)
    numbers = [int(rank) for rank in ranks.values()]
    if len(set(numbers)) != len(numbers):
        raise ResponseError("duplicate_rank", question_key=key)
    if sorted(numbers) != list(range(1, len(numbers) + 1)):
        raise ResponseError("incomplete_ordering", question_key=key)
    return [item for item, _rank in sorted(ranks.items(), key=lambda pair: int(pair[1]))]
