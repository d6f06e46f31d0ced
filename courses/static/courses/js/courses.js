// Café IA course pages: click-to-load external videos (nothing is requested from the host before the click)
// and the programme's print button. No dependency, no inline script.
document.addEventListener("click", (event) => {
  const consent = event.target.closest("[data-embed-url]");
  if (consent) {
    const figure = consent.closest("[data-embed-consent]");
    const iframe = document.createElement("iframe");
    iframe.src = consent.dataset.embedUrl;
    iframe.title = consent.dataset.embedTitle;
    iframe.allow = "fullscreen; picture-in-picture";
    iframe.allowFullscreen = true;
    iframe.referrerPolicy = "strict-origin-when-cross-origin";
    iframe.setAttribute("sandbox", "allow-scripts allow-same-origin allow-presentation");
    iframe.className = "cafe-ia-embed__frame";
    figure.querySelector("[data-embed-placeholder]").replaceWith(iframe);
    iframe.focus();
    return;
  }
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

// Module archive being built: poll its state, then download it (the page works without JavaScript too).
(function () {
  var box = document.querySelector("[data-export-poll]");
  if (!box) { return; }
  function poll() {
    fetch(box.getAttribute("data-export-poll"), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        var bar = box.querySelector("[data-export-progress]");
        if (bar) { bar.value = state.progress || 0; }
        if (state.download_url) { window.location.assign(state.download_url); return; }
        if (state.status !== "failed") { setTimeout(poll, 2000); }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
