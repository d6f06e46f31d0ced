// Quiz attempt page: autosave of the answers (what an expired attempt is scored on) and the countdown, which
// submits the form when the time is up. The page works without it: "Save" and "Submit" are plain buttons.
(function () {
  "use strict";
  var form = document.getElementById("quiz-form");
  if (!form) return;
  var status = document.getElementById("autosave-status");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var timer = null;

  function autosave() {
    var data = new FormData(form);
    data.delete("submission_key");
    fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf },
    }).then(function (response) {
      if (status && response.ok) status.textContent = "";
    }).catch(function () { /* offline: the next change or the submit tries again */ });
  }

  form.addEventListener("change", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(autosave, 400);
  });

  var clock = document.getElementById("quiz-timer");
  if (!clock) return;
  var deadline = Date.now() + parseInt(clock.dataset.remaining, 10) * 1000;
  var warned = false;
  function tick() {
    var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    var minutes = Math.floor(left / 60), seconds = left % 60;
    clock.textContent = clock.dataset.labelMinutes + " : " + minutes + " min " + (seconds < 10 ? "0" : "") + seconds + " s";
    if (left <= 60 && !warned && status) {
      warned = true;
      status.textContent = clock.dataset.labelSoon;
    }
    if (left === 0) {
      var submit = document.getElementById("quiz-submit");
      if (form.requestSubmit) form.requestSubmit(submit); else submit.click();
      return;
    }
    window.setTimeout(tick, 1000);
  }
  tick();
})();
