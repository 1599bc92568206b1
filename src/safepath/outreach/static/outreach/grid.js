/* Outreach participant grid: row, column and grand totals, updated as the counts are typed.
 * Without JavaScript the totals show a dash; the saved event shows them (computed by the server). */
(function () {
  "use strict";
  var grid = document.getElementById("count-grid");
  if (!grid) { return; }
  var cells = Array.prototype.slice.call(grid.querySelectorAll("input.grid-cell"));
  function value(input) {
    var n = parseInt(input.value, 10);
    return isNaN(n) || n < 0 ? 0 : n;
  }
  function update() {
    var rows = {}, cols = {}, total = 0;
    cells.forEach(function (input) {
      var n = value(input);
      rows[input.dataset.row] = (rows[input.dataset.row] || 0) + n;
      cols[input.dataset.col] = (cols[input.dataset.col] || 0) + n;
      total += n;
    });
    grid.querySelectorAll(".grid-row-total").forEach(function (td) { td.textContent = rows[td.dataset.row] || 0; });
    grid.querySelectorAll(".grid-col-total").forEach(function (td) { td.textContent = cols[td.dataset.col] || 0; });
    document.getElementById("grid-total").textContent = total;
  }
  cells.forEach(function (input) { input.addEventListener("input", update); });
  update();
})();
