"""The numbered LRS requirements of the statement format, proven over real HTTP (docs/xapi-conformance.md).

The validator has its own exhaustive unit tests (test_validation*.py); here each numbered requirement gets at least one
request through the statements resource, to prove the whole path answers 400 with a JSON explanation and stores
nothing — or accepts what the specification allows. Case ids start with the requirement id: `pytest -k XAPI-00038`.
"""

from __future__ import annotations

import copy
import uuid

import orjson
import pytest

from tests.xapi.conftest import make_statement
from xapi.models import Statement

pytestmark = pytest.mark.django_db

AGENT = {"objectType": "Agent", "mbox": "mailto:agent@example.org"}
ACCOUNT = {"homePage": "https://cafeia.example.fr", "name": "a1b2c3"}
GROUP = {"objectType": "Group", "member": [AGENT]}
STATEMENT_ID = "6690e6c9-3ef0-4ed3-8b37-7f3964730bee"
ATTACHMENT = {
    "usageType": "http://example.com/attachment-usage/test",
    "display": {"en-US": "A test attachment"},
    "contentType": "text/plain; charset=ascii",
    "length": 27,
    "sha2": "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a",
    "fileUrl": "http://over.there.com/file.txt",
}


def sub(**changes) -> dict:
    statement = make_statement(9)
    statement.pop("object")
    return {"objectType": "SubStatement", **statement, "object": {"id": "http://example.org/a"}, **changes}


def definition(**fields) -> dict:
    return {"id": "http://example.org/activities/q1", "definition": fields}


def components(kind: str, key: str, value) -> dict:
    return definition(interactionType=kind, correctResponsesPattern=["a"], **{key: value})


# (case id, changes merged into make_statement(); "version" of the request defaults to 1.0.3)
REJECTED = [
    ("XAPI-00001 null value", {"result": {"response": None}}),
    ("XAPI-00001 empty object", {"result": {}}),
    ("XAPI-00001 empty context", {"context": {}}),
    ("XAPI-00003 no actor", {"actor": None}),
    ("XAPI-00004 no verb", {"verb": None}),
    ("XAPI-00005 no object", {"object": None}),
    ("XAPI-00006 wrong data type", {"result": {"success": "true"}}),
    ("XAPI-00007 empty string where an IRI is required", {"verb": {"id": ""}}),
    ("XAPI-00007 uuid in a wrong format", {"id": "not-a-uuid"}),
    ("XAPI-00008 key in the wrong case", {"Verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"}}),
    ("XAPI-00009 enumerated value in the wrong case", {"object": {"objectType": "activity", "id": "http://e.org/a"}}),
    ("XAPI-00010 key not allowed", {"grade": "A"}),
    ("XAPI-00011 IRI without a scheme", {"verb": {"id": "example.org/verbs/done"}}),
    ("XAPI-00013 language tag not RFC 5646", {"verb": {"id": "http://e.org/v", "display": {"en US": "x"}}}),
    (
        "XAPI-00017 voiding statement with an Activity object",
        {"verb": {"id": "http://adlnet.gov/expapi/verbs/voided"}},
    ),
    ("XAPI-00022 invalid timestamp", {"timestamp": "01/011/2015"}),
    ("XAPI-00024 authority not an Agent or Group", {"authority": {"name": "nobody"}}),
    ("XAPI-00025 attachments not an array", {"attachments": ATTACHMENT}),
    ("XAPI-00027 id not a UUID", {"id": "MA97B177-9383-4934-8543-0F91A7A02836"}),
    ("XAPI-00028 id not a string", {"id": 12345}),
    ("XAPI-00029 UUID not in standard string form", {"id": "6690e6c93ef04ed38b377f3964730bee"}),
    ("XAPI-00030 UUID not RFC 4122", {"id": "AA97B177-9383-4934-8543-0F91A7A028368"}),
    ("XAPI-00031 actor objectType not Agent or Group", {"actor": {**AGENT, "objectType": "Activity"}}),
    ("XAPI-00032 objectType not a string", {"actor": {**AGENT, "objectType": 1}}),
    ("XAPI-00033 name not a string", {"actor": {**AGENT, "name": 42}}),
    ("XAPI-00034 agent without IFI", {"actor": {"objectType": "Agent", "name": "x"}}),
    ("XAPI-00034 agent with two IFIs", {"actor": {**AGENT, "account": ACCOUNT}}),
    ("XAPI-00035 member on an Agent", {"actor": {**AGENT, "member": [AGENT]}}),
    ("XAPI-00036 member not an array of Agents", {"actor": {"objectType": "Group", "member": AGENT}}),
    ("XAPI-00037 group without IFI or member", {"actor": {"objectType": "Group"}}),
    (
        "XAPI-00037 group with two IFIs",
        {"actor": {"objectType": "Group", "mbox": "mailto:g@e.org", "openid": "http://g.example.org/"}},
    ),
    ("XAPI-00038 mbox without mailto", {"actor": {"mbox": "agent@example.org"}}),
    ("XAPI-00039 mbox_sha1sum not a SHA-1", {"actor": {"mbox_sha1sum": "xyz"}}),
    ("XAPI-00040 openid not a URI", {"actor": {"openid": "toby"}}),
    ("XAPI-00041 account not an object", {"actor": {"account": "a1b2c3"}}),
    ("XAPI-00042 account without homePage", {"actor": {"account": {"name": "a1b2c3"}}}),
    ("XAPI-00042 account homePage not an IRL", {"actor": {"account": {**ACCOUNT, "homePage": "cafeia"}}}),
    ("XAPI-00043 account without name", {"actor": {"account": {"homePage": ACCOUNT["homePage"]}}}),
    ("XAPI-00043 account name not a string", {"actor": {"account": {**ACCOUNT, "name": {"k": 1}}}}),
    ("XAPI-00044 verb without id", {"verb": {"display": {"en-US": "x"}}}),
    ("XAPI-00044 verb id not an IRI", {"verb": {"id": "completed"}}),
    ("XAPI-00045 verb display not a language map", {"verb": {"id": "http://e.org/v", "display": "done"}}),
    ("XAPI-00046 object objectType unknown", {"object": {"objectType": "Statement", "id": "http://e.org/a"}}),
    ("XAPI-00047 activity without id", {"object": {"objectType": "Activity"}}),
    ("XAPI-00047 activity id not an IRI", {"object": {"id": "lesson 1"}}),
    ("XAPI-00048 definition not an object", {"object": {"id": "http://e.org/a", "definition": "x"}}),
    ("XAPI-00049 interactionType unknown", {"object": definition(interactionType="essay")}),
    (
        "XAPI-00050 correctResponsesPattern not strings",
        {"object": definition(interactionType="numeric", correctResponsesPattern=[4])},
    ),
    ("XAPI-00051 steps not components", {"object": components("performance", "steps", {"id": "a"})}),
    ("XAPI-00052 target not components", {"object": components("matching", "target", [{"x": 1}])}),
    ("XAPI-00053 source not components", {"object": components("matching", "source", "a")}),
    ("XAPI-00054 scale not components", {"object": components("likert", "scale", [1])}),
    ("XAPI-00055 choices not components", {"object": components("choice", "choices", [None])}),
    ("XAPI-00056 definition name not a language map", {"object": definition(name="Lesson")}),
    ("XAPI-00057 definition extensions not an object", {"object": definition(extensions=["x"])}),
    ("XAPI-00058 component without id", {"object": components("choice", "choices", [{"description": {"en": "x"}}])}),
    ("XAPI-00058 duplicate component ids", {"object": components("choice", "choices", [{"id": "a"}, {"id": "a"}])}),
    ("XAPI-00058 component id not a string", {"object": components("likert", "scale", [{"id": 1}])}),
    ("XAPI-00059 definition description not a language map", {"object": definition(description=["x"])}),
    ("XAPI-00060 definition type not an IRI", {"object": definition(type="lesson")}),
    ("XAPI-00061 definition moreInfo not an IRL", {"object": definition(moreInfo="more info")}),
    (
        "XAPI-00062 component description not a language map",
        {"object": components("choice", "choices", [{"id": "a", "description": "x"}])},
    ),
    ("XAPI-00063 component not an object", {"object": components("sequencing", "choices", ["a"])}),
    (
        "XAPI-00064 correctResponsesPattern without interactionType",
        {"object": definition(correctResponsesPattern=["a"])},
    ),
    ("XAPI-00064 choices without interactionType", {"object": definition(choices=[{"id": "a"}])}),
    ("XAPI-00065 agent object without objectType", {"object": {"mbox": "mailto:a@e.org"}}),
    ("XAPI-00065 group object without objectType", {"object": {"member": [AGENT]}}),
    ("XAPI-00066 invalid property in a SubStatement", {"object": sub(verb={"id": "not an iri"})}),
    ("XAPI-00067 SubStatement with authority", {"object": sub(authority=AGENT)}),
    ("XAPI-00068 SubStatement with version", {"object": sub(version="1.0.0")}),
    ("XAPI-00069 SubStatement with stored", {"object": sub(stored="2013-05-18T05:32:34Z")}),
    ("XAPI-00070 SubStatement with id", {"object": sub(id=STATEMENT_ID)}),
    ("XAPI-00071 SubStatement in a SubStatement", {"object": sub(object=sub())}),
    ("XAPI-00072 StatementRef without id", {"object": {"objectType": "StatementRef"}}),
    ("XAPI-00072 StatementRef id not a UUID", {"object": {"objectType": "StatementRef", "id": "http://e.org/s"}}),
    ("XAPI-00073 StatementRef without objectType", {"object": {"id": STATEMENT_ID}}),
    ("XAPI-00073 SubStatement without objectType", {"object": {k: v for k, v in sub().items() if k != "objectType"}}),
    ("XAPI-00074 success not a boolean", {"result": {"success": 1}}),
    ("XAPI-00075 completion not a boolean", {"result": {"completion": "false"}}),
    ("XAPI-00076 response not a string", {"result": {"response": 42}}),
    ("XAPI-00077 duration not ISO 8601", {"result": {"duration": "1 hour"}}),
    ("XAPI-00078 result extensions not an object", {"result": {"extensions": "x"}}),
    ("XAPI-00079 score not an object", {"result": {"score": 50}}),
    ("XAPI-00080 max below min", {"result": {"score": {"min": 10, "max": 5}}}),
    ("XAPI-00080 max not a number", {"result": {"score": {"max": "100"}}}),
    ("XAPI-00081 min not a number", {"result": {"score": {"min": "0"}}}),
    ("XAPI-00082 raw above max", {"result": {"score": {"raw": 11, "min": 0, "max": 10}}}),
    ("XAPI-00082 raw below min", {"result": {"score": {"raw": -1, "min": 0}}}),
    ("XAPI-00083 scaled above 1", {"result": {"score": {"scaled": 1.01}}}),
    ("XAPI-00083 scaled below -1", {"result": {"score": {"scaled": -1.5}}}),
    ("XAPI-00084 revision with an Agent object", {"object": AGENT, "context": {"revision": "2"}}),
    (
        "XAPI-00085 platform with a StatementRef object",
        {"object": {"objectType": "StatementRef", "id": STATEMENT_ID}, "context": {"platform": "web"}},
    ),
    ("XAPI-00086 contextActivities not an object", {"context": {"contextActivities": ["http://e.org/p"]}}),
    ("XAPI-00087 registration not a UUID", {"context": {"registration": "abc"}}),
    ("XAPI-00087 instructor not an Agent", {"context": {"instructor": {"name": "x"}}}),
    ("XAPI-00088 team not a Group", {"context": {"team": AGENT}}),
    ("XAPI-00089 revision not a string", {"context": {"revision": 2}}),
    ("XAPI-00090 platform not a string", {"context": {"platform": ["web"]}}),
    ("XAPI-00091 language not RFC 5646", {"context": {"language": "en US"}}),
    ("XAPI-00092 context statement not a StatementRef", {"context": {"statement": {"id": STATEMENT_ID}}}),
    ("XAPI-00093 contextActivities key unknown", {"context": {"contextActivities": {"parents": []}}}),
    ("XAPI-00094 contextActivities value not an Activity", {"context": {"contextActivities": {"parent": "x"}}}),
    ("XAPI-00095 empty contextActivities", {"context": {"contextActivities": {}}}),
    ("XAPI-00098 authority group of one", {"authority": {"objectType": "Group", "member": [AGENT]}}),
    (
        "XAPI-00100 authority group of three agents",
        {"authority": {"objectType": "Group", "member": [AGENT, {"account": ACCOUNT}, {"openid": "http://o.e.org/"}]}},
    ),
    ("XAPI-00101 version 1.1.0", {"version": "1.1.0"}),
    ("XAPI-00101 version 2.0.0 in a 1.0.3 request", {"version": "2.0.0"}),
    ("XAPI-00102 attachment without length", {"attachments": [{**ATTACHMENT, "length": None}]}),
    ("XAPI-00102 attachment length not an integer", {"attachments": [{**ATTACHMENT, "length": "27"}]}),
    ("XAPI-00103 attachment without sha2", {"attachments": [{**ATTACHMENT, "sha2": None}]}),
    ("XAPI-00103 attachment sha2 not a hash", {"attachments": [{**ATTACHMENT, "sha2": "x" * 64}]}),
    ("XAPI-00104 attachment fileUrl not an IRL", {"attachments": [{**ATTACHMENT, "fileUrl": "file.txt"}]}),
    ("XAPI-00105 attachment without contentType", {"attachments": [{**ATTACHMENT, "contentType": None}]}),
    ("XAPI-00105 attachment contentType not a media type", {"attachments": [{**ATTACHMENT, "contentType": "text"}]}),
    ("XAPI-00106 attachment without display", {"attachments": [{**ATTACHMENT, "display": None}]}),
    ("XAPI-00106 attachment display not a language map", {"attachments": [{**ATTACHMENT, "display": "x"}]}),
    ("XAPI-00107 attachment without usageType", {"attachments": [{**ATTACHMENT, "usageType": None}]}),
    ("XAPI-00107 attachment usageType not an IRI", {"attachments": [{**ATTACHMENT, "usageType": "signature"}]}),
    ("XAPI-00118 extension key not an IRI", {"context": {"extensions": {"room": 1}}}),
    ("XAPI-00120 extensions not key/value pairs", {"result": {"extensions": ["http://e.org/x", 1]}}),
    ("XAPI-00121 language map with an invalid tag", {"object": definition(name={"a12345678": "x"})}),
    ("XAPI-00123 timestamp not ISO 8601", {"timestamp": "2013-05-18 at noon"}),
    ("XAPI-00124 duration in the alternative format", {"result": {"duration": "P0000-00-00T01:00:00"}}),
    ("XAPI-00124 weeks mixed with days", {"result": {"duration": "P1W2D"}}),
]


def _apply(changes: dict) -> dict:
    statement = make_statement()
    for key, value in copy.deepcopy(changes).items():
        if value is None:
            statement.pop(key, None)
        else:
            statement[key] = value
    for attachment in statement.get("attachments", []) if isinstance(statement.get("attachments"), list) else []:
        for key in [k for k, v in attachment.items() if v is None]:
            del attachment[key]
    return statement


@pytest.mark.parametrize(("case", "changes"), REJECTED, ids=[case for case, _ in REJECTED])
def test_rejected_with_400_and_nothing_stored(lrs, case, changes):
    statement = _apply(changes)
    responses = [lrs.post(statement)]
    if "id" not in changes:  # PUT takes the id as its statementId parameter: checked there, not in the body
        responses.append(lrs.put(str(uuid.uuid4()), statement))
    for response in responses:
        assert response.status_code == 400, response.content
        assert response["Content-Type"] == "application/json"
        assert response.json()["message"]
    assert Statement.objects.count() == 0


ACCEPTED = [
    (
        "XAPI-00019 verb IRI ending with voided voids",
        {
            "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
            "object": {"objectType": "StatementRef", "id": STATEMENT_ID},
        },
    ),
    ("XAPI-00037 identified group without member", {"actor": {"objectType": "Group", "account": ACCOUNT}}),
    ("XAPI-00037 anonymous group", {"actor": GROUP}),
    ("XAPI-00065 agent object", {"object": AGENT}),
    (
        "XAPI-00098 authority group of two agents",
        {"authority": {"objectType": "Group", "member": [AGENT, {"account": ACCOUNT}]}},
    ),
    ("XAPI-00101 version 1.0", {"version": "1.0"}),
    ("XAPI-00101 version 1.0.9", {"version": "1.0.9"}),
    (
        "XAPI-00119 extension values null, empty string, empty object",
        {"result": {"extensions": {"http://e.org/a": None, "http://e.org/b": "", "http://e.org/c": {}}}},
    ),
    (
        "XAPI-00013 grandfathered and complex language tags",
        {"verb": {"id": "http://e.org/v", "display": {"i-enochian": "x", "zh-cmn-Hans-CN": "x", "de-CH-1901": "x"}}},
    ),
    ("XAPI-00124 durations", {"result": {"duration": "P1Y2M3DT5H6M7.25S"}}),
    ("XAPI-00124 weeks alone", {"result": {"duration": "P4W"}}),
]


@pytest.mark.parametrize(("case", "changes"), ACCEPTED, ids=[case for case, _ in ACCEPTED])
def test_accepted(lrs, case, changes):
    statement = _apply(changes)
    response = lrs.post(statement)
    assert response.status_code == 200, response.content
    statement_id = str(uuid.uuid4())
    assert lrs.put(statement_id, statement).status_code == 204


def test_xapi_00002_floats_keep_ieee754_single_precision(lrs):
    score = {"min": 0.12123434, "raw": 12.125, "max": 45.45, "scaled": 0.1234567}
    [statement_id] = lrs.post(make_statement(result={"score": score})).json()
    assert lrs.get({"statementId": statement_id}).json()["result"]["score"] == score


def test_xapi_00014_the_body_must_be_well_formed_json(lrs):
    for body in (b'{"actor": ', b"{'actor': 1}", orjson.dumps(make_statement())[:-1]):
        assert lrs.post(body).status_code == 400
    assert Statement.objects.count() == 0


def test_xapi_00015_strings_are_utf8_both_ways(lrs):
    statement = make_statement(verb={"id": "http://e.org/vérifié", "display": {"fr-FR": "vérifié ✓ 🎓", "ja": "確認"}})
    [statement_id] = lrs.post(statement).json()
    stored = lrs.get({"statementId": statement_id})
    assert stored["Content-Type"].startswith("application/json")
    assert orjson.loads(stored.content.decode("utf-8"))["verb"] == statement["verb"]
    latin1 = orjson.dumps(make_statement()).replace(b"Le\xc3\xa7on", "Leçon".encode("latin-1"))
    assert lrs.post(latin1).status_code == 400  # not UTF-8


def test_xapi_00021_a_duplicate_key_is_400(lrs):
    statement = orjson.dumps(make_statement()).decode()
    duplicated = statement[:-1] + ',"verb":{"id":"http://adlnet.gov/expapi/verbs/completed"}}'
    assert lrs.post(duplicated.encode()).status_code == 400


def test_xapi_00023_00097_stored_is_set_by_the_lrs_even_when_sent(lrs):
    sent = make_statement(stored="2001-01-01T00:00:00Z")
    [statement_id] = lrs.post(sent).json()
    stored = lrs.get({"statementId": statement_id}).json()["stored"]
    assert stored != sent["stored"] and stored.startswith("20") and stored.endswith("Z")


def test_xapi_00026_the_lrs_generates_the_id(lrs):
    [statement_id] = lrs.post(make_statement()).json()
    assert str(uuid.UUID(statement_id)) == statement_id
    assert lrs.get({"statementId": statement_id}).json()["id"] == statement_id


def test_xapi_00096_context_activities_come_back_as_arrays(lrs):
    single = {"id": "http://example.org/modules/m1"}
    context = {"contextActivities": {"parent": single, "grouping": single, "category": single, "other": single}}
    [statement_id] = lrs.post(make_statement(context=context, object=sub(context=context))).json()
    stored = lrs.get({"statementId": statement_id}).json()
    for where in (stored, stored["object"]):
        assert where["context"]["contextActivities"] == {key: [single] for key in context["contextActivities"]}


def test_xapi_00099_authority_is_set_from_the_credentials(lrs):
    [statement_id] = lrs.post(make_statement(authority={"mbox": "mailto:someone-else@example.org"})).json()
    assert lrs.get({"statementId": statement_id}).json()["authority"]["account"]["name"] == "test-key"


def test_xapi_00122_timestamps_keep_at_least_milliseconds(lrs):
    [statement_id] = lrs.post(make_statement(timestamp="2024-03-01T09:30:00.123456Z")).json()
    timestamp = lrs.get({"statementId": statement_id}).json()["timestamp"]
    assert timestamp.startswith("2024-03-01T09:30:00.123")


@pytest.mark.parametrize("version", ["1.0.0", "1.0.3"])
def test_xapi_00330_00332_statements_keep_their_version_and_are_not_rewritten(lrs, version):
    statement = make_statement(version=version, context={"registration": str(uuid.uuid4())})
    [statement_id] = lrs.post(statement).json()
    stored = lrs.get({"statementId": statement_id}).json()
    assert stored["version"] == version
    assert {key: stored[key] for key in statement} == statement


def test_xapi_00326_a_batch_with_one_bad_statement_is_rejected_whole(lrs):
    batch = [make_statement(0), make_statement(1), make_statement(2, result={"score": {"scaled": 3}})]
    response = lrs.post(batch)
    assert response.status_code == 400
    assert "statements[2]" in response.json()["message"]
    assert Statement.objects.count() == 0
