/* The idle warning (ADR 0013). Shortly before the session ends for lack of use, a bar
   asks whether to stay logged in; "Blijf ingelogd" asks the server to start the idle
   limit again. The server is asked how long is left before warning, so a request in
   another tab counts too. When the session has ended, the bar says that what was typed
   is kept: the server keeps a posted form through the new log-in. No inline script:
   everything it needs is in the data- attributes of #session-warning. */
(function () {
  "use strict";
  var bar = document.getElementById("session-warning");
  if (!bar || !window.fetch) return;
  var idle = parseInt(bar.dataset.idleSeconds, 10);
  var warn = parseInt(bar.dataset.warnSeconds, 10);
  var expiring = bar.querySelector("[data-expiring]");
  var expired = bar.querySelector("[data-expired]");
  var countdown = bar.querySelector("[data-countdown]");
  var button = bar.querySelector("[data-keep-alive]");
  var timer = null;
  var endsAt = 0;

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (e) {
      return "";
    }
  }

  function schedule(secondsLeft) {
    clearTimeout(timer);
    endsAt = Date.now() + secondsLeft * 1000;
    timer = setTimeout(check, Math.max(1, secondsLeft - warn) * 1000);
  }

  function ask(method) {
    var options = { method: method, credentials: "same-origin", redirect: "manual", headers: { Accept: "application/json" } };
    if (method === "POST") options.headers["X-CSRFToken"] = csrfToken();
    var url = method === "POST" ? bar.dataset.keepAliveUrl : bar.dataset.statusUrl;
    return fetch(url, options).then(function (response) {
      if (!response.ok) return 0;
      return response.json().then(function (data) { return data.seconds_left || 0; });
    }).catch(function () { return null; });
  }

  function format(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function tick() {
    var left = Math.round((endsAt - Date.now()) / 1000);
    if (left <= 0) {
      ask("GET").then(function (seconds) {
        if (seconds) { hide(); schedule(seconds); } else { showExpired(); }
      });
      return;
    }
    countdown.textContent = format(left);
    timer = setTimeout(tick, 1000);
  }

  function showWarning(secondsLeft) {
    endsAt = Date.now() + secondsLeft * 1000;
    expiring.hidden = false;
    expired.hidden = true;
    button.hidden = false;
    bar.hidden = false;
    tick();
  }

  function showExpired() {
    clearTimeout(timer);
    expiring.hidden = true;
    expired.hidden = false;
    button.hidden = true;
    bar.hidden = false;
  }

  function hide() {
    bar.hidden = true;
  }

  function check() {
    ask("GET").then(function (seconds) {
      if (seconds === null) { schedule(warn + 30); return; }  // offline for a moment: ask again
      if (seconds <= 0) { showExpired(); return; }
      if (seconds > warn + 2) { schedule(seconds); return; }
      showWarning(seconds);
    });
  }

  button.addEventListener("click", function () {
    clearTimeout(timer);
    ask("POST").then(function (seconds) {
      if (seconds) { hide(); schedule(seconds); } else { showExpired(); }
    });
  });

  schedule(idle);
})();
