// The compose form: show only the picker the chosen audience needs, and count the SMS.
// Without JavaScript every picker shows and the server's preview gives the exact length.
(function () {
  "use strict";
  var form = document.getElementById("compose-form");
  if (!form) { return; }
  var signature = form.dataset.signature || "";
  var segment = parseInt(form.dataset.segment || "70", 10);
  var counter = document.getElementById("sms-counter");
  var body = form.querySelector("[name=body]");
  var sms = form.querySelector("input[name=channels][value=sms]");
  var NAME_GUESS = "名名名";  // a typical Chinese name: the preview measures the longest

  function chosenKind() {
    var checked = form.querySelector("input[name=kind]:checked");
    return checked ? checked.value : "";
  }

  function showPickers() {
    var kind = chosenKind();
    form.querySelectorAll("[data-for]").forEach(function (box) {
      var wanted = box.dataset.for.split(" ").indexOf(kind) !== -1;
      box.hidden = !wanted;
    });
  }

  function selectedText(name) {
    var select = form.querySelector("select[name=" + name + "]");
    if (!select || !select.value) { return ""; }
    return select.options[select.selectedIndex].text;
  }

  function rendered() {
    var kind = chosenKind();
    var event = kind.indexOf("event") === 0 ? selectedText("event") : "";
    var time = form.querySelector("[name=time]").value.trim() || (event ? "12月31日 19:00" : "");
    var place = form.querySelector("[name=place]").value.trim();
    return body.value
      .split("{姓名}").join(NAME_GUESS)
      .split("{活动}").join(event)
      .split("{时间}").join(time)
      .split("{地点}").join(place || (event ? "西柏坡纪念馆" : ""));
  }

  function count() {
    if (!sms || !sms.checked) { counter.hidden = true; return; }
    var length = Array.from(signature + rendered()).length;
    counter.hidden = false;
    var text = counter.dataset.text.replace("LENGTH", length).replace("LIMIT", segment);
    if (length > segment) { text += counter.dataset.over.replace("OVER", length - segment); }
    counter.textContent = text;
    counter.classList.toggle("error", length > segment);
  }

  form.addEventListener("change", function () { showPickers(); count(); });
  form.addEventListener("input", count);
  showPickers();
  count();
  var preview = document.getElementById("preview");
  var errors = document.getElementById("form-errors");
  (errors || preview || { focus: function () {} }).focus();
})();
