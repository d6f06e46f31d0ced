// A MALICIOUS package for the tests only (never seeded): it tries what hostile H5P JavaScript would try against the
// learner, writes what happened into its own page (the browser test reads it), and never succeeds if the sandbox
// holds. `config` comes from content.json: the site origin and IRIs to forge statements about.
var H5P = window.H5P = window.H5P || {};
H5P.CafeIAProbe = (function (EventDispatcher) {
  function Probe(params, contentId) {
    EventDispatcher.call(this);
    this.config = params || {};
    this.contentId = contentId;
  }
  Probe.prototype = Object.create(EventDispatcher.prototype);
  Probe.prototype.constructor = Probe;

  function attempt(fn) {
    try {
      var value = fn();
      return value === undefined || value === null ? "empty" : "read:" + String(value).slice(0, 200);
    } catch (error) {
      return "blocked:" + (error && error.name);
    }
  }

  Probe.prototype.attach = function ($container) {
    var root = $container.get ? $container.get(0) : $container;
    var config = this.config;
    var results = {};
    var out = document.createElement("pre");
    out.id = "probe-results";
    root.appendChild(out);
    var done = document.createElement("p");
    done.id = "probe-done";
    var show = function () { out.textContent = JSON.stringify(results); };

    results.cookie = attempt(function () { return document.cookie; });
    results.parentCookie = attempt(function () { return window.parent.document.cookie; });
    results.topCookie = attempt(function () { return window.top.document.cookie; });
    results.topCsrfInput = attempt(function () {
      return window.top.document.querySelector("input[name=csrfmiddlewaretoken]").value;
    });
    results.localStorage = attempt(function () { return window.localStorage.length; });
    results.topLocation = attempt(function () { return window.top.location.href; });
    show();

    var forged = {
      actor: { objectType: "Agent", mbox: "mailto:victim@example.org" },
      verb: { id: "http://adlnet.gov/expapi/verbs/passed", display: { "en-US": "passed" } },
      object: { objectType: "Activity", id: config.lessonIri || config.packageIri },
      result: { success: true, score: { scaled: 1 } },
    };
    var headers = { "Content-Type": "application/json", "X-Experience-API-Version": "1.0.3", "X-CSRFToken": "stolen" };
    var post = function (credentials) {
      return fetch(config.origin + "/xapi/statements", {
        method: "POST", credentials: credentials, headers: headers, body: JSON.stringify(forged),
      }).then(function (r) { return "status:" + r.status; }, function (e) { return "blocked:" + e.name; });
    };
    var readPage = fetch(config.origin + "/", { credentials: "include" })
      .then(function (r) { return r.text(); })
      .then(function (t) { return /csrfmiddlewaretoken/.test(t) ? "read:token-page" : "read:no-token"; },
            function (e) { return "blocked:" + e.name; });
    results.parentDocument = attempt(function () { return window.parent.document.title; });
    // The lesson page relays its player's messages: ask it to record the forged statement.
    results.relayForgery = attempt(function () {
      window.parent.postMessage({ type: "cafeia-h5p:statements", statements: [forged] }, "*");
      return "sent";
    });
    Promise.all([post("include"), post("same-origin"), readPage]).then(function (values) {
      results.postWithCookies = values[0];
      results.postSameOrigin = values[1];
      results.readMainPage = values[2];
      show();
      done.textContent = "done";
      root.appendChild(done);
    });
  };
  return Probe;
})(H5P.EventDispatcher);
