/* The room's check-in screen: fetch the current code every few seconds and swap the QR code when it rotates. */
(function () {
  "use strict";
  var root = document.querySelector("[data-checkin-screen]");
  if (!root) { return; }
  var url = root.dataset.codeUrl;
  var code = root.querySelector("[data-checkin-code]");
  var qr = root.querySelector("[data-checkin-qr]");
  var signed = root.querySelector("[data-checkin-signed]");
  var countdown = root.querySelector("[data-checkin-countdown]");
  var closed = root.querySelector("[data-checkin-closed]");
  var remaining = parseInt(root.dataset.expiresIn, 10) || 15;

  function refresh() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (data) {
        if (code.textContent !== data.code) {
          code.textContent = data.code;
          qr.innerHTML = data.svg;
        }
        signed.textContent = data.signed;
        closed.hidden = data.open;
        remaining = data.expires_in;
      })
      .catch(function () { /* keep the last code; the next tick retries */ });
  }

  setInterval(function () {
    remaining -= 1;
    if (remaining <= 0) { refresh(); remaining = 15; }
    countdown.textContent = Math.max(0, remaining);
  }, 1000);
  setInterval(refresh, 5000);
})();
