// binhdang — small behaviours that need no framework.
// Forms with data-confirm ask before submitting (delete, revoke).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});

// Report grids: Enter or ↓ moves to the value below, ↑ to the one above; a block pasted from a
// spreadsheet fills the values (and comments, from a second column) downwards from the cell.
(() => {
  const cells = (grid) => Array.from(grid.querySelectorAll("input.cell, td.value textarea"));
  document.addEventListener("keydown", (event) => {
    const input = event.target;
    const grid = input instanceof HTMLElement ? input.closest("form.report-grid") : null;
    if (!grid || !input.matches("input.cell")) return;
    const list = cells(grid);
    const i = list.indexOf(input);
    let next = null;
    if (event.key === "Enter" || event.key === "ArrowDown") next = list[i + 1];
    else if (event.key === "ArrowUp") next = list[i - 1];
    else return;
    event.preventDefault();
    if (next) { next.focus(); if (next.select) next.select(); }
  });
  document.addEventListener("paste", (event) => {
    const input = event.target;
    const grid = input instanceof HTMLElement ? input.closest("form.report-grid") : null;
    if (!grid || !input.matches("input.cell")) return;
    const text = (event.clipboardData || window.clipboardData).getData("text");
    if (!/[\t\n]/.test(text.trim())) return;
    event.preventDefault();
    const list = cells(grid);
    let i = list.indexOf(input);
    for (const line of text.replace(/\r/g, "").replace(/\n$/, "").split("\n")) {
      const target = list[i++];
      if (!target) break;
      const [value, comment] = line.split("\t");
      target.value = (value || "").trim();
      const row = target.closest("tr");
      const note = row && row.querySelector("input.comment");
      if (note && comment !== undefined) note.value = comment.trim();
    }
  });
})();
