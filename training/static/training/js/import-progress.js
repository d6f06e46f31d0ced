/* CSV import page: poll the progress while the file is checked or imported, reload when it is done. */
(function () {
  "use strict";
  var root = document.querySelector("[data-import-progress]");
  if (!root) { return; }
  var bar = root.querySelector("progress");
  var label = root.querySelector("[data-import-label]");
  function poll() {
    fetch(root.dataset.url, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.total) { bar.max = data.total; bar.value = data.processed; label.textContent = data.processed + " / " + data.total; }
        if (["previewed", "done", "failed"].indexOf(data.status) !== -1) { window.location.reload(); }
        else { setTimeout(poll, 1500); }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  poll();
})();
