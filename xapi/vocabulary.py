"""The project's xAPI profile: activity IRIs, verbs and extensions (documented in docs/xapi-profile.md).

Every verb names its source: ADL (the ADL vocabulary), cmi5, or this profile.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Verb:
    id: str
    display: str  # English display, as the sources define it
    source: str

    def as_dict(self) -> dict:
        return {"id": self.id, "display": {"en-US": self.display}}


ADL = "http://adlnet.gov/expapi/verbs/"
EXPERIENCED = Verb(ADL + "experienced", "experienced", "ADL")
PROGRESSED = Verb(ADL + "progressed", "progressed", "ADL")
COMPLETED = Verb(ADL + "completed", "completed", "ADL / cmi5")
PASSED = Verb(ADL + "passed", "passed", "ADL / cmi5")
FAILED = Verb(ADL + "failed", "failed", "ADL / cmi5")
ANSWERED = Verb(ADL + "answered", "answered", "ADL")
ATTEMPTED = Verb(ADL + "attempted", "attempted", "ADL")
INTERACTED = Verb(ADL + "interacted", "interacted", "ADL")
INITIALIZED = Verb(ADL + "initialized", "initialized", "ADL / cmi5")
TERMINATED = Verb(ADL + "terminated", "terminated", "ADL / cmi5")
ATTENDED = Verb(ADL + "attended", "attended", "ADL")
REGISTERED = Verb(ADL + "registered", "registered", "ADL")
VOIDED = Verb(ADL + "voided", "voided", "ADL")
SATISFIED = Verb("https://w3id.org/xapi/adl/verbs/satisfied", "satisfied", "ADL / cmi5")
EARNED = Verb("http://id.tincanapi.com/verb/earned", "earned", "Tin Can registry")
# training: the trainer's countersignature of a learner's half-day, and a later correction of it (this profile)
COUNTERSIGNED = Verb("https://w3id.org/xapi/cafe-ia/verbs/countersigned", "countersigned", "this profile")
AMENDED = Verb("https://w3id.org/xapi/cafe-ia/verbs/amended", "amended", "this profile")

# What a learner's browser may assert (ARCHITECTURE.md "Who may assert what"): the rest is the platform's.
BROWSER_LESSON_VERBS = frozenset({EXPERIENCED.id, PROGRESSED.id, COMPLETED.id})
BROWSER_H5P_VERBS = frozenset(
    {ANSWERED.id, COMPLETED.id, ATTEMPTED.id, INTERACTED.id, PROGRESSED.id, EXPERIENCED.id, INITIALIZED.id}
)
PLATFORM_ONLY_VERBS = frozenset(
    {PASSED.id, FAILED.id, ATTENDED.id, VOIDED.id, EARNED.id, SATISFIED.id, COUNTERSIGNED.id, AMENDED.id}
)

ACTIVITY_KINDS = ("program", "day", "module", "lesson", "quiz", "question", "h5p", "session", "attestation")
ACTIVITY_TYPES = {
    "program": "http://adlnet.gov/expapi/activities/course",
    "day": "http://adlnet.gov/expapi/activities/module",
    "module": "http://adlnet.gov/expapi/activities/module",
    "lesson": "http://adlnet.gov/expapi/activities/lesson",
    "quiz": "http://adlnet.gov/expapi/activities/assessment",
    "question": "http://adlnet.gov/expapi/activities/cmi.interaction",
    "h5p": "http://h5p.org/x-api/h5p-local-content-id",
    "session": "http://adlnet.gov/expapi/activities/meeting",
    "attestation": "https://w3id.org/xapi/cafe-ia/activity-types/attestation",
}

# Extensions of this profile
EXT_COHORT = "https://w3id.org/xapi/cafe-ia/extensions/cohort"
EXT_ACTIVE_TIME = "https://w3id.org/xapi/cafe-ia/extensions/active-time"
EXT_ATTENDANCE = "https://w3id.org/xapi/cafe-ia/extensions/attendance"  # training: status, method, signed time


def activity_base() -> str:
    return f"{settings.SITE_URL}/xapi/activities/"


def activity_iri(kind: str, identifier: object) -> str:
    """A stable IRI for a platform object, e.g. activity_iri("lesson", page.pk)."""
    if kind not in ACTIVITY_KINDS:
        raise ValueError(f"unknown activity kind {kind!r}")
    return f"{activity_base()}{kind}/{identifier}"


_ACTIVITY_PATH_RE = re.compile(r"(?P<kind>[a-z0-9]+)/[A-Za-z0-9_-]+(?:\?subContentId=[A-Za-z0-9_-]+)?")


def activity_kind(iri: str) -> str | None:
    """The kind of a platform activity IRI ("lesson", "h5p"…), or None for an IRI that is not exactly one of the
    platform's (`<base><kind>/<identifier>`, plus `?subContentId=…` for H5P sub-content; no `..`, no other path)."""
    base = activity_base()
    if not iri.startswith(base):
        return None
    match = _ACTIVITY_PATH_RE.fullmatch(iri, len(base))
    if match is None or match["kind"] not in ACTIVITY_KINDS:
        return None
    if "?" in iri and match["kind"] != "h5p":
        return None
    return match["kind"]
