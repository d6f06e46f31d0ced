"""Generated PDFs: the émargement of a session, the attendance summary of a cohort, the remote-day proof file.

Each is rendered by a Celery task through ``core.pdf.render_pdf`` and cached in ``TrainingDocument`` with the
fingerprint (SHA-256) of the data it shows: a request finds the cached file while the data is unchanged, and a
change (a signature, an amendment, a countersignature) makes the next request render again. Signature images are
private files: they enter the HTML as ``data:`` URLs, never as paths.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from training.hooks import evaluations_for, organisation_overrides
from training.models import (
    Attendance,
    Cohort,
    DocumentKind,
    Enrolment,
    EnrolmentState,
    Modality,
    TrainingDocument,
    TrainingSession,
)
from xapi.actors import actor_name


def render_pdf(template_name: str, context: dict) -> bytes:
    """``core.pdf.render_pdf``, imported on first use: WeasyPrint is heavy and only the rendering tasks need it."""
    from core.pdf import render_pdf as render

    return render(template_name, context)


def organisation() -> dict:
    """The training organisation printed on documents: the Provider edited in Wagtail (registered by certificates),
    completed field by field by the ``TRAINING_ORGANISATION`` setting, else the site name."""
    default = {"name": settings.WAGTAIL_SITE_NAME, "address": "", "siret": "", "nda": ""}
    return default | dict(getattr(settings, "TRAINING_ORGANISATION", {}) or {}) | organisation_overrides()


def _data_url(field) -> str:
    if not field:
        return ""
    with field.open("rb") as handle:
        return "data:image/png;base64," + base64.b64encode(handle.read()).decode()


def _fingerprint(data: object) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _person(user) -> str:
    return user.get_full_name() or user.email if user else ""


# --- émargement ------------------------------------------------------------------------------------------------------


def emargement_rows(session: TrainingSession) -> list[dict]:
    """One row per enrolled learner (alphabetical), with their attendance when recorded.

    Once the sheet is locked (countersigned, or replaced by the scan of the paper sheet), the rows are the records it
    was locked with — every learner enrolled then has one — and nobody else: a learner enrolled or moved into the
    cohort afterwards does not appear as a blank row on a sheet that is already signed."""
    attendances = {
        a.enrolment_id: a
        for a in session.attendances.select_related("enrolment__learner").prefetch_related("amendments__author")
    }
    enrolment_ids = set(attendances)
    if not (session.is_locked or session.sheet_scan):
        enrolment_ids |= set(
            Enrolment.objects.filter(cohort=session.cohort)
            .filter(state__in=(EnrolmentState.INVITED, EnrolmentState.ENROLLED, EnrolmentState.COMPLETED))
            .values_list("pk", flat=True)
        )
    everyone = Enrolment.objects.filter(pk__in=enrolment_ids).select_related("learner")
    rows = []
    for enrolment in sorted(everyone, key=lambda e: (e.learner.last_name.lower(), e.learner.first_name.lower(), e.pk)):
        attendance: Attendance | None = attendances.get(enrolment.pk)
        rows.append({"enrolment": enrolment, "learner": enrolment.learner, "attendance": attendance})
    return rows


def _emargement_data(session: TrainingSession, rows: list[dict]) -> dict:
    return {
        "session": [session.pk, str(session.date), str(session.start_time), str(session.end_time), session.modality],
        "venue": session.venue_address,
        "modules": list(session.modules.order_by("pk").values_list("title", flat=True)),
        "trainer": _person(session.trainer),
        "cohort": session.cohort.title,
        "countersigned": [str(session.countersigned_at), session.countersignature.name],
        "scan": [session.sheet_scan.name, str(session.sheet_scan_uploaded_at)],
        "rows": [
            [
                r["enrolment"].pk,
                _person(r["learner"]),
                r["attendance"].record_hash if r["attendance"] else "",
                [[a.pk, a.new] for a in r["attendance"].amendments.all()] if r["attendance"] else [],
            ]
            for r in rows
        ],
        "organisation": organisation(),
        "template": 2,
    }


def emargement_context(session: TrainingSession, *, blank: bool = False) -> dict:
    rows = emargement_rows(session)
    for row in rows:
        attendance = row["attendance"]
        row["signature_url"] = "" if blank or attendance is None else _data_url(attendance.signature)
    return {
        "session": session,
        "cohort": session.cohort,
        "modules": list(session.modules.all()),
        "rows": rows,
        "blank": blank,
        "organisation": organisation(),
        "countersignature_url": "" if blank else _data_url(session.countersignature),
        "amendments": [] if blank else [a for r in rows if r["attendance"] for a in r["attendance"].amendments.all()],
        "generated_at": timezone.now(),
    }


def _store(*, kind: str, key: str, cohort: Cohort, fingerprint: str, render, **links) -> TrainingDocument:
    document, _created = TrainingDocument.objects.get_or_create(
        key=key, defaults={"kind": kind, "cohort": cohort, **links}
    )
    if document.fingerprint == fingerprint and document.file and document.file.storage.exists(document.file.name):
        return document  # unchanged data: the cached PDF stands
    pdf = render()
    old = document.file.name if document.file else ""
    document.file.save(f"{key.replace(':', '-')}.pdf", ContentFile(pdf), save=False)
    document.fingerprint, document.generated_at = fingerprint, timezone.now()
    document.save()
    if old and old != document.file.name:
        transaction.on_commit(lambda: document.file.storage.delete(old))
    return document


def emargement_fingerprint(session: TrainingSession) -> str:
    return _fingerprint(_emargement_data(session, emargement_rows(session)))


def emargement_render(*, session: TrainingSession) -> TrainingDocument:
    session = TrainingSession.objects.select_related("cohort__territory", "trainer", "countersigned_by").get(
        pk=session.pk
    )
    return _store(
        kind=DocumentKind.EMARGEMENT,
        key=f"emargement:{session.pk}",
        cohort=session.cohort,
        session=session,
        fingerprint=emargement_fingerprint(session),
        render=lambda: render_pdf("training/pdf/emargement.html", emargement_context(session)),
    )


def emargement_blank_pdf(*, session: TrainingSession) -> bytes:
    """The sheet to print when the venue has no network: names, times, modules, empty signature boxes."""
    return render_pdf("training/pdf/emargement.html", emargement_context(session, blank=True))


def document_current(*, key: str, fingerprint: str) -> TrainingDocument | None:
    """The cached document when it still shows the current data, else None (the caller enqueues a render)."""
    document = TrainingDocument.objects.filter(key=key).first()
    if (
        document
        and document.fingerprint == fingerprint
        and document.file
        and document.file.storage.exists(document.file.name)
    ):
        return document
    return None


# --- attendance summary of a cohort ----------------------------------------------------------------------------------


def attendance_summary_context(cohort: Cohort) -> dict:
    sessions = list(cohort.sessions.order_by("date", "start_time"))
    enrolments = list(
        cohort.enrolments.filter(state__in=(EnrolmentState.ENROLLED, EnrolmentState.COMPLETED, EnrolmentState.INVITED))
        .select_related("learner")
        .order_by("learner__last_name", "learner__first_name", "pk")
    )
    statuses = {(a.session_id, a.enrolment_id): a for a in Attendance.objects.filter(session__cohort=cohort)}
    rows = [{"learner": e.learner, "cells": [statuses.get((s.pk, e.pk)) for s in sessions]} for e in enrolments]
    return {
        "cohort": cohort,
        "sessions": sessions,
        "rows": rows,
        "organisation": organisation(),
        "generated_at": timezone.now(),
    }


def attendance_summary_fingerprint(cohort: Cohort) -> str:
    context = attendance_summary_context(cohort)
    return _fingerprint(
        {
            "sessions": [[s.pk, str(s.date), str(s.start_time), str(s.end_time)] for s in context["sessions"]],
            "rows": [
                [_person(r["learner"]), [c.record_hash if c else "" for c in r["cells"]]] for r in context["rows"]
            ],
            "title": cohort.title,
        }
    )


def attendance_summary_render(*, cohort: Cohort) -> TrainingDocument:
    return _store(
        kind=DocumentKind.ATTENDANCE_SUMMARY,
        key=f"summary:{cohort.pk}",
        cohort=cohort,
        fingerprint=attendance_summary_fingerprint(cohort),
        render=lambda: render_pdf("training/pdf/attendance_summary.html", attendance_summary_context(cohort)),
    )


# --- remote-day proof file of a learner ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LessonTime:
    lesson_title: str
    completed: bool
    active_seconds: int
    first_at: object
    last_at: object


@dataclass(frozen=True)
class ModuleTime:
    module_title: str
    lessons_total: int
    lessons_completed: int
    active_seconds: int
    first_at: object
    last_at: object
    lessons: tuple[LessonTime, ...] = ()


def _enrolment_chain(enrolment: Enrolment) -> list[Enrolment]:
    """The enrolment and those it continues (a learner moved between cohorts keeps their day-1 records)."""
    chain, current, seen = [], enrolment, set()
    while current is not None and current.pk not in seen:
        chain.append(current)
        seen.add(current.pk)
        current = current.moved_from
    return chain


def remote_module_times(*, enrolment: Enrolment) -> list[ModuleTime]:
    """Measured active time per module of the programme's remote days, from ``courses`` LessonProgress."""
    from courses.models import DayPage, LessonPage, ModulePage
    from courses.models_progress import LessonProgress

    programme = enrolment.cohort.programme
    learner_actor = actor_name(enrolment.learner.public_id)
    days = DayPage.objects.child_of(programme).filter(modality="remote").live()
    modules = [m for day in days for m in ModulePage.objects.child_of(day).live().order_by("path")]
    result = []
    for module in modules:
        lessons = list(LessonPage.objects.child_of(module).live().order_by("path").values_list("pk", "title"))
        lesson_ids = [pk for pk, _title in lessons]
        rows = LessonProgress.objects.filter(learner_actor=learner_actor, lesson_id__in=lesson_ids)
        progress = {p.lesson_id: p for p in rows}
        lesson_times = tuple(_lesson_time(title, progress.get(pk)) for pk, title in lessons)
        result.append(
            ModuleTime(
                module_title=module.title,
                lessons_total=len(lessons),
                lessons_completed=sum(1 for t in lesson_times if t.completed),
                active_seconds=sum(t.active_seconds for t in lesson_times),
                first_at=min((t.first_at for t in lesson_times if t.first_at), default=None),
                last_at=max((t.last_at for t in lesson_times if t.last_at), default=None),
                lessons=lesson_times,
            )
        )
    return result


def _lesson_time(title: str, progress) -> LessonTime:
    """One lesson's line of the proof file (the H5P activities of a lesson are played inside its page: their time is
    the lesson's active time)."""
    if progress is None:
        return LessonTime(lesson_title=title, completed=False, active_seconds=0, first_at=None, last_at=None)
    moments = [m for m in (progress.experienced_at, progress.completed_at) if m]
    return LessonTime(
        lesson_title=title,
        completed=progress.completed_at is not None,
        active_seconds=progress.active_seconds,
        first_at=min(moments, default=None),
        last_at=max(moments, default=None),
    )


def remote_proof_context(enrolment: Enrolment) -> dict:
    from training.permissions import messages_visible_to

    chain = _enrolment_chain(enrolment)
    remote_attendance = list(
        Attendance.objects.filter(enrolment__in=chain, session__modality=Modality.REMOTE)
        .select_related("session__cohort__territory", "session__trainer")
        .order_by("session__date", "session__start_time")
    )
    remote_sessions = list(
        TrainingSession.objects.filter(cohort__in=[e.cohort_id for e in chain], modality=Modality.REMOTE)
        .select_related("cohort__territory", "trainer")
        .order_by("date", "start_time")
    )
    by_session = {a.session_id: a for a in remote_attendance}
    messages = []
    for link in chain:
        messages += list(messages_visible_to(enrolment.learner, link.cohort).select_related("author", "recipient"))
    messages.sort(key=lambda m: (m.at, m.pk))
    times = remote_module_times(enrolment=enrolment)
    return {
        "enrolment": enrolment,
        "learner": enrolment.learner,
        "cohort": enrolment.cohort,
        "programme": enrolment.cohort.programme,
        "sessions": [{"session": s, "attendance": by_session.get(s.pk)} for s in remote_sessions],
        "module_times": times,
        "total_active_seconds": sum(t.active_seconds for t in times),
        "evaluations": evaluations_for(learner=enrolment.learner, programme=enrolment.cohort.programme),
        "messages": messages,
        "organisation": organisation(),
        "generated_at": timezone.now(),
    }


def remote_proof_fingerprint(enrolment: Enrolment) -> str:
    context = remote_proof_context(enrolment)
    return _fingerprint(
        {
            "sessions": [
                [s["session"].pk, s["attendance"].record_hash if s["attendance"] else ""] for s in context["sessions"]
            ],
            "times": [
                [t.module_title, [[lt.lesson_title, lt.completed, lt.active_seconds] for lt in t.lessons]]
                for t in context["module_times"]
            ],
            "organisation": context["organisation"],
            "evaluations": [repr(e) for e in context["evaluations"]],
            "messages": [m.pk for m in context["messages"]],
            "learner": _person(enrolment.learner),
        }
    )


def remote_proof_render(*, enrolment: Enrolment) -> TrainingDocument:
    enrolment = Enrolment.objects.select_related("cohort__programme", "learner", "moved_from").get(pk=enrolment.pk)
    return _store(
        kind=DocumentKind.REMOTE_PROOF,
        key=f"remote_proof:{enrolment.pk}",
        cohort=enrolment.cohort,
        enrolment=enrolment,
        fingerprint=remote_proof_fingerprint(enrolment),
        render=lambda: render_pdf("training/pdf/remote_proof.html", remote_proof_context(enrolment)),
    )
