// Sends the phone's location with the check-in, if the volunteer allows it.
// Refusing is fine: the check-in still works and is only flagged for the manager.
(function () {
  "use strict";
  var form = document.getElementById("check-in");
  if (!form || !navigator.geolocation) return;
  var where = document.getElementById("where");
  navigator.geolocation.getCurrentPosition(function (pos) {
    form.elements.latitude.value = pos.coords.latitude.toFixed(6);
    form.elements.longitude.value = pos.coords.longitude.toFixed(6);
    form.elements.accuracy.value = Math.round(pos.coords.accuracy);
    if (where) where.textContent = where.dataset.ok || "✓";
  }, function () {}, { enableHighAccuracy: true, timeout: 8000, maximumAge: 60000 });
})();
