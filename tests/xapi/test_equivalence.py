import copy
import time

import pytest

from xapi.equivalence import canonical_form, statements_equivalent

BASE = {
    "id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee",
    "actor": {"objectType": "Agent", "name": "Ana", "mbox": "mailto:Ana.Martin@Example.ORG"},
    "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en-US": "completed"}},
    "object": {
        "objectType": "Activity",
        "id": "https://cafeia.example/lecons/12",
        "definition": {"name": {"fr-FR": "Leçon 12"}, "type": "http://adlnet.gov/expapi/activities/lesson"},
    },
    "result": {"score": {"scaled": 0.8, "raw": 8, "max": 10}, "success": True, "duration": "PT1H30M"},
    "context": {
        "registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7",
        "language": "fr-FR",
        "instructor": {"mbox": "mailto:trainer@example.org"},
        "team": {
            "objectType": "Group",
            "name": "Cohorte A",
            "member": [{"mbox": "mailto:a@example.org"}, {"mbox": "mailto:b@example.org"}],
        },
        "contextActivities": {
            "parent": [{"id": "https://cafeia.example/modules/3"}],
            "grouping": [{"id": "https://cafeia.example/programme"}, {"id": "https://cafeia.example/jour/1"}],
        },
        "statement": {"objectType": "StatementRef", "id": "9e13cefd-53d3-4eac-b5ed-2cf6693903bb"},
        "extensions": {"https://cafeia.example/ext/active-time": 1800, "https://cafeia.example/ext/flag": True},
    },
    "timestamp": "2025-03-01T09:15:00.123Z",
    "attachments": [
        {
            "usageType": "http://adlnet.gov/expapi/attachments/signature",
            "display": {"en-US": "Signature"},
            "contentType": "application/octet-stream",
            "length": 4235,
            "sha2": "672fa5fa658017f1b72d65036f13379c6ab05d4ab3b6664908d8acf0b6a0c634",
        }
    ],
}

SUBSTATEMENT = {
    "objectType": "SubStatement",
    "actor": {"mbox": "mailto:a@example.org"},
    "verb": {"id": "http://example.com/planned", "display": {"en": "planned"}},
    "object": {"id": "http://example.com/website"},
    "timestamp": "2030-01-01T00:00:00Z",
}


def changed(mutate, base=BASE):
    statement = copy.deepcopy(base)
    mutate(statement)
    return statement


def _set(path, value):
    def mutate(statement):
        *parents, last = path
        target = statement
        for key in parents:
            target = target[key]
        target[last] = value

    return mutate


def _delete(path):
    def mutate(statement):
        *parents, last = path
        target = statement
        for key in parents:
            target = target[key]
        del target[last]

    return mutate


EQUIVALENT = [
    ("stored is assigned by the LRS", _set(["stored"], "2025-03-02T00:00:00Z")),
    ("authority is (over)written by the LRS", _set(["authority"], {"mbox": "mailto:lrs@example.org"})),
    ("version is set by the LRS", _set(["version"], "1.0.0")),
    ("id in upper case (UUIDs are case-insensitive)", _set(["id"], BASE["id"].upper())),
    ("id absent on one side: assigned by the LRS", _delete(["id"])),
    ("timestamp absent on one side: set to stored by the LRS", _delete(["timestamp"])),
    ("same instant in another time zone", _set(["timestamp"], "2025-03-01T10:15:00.123+01:00")),
    ("same instant with +00:00 instead of Z", _set(["timestamp"], "2025-03-01T09:15:00.123+00:00")),
    ("same instant with trailing zeros", _set(["timestamp"], "2025-03-01T09:15:00.123000Z")),
    ("finer timestamp truncated to ms by the LRS", _set(["timestamp"], "2025-03-01T09:15:00.1238Z")),
    ("finer timestamp rounded to ms by the LRS", _set(["timestamp"], "2025-03-01T09:15:00.1225Z")),
    ("verb display is not part of the statement", _set(["verb", "display"], {"fr-FR": "a terminé"})),
    ("verb display omitted (format=ids)", _delete(["verb", "display"])),
    ("activity definition is not part of the statement", _set(["object", "definition"], {"name": {"en": "x"}})),
    ("activity definition omitted (format=ids)", _delete(["object", "definition"])),
    ("object objectType Activity is the default", _delete(["object", "objectType"])),
    ("actor objectType Agent is the default", _delete(["actor", "objectType"])),
    ("instructor objectType Agent made explicit", _set(["context", "instructor", "objectType"], "Agent")),
    ("mbox domain is case-insensitive", _set(["actor", "mbox"], "mailto:Ana.Martin@example.org")),
    ("mailto scheme is case-insensitive", _set(["actor", "mbox"], "MAILTO:Ana.Martin@example.org")),
    ("registration UUID in upper case", _set(["context", "registration"], "EC531277-B57B-4C15-8D91-D292C5B2B8F7")),
    ("StatementRef id in upper case", _set(["context", "statement", "id"], "9E13CEFD-53D3-4EAC-B5ED-2CF6693903BB")),
    ("context language tag case (RFC 5646)", _set(["context", "language"], "fr-fr")),
    (
        "single contextActivities object equals a one-element array",
        _set(["context", "contextActivities", "parent"], {"id": "https://cafeia.example/modules/3"}),
    ),
    (
        "context activity definition ignored",
        _set(
            ["context", "contextActivities", "parent"],
            [{"id": "https://cafeia.example/modules/3", "objectType": "Activity", "definition": {"type": "x:y"}}],
        ),
    ),
    (
        "Group members are an unordered list",
        _set(["context", "team", "member"], [{"mbox": "mailto:b@example.org"}, {"mbox": "mailto:a@example.org"}]),
    ),
    ("attachment display language tag case", _set(["attachments", 0, "display"], {"EN-us": "Signature"})),
    ("score 8 and 8.0 are the same number", _set(["result", "score", "raw"], 8.0)),
    ("score stored as float32", _set(["result", "score", "scaled"], 0.800000011920929)),
    ("key order does not matter", lambda s: s.update(dict(reversed(list(s.items()))))),
]

NOT_EQUIVALENT = [
    ("another instant", _set(["timestamp"], "2025-03-01T09:15:00.124Z")),
    ("another instant, off by one hour", _set(["timestamp"], "2025-03-01T09:15:00.123+01:00")),
    ("another id (same length)", _set(["id"], "6690e6c9-3ef0-4ed3-8b37-7f3964730bef")),
    ("verb id", _set(["verb", "id"], "http://adlnet.gov/expapi/verbs/passed")),
    ("verb id case: IRIs are case-sensitive", _set(["verb", "id"], "http://adlnet.gov/expapi/verbs/Completed")),
    ("object id", _set(["object", "id"], "https://cafeia.example/lecons/13")),
    ("actor mbox local part is case-sensitive", _set(["actor", "mbox"], "mailto:ana.martin@example.org")),
    ("actor name", _set(["actor", "name"], "Anna")),
    ("actor name removed", _delete(["actor", "name"])),
    ("result success", _set(["result", "success"], False)),
    ("boolean true is not the number 1", _set(["result", "success"], 1)),
    ("score differs beyond float32 precision", _set(["result", "score", "scaled"], 0.8001)),
    ("score 8 vs string '8'", _set(["result", "score", "raw"], "8")),
    ("duration is a string: PT90M is not PT1H30M", _set(["result", "duration"], "PT90M")),
    ("result removed", _delete(["result"])),
    ("registration", _set(["context", "registration"], "ec531277-b57b-4c15-8d91-d292c5b2b8f8")),
    (
        "contextActivities order matters (not listed as unordered)",
        _set(
            ["context", "contextActivities", "grouping"],
            [{"id": "https://cafeia.example/jour/1"}, {"id": "https://cafeia.example/programme"}],
        ),
    ),
    ("an extra context activity", lambda s: s["context"]["contextActivities"]["parent"].append({"id": "x:y"})),
    ("empty array is not an absent property", _set(["context", "contextActivities", "other"], [])),
    ("extension value", _set(["context", "extensions", "https://cafeia.example/ext/active-time"], 1801)),
    ("extension boolean is not 1", _set(["context", "extensions", "https://cafeia.example/ext/flag"], 1)),
    ("extension null is not absent", _set(["context", "extensions", "https://cafeia.example/ext/none"], None)),
    ("Group member removed", lambda s: s["context"]["team"]["member"].pop()),
    ("attachment sha2", _set(["attachments", 0, "sha2"], "0" * 64)),
    ("attachments removed", _delete(["attachments"])),
    ("attachment display text", _set(["attachments", 0, "display"], {"en-US": "Signed"})),
    ("an additional top-level property", _set(["extra"], 1)),
    ("object becomes an Agent", _set(["object"], {"objectType": "Agent", "mbox": "mailto:a@example.org"})),
]


@pytest.mark.parametrize(("reason", "mutate"), EQUIVALENT, ids=[reason for reason, _ in EQUIVALENT])
def test_equivalent(reason, mutate):
    other = changed(mutate)
    assert statements_equivalent(BASE, other), reason
    assert statements_equivalent(other, BASE), f"{reason} (swapped)"


@pytest.mark.parametrize(("reason", "mutate"), NOT_EQUIVALENT, ids=[reason for reason, _ in NOT_EQUIVALENT])
def test_not_equivalent(reason, mutate):
    other = changed(mutate)
    assert not statements_equivalent(BASE, other), reason
    assert not statements_equivalent(other, BASE), f"{reason} (swapped)"


SUB_BASE = {**changed(_delete(["context"])), "object": SUBSTATEMENT}


@pytest.mark.parametrize(
    ("reason", "mutate", "expected"),
    [
        ("SubStatement timestamp in another zone", _set(["object", "timestamp"], "2030-01-01T01:00:00+01:00"), True),
        ("SubStatement verb display ignored", _delete(["object", "verb", "display"]), True),
        ("SubStatement object objectType default", _set(["object", "object", "objectType"], "Activity"), True),
        ("SubStatement timestamp is not LRS-assigned", _delete(["object", "timestamp"]), False),
        ("SubStatement timestamp differs", _set(["object", "timestamp"], "2030-01-02T00:00:00Z"), False),
        ("SubStatement verb differs", _set(["object", "verb", "id"], "http://example.com/did"), False),
    ],
)
def test_substatement(reason, mutate, expected):
    assert statements_equivalent(SUB_BASE, changed(mutate, SUB_BASE)) is expected, reason


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("PT1.2345S", "PT1.23S", True),  # the LRS MAY truncate to 0.01 s
        ("PT1.2345S", "PT1.2399S", True),  # precision beyond 0.01 s is not compared
        ("PT1.23S", "PT1.24S", False),
        ("PT1.2S", "PT1.20S", False),  # otherwise a duration is a string
    ],
)
def test_duration_precision(a, b, expected):
    assert (
        statements_equivalent(changed(_set(["result", "duration"], a)), changed(_set(["result", "duration"], b)))
        is expected
    )


@pytest.mark.parametrize(
    "timestamp",
    [
        "2025-03-01T04:15:00.123-05:00",
        "2025-03-01T04:15:00.123-0500",
        "2025-03-01T09:15:00,123Z",
        "2025-03-01T09:15:00.123z",
    ],
)
def test_timestamp_serialisations(timestamp):
    assert statements_equivalent(BASE, changed(_set(["timestamp"], timestamp)))


def test_statement_ref_object_id_is_case_insensitive():
    a = {**BASE, "object": {"objectType": "StatementRef", "id": "9e13cefd-53d3-4eac-b5ed-2cf6693903bb"}}
    b = {**BASE, "object": {"objectType": "StatementRef", "id": "9E13CEFD-53D3-4EAC-B5ED-2CF6693903BB"}}
    assert statements_equivalent(a, b)


def test_unparsable_timestamps_are_compared_as_strings():
    a = changed(_set(["timestamp"], "not a date"))
    assert statements_equivalent(a, copy.deepcopy(a))
    assert not statements_equivalent(a, changed(_set(["timestamp"], "not a date either")))


def test_naive_timestamp_is_read_as_utc():
    assert statements_equivalent(BASE, changed(_set(["timestamp"], "2025-03-01T09:15:00.123")))


def test_canonical_form_does_not_modify_its_argument():
    original = copy.deepcopy(BASE)
    form = canonical_form(BASE)
    assert original == BASE
    assert "stored" not in form and "definition" not in form["object"]
    assert form["timestamp"] == 1740820500123000000
    assert form["actor"]["mbox"] == "mailto:Ana.Martin@example.org"
    assert form["context"]["team"]["member"][0]["objectType"] == "Agent"


def test_malformed_statements_do_not_raise():
    weird = {"actor": "x", "verb": 3, "object": ["a"], "context": {"contextActivities": {"parent": "x"}}}
    assert statements_equivalent(weird, copy.deepcopy(weird))
    assert not statements_equivalent(weird, BASE)


def test_cost_grows_linearly_with_the_statement():
    """Every duplicate id runs the comparison: it must not be quadratic in the number of context activities.
    Relative timings (best of 3, 8x the activities), so a loaded machine does not fail it; the absolute cost is
    measured by the benchmarks."""

    def best_time(count: int) -> float:
        big = changed(_set(["context", "contextActivities", "other"], [{"id": f"x:{i}"} for i in range(count)]))
        other = copy.deepcopy(big)
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            for _ in range(20):
                assert statements_equivalent(big, other)
            timings.append(time.perf_counter() - started)
        return min(timings)

    small, large = best_time(200), best_time(1600)
    assert large < small * 8 * 4  # quadratic would be ~64x
