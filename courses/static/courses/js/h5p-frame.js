// Runs INSIDE the sandboxed H5P player (opaque origin: no cookie, no CSRF token, no storage of the site).
// It starts h5p-standalone with the saved state the lesson page sends, then hands the lesson page, by postMessage,
// what H5P reports: xAPI statements (the top-level result with its children, as Moodle does), the current state
// (to save) and the height (to size the iframe). The lesson page decides what to relay; see h5p-relay.js.
(() => {
  // An opaque origin has no Web Storage: reading window.localStorage throws, and H5P core reads it while starting
  // (its offline queue, the clipboard). A per-page memory store stands in: nothing persists, nothing is shared.
  const memoryStorage = () => {
    const items = new Map();
    return {
      get length() {
        return items.size;
      },
      key: (index) => Array.from(items.keys())[index] ?? null,
      getItem: (key) => (items.has(String(key)) ? items.get(String(key)) : null),
      setItem: (key, value) => items.set(String(key), String(value)),
      removeItem: (key) => items.delete(String(key)),
      clear: () => items.clear(),
    };
  };
  ["localStorage", "sessionStorage"].forEach((name) => {
    try {
      window[name].length; // eslint-disable-line no-unused-expressions
    } catch (error) {
      Object.defineProperty(window, name, { value: memoryStorage(), configurable: true });
    }
  });

  const config = JSON.parse(document.getElementById("h5p-config").textContent);
  const embedded = window.parent !== window;
  const post = (message) => {
    if (embedded) window.parent.postMessage(message, "*"); // the parent is whoever framed us: it checks the source
  };
  const RESULT_VERBS = ["http://adlnet.gov/expapi/verbs/answered", "http://adlnet.gov/expapi/verbs/completed"];
  let started = false;

  const h5pWindow = () => {
    const frame = document.querySelector("iframe.h5p-iframe");
    return frame && frame.contentWindow ? frame.contentWindow : window;
  };

  const flatten = (data, out) => {
    if (data && data.statement) out.push(data.statement);
    (data && data.children ? data.children : []).forEach((child) => flatten(child, out));
    return out;
  };

  const wire = () => {
    const win = h5pWindow();
    const H5P = win.H5P;
    if (!H5P || !H5P.externalDispatcher || !H5P.instances || !H5P.instances.length) {
      window.setTimeout(wire, 100);
      return;
    }
    const instance = H5P.instances[0];
    let lastState = null;
    const saveState = () => {
      if (typeof instance.getCurrentState !== "function") return;
      let state;
      try {
        state = JSON.stringify(instance.getCurrentState());
      } catch (error) {
        return;
      }
      if (state && state !== lastState) {
        lastState = state;
        post({ type: "cafeia-h5p:state", state });
      }
    };
    H5P.externalDispatcher.on("xAPI", (event) => {
      const statement = JSON.parse(JSON.stringify(event.data.statement));
      const objectId = (statement.object && statement.object.id) || "";
      const scored = RESULT_VERBS.includes(statement.verb && statement.verb.id) && statement.result;
      if (objectId.includes("subContentId=") && scored) return; // sent with the top-level result, below
      let statements = [statement];
      if (scored && typeof instance.getXAPIData === "function") {
        const children = flatten({ children: instance.getXAPIData().children || [] }, []);
        statements = statements.concat(JSON.parse(JSON.stringify(children)));
      }
      post({ type: "cafeia-h5p:statements", statements });
      saveState();
    });
    if (typeof instance.on === "function") instance.on("changed", saveState);
    window.setInterval(saveState, 5000);
    post({ type: "cafeia-h5p:started" });
  };

  const start = (state) => {
    if (started) return;
    started = true;
    window.H5PIntegration = { siteUrl: config.siteUrl, cafeIaActor: config.actor };
    const options = {
      id: config.contentId,
      title: config.title,
      h5pJsonPath: config.h5pJsonPath,
      contentJsonPath: config.contentJsonPath,
      librariesPath: config.librariesPath,
      frameJs: config.frameJs,
      frameCss: config.frameCss,
      customJs: config.customJs,
      xAPIObjectIRI: config.iri,
      // This page IS the sandbox: play in it. (An inner about:blank iframe would get an origin of its own here,
      // out of reach of H5P's own code, so h5p-standalone's default "iframe" embedding cannot work.)
      embedType: "div",
      frame: false,
      icon: false,
      copyright: false,
      export: false,
      embed: false,
      fullScreen: false,
    };
    if (state) {
      options.saveFreq = 3600; // H5P restores previousState only with a save frequency; we save ourselves
      options.contentUserData = [{ state }];
    }
    new H5PStandalone.H5P(document.getElementById("h5p-container"), options)
      .then(wire)
      .catch((error) => post({ type: "cafeia-h5p:error", message: String(error) }));
  };

  window.addEventListener("message", (event) => {
    if (event.source !== window.parent || !event.data) return;
    if (event.data.type === "cafeia-h5p:init") {
      window.clearInterval(readyTimer);
      config.actor = event.data.actor || null;
      start(typeof event.data.state === "string" ? event.data.state : null);
    }
  });

  const reportHeight = () => post({ type: "cafeia-h5p:resize", height: document.documentElement.scrollHeight });
  new ResizeObserver(reportHeight).observe(document.body);
  window.setInterval(reportHeight, 1000);

  // Say "ready" until the lesson page answers (its script may start after this frame's).
  const readyTimer = window.setInterval(() => post({ type: "cafeia-h5p:ready" }), 250);
  post({ type: "cafeia-h5p:ready" });
  window.setTimeout(() => start(null), embedded ? 4000 : 0); // no answer from a parent: play without saved state
})();
