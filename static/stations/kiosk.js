// The station kiosk: pairing, the rotating check-in code, and staff card scanning with
// an offline queue. No inline script (a content security policy will forbid it).
//
// The code is HMAC-SHA256(kiosk secret, 30-second window), base32, first 10 characters,
// computed here with WebCrypto so the screen keeps working without a network.
// Cards come from a keyboard-wedge scanner typing into #card, or from the camera
// (camera.js, which sends a "kiosk:card" event). Either way a scan goes to IndexedDB
// first, then to /api/v1/stations/checkins/batch; the server ignores repeats by UUID,
// so sending a scan twice is harmless.
(function () {
  "use strict";
  var root = document.getElementById("kiosk");
  var text = root.dataset;
  var KEY = "hongyi-kiosk";
  var config = JSON.parse(localStorage.getItem(KEY) || "null");
  var enc = new TextEncoder();
  var $ = function (id) { return document.getElementById(id); };

  // --- pairing ----------------------------------------------------------------------
  function showPairing() {
    $("pair").hidden = false;
    $("paired").hidden = true;
    $("pair-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var code = $("pair-code").value.trim();
      fetch(text.api + "kiosks/pair", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ code: code })
      }).then(function (response) {
        if (!response.ok) throw new Error("pairing");
        return response.json();
      }).then(function (body) {
        config = body;
        localStorage.setItem(KEY, JSON.stringify(body));
        start();
      }).catch(function () { $("pair-error").textContent = text.pairFailed; });
    });
  }

  // --- rotating code ----------------------------------------------------------------
  var B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  function base32(bytes) {
    var bits = 0, value = 0, out = "";
    for (var i = 0; i < bytes.length; i++) {
      value = (value << 8) | bytes[i];
      bits += 8;
      while (bits >= 5) { out += B32[(value >>> (bits - 5)) & 31]; bits -= 5; }
    }
    if (bits > 0) out += B32[(value << (5 - bits)) & 31];
    return out;
  }
  var keyPromise = null;
  function codeFor(win) {
    if (!keyPromise) {
      keyPromise = crypto.subtle.importKey("raw", enc.encode(config.secret),
        { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    }
    return keyPromise.then(function (key) {
      return crypto.subtle.sign("HMAC", key, enc.encode(String(win)));
    }).then(function (sig) { return base32(new Uint8Array(sig)).slice(0, 10); });
  }
  var shown = null;
  function drawCode() {
    var win = Math.floor(Date.now() / 1000 / config.window_seconds);
    if (win === shown || !window.qrcode) return;
    shown = win;
    codeFor(win).then(function (code) {
      var qr = window.qrcode(0, "M");
      var url = text.site + "/s/K-" + config.kiosk + "-" + code + "/";
      qr.addData(url);
      qr.make();
      $("qr").innerHTML = qr.createSvgTag({ cellSize: 8, margin: 2, scalable: true });
      $("qr").dataset.url = url;
    });
  }

  // --- offline queue (IndexedDB) ------------------------------------------------------
  var dbPromise = new Promise(function (resolve, reject) {
    var open = indexedDB.open("hongyi-kiosk", 1);
    open.onupgradeneeded = function () { open.result.createObjectStore("scans", { keyPath: "uuid" }); };
    open.onsuccess = function () { resolve(open.result); };
    open.onerror = function () { reject(open.error); };
  });
  function store(mode, work) {
    return dbPromise.then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction("scans", mode);
        var result = work(tx.objectStore("scans"));
        tx.oncomplete = function () { resolve(result && result.result); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }
  function uuid4() {
    if (crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function countQueued() {
    return store("readonly", function (s) { return s.count(); }).then(function (n) {
      $("queued").textContent = n;
      return n;
    });
  }

  // --- feedback: big colour and a beep (WebAudio, no sound files) ----------------------
  var audio = null;
  function beep(ok) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var osc = audio.createOscillator();
      osc.frequency.value = ok ? 880 : 220;
      osc.connect(audio.destination);
      osc.start();
      osc.stop(audio.currentTime + (ok ? 0.15 : 0.5));
    } catch (e) { /* no audio: the colour still says it */ }
  }
  var LABELS = {
    checked_in: ["ok", "checkedIn"], checked_out: ["ok", "checkedOut"],
    already_checked_in: ["warn", "already"], card_unknown: ["bad", "unknown"],
    volunteer_suspended: ["bad", "suspended"], open_elsewhere: ["warn", "elsewhere"],
    queued: ["queued", "queued"]
  };
  function say(code) {
    var label = LABELS[code] || ["bad", "refused"];
    var box = $("result");
    box.className = "result " + label[0];
    box.textContent = text[label[1]];
    box.dataset.code = code;
    if (code !== "queued") beep(label[0] === "ok");
  }

  // --- sync ---------------------------------------------------------------------------
  var syncing = false;
  function flush(latest) {
    if (syncing || !navigator.onLine) return countQueued();
    syncing = true;
    return store("readonly", function (s) { return s.getAll(); }).then(function (items) {
      if (!items.length) return null;
      return fetch(text.api + "checkins/batch", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Device-Token": config.token },
        body: JSON.stringify({ items: items })
      }).then(function (response) {
        if (!response.ok) throw new Error("sync " + response.status);
        return response.json();
      }).then(function (results) {
        return store("readwrite", function (s) {
          results.forEach(function (r) { s.delete(r.uuid); });
        }).then(function () {
          var mine = results.filter(function (r) { return r.uuid === latest; })[0];
          if (mine) say(mine.code || mine.status);
        });
      });
    }).catch(function () { /* offline or server away: keep the queue */ })
      .then(function () { syncing = false; return countQueued(); });
  }
  function scanned(card) {
    var item = { uuid: uuid4(), card: card, scanned_at: new Date().toISOString() };
    return store("readwrite", function (s) { s.put(item); }).then(function () {
      say("queued");
      return flush(item.uuid);
    });
  }

  // --- start ----------------------------------------------------------------------------
  function tab(scan) {
    $("code-view").hidden = scan;
    $("scan-view").hidden = !scan;
    if (scan) $("card").focus();
  }
  function start() {
    $("pair").hidden = true;
    $("paired").hidden = false;
    $("station-name").textContent = config.station_name;
    $("tab-code").addEventListener("click", function () { tab(false); });
    $("tab-scan").addEventListener("click", function () { tab(true); });
    $("card").addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      var card = event.target.value.trim();
      event.target.value = "";
      if (card) scanned(card);
    });
    // The camera (camera.js) hands each card it reads to the same path as the scanner.
    root.addEventListener("kiosk:card", function (event) { scanned(event.detail); });
    window.addEventListener("online", function () { flush(null); });
    setInterval(drawCode, 1000);
    setInterval(function () { flush(null); }, 15000);
    drawCode();
    tab(location.hash === "#scan");
    countQueued();
  }
  if (config) { start(); } else { showPairing(); }
})();
