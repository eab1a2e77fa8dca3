// The filing form's map: tap the county's outline to place a point, or use the phone's
// location. The SVG carries its frame (west, north, scale, aspect) as data attributes;
// the inverse of wishes/geo.py's projection turns a tap into longitude and latitude.
(function () {
  "use strict";
  var svg = document.querySelector("#map-picker svg");
  if (!svg) { return; }
  var form = document.getElementById("filing");
  var lat = form.querySelector("input[name=latitude]");
  var lon = form.querySelector("input[name=longitude]");
  var pin = document.getElementById("pin");
  var status = document.getElementById("point-status");
  var f = {
    west: parseFloat(svg.dataset.west), north: parseFloat(svg.dataset.north),
    scale: parseFloat(svg.dataset.scale), aspect: parseFloat(svg.dataset.aspect)
  };

  function show(longitude, latitude) {
    lon.value = longitude.toFixed(6);
    lat.value = latitude.toFixed(6);
    pin.setAttribute("cx", (longitude - f.west) * f.aspect * f.scale);
    pin.setAttribute("cy", (f.north - latitude) * f.scale);
    status.textContent = "已标记位置：" + latitude.toFixed(4) + ", " + longitude.toFixed(4);
  }

  if (lat.value && lon.value) { show(parseFloat(lon.value), parseFloat(lat.value)); }

  svg.addEventListener("click", function (event) {
    var point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    var local = point.matrixTransform(svg.getScreenCTM().inverse());
    show(f.west + local.x / (f.aspect * f.scale), f.north - local.y / f.scale);
  });

  var locate = document.getElementById("locate");
  locate.addEventListener("click", function () {
    if (!navigator.geolocation) { status.textContent = "此设备无法定位"; return; }
    status.textContent = "正在定位…";
    navigator.geolocation.getCurrentPosition(function (p) {
      show(p.coords.longitude, p.coords.latitude);
    }, function () { status.textContent = "未能定位，可在地图上点选"; }, { timeout: 10000 });
  });
})();
