/* Signature pad: pointer strokes on a canvas, exported as a PNG data URL into the form's hidden field.
   The server checks the ink again (a blank pad is refused there too); this is only a courtesy. No dependency. */
(function () {
  "use strict";

  function setup(root) {
    var canvas = root.querySelector("canvas");
    var field = root.querySelector("input[type=hidden]");
    var error = root.querySelector(".signature-pad__error");
    var form = root.closest("form");
    var ctx = canvas.getContext("2d");
    var drawing = false;
    var inked = 0;
    var last = null;

    ctx.lineWidth = 3;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.strokeStyle = "#161616";

    function point(event) {
      var rect = canvas.getBoundingClientRect();
      return {
        x: (event.clientX - rect.left) * (canvas.width / rect.width),
        y: (event.clientY - rect.top) * (canvas.height / rect.height)
      };
    }

    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      drawing = true;
      last = point(event);
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) { return; }
      event.preventDefault();
      var next = point(event);
      ctx.beginPath();
      ctx.moveTo(last.x, last.y);
      ctx.lineTo(next.x, next.y);
      ctx.stroke();
      inked += Math.abs(next.x - last.x) + Math.abs(next.y - last.y);
      last = next;
    });
    ["pointerup", "pointercancel", "pointerleave"].forEach(function (name) {
      canvas.addEventListener(name, function () { drawing = false; });
    });

    root.querySelector("[data-signature-clear]").addEventListener("click", function () {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      inked = 0;
      field.value = "";
    });

    /* roll call: an absence needs no signature, so the pad shows only for "present" and "late" */
    var status = form ? form.querySelector("select[name=status]") : null;
    if (status) {
      var sync = function () { root.hidden = !(status.value === "present" || status.value === "late"); };
      status.addEventListener("change", sync);
      sync();
    }

    if (form) {
      form.addEventListener("submit", function (event) {
        if (root.hidden) { field.value = ""; return; }
        if (inked < 20) {
          event.preventDefault();
          error.textContent = canvas.dataset.emptyMessage;
          error.hidden = false;
          canvas.focus();
          return;
        }
        error.hidden = true;
        field.value = canvas.toDataURL("image/png");
      });
    }
  }

  document.querySelectorAll("[data-signature-pad]").forEach(setup);
})();
