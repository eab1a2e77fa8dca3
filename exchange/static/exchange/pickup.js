// The pick-up page: a code read by the camera (stations/camera.js sends it as a
// "kiosk:card" event) fills the code field and looks it up, as a keyboard-wedge scanner
// typing the code and Enter would.
(function () {
  "use strict";
  var box = document.getElementById("kiosk");
  var form = document.getElementById("pickup-form");
  if (!box || !form) return;
  box.addEventListener("kiosk:card", function (event) {
    var field = form.querySelector("input[name=code]");
    if (!field) return;
    field.value = String(event.detail || "").trim();
    form.submit();
  });
})();
