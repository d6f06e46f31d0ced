"""French labels of checklist items (rules.py stays free of Django; the words live here, through gettext)."""

from __future__ import annotations

from django.utils import formats
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from certificates.rules import ChecklistItem, ItemKind, ItemStatus


def item_label(item: ChecklistItem) -> str:
    """What the learner (or the trainer) reads for one checklist line."""
    if item.kind is ItemKind.MODULE:
        return _("Complete the module “%(title)s”") % {"title": item.title}
    if item.kind is ItemKind.EXIT_EVALUATION:
        if item.reason == "failed":
            return _("Pass the exit evaluation (not passed yet)")
        return _("Pass the exit evaluation")
    if item.kind is ItemKind.SURVEY:
        return _("Answer the satisfaction survey")
    when = formats.date_format(localtime(item.starts_at), "l j F Y, G \\h i") if item.starts_at else ""
    if item.kind is ItemKind.IN_PERSON:
        label = _("Attend and sign the in-person half-day of %(when)s") % {"when": when}
    else:
        label = _("Attend the remote live session of %(when)s") % {"when": when}
    return f"{label} — {reason_label(item)}" if item.status is not ItemStatus.DONE else label


def reason_label(item: ChecklistItem) -> str:
    return {
        "not_held": _("not held yet"),
        "absent": _("absent"),
        "not_signed": _("not signed"),
        "not_countersigned": _("awaiting the trainer's countersignature"),
        "not_taken": _("not taken yet"),
        "failed": _("not passed"),
    }.get(item.reason, "")


def status_label(item: ChecklistItem) -> str:
    return {
        ItemStatus.DONE: _("Done"),
        ItemStatus.MISSING: _("Missing"),
        ItemStatus.UPCOMING: _("Upcoming"),
    }[item.status]
