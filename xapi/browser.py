"""What a learner's browser session may assert (ARCHITECTURE.md "Who may assert what").

The server replaces the actor, drops any authority, and accepts only what a browser can honestly observe: lesson
experienced/progressed/completed (completed with the measured active time) and H5P interactions on H5P
activities. Everything else (passed, failed, attended, module completion, earned, voided…) is the platform's.
"""

from __future__ import annotations

from xapi.handlers import resolve_registration
from xapi.http import Authority, XapiError
from xapi.vocabulary import BROWSER_H5P_VERBS, BROWSER_LESSON_VERBS, COMPLETED, PLATFORM_ONLY_VERBS, activity_kind


def _forbidden(message: str) -> XapiError:
    return XapiError(403, message, code="browser_forbidden")


def browser_statement(statement: dict, *, authority: Authority) -> dict:
    statement = dict(statement)
    verb = statement["verb"]["id"]
    if verb in PLATFORM_ONLY_VERBS:
        raise _forbidden(f"The verb {verb} is recorded by the platform itself, not by a browser.")
    obj = statement["object"]
    if obj.get("objectType", "Activity") != "Activity":
        raise _forbidden("A browser may only send statements about lessons and H5P activities.")
    kind = activity_kind(obj["id"])
    if kind == "lesson":
        if verb not in BROWSER_LESSON_VERBS:
            raise _forbidden(f"The verb {verb} is not accepted from a browser on a lesson.")
        if verb == COMPLETED.id and "duration" not in (statement.get("result") or {}):
            raise XapiError(400, "A lesson 'completed' statement must carry the measured active time "
                            "in result.duration.", code="duration_required")  # fmt: skip
    elif kind == "h5p":
        if verb not in BROWSER_H5P_VERBS:
            raise _forbidden(f"The verb {verb} is not accepted from a browser on an H5P activity.")
    else:
        raise _forbidden("A browser may only send statements about the platform's lessons and H5P activities.")
    if statement.get("attachments"):
        raise _forbidden("A browser may not send attachments.")
    statement["actor"] = authority.agent  # whatever actor the page sent
    statement.pop("authority", None)
    context = dict(statement.get("context") or {})
    if "registration" not in context and authority.user is not None:
        registration = resolve_registration(user=authority.user, activity_id=obj["id"])
        if registration is not None:
            context["registration"] = str(registration)
    if context:
        statement["context"] = context
    return statement
