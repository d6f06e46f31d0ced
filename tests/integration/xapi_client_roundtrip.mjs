// Round trip through the npm @xapi/xapi client (an independent implementation of the xAPI protocol).
// Usage: node xapi_client_roundtrip.mjs <endpoint> <key> <secret> <version>; prints one JSON line.
import XAPI from "@xapi/xapi";

const [endpoint, key, secret, version] = process.argv.slice(2);
const xapi = new XAPI({ endpoint, auth: XAPI.toBasicAuth(key, secret), version });
const agent = { objectType: "Agent", account: { homePage: "https://example.org", name: "node-learner" } };
const statement = {
  actor: agent,
  verb: XAPI.Verbs.COMPLETED,
  object: { objectType: "Activity", id: "https://example.org/activities/node-lesson",
            definition: { name: { "fr-FR": "Leçon Node" } } },
  result: { completion: true, duration: "PT4M20S", score: { scaled: 0.75 } },
};

const out = {};
const sent = await xapi.sendStatement({ statement });
out.sentId = sent.data[0];
const fetched = await xapi.getStatement({ statementId: out.sentId });
out.fetchedVerb = fetched.data.verb.id;
out.fetchedDuration = fetched.data.result.duration;
const listed = await xapi.getStatements({ agent, limit: 10 });
out.listedIds = listed.data.statements.map((s) => s.id);
await xapi.voidStatement({ actor: agent, statementId: out.sentId });
const voided = await xapi.getVoidedStatement({ voidedStatementId: out.sentId });
out.voidedId = voided.data.id;
await xapi.setState({ agent, activityId: statement.object.id, stateId: "resume", state: { page: 3 } });
const state = await xapi.getState({ agent, activityId: statement.object.id, stateId: "resume" });
out.state = state.data;
const about = await xapi.getAbout();
out.versions = about.data.version;
console.log(JSON.stringify(out));
