/* Registration: show only the villages of the chosen township.
   Progressive enhancement: without JavaScript the select lists every village, grouped
   by township, and the server still checks that the village belongs to the township. */
(function () {
  "use strict";
  var village = document.querySelector("[data-village-select]");
  var township = document.getElementById("id_township");
  if (!village || !township) {
    return;
  }
  function filter() {
    var option = township.options[township.selectedIndex];
    var name = option && option.value ? option.text : "";
    var groups = village.querySelectorAll("optgroup");
    for (var i = 0; i < groups.length; i++) {
      var match = !name || groups[i].label === name;
      groups[i].hidden = !match;
      groups[i].disabled = !match;
    }
    var chosen = village.options[village.selectedIndex];
    if (chosen && chosen.parentNode.disabled) {
      village.value = "";
    }
  }
  township.addEventListener("change", filter);
  filter();
})();
