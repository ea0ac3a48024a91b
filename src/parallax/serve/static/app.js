// Progressive enhancement only: every page works without this file.
// A finding's evidence link marks both the row and the sentence it points to,
// so the pair stays visible after the page scrolls.
"use strict";

function markCurrent() {
  for (const el of document.querySelectorAll(".current")) el.classList.remove("current");
  const id = decodeURIComponent(window.location.hash.slice(1));
  const target = id && document.getElementById(id);
  if (target) target.classList.add("current");
}

document.addEventListener("click", (event) => {
  const link = event.target.closest("a.evidence");
  if (!link) return;
  for (const row of document.querySelectorAll("tr.finding.current")) row.classList.remove("current");
  const row = link.closest("tr.finding");
  if (row) row.classList.add("current");
});

// Finding kinds can be hidden and shown; without this file every row is shown.
function enableKindFilter() {
  const filter = document.querySelector(".kind-filter");
  if (!filter) return;
  filter.hidden = false;
  filter.addEventListener("change", (event) => {
    const kind = event.target.value;
    for (const row of document.querySelectorAll(`tr.finding.${CSS.escape(kind)}`)) {
      row.hidden = !event.target.checked;
    }
  });
}

window.addEventListener("hashchange", markCurrent);
document.addEventListener("DOMContentLoaded", () => {
  markCurrent();
  enableKindFilter();
});
