// On a phone the figure tables read as stacked rows: each cell is labelled with its column's heading
// (data-label, shown by the stylesheet under 640 px). Without this script the tables scroll sideways.
(function () {
  "use strict";
  document.querySelectorAll(".scroll > table").forEach((table) => {
    const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
    if (!heads.length) return;
    table.querySelectorAll("tbody tr").forEach((tr) => {
      [...tr.children].forEach((cell, i) => { if (heads[i]) cell.dataset.label = heads[i]; });
    });
    table.classList.add("stack");
  });
})();
