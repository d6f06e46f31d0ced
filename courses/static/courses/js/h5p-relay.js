// The lesson page's side of an H5P activity (trusted code, same origin). The player runs in an iframe sandboxed
// WITHOUT allow-same-origin: it cannot read the learner's cookies or CSRF token, so it asks this page, by
// postMessage, to record what it reports. This page accepts messages only from its own player frames, relays
// only statements about that activity (and its sub-contents) to the LRS with the learner's session and CSRF token
// (the server replaces the actor and refuses what a browser may not assert), and keeps the resume state in the
// LRS state resource. Package code can lie about its own score: H5P results are practice only.
(() => {
  if (window.cafeIaH5PRelay) return;
  window.cafeIaH5PRelay = true;

  const STATE_ID = "https://w3id.org/xapi/cafe-ia/h5p/state";
  const MAX_STATEMENTS = 100;
  const MAX_STATE_LENGTH = 256 * 1024;
  const H5P_VERBS = ["answered", "completed", "attempted", "interacted", "progressed", "experienced", "initialized"]
    .map((verb) => `http://adlnet.gov/expapi/verbs/${verb}`);
  const PLACEHOLDER_ACTOR = { objectType: "Agent", account: { homePage: window.location.origin, name: "session" } };

  const setup = (root) => {
    const iframe = root.querySelector("iframe");
    const iri = root.dataset.activityIri;
    const recording = root.dataset.recording === "true";
    const csrfInput = root.querySelector("input[name=csrfmiddlewaretoken]");
    const actor = recording ? JSON.parse(root.dataset.actor) : null;
    const headers = (extra) => ({
      "X-Experience-API-Version": "1.0.3",
      "X-CSRFToken": csrfInput ? csrfInput.value : "",
      ...extra,
    });
    const stateUrl = () =>
      `${root.dataset.stateUrl}?${new URLSearchParams({ activityId: iri, agent: JSON.stringify(actor), stateId: STATE_ID })}`;

    const loadState = () => {
      if (!recording) return Promise.resolve(null);
      return fetch(stateUrl(), { credentials: "same-origin", headers: headers({}) })
        .then((response) => (response.ok ? response.text() : null))
        .catch(() => null);
    };

    let savedState = null;
    let pendingState = null;
    let saving = false;
    const saveState = (state) => {
      pendingState = state;
      if (saving) return;
      const next = pendingState;
      pendingState = null;
      if (next === savedState) return;
      saving = true;
      fetch(stateUrl(), {
        method: "PUT",
        credentials: "same-origin",
        headers: headers({ "Content-Type": "application/json" }),
        body: next,
      })
        .then((response) => {
          if (response.ok) {
            savedState = next;
            root.dataset.stateSaved = String(Number(root.dataset.stateSaved || 0) + 1);
          }
        })
        .catch(() => {})
        .finally(() => {
          saving = false;
          if (pendingState !== null) saveState(pendingState);
        });
    };

    const ours = (statement) => {
      if (!statement || typeof statement !== "object" || !statement.object || !statement.verb) return false;
      const id = String(statement.object.id || "");
      return (id === iri || id.startsWith(`${iri}?subContentId=`)) && H5P_VERBS.includes(statement.verb.id);
    };

    const sendStatements = (statements) => {
      if (!recording || !Array.isArray(statements)) return;
      const kept = statements.filter(ours).slice(0, MAX_STATEMENTS).map((statement) => {
        const copy = { ...statement, actor: PLACEHOLDER_ACTOR }; // the server puts the learner's pseudonym here
        // H5P composite types (Question Set, Interactive Video…) say interactionType "compound", which xAPI does
        // not define and our LRS rightly refuses: "other" is the spec's word for it.
        const definition = copy.object && copy.object.definition;
        if (definition && definition.interactionType === "compound") {
          copy.object = { ...copy.object, definition: { ...definition, interactionType: "other" } };
        }
        delete copy.id;
        delete copy.authority;
        delete copy.stored;
        return copy;
      });
      if (!kept.length) return;
      fetch(root.dataset.statementsUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: headers({ "Content-Type": "application/json" }),
        body: JSON.stringify(kept),
      })
        .then((response) => {
          root.dataset.statementsSent = String(Number(root.dataset.statementsSent || 0) + (response.ok ? kept.length : 0));
          if (!response.ok) response.text().then((text) => console.warn(`LRS refused H5P statements: ${text}`));
        })
        .catch(() => {});
    };

    window.addEventListener("message", (event) => {
      // Only our own frame; a sandboxed frame's origin is the opaque "null".
      if (event.source !== iframe.contentWindow || event.origin !== "null") return;
      const data = event.data;
      if (!data || typeof data.type !== "string") return;
      if (data.type === "cafeia-h5p:ready") {
        if (root.dataset.initialised) return;
        root.dataset.initialised = "true";
        loadState().then((state) => {
          savedState = state;
          iframe.contentWindow.postMessage({ type: "cafeia-h5p:init", state, actor }, "*");
        });
      } else if (data.type === "cafeia-h5p:error") {
        root.dataset.error = String(data.message || "error").slice(0, 200);
      } else if (data.type === "cafeia-h5p:started") {
        root.dataset.started = "true";
      } else if (data.type === "cafeia-h5p:statements") {
        sendStatements(data.statements);
      } else if (data.type === "cafeia-h5p:state" && recording) {
        if (typeof data.state === "string" && data.state.length <= MAX_STATE_LENGTH) saveState(data.state);
      } else if (data.type === "cafeia-h5p:resize") {
        const height = Math.min(Math.max(Number(data.height) || 0, 200), 4000);
        iframe.style.height = `${height}px`;
      }
    });
  };

  const init = () => document.querySelectorAll("[data-h5p-player]").forEach(setup);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
