"""Writes of the training app (STYLE.md R1): keyword-only, typed, atomic; one module per concern."""

from training.services.attendance import (
    attendance_amend,
    attendance_countersign,
    attendance_mark,
    attendance_self_check_in,
    checkin_code_verify,
    session_sheet_scan_upload,
)
from training.services.cohorts import cohort_create, cohort_trainer_add, cohort_trainer_remove, cohort_update
from training.services.enrolments import (
    enrolment_accept,
    enrolment_activate_invited,
    enrolment_cancel,
    enrolment_create,
    enrolment_invite,
    enrolment_move,
    enrolment_request,
)
from training.services.messages import cohort_message_post
from training.services.sessions import SessionData, session_create, session_update

__all__ = [
    "SessionData",
    "attendance_amend",
    "attendance_countersign",
    "attendance_mark",
    "attendance_self_check_in",
    "checkin_code_verify",
    "cohort_create",
    "cohort_message_post",
    "cohort_trainer_add",
    "cohort_trainer_remove",
    "cohort_update",
    "enrolment_accept",
    "enrolment_activate_invited",
    "enrolment_cancel",
    "enrolment_create",
    "enrolment_invite",
    "enrolment_move",
    "enrolment_request",
    "session_create",
    "session_sheet_scan_upload",
    "session_update",
]
