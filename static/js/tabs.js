// The tab bar scrolls sideways on a phone: show a fade and an arrow at the edge that has
// more tabs behind it, and bring the current tab into view. Without this script the bar
// still scrolls (and snaps); the fades are the only thing missing.
(function () {
  "use strict";
  var nav = document.querySelector("nav.tabs");
  var list = nav && nav.querySelector("ul");
  if (!list) return;
  function mark() {
    var more = [];
    if (list.scrollLeft > 1) more.push("left");
    if (list.scrollLeft + list.clientWidth < list.scrollWidth - 1) more.push("right");
    nav.setAttribute("data-more", more.join(" "));
  }
  var current = list.querySelector('[aria-current="page"]');
  if (current) {
    var box = current.getBoundingClientRect();
    var bar = list.getBoundingClientRect();
    if (box.right > bar.right || box.left < bar.left) {
      list.scrollLeft += box.left - bar.left - (bar.width - box.width) / 2;
    }
  }
  list.addEventListener("scroll", mark, { passive: true });
  window.addEventListener("resize", mark);
  mark();
})();
