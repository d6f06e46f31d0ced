import base64
import uuid

import orjson
import pytest

from tests.xapi.conftest import make_statement
from xapi.models import Statement, StatementActivity, StatementAgent

pytestmark = pytest.mark.django_db


def test_post_one_statement_sets_what_the_lrs_owns(lrs):
    response = lrs.post(make_statement())
    assert response.status_code == 200
    assert response["X-Experience-API-Version"] == "1.0.3"
    [statement_id] = response.json()
    stored = lrs.get({"statementId": statement_id}).json()
    assert stored["id"] == statement_id
    assert stored["authority"]["account"]["name"] == "test-key"
    assert stored["version"] == "1.0.0"
    assert stored["stored"].endswith("Z") and stored["timestamp"] == stored["stored"]


def test_post_a_batch_returns_ids_in_order_and_indexes_agents_and_activities(lrs):
    ids = [str(uuid.uuid4()) for _ in range(3)]
    batch = [make_statement(i, id=ids[i]) for i in range(3)]
    response = lrs.post(batch)
    assert response.json() == ids
    assert Statement.objects.count() == 3
    assert StatementAgent.objects.filter(agent_key="mbox:learner1@example.org", direct=True).count() == 1
    assert (
        StatementActivity.objects.filter(activity_id="http://example.org/activities/lesson-2", direct=True).count()
        == 1
    )


def test_a_key_is_indexed_once_per_statement_and_direct_wins(lrs):
    """One side row per (key, statement) (decision 0008): the actor who is also the instructor is one direct row;
    `agent` finds the direct rows only, `related_agents` every row; the same for activities."""
    learner = {"objectType": "Agent", "mbox": "mailto:learner0@example.org"}
    trainer = {"objectType": "Agent", "mbox": "mailto:trainer@example.org"}
    lesson = "http://example.org/activities/lesson-0"
    context = {
        "instructor": learner,
        "contextActivities": {"parent": [{"id": lesson}], "grouping": [{"id": "http://example.org/programme"}]},
    }
    own = make_statement(0, id=str(uuid.uuid4()), context=context)
    taught = make_statement(
        1, id=str(uuid.uuid4()), context={"instructor": trainer, "contextActivities": {"parent": [{"id": lesson}]}}
    )
    assert lrs.post([own, taught]).status_code == 200
    rows = StatementAgent.objects.filter(agent_key="mbox:learner0@example.org")
    assert list(rows.values_list("direct", flat=True)) == [True]
    assert list(StatementActivity.objects.filter(activity_id=lesson).order_by("statement").values_list(
        "direct", flat=True)) == [True, False]  # fmt: skip

    def ids(params: dict) -> list[str]:
        return sorted(s["id"] for s in lrs.get(params).json()["statements"])

    assert ids({"agent": orjson.dumps(trainer).decode()}) == []
    assert ids({"agent": orjson.dumps(trainer).decode(), "related_agents": "true"}) == [taught["id"]]
    assert ids({"agent": orjson.dumps(learner).decode(), "related_agents": "true"}) == [own["id"]]
    assert ids({"activity": lesson}) == [own["id"]]
    assert ids({"activity": lesson, "related_activities": "true"}) == sorted([own["id"], taught["id"]])
    assert ids({"activity": "http://example.org/programme"}) == []
    assert ids({"activity": "http://example.org/programme", "related_activities": "true"}) == [own["id"]]


def test_invalid_statement_in_a_batch_stores_nothing(lrs):
    batch = [make_statement(0), make_statement(1, actor={"mbox": "learner@example.org"})]
    response = lrs.post(batch)
    assert response.status_code == 400
    body = response.json()
    assert "statements[1].actor.mbox" in body["message"]
    assert Statement.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (b"{not json", "not valid JSON"),
        (b"[]", "non-empty array"),
        (b"42", "statement"),
    ],
)
def test_bad_bodies_are_400_with_a_json_explanation(lrs, body, fragment):
    response = lrs.post(body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert fragment in response.json()["message"]


def test_put_then_same_statement_again_is_accepted_without_change(lrs):
    statement_id = str(uuid.uuid4())
    assert lrs.put(statement_id, make_statement()).status_code == 204
    first = Statement.objects.get()
    assert lrs.put(statement_id.upper(), make_statement()).status_code == 204
    assert lrs.post(make_statement(id=statement_id)).status_code == 200
    assert Statement.objects.get().payload == first.payload


def test_same_id_different_content_is_a_409(lrs):
    statement_id = str(uuid.uuid4())
    lrs.put(statement_id, make_statement(0))
    response = lrs.put(statement_id, make_statement(1))
    assert response.status_code == 409
    assert response.json()["error"] == "statement_conflict"
    response = lrs.post([make_statement(5), make_statement(1, id=statement_id)])
    assert response.status_code == 409
    assert Statement.objects.count() == 1  # the batch is all-or-nothing


def test_put_requires_a_matching_statement_id(lrs):
    assert lrs.put("not-a-uuid", make_statement()).status_code == 400
    response = lrs.put(str(uuid.uuid4()), make_statement(id=str(uuid.uuid4())))
    assert response.status_code == 400 and response.json()["error"] == "id_mismatch"
    response = lrs.client.put("/xapi/statements", orjson.dumps(make_statement()), content_type="application/json",
                              **lrs.headers())  # fmt: skip
    assert response.status_code == 400


def test_version_header_is_required_and_checked(lrs):
    assert lrs.post(make_statement(), HTTP_X_EXPERIENCE_API_VERSION=None).status_code == 400
    for bad in ("0.95", "1.1.0", "3.0.0", "abc"):
        assert lrs.post(make_statement(), version=bad).status_code == 400, bad
    response = lrs.post(make_statement(), version="2.0.0")
    assert response.status_code == 200 and response["X-Experience-API-Version"] == "2.0.0"
    response = lrs.post(make_statement(), version="1.0.1")
    assert response.status_code == 200 and response["X-Experience-API-Version"] == "1.0.3"


def test_missing_or_wrong_credentials_are_401_with_www_authenticate(client, lrs):
    response = client.post("/xapi/statements", orjson.dumps(make_statement()), content_type="application/json",
                           HTTP_X_EXPERIENCE_API_VERSION="1.0.3")  # fmt: skip
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Basic")
    bad = "Basic " + base64.b64encode(b"test-key:wrong-secret").decode()
    response = lrs.post(make_statement(), HTTP_AUTHORIZATION=bad)
    assert response.status_code == 401
    response = lrs.post(make_statement(), HTTP_AUTHORIZATION="Basic !!!")
    assert response.status_code == 401
    assert Statement.objects.count() == 0


def test_scopes(lrs_factory):
    reader = lrs_factory("statements/read")
    assert reader.post(make_statement()).status_code == 403
    writer = lrs_factory("statements/write")
    assert writer.post(make_statement()).status_code == 200
    assert writer.get().status_code == 403
    mine = lrs_factory("statements/write", "statements/read/mine")
    mine.post(make_statement(7))
    assert [s["actor"]["name"] for s in mine.get().json()["statements"]] == ["Learner 7"]
    assert len(reader.get().json()["statements"]) == 2


def test_voiding(lrs):
    target = str(uuid.uuid4())
    lrs.put(target, make_statement())
    voiding = {
        "actor": make_statement()["actor"],
        "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
        "object": {"objectType": "StatementRef", "id": target},
    }
    [voiding_id] = lrs.post(voiding).json()
    assert lrs.get({"statementId": target}).status_code == 404
    assert lrs.get({"voidedStatementId": target}).json()["id"] == target
    listed = [s["id"] for s in lrs.get().json()["statements"]]
    assert target not in listed and voiding_id in listed
    # a voiding statement cannot be voided
    response = lrs.post({**voiding, "object": {"objectType": "StatementRef", "id": voiding_id}})
    assert response.status_code == 400
    assert lrs.get({"voidedStatementId": voiding_id}).status_code == 404


def test_voiding_before_the_target_arrives_voids_it_on_arrival(lrs):
    target = str(uuid.uuid4())
    lrs.post({"actor": make_statement()["actor"], "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
              "object": {"objectType": "StatementRef", "id": target}})  # fmt: skip
    lrs.put(target, make_statement())
    assert lrs.get({"statementId": target}).status_code == 404
    assert lrs.get({"voidedStatementId": target}).status_code == 200


def test_filters(lrs):
    registration = str(uuid.uuid4())
    lrs.post([
        make_statement(0),
        make_statement(1, context={"registration": registration,
                                   "contextActivities": {"parent": {"id": "http://example.org/modules/m1"}}}),
        make_statement(2, verb={"id": "http://adlnet.gov/expapi/verbs/completed"},
                       context={"instructor": {"mbox": "mailto:trainer@example.org"}}),
    ])  # fmt: skip

    def names(**params):
        return sorted(s["actor"]["name"] for s in lrs.get(params).json()["statements"])

    assert names(agent=orjson.dumps({"mbox": "mailto:learner1@example.org"}).decode()) == ["Learner 1"]
    assert names(verb="http://adlnet.gov/expapi/verbs/completed") == ["Learner 2"]
    assert names(activity="http://example.org/activities/lesson-0") == ["Learner 0"]
    assert names(registration=registration) == ["Learner 1"]
    assert names(activity="http://example.org/modules/m1") == []
    assert names(activity="http://example.org/modules/m1", related_activities="true") == ["Learner 1"]
    trainer = orjson.dumps({"mbox": "mailto:trainer@example.org"}).decode()
    assert names(agent=trainer) == []
    assert names(agent=trainer, related_agents="true") == ["Learner 2"]


def test_filters_combined_on_the_side_tables_and_the_statement_columns(lrs):
    """Agent and activity together (the second side table is a semi-join), with verb, registration, since/until and
    ascending: every condition applies at once (the list SQL is written by the selector, decision 0009)."""
    registration, lesson, module = str(uuid.uuid4()), "http://example.org/activities/lesson-9", "http://example.org/m"
    completed = {"id": "http://adlnet.gov/expapi/verbs/completed"}
    learner = {"objectType": "Agent", "mbox": "mailto:learner1@example.org"}
    on_lesson = {"objectType": "Activity", "id": lesson}
    in_module = {"registration": registration, "contextActivities": {"parent": [{"id": module}]}}
    statements = [
        make_statement(1, id=str(uuid.uuid4()), object=on_lesson, context=in_module),  # 0: agent, lesson, reg.
        make_statement(1, id=str(uuid.uuid4()), object=on_lesson, verb=completed),  # 1: agent, lesson, completed
        make_statement(2, id=str(uuid.uuid4()), object=on_lesson, context=in_module),  # 2: another agent
        make_statement(1, id=str(uuid.uuid4()), context=in_module),  # 3: agent, another activity, in the module
        make_statement(1, id=str(uuid.uuid4()), object=on_lesson, context={"instructor": learner}),  # 4: agent+
    ]
    for statement in statements:  # one POST each: distinct `stored`
        assert lrs.post(statement).status_code == 200
    ids = [s["id"] for s in statements]

    def found(**params) -> list[str]:
        return [s["id"] for s in lrs.get({"agent": orjson.dumps(learner).decode(), **params}).json()["statements"]]

    assert found(activity=lesson) == [ids[4], ids[1], ids[0]]
    assert found(activity=lesson, ascending="true") == [ids[0], ids[1], ids[4]]
    assert found(activity=lesson, verb=completed["id"]) == [ids[1]]
    assert found(activity=lesson, registration=registration) == [ids[0]]
    assert found(activity=module) == []
    assert found(activity=module, related_activities="true") == [ids[3], ids[0]]
    assert found(activity=module, related_activities="true", registration=registration, limit=1)[0] == ids[3]
    stored = [s["stored"] for s in lrs.get({"ascending": "true"}).json()["statements"]]
    assert found(activity=lesson, since=stored[0], until=stored[3]) == [ids[1]]
    page = lrs.get({"agent": orjson.dumps(learner).decode(), "activity": lesson, "limit": 2}).json()
    assert [s["id"] for s in page["statements"]] == [ids[4], ids[1]]
    assert [s["id"] for s in lrs.get(path=page["more"]).json()["statements"]] == [ids[0]]


def test_unknown_parameter_and_bad_values_are_400(lrs):
    assert lrs.get({"nope": "1"}).status_code == 400
    assert lrs.get({"agent": "{bad"}).status_code == 400
    assert lrs.get({"agent": '{"mbox": "x"}'}).status_code == 400
    assert lrs.get({"since": "yesterday"}).status_code == 400
    assert lrs.get({"limit": "-1"}).status_code == 400
    assert lrs.get({"format": "pretty"}).status_code == 400
    assert lrs.get({"statementId": str(uuid.uuid4()), "verb": "http://x.org/v"}).status_code == 400


def test_paging_with_more_is_stable_while_statements_arrive(lrs):
    lrs.post([make_statement(i) for i in range(7)])
    page = lrs.get({"limit": 3}).json()
    seen = [s["actor"]["name"] for s in page["statements"]]
    lrs.post([make_statement(100 + i) for i in range(5)])  # arrive while the client pages
    while page["more"]:
        assert page["more"].startswith("/xapi/statements/more/")
        page = lrs.get(path=page["more"]).json()
        seen += [s["actor"]["name"] for s in page["statements"]]
    assert seen == [f"Learner {i}" for i in range(6, -1, -1)]


def test_default_page_is_100_limit_0_is_the_maximum_and_more_pages_through_every_statement(lrs):
    """Without `limit` a page holds DEFAULT_LIMIT (100) statements; `limit=0` the most the server allows (500);
    the `more` links of default pages return every statement once, newest first (decision 0009)."""
    from xapi.selectors import DEFAULT_LIMIT
    from xapi.views import MAX_LIMIT

    assert (DEFAULT_LIMIT, MAX_LIMIT) == (100, 500)
    posted = []
    for batch in range(3):  # 3 × 90 = 270 statements, the agent of each fourth one is Learner 1
        statements = [
            make_statement(1 if i % 4 == 0 else 2, id=str(uuid.uuid4())) for i in range(batch * 90, batch * 90 + 90)
        ]
        assert lrs.post(statements).status_code == 200
        posted += [s["id"] for s in statements]
    page = lrs.get().json()
    sizes, seen = [len(page["statements"])], [s["id"] for s in page["statements"]]
    while page["more"]:
        page = lrs.get(path=page["more"]).json()
        sizes.append(len(page["statements"]))
        seen += [s["id"] for s in page["statements"]]
    assert sizes == [100, 100, 70]
    assert seen == posted[::-1]
    everything = lrs.get({"limit": 0}).json()
    assert [s["id"] for s in everything["statements"]] == posted[::-1] and everything["more"] == ""
    assert len(lrs.get({"limit": 1000}).json()["statements"]) == 270  # capped at 500, all of them here
    learner = {"objectType": "Agent", "mbox": "mailto:learner1@example.org"}
    mine = lrs.get({"agent": orjson.dumps(learner).decode()}).json()
    assert len(mine["statements"]) == 68 and mine["more"] == ""  # 68 of 270, one page
    assert [s["id"] for s in mine["statements"]] == [i for n, i in enumerate(posted) if n % 4 == 0][::-1]


def test_ascending_and_since(lrs):
    lrs.post([make_statement(i) for i in range(3)])
    ascending = [s["actor"]["name"] for s in lrs.get({"ascending": "true"}).json()["statements"]]
    assert ascending == ["Learner 0", "Learner 1", "Learner 2"]
    stored = lrs.get({"ascending": "true"}).json()["statements"][0]["stored"]
    assert lrs.get({"since": stored}).json()["statements"] == []  # one batch, one `stored`
    assert len(lrs.get({"until": stored}).json()["statements"]) == 3


def test_formats(lrs):
    lrs.post(make_statement(0))
    ids = lrs.get({"format": "ids"}).json()["statements"][0]
    assert ids["object"] == {"objectType": "Activity", "id": "http://example.org/activities/lesson-0"}
    assert "name" not in ids["actor"]
    canonical = lrs.get({"format": "canonical"}, HTTP_ACCEPT_LANGUAGE="fr-FR, en;q=0.5").json()["statements"][0]
    assert canonical["object"]["definition"]["name"] == {"fr-FR": "Leçon 0"}


def test_head_and_consistent_through(lrs):
    lrs.post(make_statement())
    response = lrs.client.head("/xapi/statements", **lrs.headers())
    assert response.status_code == 200 and response.content == b""
    assert response["X-Experience-API-Consistent-Through"].endswith("Z")


def test_cors_preflight_without_credentials(client):
    response = client.options("/xapi/statements", HTTP_ORIGIN="https://content.example.org")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "X-Experience-API-Version" in response["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in response


def test_alternate_request_syntax(lrs):
    from urllib.parse import urlencode

    statement_id = str(uuid.uuid4())
    form = urlencode({
        "statementId": statement_id, "content": orjson.dumps(make_statement()).decode(),
        "Authorization": lrs.auth, "X-Experience-API-Version": "1.0.3", "Content-Type": "application/json",
    })  # fmt: skip
    response = lrs.client.post("/xapi/statements?method=PUT", form, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 204
    assert Statement.objects.filter(statement_id=statement_id).exists()
    response = lrs.client.post("/xapi/statements?method=PUT&x=1", form,
                               content_type="application/x-www-form-urlencoded")  # fmt: skip
    assert response.status_code == 400


def test_v2_statement_read_by_a_1_0_3_client(lrs):
    peer = {"objectType": "contextAgent", "agent": {"mbox": "mailto:peer@example.org"}}
    statement = make_statement(context={"contextAgents": [peer]})
    [statement_id] = lrs.post(statement, version="2.0.0").json()
    assert lrs.post(statement, version="1.0.3").status_code == 400  # unknown property in 1.0.3
    v2 = lrs.get({"statementId": statement_id}, version="2.0.0").json()
    assert v2["version"] == "2.0.0" and "contextAgents" in v2["context"]
    v1 = lrs.get({"statementId": statement_id}, version="1.0.3").json()
    assert v1["version"] == "1.0.3" and "contextAgents" not in v1.get("context", {})


def test_activity_definition_is_learned(lrs):
    from xapi.models import Activity

    lrs.post(make_statement(3))
    assert Activity.objects.get(activity_id="http://example.org/activities/lesson-3").definition["name"]["fr-FR"]
