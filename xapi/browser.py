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
    if kind == "lesson" and "result" in statement:  # time and completion only: a lesson has no score
        statement["result"] = {k: v for k, v in statement["result"].items() if k in LESSON_RESULT_KEYS}
    context = {k: v for k, v in (statement.get("context") or {}).items() if k in BROWSER_CONTEXT_KEYS}
    if "contextActivities" in context:
        context["contextActivities"] = _observable_context_activities(context["contextActivities"])
    # the enrolment is the platform's to say, never the page's (a handler would credit that enrolment)
    registration = None
    if authority.user is not None:
        registration = resolve_registration(user=authority.user, activity_id=obj["id"])
    if registration is not None:
        context["registration"] = str(registration)
    if context:
        statement["context"] = context
    else:
        statement.pop("context", None)
    return statement


# No instructor, team, contextAgents/Groups (other people), no registration (the platform's), no revision/platform
# or statement reference games: what a page can honestly say about where the learner was.
BROWSER_CONTEXT_KEYS = frozenset({"contextActivities", "language", "extensions", "platform", "revision"})
LESSON_RESULT_KEYS = frozenset({"duration", "completion", "extensions"})
BROWSER_CONTEXT_ACTIVITY_KINDS = (None, "lesson", "h5p")  # foreign IRIs (H5P libraries), lessons and H5P content


def _observable_context_activities(context_activities: dict) -> dict:
    kept = {}
    for key, value in context_activities.items():
        activities = [a for a in (value if isinstance(value, list) else [value])
                      if activity_kind(a["id"]) in BROWSER_CONTEXT_ACTIVITY_KINDS]  # fmt: skip
        if activities:
            kept[key] = activities
    return kept
