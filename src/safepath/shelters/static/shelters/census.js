// The 30-day occupancy chart of the census page. The table beside it holds the same numbers, so
// the page is complete without this script or without Chart.js (the chart box stays hidden).
(function () {
  "use strict";
  var data = document.getElementById("occupancy-data");
  var box = document.getElementById("occupancy-chart-box");
  var canvas = document.getElementById("occupancy-chart");
  if (!data || !box || !canvas || typeof window.Chart === "undefined") {
    return;
  }
  var chart = JSON.parse(data.textContent);
  box.hidden = false;
  new window.Chart(canvas, {
    type: "line",
    data: {
      labels: chart.labels,
      datasets: [
        { label: chart.label_occupied, data: chart.occupied, borderColor: "#0d6efd", backgroundColor: "rgba(13,110,253,0.15)", fill: true, stepped: true },
        { label: chart.label_capacity, data: chart.labels.map(function () { return chart.capacity; }), borderColor: "#6c757d", borderDash: [6, 4], pointRadius: 0, fill: false }
      ]
    },
    options: {
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: "bottom" } }
    }
  });
})();
