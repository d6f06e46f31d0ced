"""Statement structure: valid statements from the spec and the ADL conformance suite pass; each invalid case fails at
the exact path."""

import copy
import json

import pytest

from xapi.validation import (
    StatementValidationError,
    validate_activity_id,
    validate_agent_param,
    validate_statement,
    validate_statements,
)

ACTIVITY_ID = "http://www.example.com/meetings/occurances/34534"
STATEMENT_ID = "6690e6c9-3ef0-4ed3-8b37-7f3964730bee"
AGENT = {"objectType": "Agent", "mbox": "mailto:learner@example.com"}
ACCOUNT_AGENT = {"account": {"homePage": "https://cafeia.example.fr", "name": "a1b2c3"}}

# xAPI 1.0.3 Data, Appendix A: "A long example Statement showcasing most of the properties available".
LONG_EXAMPLE = json.loads(r"""
{
    "id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee",
    "actor": {
        "name": "Team PB",
        "mbox": "mailto:teampb@example.com",
        "member": [
            {"name": "Andrew Downes", "account": {"homePage": "http://www.example.com", "name": "13936749"},
             "objectType": "Agent"},
            {"name": "Toby Nichols", "openid": "http://toby.openid.example.org/", "objectType": "Agent"},
            {"name": "Ena Hills", "mbox_sha1sum": "ebd31e95054c018b10727ccffd2ef2ec3a016ee9", "objectType": "Agent"}
        ],
        "objectType": "Group"
    },
    "verb": {"id": "http://adlnet.gov/expapi/verbs/attended", "display": {"en-GB": "attended", "en-US": "attended"}},
    "result": {
        "extensions": {
            "http://example.com/profiles/meetings/resultextensions/minuteslocation": "X:\\meetings\\minutes\\one"
        },
        "success": true,
        "completion": true,
        "response": "We agreed on some example actions.",
        "duration": "PT1H0M0S"
    },
    "context": {
        "registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7",
        "contextActivities": {
            "parent": [{"id": "http://www.example.com/meetings/series/267", "objectType": "Activity"}],
            "category": [{
                "id": "http://www.example.com/meetings/categories/teammeeting",
                "objectType": "Activity",
                "definition": {
                    "name": {"en": "team meeting"},
                    "description": {"en": "A category of meeting used for regular team meetings."},
                    "type": "http://example.com/expapi/activities/meetingcategory"
                }
            }],
            "other": [
                {"id": "http://www.example.com/meetings/occurances/34257", "objectType": "Activity"},
                {"id": "http://www.example.com/meetings/occurances/3425567", "objectType": "Activity"}
            ]
        },
        "instructor": {"name": "Andrew Downes", "account": {"homePage": "http://www.example.com", "name": "13936749"},
                       "objectType": "Agent"},
        "team": {"name": "Team PB", "mbox": "mailto:teampb@example.com", "objectType": "Group"},
        "platform": "Example virtual meeting software",
        "language": "tlh",
        "statement": {"objectType": "StatementRef", "id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee"}
    },
    "timestamp": "2013-05-18T05:32:34.804+00:00",
    "stored": "2013-05-18T05:32:34.804+00:00",
    "authority": {"account": {"homePage": "http://cloud.scorm.com/", "name": "anonymous"}, "objectType": "Agent"},
    "version": "1.0.0",
    "object": {
        "id": "http://www.example.com/meetings/occurances/34534",
        "definition": {
            "extensions": {
                "http://example.com/profiles/meetings/activitydefinitionextensions/room":
                    {"name": "Kilby", "id": "http://example.com/rooms/342"}
            },
            "name": {"en-GB": "example meeting", "en-US": "example meeting"},
            "description": {"en-GB": "An example meeting.", "en-US": "An example meeting."},
            "type": "http://adlnet.gov/expapi/activities/meeting",
            "moreInfo": "http://virtualmeeting.example.com/345256"
        },
        "objectType": "Activity"
    }
}
""")

# Appendix C of the Data part: one definition per interactionType.
INTERACTIONS = {
    "true-false": {"correctResponsesPattern": ["true"]},
    "choice": {
        "correctResponsesPattern": ["golf[,]tetris"],
        "choices": [{"id": c, "description": {"en-US": c}} for c in ("golf", "facebook", "tetris", "scrabble")],
    },
    "fill-in": {"correctResponsesPattern": ["Bob's your uncle"]},
    "long-fill-in": {"correctResponsesPattern": ["{case_matters=false}{lang=en}To store learning experiences."]},
    "likert": {
        "correctResponsesPattern": ["likert_3"],
        "scale": [{"id": f"likert_{i}", "description": {"en-US": str(i)}} for i in range(4)],
    },
    "matching": {
        "correctResponsesPattern": ["ben[.]3[,]chris[.]2"],
        "source": [{"id": "ben", "description": {"en-US": "Ben"}}, {"id": "chris"}],
        "target": [{"id": "2", "description": {"en-US": "We got Runs"}}, {"id": "3"}],
    },
    "performance": {
        "correctResponsesPattern": ["pong[.]1:[,]dg[.]:10[,]lunch[.]"],
        "steps": [{"id": "pong"}, {"id": "dg"}, {"id": "lunch"}],
    },
    "sequencing": {"correctResponsesPattern": ["tim[,]mike"], "choices": [{"id": "tim"}, {"id": "mike"}]},
    "numeric": {"correctResponsesPattern": ["4[:]"]},
    "other": {"correctResponsesPattern": ["(35.937432,-86.868896)"]},
}


def base() -> dict:
    return {
        "actor": copy.deepcopy(AGENT),
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en-US": "completed"}},
        "object": {"id": ACTIVITY_ID, "objectType": "Activity"},
    }


def interaction(interaction_type: str, **extra) -> dict:
    definition = {
        "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
        "interactionType": interaction_type,
        **copy.deepcopy(INTERACTIONS[interaction_type]),
        **extra,
    }
    return {"id": ACTIVITY_ID, "definition": definition}


def substatement(**changes) -> dict:
    sub = {"objectType": "SubStatement", **base()}
    sub.update(changes)
    return sub


def assert_invalid(statement, path: str, *, version: str = "1.0.3", contains: str = "") -> StatementValidationError:
    with pytest.raises(StatementValidationError) as exc:
        validate_statement(statement, version=version)
    assert exc.value.path == path, exc.value
    assert contains in exc.value.message
    return exc.value


def test_long_example_of_the_spec_is_valid_in_both_versions():
    validate_statement(LONG_EXAMPLE, version="1.0.3")
    validate_statement(LONG_EXAMPLE, version="2.0.0")


def test_validate_statement_does_not_modify_its_input():
    statement = copy.deepcopy(LONG_EXAMPLE)
    validate_statement(statement)
    assert statement == LONG_EXAMPLE


# --- valid statements --------------------------------------------------------------------------------------------

VALID = {
    "minimal": {},
    "uppercase id": {"id": STATEMENT_ID.upper()},
    "uuid of another variant": {"id": "00000000-0000-0000-0000-000000000000"},
    "agent without objectType": {"actor": {"mbox": "mailto:a@example.com"}},
    "agent with mbox_sha1sum": {"actor": {"mbox_sha1sum": "ebd31e95054c018b10727ccffd2ef2ec3a016ee9"}},
    "agent with openid": {"actor": {"openid": "http://toby.openid.example.org/"}},
    "agent with account": {"actor": ACCOUNT_AGENT},
    "agent with name": {"actor": {"name": "Ana", "mbox": "mailto:ana@example.com"}},
    "anonymous group": {"actor": {"objectType": "Group", "member": [AGENT, ACCOUNT_AGENT]}},
    "identified group without member": {"actor": {"objectType": "Group", "openid": "http://group.example.org/"}},
    "identified group with empty member": {"actor": {"objectType": "Group", "mbox": "mailto:g@e.com", "member": []}},
    "verb without display": {"verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"}},
    "verb with grandfathered and complex tags": {
        "verb": {
            "id": "http://example.com/visited",
            "display": {"i-enochian": "x", "zh-cmn-Hans-CN": "x", "sl-rozaj-biske": "x", "de-CH-1901": "x"},
        }
    },
    "object without objectType": {"object": {"id": "urn:uuid:8f7a3cb1-0b3e-4a4e-9c6f-5d4c1c3b2a10"}},
    "object agent": {"object": {"objectType": "Agent", "mbox": "mailto:andrew@example.co.uk"}},
    "object group": {"object": {"objectType": "Group", "member": [AGENT]}},
    "object statement ref": {"object": {"objectType": "StatementRef", "id": STATEMENT_ID}},
    "voiding statement": {
        "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
        "object": {"objectType": "StatementRef", "id": STATEMENT_ID},
    },
    "substatement (appendix B)": {
        "object": substatement(object={"objectType": "StatementRef", "id": "9e13cefd-53d3-4eac-b5ed-2cf6693903bb"})
    },
    "substatement with result, context, timestamp and attachments": {
        "object": substatement(
            result={"completion": True},
            context={"platform": "web", "registration": STATEMENT_ID},
            timestamp="2024-03-01T09:30:00Z",
        )
    },
    "full score": {"result": {"score": {"scaled": -1, "raw": 0, "min": -5, "max": 5.5}}},
    "score raw equal to min and max bounds": {"result": {"score": {"raw": 5, "min": 5, "max": 6}}},
    "score scaled 1": {"result": {"score": {"scaled": 1}}},
    "result booleans": {"result": {"success": False, "completion": True}},
    "result duration weeks": {"result": {"duration": "P4W"}},
    "result duration seconds only": {"result": {"duration": "PT16559.14S"}},
    "result extensions with null value": {"result": {"extensions": {"http://example.com/null": None}}},
    "context activities single objects": {
        "context": {"contextActivities": {"parent": {"id": "http://example.com/p"}, "grouping": {"id": "urn:g"}}}
    },
    "context activities empty array": {"context": {"contextActivities": {"other": []}}},
    "context instructor group": {"context": {"instructor": {"objectType": "Group", "member": [AGENT]}}},
    "context language": {"context": {"language": "de"}},
    "context language not a well-formed tag (conformance suite accepts it)": {
        "context": {"language": "supercalifragilisticexpialidociouswhatabouthhhhhhh1"}
    },
    "context extensions with nested nulls": {"context": {"extensions": {"http://example.com/x": {"a": [None, 1]}}}},
    "version 1.0": {"version": "1.0"},
    "version 1.0.9": {"version": "1.0.9"},
    "timestamp without time zone (1.0.x)": {"timestamp": "2013-05-18T05:32:34.804"},
    "timestamp basic format (1.0.x)": {"timestamp": "20130518T053234Z"},
    "timestamp with +hhmm offset (1.0.x)": {"timestamp": "2013-05-18T05:32:34+0200"},
    "stored": {"stored": "2013-05-18T05:32:34.804Z"},
    "authority agent": {"authority": ACCOUNT_AGENT},
    "authority oauth group": {"authority": {"objectType": "Group", "member": [AGENT, ACCOUNT_AGENT]}},
    "attachment": {
        "attachments": [
            {
                "usageType": "http://example.com/attachment-usage/test",
                "display": {"en-US": "A test attachment", "de": "Eine Testbefestigung"},
                "description": {"en-US": "A test attachment (description)"},
                "contentType": "text/plain; charset=ascii",
                "length": 27,
                "sha2": "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a",
                "fileUrl": "http://over.there.com/file.txt",
            }
        ]
    },
    "signature attachment": {
        "attachments": [
            {
                "usageType": "http://adlnet.gov/expapi/attachments/signature",
                "display": {"en-US": "Signature"},
                "contentType": "application/octet-stream",
                "length": 4235,
                "sha2": "672fa5fa658017f1b72d65036f13379c6ab05d4ab3b6664908d8acf0b6a0c634",
            }
        ]
    },
    "activity definition with moreInfo and extensions": {
        "object": {
            "id": ACTIVITY_ID,
            "definition": {"moreInfo": "https://example.com/more", "extensions": {"urn:x:y": 1}},
        }
    },
}
VALID.update({f"interaction {kind}": {"object": interaction(kind)} for kind in INTERACTIONS})


@pytest.mark.parametrize("changes", VALID.values(), ids=VALID.keys())
@pytest.mark.parametrize("version", ["1.0.3", "2.0.0"])
def test_valid_statements(changes, version):
    statement = {**base(), **copy.deepcopy(changes)}
    if version.startswith("2") and "timestamp" in statement:
        statement["timestamp"] = "2013-05-18T05:32:34.804Z"  # 2.0 wants RFC 3339: see test_validation_formats
    validate_statement(statement, version=version)


VALID_2_0 = {
    "context agents": {
        "context": {
            "contextAgents": [
                {"objectType": "contextAgent", "agent": AGENT, "relevantTypes": ["https://example.com/roles/coach"]},
                {"objectType": "contextAgent", "agent": ACCOUNT_AGENT},
            ]
        }
    },
    "context groups": {
        "context": {
            "contextGroups": [
                {
                    "objectType": "contextGroup",
                    "group": {"objectType": "Group", "member": [AGENT]},
                    "relevantTypes": ["https://example.com/roles/team"],
                }
            ]
        }
    },
    "substatement with context agents": {
        "object": substatement(context={"contextAgents": [{"objectType": "contextAgent", "agent": AGENT}]})
    },
    "version 2.0.0": {"version": "2.0.0"},
    "version 1.0.3 in a 2.0 request": {"version": "1.0.3"},
    "RFC 3339 timestamp with a space": {"timestamp": "2008-09-15 15:53:00.601+00:00"},
}


@pytest.mark.parametrize("changes", VALID_2_0.values(), ids=VALID_2_0.keys())
def test_valid_statements_2_0(changes):
    validate_statement({**base(), **copy.deepcopy(changes)}, version="2.0.0")


# --- invalid statements ------------------------------------------------------------------------------------------


def _set(path: str, value):
    """A mutation setting the dotted `path` (list indexes as digits) of the base statement to `value`."""

    def mutate(statement):
        *parents, last = path.split(".")
        target = statement
        for part in parents:
            target = target[int(part)] if part.isdigit() else target.setdefault(part, {})
        target[last] = copy.deepcopy(value)
        return statement

    return mutate


def _del(key: str):
    def mutate(statement):
        del statement[key]
        return statement

    return mutate


INVALID = [
    # statement level
    ("not an object", lambda s: [s], "statement"),
    ("unknown property", _set("foo", "bar"), "statement.foo"),
    ("objectType at statement level", _set("objectType", "Statement"), "statement.objectType"),
    ("wrong case Actor", lambda s: {**s, "Actor": s["actor"]}, "statement.Actor"),
    ("wrong case iD", _set("iD", STATEMENT_ID), "statement.iD"),
    ("missing actor", _del("actor"), "statement.actor"),
    ("missing verb", _del("verb"), "statement.verb"),
    ("missing object", _del("object"), "statement.object"),
    ("id not a uuid", _set("id", "should fail"), "statement.id"),
    ("id numeric", _set("id", 12345), "statement.id"),
    ("id object", _set("id", {"key": "should fail"}), "statement.id"),
    ("id too many digits", _set("id", "AA97B177-9383-4934-8543-0F91A7A028368"), "statement.id"),
    ("id non-hex letter", _set("id", "MA97B177-9383-4934-8543-0F91A7A02836"), "statement.id"),
    ("id without dashes", _set("id", "6690e6c93ef04ed38b377f3964730bee"), "statement.id"),
    ("id braces", _set("id", "{6690e6c9-3ef0-4ed3-8b37-7f3964730bee}"), "statement.id"),
    ("id null", _set("id", None), "statement.id"),
    ("timestamp null", _set("timestamp", None), "statement.timestamp"),
    ("timestamp garbage", _set("timestamp", "should fail"), "statement.timestamp"),
    ("stored invalid", _set("stored", "01/011/2015"), "statement.stored"),
    ("version 2.0.0 in a 1.0.x request", _set("version", "2.0.0"), "statement.version"),
    ("version 0.9.9", _set("version", "0.9.9"), "statement.version"),
    ("version 1.1.0", _set("version", "1.1.0"), "statement.version"),
    ("version string", _set("version", "should fail"), "statement.version"),
    ("version 1.0.", _set("version", "1.0."), "statement.version"),
    ("version number", _set("version", 1.0), "statement.version"),
    # actor
    ("actor null", _set("actor", None), "statement.actor"),
    ("actor string", _set("actor", "mailto:a@example.com"), "statement.actor"),
    ("actor without ifi", _set("actor", {"name": "Ana"}), "statement.actor"),
    ("actor empty", _set("actor", {}), "statement.actor"),
    (
        "actor two ifis",
        _set("actor", {"mbox": "mailto:a@e.com", "account": ACCOUNT_AGENT["account"]}),
        "statement.actor",
    ),
    ("actor name null", _set("actor.name", None), "statement.actor.name"),
    ("actor name number", _set("actor.name", 42), "statement.actor.name"),
    ("actor mbox without mailto", _set("actor.mbox", "a@example.com"), "statement.actor.mbox"),
    ("actor mbox empty", _set("actor.mbox", ""), "statement.actor.mbox"),
    ("actor mbox not an address", _set("actor.mbox", "mailto:nobody"), "statement.actor.mbox"),
    ("actor mbox_sha1sum too short", _set("actor", {"mbox_sha1sum": "ebd31e95"}), "statement.actor.mbox_sha1sum"),
    ("actor mbox_sha1sum not hex", _set("actor", {"mbox_sha1sum": "z" * 40}), "statement.actor.mbox_sha1sum"),
    ("actor openid not a uri", _set("actor", {"openid": "toby"}), "statement.actor.openid"),
    ("actor objectType wrong case", _set("actor.objectType", "agent"), "statement.actor.objectType"),
    ("actor objectType Activity", _set("actor.objectType", "Activity"), "statement.actor.objectType"),
    ("actor unknown property", _set("actor.age", 3), "statement.actor.age"),
    ("agent with member", _set("actor.member", [AGENT]), "statement.actor.member"),
    ("account without homePage", _set("actor", {"account": {"name": "x"}}), "statement.actor.account.homePage"),
    ("account without name", _set("actor", {"account": {"homePage": "http://e.com"}}), "statement.actor.account.name"),
    (
        "account name not a string",
        _set("actor", {"account": {"homePage": "http://e.com", "name": {"key": "x"}}}),
        "statement.actor.account.name",
    ),
    (
        "account homePage not an IRL",
        _set("actor", {"account": {"homePage": "example.com", "name": "x"}}),
        "statement.actor.account.homePage",
    ),
    (
        "account extra property",
        _set("actor", {"account": {"homePage": "http://e.com", "name": "x", "id": 1}}),
        "statement.actor.account.id",
    ),
    ("account not an object", _set("actor", {"account": "x"}), "statement.actor.account"),
    ("anonymous group without member", _set("actor", {"objectType": "Group"}), "statement.actor.member"),
    ("anonymous group empty member", _set("actor", {"objectType": "Group", "member": []}), "statement.actor.member"),
    ("group member not array", _set("actor", {"objectType": "Group", "member": AGENT}), "statement.actor.member"),
    (
        "group member nested group",
        _set("actor", {"objectType": "Group", "member": [{"objectType": "Group", "member": [AGENT]}]}),
        "statement.actor.member[0].objectType",
    ),
    (
        "group member without ifi",
        _set("actor", {"objectType": "Group", "member": [AGENT, {"name": "x"}]}),
        "statement.actor.member[1]",
    ),
    (
        "group with two ifis",
        _set("actor", {"objectType": "Group", "mbox": "mailto:g@e.com", "openid": "http://g.example.org/"}),
        "statement.actor",
    ),
    # verb
    ("verb null", _set("verb", None), "statement.verb"),
    ("verb without id", _set("verb", {"display": {"en-US": "x"}}), "statement.verb.id"),
    ("verb id not an IRI", _set("verb.id", "completed"), "statement.verb.id"),
    ("verb id with space", _set("verb.id", "http://example.com/a verb"), "statement.verb.id"),
    ("verb id empty", _set("verb.id", ""), "statement.verb.id"),
    ("verb display not a map", _set("verb.display", "completed"), "statement.verb.display"),
    ("verb display null value", _set("verb.display", {"en-US": None}), 'statement.verb.display["en-US"]'),
    ("verb display bad tag", _set("verb.display", {"de-419-DE": "besucht"}), 'statement.verb.display["de-419-DE"]'),
    ("verb display tag with space", _set("verb.display", {"en US": "x"}), 'statement.verb.display["en US"]'),
    ("verb unknown property", _set("verb.name", "x"), "statement.verb.name"),
    ("voided verb with activity object", _set("verb.id", "http://adlnet.gov/expapi/verbs/voided"), "statement.object"),
    # object
    ("object null", _set("object", None), "statement.object"),
    ("object unknown objectType", _set("object.objectType", "activity"), "statement.object.objectType"),
    ("object objectType null", _set("object.objectType", None), "statement.object.objectType"),
    ("activity without id", _set("object", {"objectType": "Activity"}), "statement.object.id"),
    ("activity id not an IRI", _set("object.id", "lesson-1"), "statement.object.id"),
    ("activity unknown property", _set("object.name", "x"), "statement.object.name"),
    ("definition null", _set("object.definition", None), "statement.object.definition"),
    ("definition empty", _set("object.definition", {}), "statement.object.definition"),
    (
        "definition moreInfo null",
        _set("object.definition", {"moreInfo": None}),
        "statement.object.definition.moreInfo",
    ),
    ("definition type not IRI", _set("object.definition", {"type": "lesson"}), "statement.object.definition.type"),
    (
        "definition name bad tag",
        _set("object.definition", {"name": {"a12345678": "x"}}),
        'statement.object.definition.name["a12345678"]',
    ),
    (
        "definition description not a map",
        _set("object.definition", {"description": ["x"]}),
        "statement.object.definition.description",
    ),
    ("definition unknown property", _set("object.definition", {"foo": 1}), "statement.object.definition.foo"),
    (
        "definition extension key not IRI",
        _set("object.definition", {"extensions": {"room": 1}}),
        'statement.object.definition.extensions["room"]',
    ),
    (
        "definition extensions not an object",
        _set("object.definition", {"extensions": ["x"]}),
        "statement.object.definition.extensions",
    ),
    ("agent object without objectType", _set("object", {"mbox": "mailto:a@e.com"}), "statement.object.mbox"),
    ("agent object without ifi", _set("object", {"objectType": "Agent"}), "statement.object"),
    ("group object without member", _set("object", {"objectType": "Group"}), "statement.object.member"),
    ("statement ref without id", _set("object", {"objectType": "StatementRef"}), "statement.object.id"),
    (
        "statement ref bad id",
        _set("object", {"objectType": "StatementRef", "id": "http://example.com/s/1"}),
        "statement.object.id",
    ),
    (
        "statement ref extra property",
        _set("object", {"objectType": "StatementRef", "id": STATEMENT_ID, "definition": {}}),
        "statement.object.definition",
    ),
    # substatement
    ("substatement with id", _set("object", substatement(id=STATEMENT_ID)), "statement.object.id"),
    (
        "substatement with stored",
        _set("object", substatement(stored="2013-05-18T05:32:34Z")),
        "statement.object.stored",
    ),
    ("substatement with version", _set("object", substatement(version="1.0.0")), "statement.object.version"),
    ("substatement with authority", _set("object", substatement(authority=AGENT)), "statement.object.authority"),
    (
        "nested substatement",
        _set("object", substatement(object=substatement())),
        "statement.object.object.objectType",
    ),
    ("substatement without actor", _set("object", {"objectType": "SubStatement"}), "statement.object.actor"),
    (
        "substatement bad actor",
        _set("object", substatement(actor={"account": {"name": {"key": "x"}, "homePage": "http://e.com"}})),
        "statement.object.actor.account.name",
    ),
    (
        "substatement bad verb display",
        _set("object", substatement(verb={"id": "http://e.com/v", "display": {"de-419-DE": "x"}})),
        'statement.object.verb.display["de-419-DE"]',
    ),
    (
        "substatement bad duration",
        _set("object", substatement(result={"duration": "should fail"})),
        "statement.object.result.duration",
    ),
    (
        "substatement bad timestamp",
        _set("object", substatement(timestamp="2008-09-15T15:53:00.601-00:00")),
        "statement.object.timestamp",
    ),
    (
        "substatement context platform with a StatementRef object",
        _set(
            "object",
            substatement(object={"objectType": "StatementRef", "id": STATEMENT_ID}, context={"platform": "web"}),
        ),
        "statement.object.context.platform",
    ),
    (
        "substatement context agents in 1.0.x",
        _set("object", substatement(context={"contextAgents": []})),
        "statement.object.context.contextAgents",
    ),
    # result
    ("result null", _set("result", None), "statement.result"),
    ("result empty", _set("result", {}), "statement.result"),
    ("result unknown property", _set("result.grade", "A"), "statement.result.grade"),
    ("result success string", _set("result.success", "true"), "statement.result.success"),
    ("result completion string false", _set("result.completion", "false"), "statement.result.completion"),
    ("result completion number", _set("result.completion", 1), "statement.result.completion"),
    ("result response number", _set("result.response", 42), "statement.result.response"),
    ("result duration number", _set("result.duration", 12345), "statement.result.duration"),
    ("result duration invalid", _set("result.duration", "PA1H0M0S"), "statement.result.duration"),
    ("result extensions null", _set("result.extensions", None), "statement.result.extensions"),
    ("score empty", _set("result.score", {}), "statement.result.score"),
    ("score scaled above 1", _set("result.score", {"scaled": 1.01}), "statement.result.score.scaled"),
    ("score scaled below -1", _set("result.score", {"scaled": -1.5}), "statement.result.score.scaled"),
    ("score scaled string", _set("result.score", {"scaled": "0.5"}), "statement.result.score.scaled"),
    ("score scaled boolean", _set("result.score", {"scaled": True}), "statement.result.score.scaled"),
    ("score max string", _set("result.score", {"max": "one hundred"}), "statement.result.score.max"),
    ("score max numeric string", _set("result.score", {"max": "100"}), "statement.result.score.max"),
    ("score min equal max", _set("result.score", {"min": 5, "max": 5}), "statement.result.score.max"),
    ("score min above max", _set("result.score", {"min": 10, "max": 5}), "statement.result.score.max"),
    ("score raw below min", _set("result.score", {"raw": -1, "min": 0, "max": 10}), "statement.result.score.raw"),
    ("score raw above max", _set("result.score", {"raw": 11, "min": 0, "max": 10}), "statement.result.score.raw"),
    ("score raw above max alone", _set("result.score", {"raw": 11, "max": 10}), "statement.result.score.raw"),
    ("score raw nan", _set("result.score", {"raw": float("nan")}), "statement.result.score.raw"),
    ("score unknown property", _set("result.score", {"percent": 50}), "statement.result.score.percent"),
    # context
    ("context null", _set("context", None), "statement.context"),
    ("context empty", _set("context", {}), "statement.context"),
    ("context wrong case", _set("context.Registration", STATEMENT_ID), "statement.context.Registration"),
    ("context registration null", _set("context.registration", None), "statement.context.registration"),
    ("context registration not uuid", _set("context.registration", "abc"), "statement.context.registration"),
    ("context instructor invalid", _set("context.instructor", {"name": "x"}), "statement.context.instructor"),
    ("context team agent", _set("context.team", AGENT), "statement.context.team.objectType"),
    (
        "context team bad account",
        _set("context.team", {"objectType": "Group", "account": {"homePage": "http://e.com", "name": 1}}),
        "statement.context.team.account.name",
    ),
    ("context revision not a string", _set("context.revision", 2), "statement.context.revision"),
    ("context language number", _set("context.language", 12), "statement.context.language"),
    ("context language with space", _set("context.language", "en US"), "statement.context.language"),
    (
        "context statement not a ref",
        _set("context.statement", {"id": STATEMENT_ID}),
        "statement.context.statement.objectType",
    ),
    (
        "context statement bad id",
        _set("context.statement", {"objectType": "StatementRef", "id": "x"}),
        "statement.context.statement.id",
    ),
    (
        "context extensions bad key",
        _set("context.extensions", {"not an iri": 1}),
        'statement.context.extensions["not an iri"]',
    ),
    ("contextActivities empty", _set("context.contextActivities", {}), "statement.context.contextActivities"),
    (
        "contextActivities unknown key",
        _set("context.contextActivities", {"parents": []}),
        "statement.context.contextActivities.parents",
    ),
    (
        "contextActivities string",
        _set("context.contextActivities", {"parent": "http://e.com"}),
        "statement.context.contextActivities.parent",
    ),
    (
        "contextActivities activity without id",
        _set("context.contextActivities", {"grouping": [{"objectType": "Activity"}]}),
        "statement.context.contextActivities.grouping[0].id",
    ),
    (
        "contextActivities agent",
        _set("context.contextActivities", {"category": [{"id": "http://e.com", "objectType": "Agent"}]}),
        "statement.context.contextActivities.category[0].objectType",
    ),
    (
        "contextActivities null entry",
        _set("context.contextActivities", {"other": [None]}),
        "statement.context.contextActivities.other[0]",
    ),
    ("context agents in 1.0.x", _set("context.contextAgents", []), "statement.context.contextAgents"),
    ("context groups in 1.0.x", _set("context.contextGroups", []), "statement.context.contextGroups"),
    (
        "context revision with an agent object",
        lambda s: {**s, "object": AGENT, "context": {"revision": "2"}},
        "statement.context.revision",
    ),
    (
        "context platform with a statement ref object",
        lambda s: {**s, "object": {"objectType": "StatementRef", "id": STATEMENT_ID}, "context": {"platform": "x"}},
        "statement.context.platform",
    ),
    # attachments, authority
    ("attachments not an array", _set("attachments", {}), "statement.attachments"),
    ("authority invalid agent", _set("authority", {"name": "x"}), "statement.authority"),
    (
        "authority group of three",
        _set("authority", {"objectType": "Group", "member": [AGENT, ACCOUNT_AGENT, {"openid": "http://o.example/"}]}),
        "statement.authority.member",
    ),
    (
        "authority group bad account name",
        _set("authority", {"objectType": "Group", "account": {"homePage": "http://e.com", "name": {}}}),
        "statement.authority.account.name",
    ),
]


def _v1_only(path: str) -> bool:
    """Cases valid, or invalid differently, in 2.0 (see test_invalid_statements_2_0): run with 1.0.3 only."""
    return path.rsplit(".", 1)[-1] in ("contextAgents", "contextGroups", "version")


INVALID_BY_VERSION = [
    pytest.param(case[1], case[2], version, id=f"{case[0]}-{version}")
    for case in INVALID
    for version in ("1.0.3", "2.0.0")
    if version == "1.0.3" or not _v1_only(case[2])
]


@pytest.mark.parametrize(("mutate", "path", "version"), INVALID_BY_VERSION)
def test_invalid_statements(mutate, path, version):
    assert_invalid(mutate(base()), path, version=version)


ATTACHMENT = VALID["attachment"]["attachments"][0]
INVALID_ATTACHMENTS = [
    ("missing usageType", {"usageType": None}, "usageType"),
    ("missing display", {"display": None}, "display"),
    ("missing contentType", {"contentType": None}, "contentType"),
    ("missing length", {"length": None}, "length"),
    ("missing sha2", {"sha2": None}, "sha2"),
    ("usageType not IRI", {"usageType": "signature"}, "usageType"),
    ("display bad tag", {"display": {"de-419-DE": "x"}}, 'display["de-419-DE"]'),
    ("description bad tag", {"description": {"en-US": "x", "de-419-DE": "x"}}, 'description["de-419-DE"]'),
    ("contentType not a media type", {"contentType": "text"}, "contentType"),
    ("length string", {"length": "27"}, "length"),
    ("length float", {"length": 27.5}, "length"),
    ("length negative", {"length": -1}, "length"),
    ("sha2 not hex", {"sha2": "x" * 64}, "sha2"),
    ("sha2 wrong length", {"sha2": "ab" * 10}, "sha2"),
    ("fileUrl not IRL", {"fileUrl": "file.txt"}, "fileUrl"),
    ("unknown property", {"data": "abc"}, "data"),
    ("wrong case", {"contenttype": "text/plain"}, "contenttype"),
    (
        "signature with another content type",
        {"usageType": "http://adlnet.gov/expapi/attachments/signature", "contentType": "application/json"},
        "contentType",
    ),
]


@pytest.mark.parametrize(
    ("changes", "suffix"), [c[1:] for c in INVALID_ATTACHMENTS], ids=[c[0] for c in INVALID_ATTACHMENTS]
)
def test_invalid_attachments(changes, suffix):
    attachment = {k: v for k, v in {**ATTACHMENT, **changes}.items() if v is not None}
    assert_invalid({**base(), "attachments": [ATTACHMENT, attachment]}, f"statement.attachments[1].{suffix}")


INVALID_INTERACTIONS = [
    ("interactionType wrong case", interaction("true-false", interactionType="true-faLse"), "interactionType"),
    ("interactionType Other", interaction("other", interactionType="Other"), "interactionType"),
    ("interactionType unknown", interaction("other", interactionType="essay"), "interactionType"),
    ("interactionType null", interaction("other", interactionType=None), "interactionType"),
    (
        "choices without interactionType",
        {"id": ACTIVITY_ID, "definition": {"choices": [{"id": "a"}]}},
        "interactionType",
    ),
    (
        "correctResponsesPattern without interactionType",
        {"id": ACTIVITY_ID, "definition": {"correctResponsesPattern": ["a"]}},
        "interactionType",
    ),
    ("correctResponsesPattern string", interaction("fill-in", correctResponsesPattern="x"), "correctResponsesPattern"),
    (
        "correctResponsesPattern number item",
        interaction("numeric", correctResponsesPattern=[4]),
        "correctResponsesPattern[0]",
    ),
    ("scale on choice", interaction("choice", scale=[{"id": "a"}]), "scale"),
    ("choices on likert", interaction("likert", choices=[{"id": "a"}]), "choices"),
    ("steps on matching", interaction("matching", steps=[{"id": "a"}]), "steps"),
    ("source on performance", interaction("performance", source=[{"id": "a"}]), "source"),
    ("choices on true-false", interaction("true-false", choices=[{"id": "a"}]), "choices"),
    ("choices on fill-in", interaction("fill-in", choices=[{"id": "a"}]), "choices"),
    ("target on numeric", interaction("numeric", target=[{"id": "a"}]), "target"),
    ("duplicate choice ids", interaction("choice", choices=[{"id": "a"}, {"id": "a"}]), "choices[1].id"),
    ("duplicate source ids", interaction("matching", source=[{"id": "b"}, {"id": "b"}]), "source[1].id"),
    ("component without id", interaction("sequencing", choices=[{"description": {"en": "x"}}]), "choices[0].id"),
    ("component id number", interaction("likert", scale=[{"id": 1}]), "scale[0].id"),
    ("component extra property", interaction("performance", steps=[{"id": "a", "name": "x"}]), "steps[0].name"),
    (
        "component description bad tag",
        interaction("choice", choices=[{"id": "a", "description": {"a-DE": "x"}}]),
        'choices[0].description["a-DE"]',
    ),
    ("components not an array", interaction("choice", choices={"id": "a"}), "choices"),
]


@pytest.mark.parametrize(
    ("activity", "suffix"), [c[1:] for c in INVALID_INTERACTIONS], ids=[c[0] for c in INVALID_INTERACTIONS]
)
def test_invalid_interaction_activities(activity, suffix):
    assert_invalid({**base(), "object": activity}, f"statement.object.definition.{suffix}")


CONTEXT_AGENT = {"objectType": "contextAgent", "agent": AGENT}
CONTEXT_GROUP = {"objectType": "contextGroup", "group": {"objectType": "Group", "member": [AGENT]}}
INVALID_2_0 = [
    ("contextAgents not array", {"contextAgents": CONTEXT_AGENT}, "contextAgents"),
    (
        "contextAgent objectType wrong",
        {"contextAgents": [{**CONTEXT_AGENT, "objectType": "Should fail"}]},
        "contextAgents[0].objectType",
    ),
    ("contextAgent objectType missing", {"contextAgents": [{"agent": AGENT}]}, "contextAgents[0].objectType"),
    (
        "contextAgent agent invalid",
        {"contextAgents": [{**CONTEXT_AGENT, "agent": {"key": "x"}}]},
        "contextAgents[0].agent.key",
    ),
    ("contextAgent agent missing", {"contextAgents": [{"objectType": "contextAgent"}]}, "contextAgents[0].agent"),
    (
        "contextAgent agent is a group",
        {"contextAgents": [{**CONTEXT_AGENT, "agent": CONTEXT_GROUP["group"]}]},
        "contextAgents[0].agent.objectType",
    ),
    (
        "contextAgent relevantTypes empty",
        {"contextAgents": [{**CONTEXT_AGENT, "relevantTypes": []}]},
        "contextAgents[0].relevantTypes",
    ),
    (
        "contextAgent relevantTypes not IRI",
        {"contextAgents": [{**CONTEXT_AGENT, "relevantTypes": ["abc"]}]},
        "contextAgents[0].relevantTypes[0]",
    ),
    ("contextAgent extra property", {"contextAgents": [{**CONTEXT_AGENT, "role": "x"}]}, "contextAgents[0].role"),
    ("contextGroups not array", {"contextGroups": "x"}, "contextGroups"),
    (
        "contextGroup objectType wrong",
        {"contextGroups": [{**CONTEXT_GROUP, "objectType": "Group"}]},
        "contextGroups[0].objectType",
    ),
    (
        "contextGroup group is an agent",
        {"contextGroups": [{**CONTEXT_GROUP, "group": AGENT}]},
        "contextGroups[0].group.objectType",
    ),
    (
        "contextGroup relevantTypes not array",
        {"contextGroups": [{**CONTEXT_GROUP, "relevantTypes": "http://e.com/t"}]},
        "contextGroups[0].relevantTypes",
    ),
]


@pytest.mark.parametrize(("xapi_context", "suffix"), [c[1:] for c in INVALID_2_0], ids=[c[0] for c in INVALID_2_0])
def test_invalid_2_0_context(xapi_context, suffix):
    assert_invalid({**base(), "context": copy.deepcopy(xapi_context)}, f"statement.context.{suffix}", version="2.0.0")


@pytest.mark.parametrize("version", ["3.0.0", "2.1.0", "0.9.5", "2.0.x", "should fail"])
def test_invalid_statement_version_in_2_0_request(version):
    assert_invalid({**base(), "version": version}, "statement.version", version="2.0.0")


@pytest.mark.parametrize("timestamp", ["2013-05-18T05:32:34.804", "2013-05-18T05:32Z", "20130518T053234Z"])
def test_timestamp_formats_only_iso_8601_are_rejected_in_2_0(timestamp):
    validate_statement({**base(), "timestamp": timestamp}, version="1.0.3")
    assert_invalid({**base(), "timestamp": timestamp}, "statement.timestamp", version="2.0.0")


# --- batches and parameters --------------------------------------------------------------------------------------


def test_validate_statements_accepts_a_single_object_or_a_list():
    validate_statements(base())
    validate_statements([base(), LONG_EXAMPLE, base()], version="2.0.0")


@pytest.mark.parametrize("body", [[], None, "statement", 42, {"statements": []}.get("x")])
def test_validate_statements_rejects_a_body_that_is_not_statements(body):
    with pytest.raises(StatementValidationError) as exc:
        validate_statements(body)
    assert exc.value.path == "statements"


def test_validate_statements_reports_the_index_of_the_bad_statement():
    bad = base()
    bad["actor"] = {"mbox": "mailto:a@e.com", "account": {"homePage": "http://e.com", "name": "x"}}
    with pytest.raises(StatementValidationError) as exc:
        validate_statements([base(), base(), bad, base()])
    assert exc.value.path == "statements[2].actor"
    assert (
        exc.value.message
        == "an Agent must have exactly one of mbox, mbox_sha1sum, openid, account (found mbox, account)"
    )
    assert str(exc.value) == f"statements[2].actor: {exc.value.message}"


def test_validate_statements_reports_a_single_statement_under_statement():
    with pytest.raises(StatementValidationError) as exc:
        validate_statements({**base(), "verb": {}})
    assert exc.value.path == "statement.verb.id"


def test_validate_statements_rejects_a_batch_repeating_an_id():
    first, second = {**base(), "id": STATEMENT_ID}, {**base(), "id": STATEMENT_ID.upper()}
    with pytest.raises(StatementValidationError) as exc:
        validate_statements([first, base(), second])
    assert exc.value.path == "statements[2].id"


def test_validate_statements_rejects_a_non_object_in_a_batch():
    with pytest.raises(StatementValidationError) as exc:
        validate_statements([base(), None])
    assert exc.value.path == "statements[1]"


def test_validate_statement_uses_the_given_path():
    with pytest.raises(StatementValidationError) as exc:
        validate_statement({**base(), "verb": None}, path="statements[7]")
    assert exc.value.path == "statements[7].verb"


def test_unsupported_request_version_is_a_programming_error():
    with pytest.raises(ValueError, match="unsupported"):
        validate_statement(base(), version="0.95")


def test_unknown_key_error_hints_at_the_right_case():
    error = assert_invalid({**base(), "Timestamp": "2013-05-18T05:32:34Z"}, "statement.Timestamp")
    assert "did you mean 'timestamp'" in error.message


def test_revision_and_platform_errors_name_the_object_type():
    error = assert_invalid({**base(), "object": AGENT, "context": {"platform": "x"}}, "statement.context.platform")
    assert "Agent" in error.message


VALID_AGENT_PARAMS = [
    AGENT,
    ACCOUNT_AGENT,
    {"mbox_sha1sum": "ebd31e95054c018b10727ccffd2ef2ec3a016ee9"},
    {"objectType": "Group", "mbox": "mailto:team@example.com"},
    {"objectType": "Group", "openid": "http://team.example.org/", "member": [AGENT]},
]


@pytest.mark.parametrize("agent", VALID_AGENT_PARAMS)
@pytest.mark.parametrize("version", ["1.0.3", "2.0.0"])
def test_valid_agent_params(agent, version):
    validate_agent_param(agent, version=version)


INVALID_AGENT_PARAMS = [
    ({"objectType": "Group", "member": [AGENT]}, "agent"),
    ({"name": "x"}, "agent"),
    ({"mbox": "a@example.com"}, "agent.mbox"),
    ({"mbox": "mailto:a@e.com", "openid": "http://o.example.org/"}, "agent"),
    ({"objectType": "Activity", "mbox": "mailto:a@e.com"}, "agent.objectType"),
    ({"account": {"homePage": "http://e.com"}}, "agent.account.name"),
    ("mailto:a@example.com", "agent"),
    (None, "agent"),
]


@pytest.mark.parametrize(("agent", "path"), INVALID_AGENT_PARAMS)
def test_invalid_agent_params(agent, path):
    with pytest.raises(StatementValidationError) as exc:
        validate_agent_param(agent, version="1.0.3")
    assert exc.value.path == path


@pytest.mark.parametrize("activity_id", [ACTIVITY_ID, "urn:uuid:8f7a3cb1", "https://exämple.fr/leçon/1", "tag:x"])
def test_valid_activity_ids(activity_id):
    validate_activity_id(activity_id)


@pytest.mark.parametrize(
    "activity_id", ["", "lesson", "http://e.com/a b", "1http://e.com", ":x", "http:", None, 3, {}]
)
def test_invalid_activity_ids(activity_id):
    with pytest.raises(StatementValidationError) as exc:
        validate_activity_id(activity_id)
    assert exc.value.path == "activityId"
