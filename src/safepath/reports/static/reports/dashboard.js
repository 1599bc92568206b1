/* Dashboards: draw each panel's charts with Chart.js once htmx has loaded the panel.
 *
 * The figures come from JSON blocks the server wrote beside each canvas (json_script: data, never code;
 * no inline script, as the CSP wants). A hidden figure (a small number) arrives as null: bars leave a
 * gap and lines break there; its value is never in the page. Each chart has the same figures in the
 * table below it, so without JavaScript, or when Chart.js did not load, nothing is lost.
 */
(function () {
  "use strict";
  // Okabe-Ito: colours told apart by people with the common colour-vision deficiencies.
  var COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#8C6D00", "#000000"];
  var lang = document.documentElement.lang || "vi";

  function number(value, suffix) {
    if (value === null || value === undefined) { return "x"; }
    return value.toLocaleString(lang, { maximumFractionDigits: 2 }) + (suffix || "");
  }

  function shorten(label, size) {
    label = String(label);
    return label.length > size ? label.slice(0, size - 1) + "…" : label;
  }

  function draw(canvas) {
    if (canvas.dataset.drawn || typeof window.Chart === "undefined") { return; }
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    var kind = spec.type;
    var horizontal = kind === "hbar";
    var stacked = kind === "stacked";
    var line = kind === "line";
    var box = canvas.parentNode;
    if (horizontal || stacked) {
      // one bar per row: the chart grows with the number of categories
      box.style.height = Math.max(12, spec.labels.length * 1.7 + 4) + "rem";
    }
    var datasets = spec.datasets.map(function (d, i) {
      var colour = spec.datasets.length === 1 ? COLOURS[0] : COLOURS[i % COLOURS.length];
      return {
        label: d.label,
        data: d.data,
        backgroundColor: colour,
        borderColor: colour,
        borderWidth: line ? 2 : 0,
        pointRadius: line ? 3 : 0,
        spanGaps: false,
        stack: stacked ? "all" : undefined
      };
    });
    canvas.hidden = false;
    canvas.dataset.drawn = "1";
    new window.Chart(canvas, {
      type: line ? "line" : "bar",
      data: { labels: spec.labels, datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        locale: lang,
        indexAxis: horizontal || stacked ? "y" : "x",
        interaction: { mode: "index", intersect: false },
        scales: {
          x: {
            stacked: stacked,
            beginAtZero: true,
            ticks: horizontal || stacked ? {} : {
              autoSkip: true,
              maxRotation: 60,
              callback: function (value) { return shorten(this.getLabelForValue(value), 24); }
            }
          },
          y: {
            stacked: stacked,
            beginAtZero: true,
            ticks: horizontal || stacked ? {
              autoSkip: false,
              // long names (services, facilities) are cut on the axis; the tooltip and the table have them whole
              callback: function (value) { return shorten(this.getLabelForValue(value), box.clientWidth < 400 ? 18 : 32); }
            } : {}
          }
        },
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 14 } },
          tooltip: {
            callbacks: {
              title: function (items) { return items.length ? spec.labels[items[0].dataIndex] : ""; },
              label: function (ctx) {
                var value = horizontal || stacked ? ctx.parsed.x : ctx.parsed.y;
                return ctx.dataset.label + ": " + number(value, spec.suffix);
              }
            }
          }
        }
      }
    });
  }

  function drawAll(root) {
    var canvases = (root || document).querySelectorAll("canvas[data-chart]");
    for (var i = 0; i < canvases.length; i++) { draw(canvases[i]); }
  }

  // A panel that could not be loaded says so (a 400 brings its own message about the filters) instead of "Loading" forever.
  function filterError(xhr) {
    return xhr && xhr.status === 400 && xhr.getResponseHeader("X-Dashboard-Panel") === "filters";
  }
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    if (filterError(event.detail.xhr)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  function failed(event) {
    var target = event.detail.elt;
    if (!target || !target.dataset || !target.dataset.error) { return; }
    if (filterError(event.detail.xhr)) { return; }
    var p = document.createElement("p");
    p.className = "alert alert-warning small mb-0";
    p.setAttribute("role", "alert");
    p.textContent = target.dataset.error;
    target.replaceChildren(p);
  }
  document.body.addEventListener("htmx:responseError", failed);
  document.body.addEventListener("htmx:sendError", failed);
  document.body.addEventListener("htmx:load", function (event) { drawAll(event.detail.elt); });
  drawAll(document);
})();
