#!/usr/bin/env node
// Load test of a binhdang server on loopback: for a bounded time, a mix of reads, writes and
// hostile uploads, while a prober asks /healthz every 50 ms. Reports requests, answers by status,
// p50/p99 per kind, the longest /healthz answer, and the server's peak RSS.
//
// Not part of the test suite (it measures, it does not check behaviour); its figures go in
// docs/benchmarks.md. It starts its own demo server in a temporary folder and stops it at the end.
//
//   cargo build --release -p binhdang
//   node scripts/load-test.mjs                  # 60 s, 32 clients
//   SECONDS=20 CLIENTS=64 node scripts/load-test.mjs
//
// Environment: BD_BIN (default target/release/binhdang), SECONDS (1–600), CLIENTS (1–512).

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:net";
import { crc32, deflateRawSync, deflateSync } from "node:zlib";

const BIN = process.env.BD_BIN ?? "target/release/binhdang";
const DURATION = Math.min(600, Math.max(1, Number(process.env.SECONDS ?? 60))) * 1000;
const CLIENTS = Math.min(512, Math.max(1, Number(process.env.CLIENTS ?? 32)));
const PASSWORD = "binhdang-demo";

// ------------------------------------------------------------------ hostile files

/** A zip file (deflated entries) from [name, Buffer] pairs. */
function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const nameBuf = Buffer.from(name);
    const packed = deflateRawSync(data, { level: 9 });
    const crc = crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    locals.push(local, nameBuf, packed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + packed.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const xml = (s) => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>${s}`);

/** One cell at A1 and one at XFD1048576: a dense reader allocates half a terabyte. */
function denseWorkbook() {
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  return zip([
    ["[Content_Types].xml", xml('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>')],
    ["_rels/.rels", xml(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`)],
    ["xl/workbook.xml", xml(`<workbook ${ns} xmlns:r="${rel}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`)],
    ["xl/_rels/workbook.xml.rels", xml(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)],
    ["xl/worksheets/sheet1.xml", xml(`<worksheet ${ns}><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>`)],
  ]);
}

/** A small .docx whose document.xml inflates to `mb` megabytes of empty paragraphs. */
function bombDocx(mb) {
  const body = Buffer.alloc(mb * 1024 * 1024, "<w:p/>");
  const doc = Buffer.concat([xml('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'), body, Buffer.from("</w:body></w:document>")]);
  return zip([["word/document.xml", doc]]);
}

/** A PDF whose `pages` pages all draw one content stream that inflates to `mb` megabytes. */
function sharedStreamPdf(pages, mb) {
  const content = Buffer.alloc(mb * 1024 * 1024, " ");
  const packed = deflateSync(content, { level: 9 });
  const objects = [];
  const kids = [];
  for (let i = 0; i < pages; i++) kids.push(`${4 + i} 0 R`);
  objects.push("<< /Type /Catalog /Pages 2 0 R >>");
  objects.push(`<< /Type /Pages /Kids [${kids.join(" ")}] /Count ${pages} >>`);
  objects.push(Buffer.concat([Buffer.from(`<< /Length ${packed.length} /Filter /FlateDecode >>\nstream\n`), packed, Buffer.from("\nendstream")]));
  for (let i = 0; i < pages; i++) objects.push("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>");
  const parts = [Buffer.from("%PDF-1.4\n")];
  const offsets = [];
  let at = parts[0].length;
  objects.forEach((o, i) => {
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), Buffer.isBuffer(o) ? o : Buffer.from(o), Buffer.from("\nendobj\n")]);
    offsets.push(at);
    parts.push(chunk);
    at += chunk.length;
  });
  let xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) xref += `${String(o).padStart(10, "0")} 00000 n \n`;
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`));
  return Buffer.concat(parts);
}

// ------------------------------------------------------------------ server

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function rssKb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const m = status.match(/VmRSS:\s+(\d+)/);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "binhdang-load-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(BIN, ["demo", "--port", String(port), "--data-dir", join(dir, "data")], {
    env: { ...process.env, BINHDANG_LOG: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const stop = () => {
    server.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  };
  process.on("exit", stop);
  for (let i = 0; ; i++) {
    if (i > 600) throw new Error("the demo server did not start");
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {}
    await sleep(200);
  }

  // Credentials: an API token, and a browser session with its CSRF cookie for the page upload.
  const token = (await (await fetch(`${base}/api/v1/auth/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "angiang.snv", password: PASSWORD }) })).json()).token;
  const auth = { authorization: `Bearer ${token}` };
  const loginPage = await fetch(`${base}/login`);
  const csrf = loginPage.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.startsWith("bd_csrf=")).slice(8);
  const login = await fetch(`${base}/login`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", cookie: `bd_csrf=${csrf}` }, body: `_csrf=${csrf}&username=angiang.snv&password=${PASSWORD}` });
  const cookies = login.headers.getSetCookie().map((c) => c.split(";")[0]);
  const csrf2 = cookies.find((c) => c.startsWith("bd_csrf=")).slice(8);
  const cookie = cookies.join("; ");
  const plan = await (await fetch(`${base}/api/v1/plans`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ agency_code: "91-SNV", title: "Kế hoạch thử tải", year_from: 2026, year_to: 2026 }) })).json();

  const workbook = denseWorkbook();
  const docx = bombDocx(300);
  const pdf = sharedStreamPdf(200, 50);

  const kinds = [
    { name: "read: home page", weight: 25, run: () => fetch(`${base}/`, { headers: { cookie } }) },
    { name: "read: unit search", weight: 20, run: () => fetch(`${base}/api/v1/units?q=kien%20giang&as_of=2021-02-25`) },
    { name: "read: documents", weight: 15, run: () => fetch(`${base}/api/v1/documents?q=binh%20dang`, { headers: auth }) },
    { name: "read: activities", weight: 10, run: () => fetch(`${base}/api/v1/activities?limit=20`, { headers: auth }) },
    { name: "write: activity", weight: 15, run: () => fetch(`${base}/api/v1/activities`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ type: "training_course", area_code: "91", date_from: "2026-02-10", title: "Tập huấn (thử tải)", data: { target_group: "nu_ung_cu_vien", days: 1, participants: 30, women: 20 } }) }) },
    { name: "hostile: dense workbook", weight: 5, run: () => fetch(`${base}/api/v1/plans/${plan.id}/targets?file=x.xlsx`, { method: "PUT", headers: { ...auth, "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }, body: workbook }) },
    { name: "hostile: docx bomb", weight: 5, run: () => upload("bom.docx", docx) },
    { name: "hostile: shared-stream pdf", weight: 5, run: () => upload("chung.pdf", pdf) },
  ];
  function upload(name, bytes) {
    const form = new FormData();
    form.append("file", new Blob([bytes]), name);
    return fetch(`${base}/documents/parse?_csrf=${csrf2}`, { method: "POST", headers: { cookie }, body: form });
  }
  const totalWeight = kinds.reduce((s, k) => s + k.weight, 0);
  const pick = () => {
    let r = Math.random() * totalWeight;
    for (const k of kinds) if ((r -= k.weight) < 0) return k;
    return kinds[0];
  };

  const stats = new Map(kinds.map((k) => [k.name, { times: [], statuses: {} }]));
  const statuses = {};
  let requests = 0;
  let peakRss = rssKb(server.pid);
  let healthMax = 0;
  const healthTimes = [];
  const end = Date.now() + DURATION;

  const prober = (async () => {
    while (Date.now() < end) {
      const t = performance.now();
      try {
        await fetch(`${base}/healthz`);
      } catch {}
      const ms = performance.now() - t;
      healthTimes.push(ms);
      healthMax = Math.max(healthMax, ms);
      peakRss = Math.max(peakRss, rssKb(server.pid));
      await sleep(50);
    }
  })();

  const clients = Array.from({ length: CLIENTS }, async () => {
    while (Date.now() < end) {
      const k = pick();
      const t = performance.now();
      let status = "network error";
      try {
        const r = await k.run();
        await r.arrayBuffer();
        status = String(r.status);
      } catch {}
      const s = stats.get(k.name);
      s.times.push(performance.now() - t);
      s.statuses[status] = (s.statuses[status] ?? 0) + 1;
      statuses[status] = (statuses[status] ?? 0) + 1;
      requests++;
    }
  });
  await Promise.all([prober, ...clients]);

  const pct = (xs, p) => {
    if (!xs.length) return 0;
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
  };
  const all = [...stats.values()].flatMap((s) => s.times);
  console.log(`binhdang load test: ${DURATION / 1000} s, ${CLIENTS} clients, ${BIN}`);
  console.log(`requests: ${requests} (${(requests / (DURATION / 1000)).toFixed(0)}/s)`);
  console.log(`answers by status: ${JSON.stringify(statuses)}`);
  console.log(`5xx: ${Object.entries(statuses).filter(([s]) => s.startsWith("5")).reduce((n, [, c]) => n + c, 0)}`);
  console.log(`latency all: p50 ${pct(all, 50).toFixed(1)} ms, p99 ${pct(all, 99).toFixed(1)} ms`);
  console.log(`/healthz: ${healthTimes.length} probes, p99 ${pct(healthTimes, 99).toFixed(1)} ms, longest ${healthMax.toFixed(1)} ms`);
  console.log(`server peak RSS: ${(peakRss / 1024).toFixed(0)} MB`);
  console.log("| kind | requests | p50 ms | p99 ms | statuses |\n|---|---|---|---|---|");
  for (const [name, s] of stats) {
    console.log(`| ${name} | ${s.times.length} | ${pct(s.times, 50).toFixed(1)} | ${pct(s.times, 99).toFixed(1)} | ${JSON.stringify(s.statuses)} |`);
  }
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
