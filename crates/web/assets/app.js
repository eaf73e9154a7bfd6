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

// Nothing typed is lost. When a form is sent, its fields are kept in this tab's sessionStorage
// for one page: if that page is the form again (its address is the form's address, so the
// server answered with errors), what was typed is put back, the file fields excepted. The
// language switch keeps the fields of every form of the page the same way and puts them back on
// the page it returns to.
(() => {
  const KEY = "bd-kept";
  const SKIPPED = ["hidden", "file", "password", "submit", "button", "reset", "image"];
  const pathOf = (url) => {
    try { return new URL(url, location.href).pathname; } catch { return ""; }
  };
  const posted = (form) => form.method === "post" && form.id !== "lang-form";
  const fieldsOf = (form) => {
    const out = [];
    for (const el of form.elements) {
      const type = (el.type || "").toLowerCase();
      if (!el.name || el.name.startsWith("_") || el.disabled || SKIPPED.includes(type)) continue;
      if (type === "checkbox" || type === "radio") out.push([el.name, el.value, el.checked]);
      else if (el.tagName === "SELECT" && el.multiple) out.push([el.name, Array.from(el.selectedOptions, (o) => o.value), null]);
      else out.push([el.name, el.value, null]);
    }
    return out;
  };
  const restore = (form, fields) => {
    const seen = {};
    for (const [name, value, checked] of fields) {
      const same = Array.from(form.elements).filter((e) => e.name === name);
      if (checked !== null) {
        const box = same.find((e) => e.value === value);
        if (box) box.checked = checked;
        continue;
      }
      seen[name] = (seen[name] ?? -1) + 1;
      const el = same[seen[name]];
      if (!el) continue;
      if (el.tagName === "SELECT" && el.multiple) {
        for (const o of el.options) o.selected = value.includes(o.value);
      } else {
        el.value = value;
      }
    }
  };
  const keep = (entry) => {
    try { sessionStorage.setItem(KEY, JSON.stringify(entry)); } catch { /* private mode: nothing kept */ }
  };
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || event.defaultPrevented) return;
    if (form.id === "lang-form") {
      keep({ at: null, forms: Array.from(document.forms).filter(posted).map((f) => [pathOf(f.action), fieldsOf(f)]) });
    } else if (posted(form)) {
      keep({ at: pathOf(form.action), forms: [[pathOf(form.action), fieldsOf(form)]] });
    }
  });
  let kept = null;
  try {
    kept = JSON.parse(sessionStorage.getItem(KEY) || "null");
    sessionStorage.removeItem(KEY);
  } catch { /* nothing kept */ }
  if (!kept || (kept.at !== null && kept.at !== location.pathname)) return;
  for (const [action, fields] of kept.forms) {
    for (const form of Array.from(document.forms).filter(posted)) {
      if (pathOf(form.action) === action) restore(form, fields);
    }
  }
})();

// Charts: a container with data-chart (JSON: kind, labels, values, unit) is drawn with ECharts
// when it is loaded; a button with data-chart-png downloads the chart above it.
function drawCharts(root) {
  if (!window.echarts) return;
  for (const el of root.querySelectorAll("[data-chart]")) {
    const spec = JSON.parse(el.dataset.chart);
    const chart = window.echarts.init(el, null, { renderer: "canvas" });
    const grid = { left: 8, right: 24, top: 16, bottom: 8, containLabel: true };
    const tooltip = { trigger: "axis", valueFormatter: (v) => `${v}${spec.unit}` };
    if (spec.kind === "line") {
      chart.setOption({
        grid, tooltip,
        xAxis: { type: "category", data: spec.labels },
        yAxis: { type: "value", scale: true },
        series: [{ type: "line", data: spec.values, itemStyle: { color: "#9b1c48" } }],
      });
      el.style.height = "240px";
    } else {
      chart.setOption({
        grid, tooltip,
        xAxis: { type: "value", max: spec.unit === "%" ? 100 : null },
        yAxis: { type: "category", data: spec.labels, inverse: true, axisLabel: { width: 140, overflow: "truncate" } },
        series: [{ type: "bar", data: spec.values, itemStyle: { color: "#9b1c48" } }],
      });
      el.style.height = `${Math.max(160, spec.labels.length * 22)}px`;
    }
    chart.resize();
    window.addEventListener("resize", () => chart.resize());
  }
}
document.addEventListener("click", (event) => {
  const button = event.target instanceof HTMLElement ? event.target.closest("[data-chart-png]") : null;
  if (!button || !window.echarts) return;
  const el = button.closest("section")?.querySelector("[data-chart]");
  const chart = el && window.echarts.getInstanceByDom(el);
  if (!chart) return;
  const link = document.createElement("a");
  link.href = chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" });
  link.download = button.dataset.chartPng;
  link.click();
});
// Live pages: an element with data-live listens to its server-sent events and reloads its
// content from data-refresh when something changed.
window.addEventListener("load", () => {
  drawCharts(document);
  for (const el of document.querySelectorAll("[data-live]")) {
    const source = new EventSource(el.dataset.live);
    source.addEventListener("changed", async () => {
      const response = await fetch(el.dataset.refresh, { credentials: "same-origin" });
      if (!response.ok) return;
      el.innerHTML = await response.text();
      el.dataset.updated = String(Date.now());
      drawCharts(el);
    });
  }
});
// A button with data-print prints the page (the print style leaves out menus and forms).
document.addEventListener("click", (event) => {
  const button = event.target instanceof HTMLElement ? event.target.closest("[data-print]") : null;
  if (button) window.print();
});
