/* Outreach figures: a Chart.js bar chart of the participants per month, stacked by sex.
 *
 * The numbers come from the page (a JSON block written by the server, never executed), the series
 * names from data-label-* attributes of the canvas (translated by the server). Without JavaScript,
 * or when Chart.js did not load, the canvas stays hidden and the table below it shows the same numbers.
 */
(function () {
  "use strict";
  var canvas = document.getElementById("outreach-chart");
  var source = document.getElementById("outreach-chart-data");
  if (!canvas || !source || typeof window.Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var series = [
    { key: "female", color: "#9c27b0" },
    { key: "male", color: "#1f77b4" },
    { key: "other", color: "#7f7f7f" }
  ];
  var datasets = series.map(function (s) {
    return {
      label: canvas.dataset["label" + s.key.charAt(0).toUpperCase() + s.key.slice(1)] || s.key,
      data: data[s.key],
      backgroundColor: s.color,
      borderColor: s.color,
      stack: "participants"
    };
  });
  canvas.hidden = false;
  new window.Chart(canvas, {
    type: "bar",
    data: { labels: data.labels, datasets: datasets },
    options: {
      animation: false,
      responsive: true,
      aspectRatio: 1.8,
      interaction: { mode: "index", intersect: false },
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: "bottom" } }
    }
  });
})();
