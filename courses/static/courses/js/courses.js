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
