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
      if (!el.name || el.name.startsWith("_") || el.disabled || (SKIPPED.includes(type) && !el.dataset.pick)) continue;
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

// Pickers: a text field with data-pick="agency|area|task|plan_item|indicator" becomes a search
// over names and codes. The field itself stays in the form as a hidden field and posts what the
// handler reads (a code, a number; several separated by commas with data-pick-multi); the
// visible field shows names, the code only as a hint. Choices come from /pick/{kind} as of the
// date in the form's field named by data-pick-date, within the user's scope (data-pick-for="read"
// for a list's filter). Arrow keys move through the choices, Enter takes one, Escape closes.
(() => {
  const words = document.body.dataset;
  const DATE = /^\s*(\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}|\d{4}-\d{2}-\d{2})\s*$/;
  let serial = 0;
  const urlOf = (field, q, limit) => {
    const params = new URLSearchParams({ q });
    const dateField = field.dataset.pickDate && field.form && field.form.elements.namedItem(field.dataset.pickDate);
    if (dateField && DATE.test(dateField.value)) params.set("as_of", dateField.value.trim());
    if (field.dataset.pickFor) params.set("for", field.dataset.pickFor);
    if (field.dataset.pickPlan) params.set("plan", field.dataset.pickPlan);
    if (limit) params.set("limit", String(limit));
    return `/pick/${encodeURIComponent(field.dataset.pick)}?${params}`;
  };
  const fetchList = async (url) => {
    const response = await fetch(url, { headers: { "HX-Request": "true" }, credentials: "same-origin" });
    if (!response.ok) return null;
    const box = document.createElement("div");
    box.innerHTML = await response.text();
    return box.querySelector("ul.pick-list");
  };
  // The name of a stored code (the first choice whose value is the code), or null.
  const nameOf = async (field, code) => {
    const list = await fetchList(urlOf(field, code, 5));
    const li = list && Array.from(list.querySelectorAll("li[data-value]")).find((o) => o.dataset.value.toLowerCase() === code.toLowerCase());
    return li ? li.dataset.name : null;
  };
  const codesOf = (field) => field.value.split(",").map((c) => c.trim()).filter(Boolean);

  function enhance(field) {
    const multi = "pickMulti" in field.dataset;
    const id = `pick-${++serial}`;
    const wrap = document.createElement("span");
    wrap.className = "pick";
    field.parentNode.insertBefore(wrap, field);
    const input = document.createElement("input");
    input.type = "text";
    input.className = "pick-input";
    input.autocomplete = "off";
    input.placeholder = words.pickPlaceholder || "";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", `${id}-list`);
    if (field.id) { input.id = field.id; field.removeAttribute("id"); }
    if (field.required && !multi) input.required = true;
    field.required = false;
    const pop = document.createElement("div");
    pop.className = "pick-pop";
    pop.id = `${id}-list`;
    pop.hidden = true;
    const hint = document.createElement("small");
    hint.className = "pick-code";
    const chips = document.createElement("span");
    chips.className = "pick-chips";
    field.type = "hidden";
    wrap.append(field, chips, input, pop, hint);
    if (!multi) chips.remove();

    let chosenName = null; // the name shown for the code in the field (single)
    let active = -1;
    let timer = null;
    let asked = 0;
    const options = () => Array.from(pop.querySelectorAll("li[data-value]"));
    const close = () => { pop.hidden = true; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); active = -1; };
    const mark = (i) => {
      const list = options();
      list.forEach((o, j) => o.setAttribute("aria-selected", j === i ? "true" : "false"));
      active = i;
      if (list[i]) { input.setAttribute("aria-activedescendant", list[i].id); list[i].scrollIntoView({ block: "nearest" }); }
    };
    const showHint = () => {
      const code = multi ? "" : field.value.trim();
      const word = ["task", "plan_item"].includes(field.dataset.pick) ? words.pickNumber : words.pickCode;
      hint.textContent = code && chosenName !== null ? `${word || ""} ${code}` : "";
    };
    const addChip = (code, name) => {
      const chip = document.createElement("button");
      chip.type = "button";
      chip.className = "pick-chip";
      chip.dataset.value = code;
      chip.textContent = `${name || code} ×`;
      chip.title = `${words.pickRemove || ""} ${name || code} (${code})`;
      chip.setAttribute("aria-label", chip.title);
      chip.addEventListener("click", () => {
        field.value = codesOf(field).filter((c) => c !== code).join(", ");
        chip.remove();
        input.focus();
      });
      chips.append(chip);
    };
    const choose = (li) => {
      if (!li) return;
      if (multi) {
        const codes = codesOf(field);
        if (!codes.includes(li.dataset.value)) {
          codes.push(li.dataset.value);
          field.value = codes.join(", ");
          addChip(li.dataset.value, li.dataset.name);
        }
        input.value = "";
      } else {
        field.value = li.dataset.value;
        chosenName = li.dataset.name;
        input.value = li.dataset.name;
      }
      close();
      showHint();
      field.dispatchEvent(new Event("change", { bubbles: true }));
    };
    const ask = async () => {
      const mine = ++asked;
      const text = multi || input.value !== chosenName ? input.value : "";
      const list = await fetchList(urlOf(field, text.trim()));
      if (mine !== asked || document.activeElement !== input) return;
      pop.replaceChildren();
      if (!list) { close(); return; }
      list.id = `${id}-options`;
      list.querySelectorAll("li").forEach((o, j) => { o.id = `${id}-o${j}`; });
      pop.append(list);
      pop.dataset.q = text.trim();
      pop.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    };
    let edits = 0;
    input.addEventListener("input", () => {
      edits += 1;
      if (!multi) { field.value = input.value.trim(); chosenName = null; showHint(); }
      clearTimeout(timer);
      timer = setTimeout(ask, 200);
    });
    input.addEventListener("focus", () => {
      if (!multi && chosenName !== null) input.select();
      clearTimeout(timer);
      timer = setTimeout(ask, 0);
    });
    input.addEventListener("blur", () => setTimeout(close, 150));
    input.addEventListener("keydown", (event) => {
      const list = options();
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (pop.hidden) { ask(); return; }
        mark(Math.min(active + 1, list.length - 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        mark(Math.max(active - 1, 0));
      } else if (event.key === "Enter" && !pop.hidden && list.length > 0) {
        event.preventDefault();
        choose(list[active >= 0 ? active : 0]);
      } else if (event.key === "Escape" && !pop.hidden) {
        event.preventDefault();
        close();
      } else if (event.key === "Backspace" && multi && input.value === "") {
        const last = chips.lastElementChild;
        if (last) last.click();
      }
    });
    pop.addEventListener("mousedown", (event) => {
      const li = event.target instanceof Element ? event.target.closest("li[data-value]") : null;
      if (li) { event.preventDefault(); choose(li); }
    });
    // What was typed but not chosen is sent as typed, so the server names the field.
    if (field.form) {
      field.form.addEventListener("submit", () => {
        if (multi && input.value.trim()) {
          field.value = codesOf(field).concat([input.value.trim()]).join(", ");
        }
      }, true);
    }
    // A stored or kept code is shown by its name, as of the form's date: when the date changes,
    // so may what a code names (91-SNV was Kiên Giang's department until 30/06/2025).
    const label = async () => {
      if (multi) {
        const codes = codesOf(field);
        const names = await Promise.all(codes.map((code) => nameOf(field, code)));
        chips.replaceChildren();
        codes.forEach((code, i) => addChip(code, names[i]));
      } else if (field.value.trim() && (chosenName !== null || input.value === "" || input.value === field.value)) {
        const before = edits;
        const name = await nameOf(field, field.value.trim());
        if (edits !== before) return; // the officer typed meanwhile: what was typed stays
        chosenName = name;
        input.value = name || field.value.trim();
        showHint();
      }
    };
    label();
    const dateField = field.dataset.pickDate && field.form && field.form.elements.namedItem(field.dataset.pickDate);
    if (dateField instanceof HTMLInputElement) {
      let dateTimer = null;
      const relabel = () => { clearTimeout(dateTimer); dateTimer = setTimeout(() => { if (DATE.test(dateField.value)) label(); }, 300); };
      dateField.addEventListener("input", relabel);
      dateField.addEventListener("change", relabel);
    }
  }
  for (const field of document.querySelectorAll("input[data-pick]")) enhance(field);
})();

// Charts: a container with data-chart (JSON: kind, labels, values, unit) is drawn with ECharts
// when it is loaded; a button with data-chart-png downloads the chart above it. A spec with `png`
// (the button's words) and `file` also gets ECharts' own "save as image" button. Kind "points"
// draws areas as points on longitude/latitude axes (no map tiles), coloured by value.
function drawCharts(root) {
  if (!window.echarts) return;
  // Numbers in tooltips and legends as the page's language writes them (45,3 in Vietnamese).
  const number = new Intl.NumberFormat(document.documentElement.lang === "en" ? "en-GB" : "vi-VN", { maximumFractionDigits: 2 });
  const shown = (v) => (typeof v === "number" ? number.format(v) : v);
  for (const el of root.querySelectorAll("[data-chart]")) {
    const spec = JSON.parse(el.dataset.chart);
    const chart = window.echarts.init(el, null, { renderer: "canvas" });
    const grid = { left: 8, right: 24, top: spec.png ? 36 : 16, bottom: 8, containLabel: true };
    const tooltip = { trigger: "axis", valueFormatter: (v) => `${shown(v)}${spec.unit}` };
    if (spec.png) {
      chart.setOption({
        toolbox: { right: 8, top: 0, feature: { saveAsImage: {
          title: spec.png, name: spec.file || "chart", pixelRatio: 2, backgroundColor: "#fff",
        } } },
      });
    }
    if (spec.kind === "points") {
      const values = spec.points.map((p) => p.value).filter((v) => v !== null && v !== undefined);
      const low = values.length ? Math.min(...values) : 0;
      const high = values.length ? Math.max(...values) : 1;
      const item = (p) => ({ name: p.name, value: [p.lon, p.lat, p.value] });
      chart.setOption({
        grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
        tooltip: {
          trigger: "item",
          formatter: (p) => `${p.name}: ${p.value[2] === null || p.value[2] === undefined ? spec.none : shown(p.value[2]) + spec.unit}`,
        },
        xAxis: { type: "value", scale: true, axisLabel: { formatter: "{value}°E" }, splitLine: { show: false } },
        yAxis: { type: "value", scale: true, axisLabel: { formatter: "{value}°N" }, splitLine: { show: false } },
        visualMap: values.length ? {
          type: "continuous", min: high === low ? low - 1 : low, max: high, dimension: 2, seriesIndex: 0,
          orient: "horizontal", left: 0, top: 0, itemHeight: 80,
          text: high === low ? undefined : [`${shown(high)}${spec.unit}`, `${shown(low)}${spec.unit}`],
          inRange: { color: ["#f6d5e0", "#9b1c48"] }, calculable: false,
        } : undefined,
        series: [
          { type: "scatter", symbolSize: 11, data: spec.points.filter((p) => p.value !== null && p.value !== undefined).map(item) },
          { type: "scatter", symbolSize: 8, itemStyle: { color: "#b9bec8" }, data: spec.points.filter((p) => p.value === null || p.value === undefined).map(item) },
        ],
      });
      el.style.height = "460px";
    } else if (spec.kind === "line") {
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
