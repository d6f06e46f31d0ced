// Lesson tracking for a signed-in learner: `experienced` when the lesson opens, then `completed` with the ACTIVE
// time measured here (tab visible and an interaction in the last 60 s, counted by 15 s heartbeats) when the learner
// presses "Terminer la leçon". The statements go to the platform's own LRS with the session cookie and the CSRF
// token; the server replaces the actor with the learner's pseudonym, so the page sends a placeholder.
(() => {
  const root = document.querySelector("[data-lesson-tracking]");
  if (!root) return;

  const HEARTBEAT_MS = 15000;
  const IDLE_AFTER_MS = 60000;
  const form = root.querySelector("[data-lesson-complete-form]");
  const message = root.querySelector("[data-lesson-message]");
  const csrfToken = form ? form.querySelector("input[name=csrfmiddlewaretoken]").value : "";

  let activeMs = 0;
  let lastInteraction = Date.now();
  let lastTick = Date.now();

  const isActive = (now) => document.visibilityState === "visible" && now - lastInteraction <= IDLE_AFTER_MS;

  // Credit the time since the last tick, if the learner was active; never more than one heartbeat at once
  // (a laptop waking from sleep must not add the hours it slept).
  const tick = () => {
    const now = Date.now();
    if (isActive(now)) activeMs += Math.min(now - lastTick, HEARTBEAT_MS);
    lastTick = now;
  };

  const interacted = () => {
    if (Date.now() - lastInteraction > IDLE_AFTER_MS) lastTick = Date.now(); // idle time is not credited
    lastInteraction = Date.now();
  };
  ["pointerdown", "pointermove", "keydown", "wheel", "scroll", "touchstart", "focusin"].forEach((type) =>
    window.addEventListener(type, interacted, { passive: true, capture: true }),
  );
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") {
      tick();
    } else {
      lastTick = Date.now();
      lastInteraction = Date.now();
    }
  });
  window.setInterval(tick, HEARTBEAT_MS);

  const isoDuration = (ms) => {
    let seconds = Math.round(ms / 1000);
    const hours = Math.floor(seconds / 3600);
    seconds -= hours * 3600;
    const minutes = Math.floor(seconds / 60);
    seconds -= minutes * 60;
    return `PT${hours ? `${hours}H` : ""}${minutes ? `${minutes}M` : ""}${seconds || (!hours && !minutes) ? `${seconds}S` : ""}`;
  };

  const statement = (verb, result) => {
    const data = {
      actor: { objectType: "Agent", account: { homePage: window.location.origin, name: "session" } },
      verb: { id: `http://adlnet.gov/expapi/verbs/${verb}`, display: { "en-US": verb } },
      object: {
        objectType: "Activity",
        id: root.dataset.lessonIri,
        definition: { name: { "fr-FR": root.dataset.lessonName }, type: "http://adlnet.gov/expapi/activities/lesson" },
      },
      context: { contextActivities: { parent: [{ objectType: "Activity", id: root.dataset.moduleIri }] } },
    };
    if (result) data.result = result;
    return data;
  };

  const send = (data) =>
    fetch(root.dataset.statementsUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "X-CSRFToken": csrfToken,
        "X-Experience-API-Version": "1.0.3",
      },
      body: JSON.stringify(data),
    }).then((response) => {
      if (!response.ok) throw new Error(`LRS answered ${response.status}`);
      return response;
    });

  const showCompleted = () => {
    root.dataset.completed = "true";
    root.querySelectorAll("[data-lesson-done]").forEach((element) => {
      element.hidden = false;
    });
  };

  send(statement("experienced")).catch(() => {}); // opening is best effort: completion is what counts

  if (!form) return;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const button = form.querySelector("button");
    button.disabled = true;
    tick();
    send(statement("completed", { completion: true, duration: isoDuration(activeMs) }))
      .then(() => {
        showCompleted();
        form.hidden = true;
        message.className = "fr-alert fr-alert--success fr-alert--sm fr-mt-2w";
        message.textContent = root.dataset.doneMessage;
        message.setAttribute("tabindex", "-1");
        message.focus();
      })
      .catch(() => {
        button.disabled = false;
        message.className = "fr-alert fr-alert--error fr-alert--sm fr-mt-2w";
        message.textContent = root.dataset.errorMessage;
      });
  });
})();
