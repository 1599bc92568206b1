/* Public portal visits (staff page): a Chart.js bar chart of page views per day, stacked by language.
 *
 * The numbers come from the page (a JSON block written by the server, never executed), the series
 * names from data-label-* attributes of the canvas (translated by the server). Without JavaScript,
 * or when Chart.js did not load, the canvas stays hidden and the table shows the same numbers.
 * The public pages themselves carry no JavaScript at all.
 */
(function () {
  "use strict";
  var canvas = document.getElementById("visits-chart");
  var source = document.getElementById("visits-data");
  if (!canvas || !source || typeof window.Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  canvas.hidden = false;
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: canvas.dataset.labelVi || "vi", data: data.vi, backgroundColor: "#0b5563" },
        { label: canvas.dataset.labelEn || "en", data: data.en, backgroundColor: "#e69f00" }
      ]
    },
    options: {
      animation: false,
      responsive: true,
      aspectRatio: 2.2,
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: "bottom" } }
    }
  });
})();
