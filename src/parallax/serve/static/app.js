// Progressive enhancement only: every page works without this file.
// A finding's evidence link marks both the row and the sentence it points to,
// so the pair stays visible after the page scrolls.
"use strict";

function markCurrent() {
  for (const el of document.querySelectorAll(".current")) el.classList.remove("current");
  const id = decodeURIComponent(window.location.hash.slice(1));
  const target = id && document.getElementById(id);
  if (!target) return;
  target.classList.add("current");
  if (target.tagName === "DETAILS") target.open = true; // a folded group named in the address opens
}

document.addEventListener("click", (event) => {
  const link = event.target.closest("a.evidence");
  if (!link) return;
  for (const row of document.querySelectorAll(".finding.current")) row.classList.remove("current");
  const row = link.closest(".finding");
  if (row) row.classList.add("current");
});

window.addEventListener("hashchange", markCurrent);
document.addEventListener("DOMContentLoaded", () => {
  markCurrent();
});
