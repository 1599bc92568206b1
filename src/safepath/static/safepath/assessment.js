/* Interview page: save each answer as it is given, and never lose one to a dropped connection.
 *
 * Every change posts that one answer. If the post fails (no network, server away), the answer waits
 * in this tab's sessionStorage (not localStorage: nothing stays behind on a shared phone once the
 * tab is closed) and is sent again when the connection returns, every 10 seconds, and when the page
 * loads again. The Next and Back buttons still submit the whole section, so the page works without
 * JavaScript too.
 */
(function () {
  "use strict";
  var form = document.getElementById("interview");
  if (!form) { return; }
  var url = form.dataset.answerUrl;
  var key = "safepath-pending-" + form.dataset.assessment;
  var status = document.getElementById("save-status");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var t = {  // the words come translated from the page (data-t-* on the form)
    saving: form.dataset.tSaving,
    saved: form.dataset.tSaved,
    offline: form.dataset.tOffline,
    refused: form.dataset.tRefused
  };

  function pending() {
    try { return JSON.parse(sessionStorage.getItem(key) || "{}"); } catch (e) { return {}; }
  }
  function keep(p) {
    if (Object.keys(p).length) { sessionStorage.setItem(key, JSON.stringify(p)); } else { sessionStorage.removeItem(key); }
  }
  function valueOf(fieldset) {
    var type = fieldset.dataset.type;
    var code = fieldset.dataset.question;
    if (type === "multi") {
      return Array.prototype.map.call(fieldset.querySelectorAll("input[type=checkbox]:checked"), function (i) { return i.value; });
    }
    if (type === "yes_no" || type === "single") {
      var checked = fieldset.querySelector("input[name='" + code + "']:checked");
      return checked ? checked.value : "";
    }
    var input = fieldset.querySelector("[name='" + code + "']");
    return input ? input.value : "";
  }
  function showError(code, message) {
    var box = document.querySelector("#q-" + code + " .sp-answer-error");
    if (!box) { return; }
    box.textContent = message || "";
    box.hidden = !message;
  }
  function apply(data) {
    var visible = {};
    data.visible.forEach(function (c) { visible[c] = true; });
    Array.prototype.forEach.call(form.querySelectorAll(".sp-question"), function (fs) {
      fs.hidden = !visible[fs.dataset.question];
    });
    document.getElementById("shown").value = data.visible.join(" ");  // what the worker has seen
    document.getElementById("answered").textContent = data.answered;
    document.getElementById("asked").textContent = data.asked;
    var bar = document.getElementById("progress");
    bar.setAttribute("aria-valuenow", data.percent);
    bar.firstElementChild.style.width = data.percent + "%";
    status.textContent = t.saved + " " + data.at;
  }
  function send(code, value) {
    var body = new URLSearchParams();
    body.append("question", code);
    (Array.isArray(value) ? value : [value]).forEach(function (v) { body.append("value", v); });
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    });
  }
  var flushing = false;
  function flush() {
    var p = pending();
    var codes = Object.keys(p);
    if (!codes.length || flushing) { return; }
    flushing = true;
    status.textContent = t.saving;
    var code = codes[0];
    send(code, p[code]).then(function (r) {
      var now = pending();
      if (JSON.stringify(now[code]) === JSON.stringify(p[code])) { delete now[code]; keep(now); }
      if (r.ok) { showError(code, ""); apply(r.data); } else { showError(code, t.refused + " " + (r.data.errors || []).join(" ")); }
      flushing = false;
      flush();
    }).catch(function () {
      flushing = false;
      status.textContent = t.offline;
    });
  }
  form.addEventListener("change", function (event) {
    var fieldset = event.target.closest(".sp-question");
    if (!fieldset) { return; }
    var p = pending();
    p[fieldset.dataset.question] = valueOf(fieldset);
    keep(p);
    flush();
  });
  window.addEventListener("online", flush);
  setInterval(flush, 10000);
  // Answers kept while offline, from before this page was (re)loaded: put them back on the form and send them.
  var left = pending();
  Object.keys(left).forEach(function (code) {
    var fs = document.getElementById("q-" + code);
    if (!fs) { return; }
    var values = Array.isArray(left[code]) ? left[code] : [left[code]];
    Array.prototype.forEach.call(fs.querySelectorAll("input[type=radio], input[type=checkbox]"), function (i) {
      i.checked = values.indexOf(i.value) !== -1 || (i.type === "radio" && i.value === "" && values[0] === "");
    });
    var text = fs.querySelector("textarea, input[type=text]");
    if (text) { text.value = values[0]; }
  });
  flush();
})();
