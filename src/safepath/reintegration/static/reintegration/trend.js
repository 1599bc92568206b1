/* Reintegration trend: a Chart.js line chart of the economic, social, psychosocial and composite
 * scores over the follow-up visits.
 *
 * The numbers come from the page (a JSON block written by the server, never executed), the series
 * names from data-label-* attributes of the canvas (translated by the server). Without JavaScript,
 * or when Chart.js did not load, the canvas stays hidden and the table below it shows the same numbers.
 */
(function () {
  "use strict";
  var canvas = document.getElementById("trend-chart");
  var source = document.getElementById("trend-data");
  if (!canvas || !source || typeof window.Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var styles = {
    economic: { color: "#1f77b4", dash: [] },
    social: { color: "#2ca02c", dash: [] },
    psychosocial: { color: "#9467bd", dash: [] },
    composite: { color: "#0b5563", dash: [6, 4] }
  };
  var datasets = Object.keys(styles).map(function (key) {
    return {
      label: canvas.dataset["label" + key.charAt(0).toUpperCase() + key.slice(1)] || key,
      data: data.series[key],
      borderColor: styles[key].color,
      backgroundColor: styles[key].color,
      borderDash: styles[key].dash,
      borderWidth: key === "composite" ? 3 : 2,
      tension: 0.2,
      spanGaps: true
    };
  });
  canvas.hidden = false;
  new window.Chart(canvas, {
    type: "line",
    data: { labels: data.labels, datasets: datasets },
    options: {
      animation: false,
      responsive: true,
      aspectRatio: 1.6,
      interaction: { mode: "index", intersect: false },
      scales: { y: { min: 0, max: 1, ticks: { stepSize: 0.25 } } },
      plugins: { legend: { position: "bottom" } }
    }
  });
})();
