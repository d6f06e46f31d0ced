"""The fast path of validation (`xapi.validation.fast`) never accepts what the reference validator rejects, and it is
the path the usual statements take.

The reference (`structure.validate_statement_object`) is what the conformance tests pin down, error path by error
path; `validate_statement(s)` asks the fast path first and the reference whenever the fast path says no. So the one
property that matters is: fast says valid => the reference says valid. It is checked here over the valid statements
of test_validation.py and the LRS's usual shapes, each mutated in every place it can be (a property removed, set to
null, to an empty object, to another JSON type, to an almost-right value, an unknown property added…).
"""

import copy
import itertools
import random

import pytest

from tests.xapi.test_validation import INTERACTIONS, LONG_EXAMPLE, VALID, VALID_2_0, base, interaction
from xapi.validation import StatementValidationError, _fast_ok, validate_statements
from xapi.validation.structure import validate_statement_object

SITE = "https://cafeia.example.fr"


def usual(index: int) -> dict:
    """The shapes the platform and its LRS clients send: account actor, lesson or H5P question, context, result."""
    statement = {
        "id": f"6690e6c9-3ef0-4ed3-8b37-{index:012d}",
        "actor": {"objectType": "Agent", "account": {"homePage": SITE, "name": f"{index:032x}"}},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered", "fr": "répondu"}},
        "object": {
            "objectType": "Activity",
            "id": f"{SITE}/modules/1/lecons/{index}/h5p?subContentId=8f7a3cb1-0b3e-4a4e-9c6f-5d4c1c3b2a10",
            "definition": {
                "name": {"fr-FR": "Question"},
                "description": {"fr-FR": "Comprendre les usages de l'IA"},
                "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                "moreInfo": f"{SITE}/modules/1",
                "extensions": {f"{SITE}/xapi/extensions/module": 1},
                "interactionType": "choice",
                "correctResponsesPattern": ["golf[,]tetris"],
                "choices": [{"id": c, "description": {"en-US": c}} for c in ("golf", "facebook", "tetris")],
            },
        },
        "result": {
            "score": {"scaled": 0.5, "raw": 10, "min": 0, "max": 20},
            "success": True,
            "completion": True,
            "response": "golf[,]tetris",
            "duration": "PT4.25S",
            "extensions": {f"{SITE}/xapi/extensions/attempt": 1},
        },
        "context": {
            "registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7",
            "contextActivities": {
                "parent": [{"id": f"{SITE}/modules/1", "objectType": "Activity"}],
                "grouping": {"id": f"{SITE}/programme"},
                "category": [{"id": "https://w3id.org/xapi/cmi5/context/categories/moveon"}],
            },
            "platform": "Café IA Formation",
            "language": "fr-FR",
            "extensions": {"https://w3id.org/xapi/cmi5/context/extensions/sessionid": None},
        },
        "timestamp": "2024-02-29T09:30:00.123+02:00",
        "stored": "2024-03-01T09:30:00Z",
        "authority": {"objectType": "Agent", "name": "client", "account": {"homePage": SITE, "name": "key"}},
        "version": "1.0.3",
    }
    return statement


def usual_2_0(index: int) -> dict:
    statement = usual(index)
    statement["context"]["contextAgents"] = [
        {"objectType": "contextAgent", "agent": {"mbox": "mailto:trainer@example.org"}, "relevantTypes": [SITE]}
    ]
    statement["version"] = "2.0.0"
    return statement


def corpus() -> list[tuple[dict, bool]]:
    """The statements to mutate; the LRS's usual shapes first (mutated with every odd value, the others with some)."""
    statements = [(usual(1), False), (usual(2), True), (usual_2_0(3), True), (copy.deepcopy(LONG_EXAMPLE), False)]
    statements.append(({**base(), "actor": {"objectType": "Group", "name": "Cohorte", "member": [usual(4)["actor"]]}},
                       False))  # fmt: skip
    sub = {key: value for key, value in usual(5).items() if key not in ("id", "stored", "authority", "version")}
    statements.append(({**base(), "object": {"objectType": "SubStatement", **sub}}, False))
    statements.append(({**base(), "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
                        "object": {"objectType": "StatementRef", "id": usual(6)["id"]}}, False))  # fmt: skip
    for changes in VALID.values():
        statements.append(({**base(), **copy.deepcopy(changes)}, False))
    for changes in VALID_2_0.values():
        statements.append(({**base(), **copy.deepcopy(changes)}, True))
    for interaction_type in INTERACTIONS:
        statements.append(({**base(), "object": interaction(interaction_type)}, False))
    return statements


ODD_VALUES = [
    None, {}, [], "", " ", 0, -1, 1.5, float("nan"), float("inf"), True, False, "not an iri", "http://a b",
    "mailto:nobody", "Agent", "Group", "StatementRef", "SubStatement", "Activity", "activity", "contextAgent",
    "2024-02-30T09:30:00Z", "2023-02-29T09:30:00Z", "2024-04-31T09:30:00Z", "2024-03-01T24:00:00Z",
    "2024-03-01T09:30:00-00:00", "2024-03-01T09:30:00", "0000-03-01T09:30:00Z", "9999-12-31T23:59:59-01:00",
    "P", "PT", "P1.5DT1H", "PT1.5H2M", "PT4,25S", "P1W", "en_US", "e", "fr-FR-x", "x-", "1.1", "2.0", "2.0.0",
    "1.0.9a", "6690e6c9-3ef0-4ed3-8b37-7f3964730be", "http://adlnet.gov/expapi/verbs/voided", [{"id": ""}],
    [{"id": "a"}, {"id": "a"}], {"en-US": 1}, {"not a tag!": "x"}, {"objectType": "Group"}, [None], ["x", 1],
]  # fmt: skip


def paths(node, prefix=()):
    """Every (path, value) inside a statement."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield prefix + (key,), value
            yield from paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield prefix + (index,), value
            yield from paths(value, prefix + (index,))


def mutated(statement: dict, path: tuple, value: object, delete: bool = False) -> dict:
    out = copy.deepcopy(statement)
    parent = out
    for step in path[:-1]:
        parent = parent[step]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return out


def reference_accepts(statement: dict, v2: bool) -> bool:
    try:
        validate_statement_object(statement, "statement", v2)
    except StatementValidationError:
        return False
    return True


def mutations(statement: dict, odd_values: int):
    rng = random.Random(3)
    for path, value in list(paths(statement)):
        parent_path = path[:-1]
        if isinstance(path[-1], str):
            yield mutated(statement, path, None, delete=True)
            yield mutated(statement, parent_path + ("unknownProperty",), 1)
            yield mutated(statement, parent_path + (path[-1].lower(),), value)
        for odd in rng.sample(ODD_VALUES, odd_values):
            yield mutated(statement, path, copy.deepcopy(odd))
        if isinstance(value, str) and value:
            yield mutated(statement, path, value.upper())
            yield mutated(statement, path, value[:-1])
            yield mutated(statement, path, value + " ")
            position = rng.randrange(len(value))
            yield mutated(statement, path, value[:position] + rng.choice(" :-.Tx9é\n") + value[position + 1 :])
        if isinstance(value, int | float) and not isinstance(value, bool):
            for number in (value + 1, value - 1, -value, value * 100):
                yield mutated(statement, path, number)


@pytest.mark.parametrize(("index", "statement", "v2"), [(i, *case) for i, case in enumerate(corpus())])
def test_the_fast_path_accepts_nothing_the_reference_rejects(index, statement, v2):
    accepted = rejected_by_both = 0
    odd_values = len(ODD_VALUES) if index < 4 else 8
    for candidate, version_2 in itertools.product(mutations(statement, odd_values), (v2, True)):
        fast = _fast_ok(candidate, version_2)
        reference = reference_accepts(candidate, version_2)
        assert reference or not fast, candidate
        accepted += fast
        rejected_by_both += not reference
    assert rejected_by_both
    if _fast_ok(statement, v2):
        assert accepted  # the mutations do reach both sides


@pytest.mark.parametrize("make", [usual, usual_2_0])
def test_the_usual_statements_take_the_fast_path(make):
    statement = make(7)
    validate_statements([statement], version="2.0.0")  # the reference first: it remembers the IRIs and tags
    assert _fast_ok(statement, True)
    if make is usual:
        assert _fast_ok(statement, False)


def test_an_unhashable_value_where_an_iri_is_expected_goes_to_the_reference():
    statement = usual(8)
    statement["verb"]["id"] = ["http://adlnet.gov/expapi/verbs/answered"]
    assert not _fast_ok(statement, False)
    with pytest.raises(StatementValidationError) as error:
        validate_statements(statement, version="1.0.3")
    assert error.value.path == "statement.verb.id"


def test_an_invalid_statement_in_a_batch_is_reported_by_the_reference_with_its_index():
    statements = [usual(9), usual(10)]
    statements[1]["timestamp"] = "2024-02-30T09:30:00Z"
    with pytest.raises(StatementValidationError) as error:
        validate_statements(statements, version="1.0.3")
    assert error.value.path == "statements[1].timestamp"
