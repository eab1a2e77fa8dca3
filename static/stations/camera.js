// Camera scanning on the kiosk: for stations without a keyboard-wedge scanner. A few
// times a second a frame of the rear camera is read for a QR code; each card read goes
// to kiosk.js as a "kiosk:card" event, so it takes the wedge scanner's path (offline
// queue, sync, big result and beep).
//
// The browser's own BarcodeDetector reads the frame where it has one (Android, ChromeOS,
// macOS); elsewhere the vendored jsQR does, loaded from our static files on the first
// start only, so a kiosk that never uses the camera never downloads it.
// getUserMedia exists only in a secure context: the kiosk must be served over HTTPS.
(function () {
  "use strict";
  var box = document.getElementById("camera-box");
  if (!box) return;
  var text = box.dataset;
  var $ = function (id) { return document.getElementById(id); };
  var video = $("camera");
  var INTERVAL_MS = 250;  // four looks a second: quick enough, light on a tablet's CPU
  var HOLD_MS = 4000;     // the same card again only after it was out of sight this long
  var MAX_SIDE = 640;     // jsQR reads a frame scaled down to this; QR cards stay legible

  var stream = null, timer = null, decode = null, attempt = 0;
  var lastCode = null, lastSeen = 0;

  function tell(message) { $("camera-status").textContent = message || ""; }

  // --- decoders: each is a function returning a promise of the text read, or null ------
  function nativeDecoder() {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    box.dataset.using = "native";
    return function () {
      return detector.detect(video).then(function (codes) {
        return codes.length ? codes[0].rawValue : null;
      });
    };
  }
  function jsqrDecoder() {
    var canvas = document.createElement("canvas");
    var context = canvas.getContext("2d", { willReadFrequently: true });
    box.dataset.using = "jsqr";
    return function () {
      var scale = Math.min(1, MAX_SIDE / Math.max(video.videoWidth, video.videoHeight));
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var found = window.jsQR(image.data, image.width, image.height,
        { inversionAttempts: "dontInvert" });
      return Promise.resolve(found ? found.data : null);
    };
  }
  function loadJsqr() {
    if (window.jsQR) return Promise.resolve(jsqrDecoder());
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = text.decoder;
      script.onload = function () { resolve(jsqrDecoder()); };
      script.onerror = function () { reject(new Error("decoder")); };
      document.head.appendChild(script);
    });
  }
  function chooseDecoder() {
    if (decode) return Promise.resolve(decode);
    var pick = !window.BarcodeDetector ? loadJsqr() :
      window.BarcodeDetector.getSupportedFormats().then(function (formats) {
        return formats.indexOf("qr_code") >= 0 ? nativeDecoder() : loadJsqr();
      }, loadJsqr);
    return pick.then(function (chosen) { decode = chosen; return chosen; });
  }

  // --- reading frames -----------------------------------------------------------------
  function seen(code) {
    var now = Date.now();
    var repeat = code === lastCode && now - lastSeen < HOLD_MS;
    lastCode = code;
    lastSeen = now;
    if (!repeat) document.getElementById("kiosk").dispatchEvent(
      new CustomEvent("kiosk:card", { detail: code }));
  }
  function look() {
    if (!stream) return;
    var ready = video.readyState >= 2 && video.videoWidth > 0;
    (ready ? decode() : Promise.resolve(null)).then(function (code) {
      if (code && code.trim() && stream) seen(code.trim());
    }, function () { /* a frame that cannot be read: try the next one */ }).then(function () {
      if (stream) timer = setTimeout(look, INTERVAL_MS);
    });
  }

  // --- start and stop -----------------------------------------------------------------
  function problem(error) {
    var name = error && error.name;
    if (name === "NotAllowedError" || name === "SecurityError") return text.denied;
    if (name === "NotFoundError" || name === "OverconstrainedError") return text.missing;
    return text.failed;
  }
  function shown(running) {
    video.hidden = !running;
    $("camera-start").hidden = running;
    $("camera-start").disabled = false;
    $("camera-stop").hidden = !running;
    $("card").focus();  // a wedge scanner's Enter must land in the field, not on a button
  }
  function start() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      tell(text.insecure);
      return;
    }
    var mine = ++attempt;
    $("camera-start").disabled = true;
    tell(text.starting);
    var camera = navigator.mediaDevices.getUserMedia(
      { video: { facingMode: { ideal: "environment" } }, audio: false });
    Promise.all([camera, chooseDecoder()]).then(function (got) {
      if (mine !== attempt) { release(got[0]); return; }  // stopped while starting
      stream = got[0];
      video.srcObject = stream;
      shown(true);
      tell(text.running);
      return video.play().then(look);
    }).catch(function (error) {
      camera.then(release, function () {});
      if (mine !== attempt) return;
      stop();
      tell(problem(error));
    });
  }
  function release(media) {
    media.getTracks().forEach(function (track) { track.stop(); });
  }
  function stop() {
    attempt++;
    clearTimeout(timer);
    if (stream) release(stream);
    stream = null;
    video.srcObject = null;
    lastCode = null;
    shown(false);
  }
  function stopAndSay() {
    var wasOn = !!stream || $("camera-start").disabled;  // running, or starting
    stop();
    if (wasOn) tell(text.stopped);
  }

  $("camera-start").addEventListener("click", start);
  $("camera-stop").addEventListener("click", stopAndSay);
  $("tab-code").addEventListener("click", stopAndSay);
  window.addEventListener("pagehide", stop);
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) stopAndSay();  // the screen went off: let the camera go
  });
})();
