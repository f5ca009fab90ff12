// accord dashboard: plain JS over the /api routes, charts with the vendored Vega-Lite.
// Every text from the store goes into the page through textContent (never innerHTML).
"use strict";

const QUAD = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
const QUAD_COLOURS = ["#74c476", "#238b45", "#fd8d3c", "#cb181d"];
const OUTCOMES = ["deal", "talks_continue", "collapse", "strike"];
const HORIZONS = [7, 30, 90];
const MODELS = ["compromise", "nash", "eum", "smp"];
const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];

const state = { actors: [], from: null, to: null, events: [], review: [], forecasts: [],
  latest: {}, made: {}, scenario: null, renders: 0, busy: 0, countries: [] };
window.accordState = state;  // read by the browser tests

function $(id) { return document.getElementById(id); }
function el(tag, attrs, ...kids) {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") n.className = v;
    else if (k.startsWith("on")) n.addEventListener(k.slice(2), v);
    else if (v !== null && v !== undefined) n.setAttribute(k, v);
  }
  for (const kid of kids.flat()) {
    if (kid === null || kid === undefined) continue;
    n.appendChild(typeof kid === "string" || typeof kid === "number" ? document.createTextNode(String(kid)) : kid);
  }
  return n;
}
function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
function pct(p) { return (100 * p).toFixed(1) + "%"; }
function codes(refs) { return (refs || []).map(r => r.code).join(",") || "-"; }
function token() { return $("f-token").value.trim() || localStorage.getItem("accordToken") || ""; }
function status(msg) { $("status").textContent = msg; }
// an empty panel says why and what to do; ``button`` ([label, action]) does it
function empty(id, msg, button) {
  const node = clear($(id));
  delete node.dataset.rendered;
  const box = el("div", { class: "empty", "data-empty": id }, el("p", {}, msg));
  if (button) {
    const b = el("button", { type: "button", class: "fill" }, button[0]);
    b.addEventListener("click", async () => {
      b.disabled = true;
      try { await button[1](box); } catch (e) { box.appendChild(el("p", { class: "hint" }, e.message)); }
      finally { b.disabled = false; }
    });
    box.appendChild(b);
  }
  node.appendChild(box);
  return box;
}
// writes need a token: say how to get one instead of failing with 401
function needToken(box) {
  if (token()) return false;
  box.appendChild(el("p", { class: "hint need-token" }, "This stores results, so it needs a token: make one with "
    + "`accord token create --name analyst`, paste it in Token (top right), and press again."));
  return true;
}

async function api(path, opts = {}) {
  const headers = Object.assign({}, opts.headers || {});
  const t = token();
  if (t) headers["Authorization"] = "Bearer " + t;
  if (opts.json !== undefined) { headers["Content-Type"] = "application/json"; opts.body = JSON.stringify(opts.json); }
  const r = await fetch(path, { method: opts.method || "GET", headers, body: opts.body });
  const ct = r.headers.get("content-type") || "";
  const body = ct.includes("json") ? await r.json() : await r.text();
  if (!r.ok) {
    const msg = (body && body.detail) || r.statusText;
    throw new Error(`${r.status}: ${msg}`);
  }
  return body;
}

function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") p.set(k, v);
  return p.toString();
}

async function embed(id, spec) {
  const node = $(id);
  try {
    const res = await vegaEmbed(node, spec, { actions: false, renderer: "svg" });
    node.dataset.rendered = "1";
    return res.view;
  } catch (e) {
    clear(node).appendChild(el("p", { class: "hint" }, "chart failed: " + e.message));
    return null;
  }
}

// ------------------------------------------------------------------ events by day
async function loadEvents() {
  const data = await api("/api/events?" + qs({ actors: state.actors.join(","), from: state.from, to: state.to, limit: 1000 }));
  state.events = data.events;
  const rows = data.events.map((e, k) => ({
    k, id: e.id, date: e.date || e.article.date, type: e.type, quad: e.quad,
    quad_name: QUAD[e.quad], actor: codes(e.actor), recipient: codes(e.recipient),
    sentence: e.evidence.sentence, confidence: Math.round(e.confidence * 100) / 100,
    factuality: e.factuality, article: e.article.title || e.article.id,
  })).filter(r => r.date);
  $("events-count").textContent = `${data.count} events` + (data.count > rows.length ? ` (${data.count - rows.length} undated not plotted)` : "");
  $("chart-events").dataset.events = String(rows.length);
  if (!rows.length) {
    const others = state.countries.filter(c => !state.actors.includes(c));
    empty("chart-events", `No dated event for ${state.actors.join(",") || "these actors"}${state.from || state.to ? " in these dates" : ""}.`
      + (state.countries.length ? ` The store's most active countries are ${state.countries.join(", ")}.` : " Ingest articles first: `accord ingest FOLDER` or POST /api/articles."),
      state.countries.length ? ["Show the most active countries", async () => {
        $("f-actors").value = state.countries.join(","); $("f-from").value = ""; readFilters(); await refresh(); }] : null);
    clear($("events-list"));
    return;
  }
  const view = await embed("chart-events", {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json", width: "container", height: 220,
    data: { values: rows },
    mark: { type: "point", filled: true, size: 140, cursor: "pointer" },
    encoding: {
      x: { field: "date", type: "ordinal", title: "day", axis: { labelAngle: 0 } },
      y: { field: "type", type: "nominal", sort: TYPES, title: "PLOVER type" },
      xOffset: { field: "k", type: "nominal", legend: null },
      color: { field: "quad_name", type: "nominal", title: "quad class",
        scale: { domain: Object.values(QUAD), range: QUAD_COLOURS } },
      shape: { field: "factuality", type: "nominal" },
      tooltip: [{ field: "sentence" }, { field: "type" }, { field: "actor" }, { field: "recipient" },
        { field: "factuality" }, { field: "confidence" }, { field: "article" }],
    },
  });
  if (view) view.addEventListener("click", (_ev, item) => {
    const d = item && item.datum;
    const e = d && state.events.find(x => x.id === d.id);
    if (e) showArticle(e.article.id, e.id);
  });
  const list = clear($("events-list"));
  for (const e of data.events) {
    const a = el("a", { href: "#article=" + e.article.id, "data-event": e.id,
      onclick: ev => { ev.preventDefault(); showArticle(e.article.id, e.id); } }, e.article.title || "source");
    list.appendChild(el("li", { class: "q" + e.quad, "data-event": e.id },
      `${e.date || e.article.date || "undated"} ${e.type} ${codes(e.actor)} → ${codes(e.recipient)} (${e.factuality}, ${e.confidence.toFixed(2)}): `,
      el("q", {}, e.evidence.sentence), " ", a,
      (e.roles || []).length ? el("span", { class: "role-doubt" }, ` roles doubtful: ${e.roles.join("; ")}`) : null));
  }
}

async function showArticle(aid, eventId) {
  const a = await api("/api/articles/" + encodeURIComponent(aid));
  const box = clear($("article"));
  const head = el("p", {}, el("strong", {}, a.title || a.id), ` (${a.date || "undated"}) `);
  if (a.url && /^https?:\/\//.test(a.url)) head.appendChild(el("a", { href: a.url, target: "_blank", rel: "noopener noreferrer" }, a.url));
  else head.appendChild(el("span", { class: "hint" }, a.path ? `from ${a.path}` : "no source URL stored"));
  box.appendChild(head);
  const text = el("div", { class: "text" });
  const spans = a.events.map(e => ({ s: e.evidence.start, e: e.evidence.end, id: e.id, label: e.type }))
    .filter(s => s.e > s.s).sort((x, y) => x.s - y.s);
  let pos = 0;
  for (const sp of spans) {
    if (sp.s < pos) continue;
    text.appendChild(document.createTextNode(a.text.slice(pos, sp.s)));
    text.appendChild(el("mark", { title: sp.label, class: sp.id === eventId ? "focus" : "" }, a.text.slice(sp.s, sp.e)));
    pos = sp.e;
  }
  text.appendChild(document.createTextNode(a.text.slice(pos)));
  box.appendChild(text);
  $("sec-article").hidden = false;
  const f = text.querySelector("mark.focus");
  if (f) f.scrollIntoView({ block: "nearest" });
}

// ---------------------------------------------------------------- escalation
async function loadEscalation() {
  if (!state.actors.length) return;
  const t = await api("/api/timeline?" + qs({ actors: state.actors.join(","), from: state.from, to: state.to }));
  const esc = t.escalation || {};
  const badge = $("escalation");
  badge.textContent = `escalation level ${esc.level} (${esc.label || ""})`;
  badge.className = "badge l" + esc.level;
  const rows = t.rows.map(r => ({ day: r.period, dyad: `${r.actor || "(none)"} → ${r.recipient || "(none)"}`, level: r.level,
    label: r.label, index: r.coop_conflict, counts: Object.entries(r.counts).map(([k, v]) => `${k} ${v}`).join(", ") }));
  if (!rows.length) { empty("chart-escalation", "No event between these actors in the period: no dyad to rate. Add an actor or widen the dates."); return; }
  await embed("chart-escalation", {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json", width: "container", height: 200,
    data: { values: rows },
    mark: { type: "line", point: { size: 80 } },
    encoding: {
      x: { field: "day", type: "temporal", timeUnit: "yearmonthdate", title: "day" },
      y: { field: "level", type: "quantitative", scale: { domain: [0, 6] }, title: "escalation rung" },
      color: { field: "dyad", type: "nominal" },
      tooltip: [{ field: "dyad" }, { field: "day" }, { field: "label" }, { field: "counts" }, { field: "index" }],
    },
  });
}

// ---------------------------------------------------------------- forecasts
function mine(question) { return state.actors.length && state.actors.some(a => question.startsWith(a + "-")); }

async function loadForecasts() {
  const h = await api("/api/forecasts");
  const groups = h.groups.filter(g => mine(g.question));
  state.latest = {};
  for (const g of groups) {
    // a forecast made again with the same inputs is stored once (under its first date of
    // storage), so the one this page just made is the current one, not the group's last
    const made = state.made[g.horizon_days];
    state.latest[g.horizon_days] = made && made.question === g.question ? made : g.forecasts[g.forecasts.length - 1];
  }
  const rows = [];
  for (const [hz, f] of Object.entries(state.latest))
    for (const o of OUTCOMES) rows.push({ horizon: `${hz} days`, hz: +hz, outcome: o, p: f.outcomes[o] || 0 });
  const table = clear($("outcomes-table"));
  const who = state.actors.join(",");
  if (!groups.length) {
    empty("chart-outcomes", `No forecast stored for ${who} yet. Make one from the evidence up to ${state.to || "the latest article"} `
      + `(as \`accord forecast --actors ${who}\` does), at 7, 30 and 90 days:`,
      ["Forecast now", async box => { if (needToken(box)) return; status("forecasting..."); await reforecast(); await loadForecasts(); status("forecast stored"); }]);
    clear($("drivers"));
  } else {
  table.appendChild(el("tr", {}, el("th", {}, "horizon"), OUTCOMES.map(o => el("th", {}, o)), el("th", {}, "as of")));
  for (const [hz, f] of Object.entries(state.latest))
    table.appendChild(el("tr", { "data-horizon": hz }, el("td", {}, `${hz} days`),
      OUTCOMES.map(o => el("td", { class: "num", "data-outcome": o }, pct(f.outcomes[o] || 0))), el("td", {}, f.as_of)));
  await embed("chart-outcomes", {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json", width: "container", height: 160,
    data: { values: rows },
    mark: "bar",
    encoding: {
      y: { field: "horizon", type: "nominal", sort: { field: "hz" }, title: null },
      x: { field: "p", type: "quantitative", stack: "normalize", axis: { format: "%" }, title: "probability" },
      color: { field: "outcome", type: "nominal", sort: OUTCOMES,
        scale: { domain: OUTCOMES, range: ["#2b8cbe", "#a6bddb", "#bdbdbd", "#de2d26"] } },
      order: { field: "order", type: "quantitative" },
      tooltip: [{ field: "horizon" }, { field: "outcome" }, { field: "p", format: ".1%" }],
    },
  });
  }
  const drivers = clear($("drivers"));
  const f30 = state.latest[30] || Object.values(state.latest)[0];
  for (const d of (f30 ? f30.drivers : []).slice(0, 8)) {
    const li = el("li", {}, el("strong", {}, d.name), ": " + d.effect);
    const ev = (d.evidence || [])[0];
    if (ev && ev.sentence) li.appendChild(el("div", { class: "hint" }, "evidence: ", el("q", {}, ev.sentence)));
    drivers.appendChild(li);
  }
  // history: the 30-day group (or the first one)
  const g = groups.find(x => x.horizon_days === 30) || groups[0];
  const hist = [];
  (g ? g.forecasts : []).forEach((f, k) => { for (const o of OUTCOMES) hist.push({ n: k + 1, when: `${f.as_of} (#${k + 1})`, label: `#${k + 1} as of ${f.as_of}`, outcome: o, p: f.outcomes[o] || 0 }); });
  state.forecasts = g ? g.forecasts : [];
  const backfill = ["Forecast as of each article date", async box => {
    if (needToken(box)) return;
    await fillHistory(); await loadForecasts(); }];
  if (!g) {
    empty("chart-history", `No forecast history for ${who}. Each forecast made (Forecast now, Re-forecast, \`accord forecast\`) is kept and drawn here; `
      + "or make one as of each article date, each from the evidence dated on or before it (no look-ahead), at 30 days:", backfill);
    clear($("moves"));
    return;
  }
  const hnode = $("chart-history");
  await embed("chart-history", {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json", width: "container", height: 180,
    data: { values: hist },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "when", type: "ordinal", sort: { field: "n" }, axis: { labelAngle: -30 },
        title: `as of (forecasts of "${g.question}", oldest first)` },
      y: { field: "p", type: "quantitative", scale: { domain: [0, 1] }, axis: { format: ".0%" }, title: "probability" },
      color: { field: "outcome", type: "nominal", sort: OUTCOMES,
        scale: { domain: OUTCOMES, range: ["#2b8cbe", "#a6bddb", "#bdbdbd", "#de2d26"] } },
      tooltip: [{ field: "label" }, { field: "outcome" }, { field: "p", format: ".1%" }],
    },
  });
  const moves = clear($("moves"));
  if (g && g.forecasts.length > 1) {
    try {
      const x = await api("/api/forecasts/explain?" + qs({ question: g.question, horizon: g.horizon_days }));
      if (!x.changes.length) moves.appendChild(el("li", {}, "no change beyond Monte Carlo noise"));
      for (const m of x.changes.slice(0, 8)) {
        const span = m.kind === "outcome" ? `${pct(m.old)} → ${pct(m.new)}` : `${m.old ?? "-"} → ${m.new ?? "-"}`;
        const li = el("li", {}, `${m.kind} ${m.name}: ${span}` + (m.effect ? ` (${m.effect})` : ""));
        for (const ev of (m.evidence || []).slice(0, 2)) if (ev && ev.sentence) li.appendChild(el("div", { class: "hint" }, el("q", {}, ev.sentence)));
        moves.appendChild(li);
      }
    } catch (e) { moves.appendChild(el("li", { class: "hint" }, e.message)); }
  } else {
    moves.appendChild(el("li", { class: "hint" }, "One forecast so far: re-forecast after new evidence or a review, or "));
    const b = el("button", { type: "button", class: "fill" }, backfill[0]);
    b.addEventListener("click", async () => { const box = moves.lastChild; if (needToken(box)) return; b.disabled = true; await backfill[1](box); });
    moves.lastChild.appendChild(b);
  }
  if (hnode) hnode.dataset.points = String(g.forecasts.length);
}

// forecasts as of each article date in the filter (the last 30), 30 days ahead, each stored
async function fillHistory() {
  const a = await api("/api/articles?" + qs({ from: state.from, to: state.to, limit: 500 }));
  const days = [...new Set(a.articles.map(x => x.date).filter(Boolean))].sort().slice(-30);
  let k = 0;
  for (const d of days) {
    status(`forecast as of ${d} (${++k}/${days.length})...`);
    await api("/api/forecasts", { method: "POST", json: { actors: state.actors, horizon_days: 30, runs: 1000, seed: 1, as_of: d,
      scenario_id: state.scenario || null } });
  }
  status(`${days.length} forecasts stored, one per article date`);
}

async function reforecast() {
  if (!state.actors.length) return null;
  const out = {};
  for (const hz of HORIZONS) {
    out[hz] = await api("/api/forecasts", { method: "POST",
      json: { actors: state.actors, horizon_days: hz, runs: 2000, seed: 1, as_of: state.to || null,
        scenario_id: state.scenario || null } });
  }
  state.made = out;
  return out;
}

// ---------------------------------------------------------------- network
async function loadNetwork() {
  const n = await api("/api/network?" + qs({ actors: state.actors.join(","), from: state.from, to: state.to }));
  const k = n.nodes.length || 1;
  const pos = {};
  n.nodes.forEach((nd, i) => { const a = 2 * Math.PI * i / k - Math.PI / 2; pos[nd.code] = { x: Math.cos(a), y: Math.sin(a) }; });
  const nodes = n.nodes.map(nd => ({ code: nd.code, events: nd.events, ...pos[nd.code] }));
  const links = n.links.map(l => {
    const a = pos[l.actor], b = pos[l.recipient];
    // stop short of the target so the arrow head stays visible
    const x2 = a.x + 0.85 * (b.x - a.x), y2 = a.y + 0.85 * (b.y - a.y);
    return { x: a.x, y: a.y, x2, y2, link: `${l.actor}→${l.recipient}`, events: l.events, weight: l.weight,
      mean_score: l.mean_score, types: Object.entries(l.types).map(([t, c]) => `${t} ${c}`).join(", ") };
  });
  if (!n.links.length) { empty("chart-network", "No asserted act from one of these actors on another in the period: add an actor or widen the dates."); return; }
  const sc = { domain: [-1.3, 1.3] };
  await embed("chart-network", {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json", width: "container", height: 260,
    layer: [
      { data: { values: links }, mark: { type: "rule", strokeCap: "round" },
        encoding: { x: { field: "x", type: "quantitative", scale: sc, axis: null }, y: { field: "y", type: "quantitative", scale: sc, axis: null },
          x2: { field: "x2" }, y2: { field: "y2" },
          strokeWidth: { field: "weight", type: "quantitative", scale: { range: [1.5, 9] }, legend: null },
          color: { field: "mean_score", type: "quantitative", scale: { domain: [-10, 10], scheme: "redyellowgreen" }, title: "score" },
          tooltip: [{ field: "link" }, { field: "events" }, { field: "types" }, { field: "mean_score" }] } },
      { data: { values: links }, mark: { type: "point", shape: "triangle", filled: true, size: 90 },
        encoding: { x: { field: "x2", type: "quantitative", scale: sc }, y: { field: "y2", type: "quantitative", scale: sc },
          color: { field: "mean_score", type: "quantitative", scale: { domain: [-10, 10], scheme: "redyellowgreen" } } } },
      { data: { values: nodes }, mark: { type: "circle", color: "#1f2d3d" },
        encoding: { x: { field: "x", type: "quantitative", scale: sc }, y: { field: "y", type: "quantitative", scale: sc },
          size: { field: "events", type: "quantitative", scale: { range: [200, 900] }, legend: null },
          tooltip: [{ field: "code" }, { field: "events" }] } },
      { data: { values: nodes }, mark: { type: "text", dy: -22, fontWeight: "bold" },
        encoding: { x: { field: "x", type: "quantitative", scale: sc }, y: { field: "y", type: "quantitative", scale: sc }, text: { field: "code" } } },
    ],
  });
}

// ---------------------------------------------------------------- scenarios and models
async function loadScenarios() {
  const s = await api("/api/scenarios");
  const sel = clear($("scenario-select"));
  for (const x of s.scenarios) sel.appendChild(el("option", { value: x.id }, `${x.id} (${x.actors} actors, ${x.issues} issues)`));
  const table = clear($("scenario-table"));
  if (!s.scenarios.length) {
    const box = empty("scenario-table-box", "No stored scenario. Draft one from the evidence for these actors (as `accord scenario draft` does; every number with its source), "
      + "or POST one to /api/scenarios, or start the server with --scenario FILE.",
      ["Draft from the evidence", async b => { if (needToken(b)) return;
        const d = await api("/api/scenarios/draft?" + qs({ actors: state.actors.join(","), as_of: state.to }), { method: "POST" });
        state.scenario = d.id; await loadScenarios(); }]);
    box.dataset.scenarios = "0";
    $("models-note").textContent = "no scenario to run the models on: draft one above";
    return;
  }
  clear($("scenario-table-box"));
  const sid = state.scenario && s.scenarios.some(x => x.id === state.scenario) ? state.scenario : s.scenarios[0].id;
  sel.value = sid; state.scenario = sid;
  const sc = (await api("/api/scenarios/" + encodeURIComponent(sid))).scenario;
  const names = Object.fromEntries(sc.actors.map(a => [a.id, a.name || a.id]));
  table.appendChild(el("tr", {}, ["actor", "issue", "position", "salience", "capability", "source"].map(h => el("th", {}, h))));
  const cap = Object.fromEntries(sc.actors.map(a => [a.id, a.capability]));
  for (const p of sc.positions) {
    const src = p.source || {};
    table.appendChild(el("tr", {}, el("td", {}, names[p.actor]), el("td", {}, p.issue), el("td", { class: "num" }, p.position),
      el("td", { class: "num" }, p.salience), el("td", { class: "num" }, cap[p.actor]),
      el("td", {}, src.note && src.note.startsWith((src.kind || "") + ":") ? src.note
        : `${src.kind || ""}${src.note ? ": " + src.note : ""}`)));
  }
  await loadModels();
}

async function loadModels() {
  const jobs = (await api("/api/jobs?kind=simulate")).jobs.filter(j => j.params.scenario_id === state.scenario);
  const rows = [];
  const seen = new Set();
  for (const j of jobs.slice().reverse()) {
    if (j.status !== "done" || seen.has(j.params.model)) continue;
    seen.add(j.params.model);
    const r = (await api(`/api/jobs/${j.id}/result`)).result;
    for (const i of r.issues) rows.push({ model: r.model, issue: i.issue, prediction: i.prediction,
      q05: (i.quantiles || {}).q05 ?? i.prediction, q95: (i.quantiles || {}).q95 ?? i.prediction });
  }
  $("models-note").textContent = rows.length ? `${seen.size} model(s) on scenario ${state.scenario}; bars: 5-95% over Monte Carlo runs`
    : "no model runs yet for this scenario: Run models (needs a token)";
  if (!rows.length) { clear($("chart-models")); return; }
  await embed("chart-models", {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json", width: "container", height: 200,
    data: { values: rows },
    layer: [
      { mark: { type: "rule" }, encoding: { y: { field: "issue", type: "nominal" }, yOffset: { field: "model" },
        x: { field: "q05", type: "quantitative", title: "predicted position" }, x2: { field: "q95" }, color: { field: "model" } } },
      { mark: { type: "point", filled: true, size: 90 }, encoding: { y: { field: "issue", type: "nominal" }, yOffset: { field: "model" },
        x: { field: "prediction", type: "quantitative" }, color: { field: "model", type: "nominal" },
        tooltip: [{ field: "model" }, { field: "issue" }, { field: "prediction", format: ".1f" }] } },
    ],
  });
}

async function runModels() {
  if (!state.scenario) return;
  status("running models...");
  const jobs = [];
  for (const m of MODELS) jobs.push(await api("/api/simulate", { method: "POST", json: { scenario_id: state.scenario, model: m, runs: m === "smp" ? 1 : 200, seed: 1 } }));
  for (let k = 0; k < 300; k++) {
    const st = await Promise.all(jobs.map(j => api("/api/jobs/" + j.id)));
    status("models: " + st.map(j => `${j.params.model} ${j.status} ${j.progress.done}/${j.progress.total ?? "?"}`).join(", "));
    if (st.every(j => j.status === "done" || j.status === "failed")) break;
    await new Promise(r => setTimeout(r, 500));
  }
  await loadModels();
  status("models done");
}

// ---------------------------------------------------------------- review queue
async function loadReview() {
  const q = await api("/api/review?" + qs({ actors: state.actors.join(",") }));
  state.review = q.items;
  const table = clear($("review-table"));
  table.appendChild(el("tr", {}, ["event", "actor → recipient", "sentence", "confidence (type / roles)", "why", "verdict", ""].map(h => el("th", {}, h))));
  for (const e of q.items) {
    const r = e.review;
    const cls = r ? (r.action === "reject" ? "rejected" : r.action === "accept" ? "accepted" : "edited") : "";
    const verdict = r ? `${r.action}${r.action === "edit" ? " " + JSON.stringify(r.changes) : ""} by ${r.author}` : "";
    const actions = el("td", { class: "actions" });
    const row = el("tr", { class: cls, "data-event": e.id },
      el("td", {}, `${e.type}${e.mode ? " / " + e.mode : ""}`), el("td", {}, `${codes(e.actor)} → ${codes(e.recipient)}`),
      el("td", {}, el("q", {}, e.evidence.sentence)),
      el("td", { class: "num" }, `${e.confidence.toFixed(2)} / ${(e.role_confidence ?? e.confidence).toFixed(2)}`),
      el("td", { class: (e.roles || []).length ? "roles" : "" }, e.why.map(w => w === "uncertain roles" && (e.roles || []).length ? `uncertain roles: ${e.roles.join("; ")}` : w).join(", ")),
      el("td", {}, verdict), actions);
    if (r) actions.appendChild(el("button", { type: "button", class: "undo", onclick: () => act(e, null, r.id) }, "Undo"));
    else {
      actions.appendChild(el("button", { type: "button", class: "accept", onclick: () => act(e, { action: "accept" }) }, "Accept"));
      actions.appendChild(el("button", { type: "button", class: "reject", onclick: () => act(e, { action: "reject" }) }, "Reject"));
      actions.appendChild(el("button", { type: "button", class: "edit", onclick: () => editForm(e, actions) }, "Edit"));
    }
    table.appendChild(row);
  }
}

function editForm(e, cell) {
  if (cell.querySelector(".edit-form")) return;
  const type = el("select", { name: "type" }, TYPES.map(t => el("option", { value: t }, t)));
  type.value = e.type;
  const mode = el("input", { name: "mode", size: 8, placeholder: "mode", value: e.mode || "" });
  const actor = el("input", { name: "actor", size: 10, placeholder: "actor codes", value: codes(e.actor).replace(/^-$/, "") });
  const recipient = el("input", { name: "recipient", size: 10, placeholder: "recipient codes", value: codes(e.recipient).replace(/^-$/, "") });
  const split = v => v.split(",").map(s => s.trim()).filter(Boolean);
  const save = el("button", { type: "button", onclick: () => act(e, { action: "edit", type: type.value,
    mode: mode.value.trim() || null, actor: split(actor.value), recipient: split(recipient.value) }) }, "Save");
  cell.appendChild(el("div", { class: "edit-form" }, type, mode, actor, recipient, save));
}

async function act(e, body, undoId) {
  const before = JSON.parse(JSON.stringify(state.latest));
  const nBefore = state.events.length;
  try {
    if (undoId) await api(`/api/corrections/${undoId}/undo`, { method: "POST" });
    else await api(`/api/events/${encodeURIComponent(e.id)}/review`, { method: "POST", json: body });
  } catch (err) { $("review-change").textContent = "not saved: " + err.message; return; }
  status("re-forecasting with the correction...");
  let after = null;
  try { after = await reforecast(); } catch (err) { status("re-forecast failed: " + err.message); }
  await refresh();
  const lines = [`${undoId ? "undone" : body.action} ${e.type} "${e.evidence.sentence.slice(0, 80)}": events ${nBefore} → ${state.events.length}`];
  if (after) for (const hz of HORIZONS) {
    const b = before[hz], a = after[hz];
    if (a) lines.push(`${hz} days: ` + OUTCOMES.map(o => `${o} ${b ? pct(b.outcomes[o]) : "-"} → ${pct(a.outcomes[o])}`).join(", "));
  }
  const box = clear($("review-change"));
  for (const l of lines) box.appendChild(el("div", {}, l));
  status("updated");
}

// ---------------------------------------------------------------- wiring
async function refresh() {
  state.busy++;
  status("loading...");
  try {
    await loadEvents();
    await Promise.all([loadEscalation(), loadForecasts(), loadNetwork(), loadReview(), loadScenarios()]);
    status(`${state.events.length} events for ${state.actors.join(",") || "all actors"}`);
  } catch (e) {
    status("error: " + e.message);
  } finally {
    state.busy--; state.renders++;
    document.body.dataset.renders = String(state.renders);
  }
}

async function init() {
  const saved = localStorage.getItem("accordToken");
  if (saved) $("f-token").value = saved;
  $("f-token").addEventListener("change", () => localStorage.setItem("accordToken", $("f-token").value.trim()));
  $("filters").addEventListener("submit", ev => { ev.preventDefault(); readFilters(); refresh(); });
  $("article-close").addEventListener("click", () => { $("sec-article").hidden = true; });
  $("reforecast").addEventListener("click", async () => {
    try { await reforecast(); await loadForecasts(); status("re-forecast stored"); } catch (e) { status("re-forecast: " + e.message); }
  });
  $("run-models").addEventListener("click", () => runModels().catch(e => status("models: " + e.message)));
  $("scenario-select").addEventListener("change", ev => { state.scenario = ev.target.value; loadScenarios(); });
  const hash = new URLSearchParams(location.hash.slice(1));
  let a = { actors: [], latest_date: null };
  try { a = await api("/api/actors"); }
  catch (e) { status(`${e.message} (a server started with --private needs your token: enter it and Apply)`); return; }
  // open on the store's most active countries (never an unplaced '---' or a sector code)
  state.countries = a.default || a.actors.filter(x => x.kind === "country").slice(0, 3).map(x => x.code);
  $("f-actors").value = hash.get("actors") || state.countries.join(",");
  $("f-to").value = hash.get("to") || a.latest_date || "";
  if (hash.get("from")) $("f-from").value = hash.get("from");
  readFilters();
  await refresh();
  if (hash.get("article")) showArticle(hash.get("article"));
}

function readFilters() {
  state.made = {};
  state.actors = $("f-actors").value.split(",").map(s => s.trim()).filter(Boolean);
  state.from = $("f-from").value || null;
  state.to = $("f-to").value || null;
}

init().catch(e => status("error: " + e.message));
