// Café IA Feedback (MIT): a shared helper of the Café IA content types, a nested dependency of the questions.
var H5P = window.H5P = window.H5P || {};
H5P.CafeIAFeedback = (function () {
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  return {
    element: element,
    // A polite live message (screen readers hear the result without losing focus).
    message: function (container, text, ok) {
      var box = container.querySelector(".cafeia-feedback");
      if (!box) {
        box = element("p", "cafeia-feedback");
        box.setAttribute("role", "status");
        container.appendChild(box);
      }
      box.className = "cafeia-feedback " + (ok ? "cafeia-feedback--ok" : "cafeia-feedback--ko");
      box.textContent = text;
      return box;
    },
    clear: function (container) {
      var box = container.querySelector(".cafeia-feedback");
      if (box) box.parentNode.removeChild(box);
    },
  };
})();
