// accord dashboard: the talks panel. Runs POST /api/talks as a job and shows P(agreement by
// the deadline), the agreed terms, the concession paths and the deal-breakers with their
// evidence. Uses app.js's helpers ($, el, clear, api, embed, state, status, token).
"use strict";

const talks = { result: null, scenario: null, busy: false };
window.accordTalks = talks;  // read by the browser tests

async function talksActors() {
  const sel = $("talks-mediator");
  if (!state.scenario || talks.scenario === state.scenario) return;
  const sc = (await api("/api/scenarios/" + encodeURIComponent(state.scenario))).scenario;
  clear(sel).appendChild(el("option", { value: "" }, "no mediator (outsider)"));
  for (const a of sc.actors) sel.appendChild(el("option", { value: a.id }, `${a.id} ${a.name || ""}`));
  if (sc.actors.some(a => a.id === "OMN")) sel.value = "OMN";
  if (sc.as_of && !$("talks-deadline").value) {
    const d = new Date(sc.as_of + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + 28);
    $("talks-deadline").value = d.toISOString().slice(0, 10);
  }
  talks.scenario = state.scenario;
}

async function loadTalks() {
  if (!state.scenario || talks.busy) return;
  await talksActors();
  const jobs = (await api("/api/jobs?kind=talks")).jobs
    .filter(j => j.params.scenario_id === state.scenario && j.status === "done");
  if (!jobs.length) {
    talks.result = null;
    clear($("talks-summary")).appendChild(el("p", { class: "hint" },
      `no talks played yet on scenario ${state.scenario}: choose a protocol, a mediator and a deadline, then Play the talks (needs a token)`));
    for (const id of ["chart-talks-terms", "chart-talks-paths", "talks-breakers", "talks-concessions"]) clear($(id));
    return;
  }
  const r = (await api(`/api/jobs/${jobs[jobs.length - 1].id}/result`)).result;
  await renderTalks(r);
}

async function renderTalks(r) {
  talks.result = r;
  const by = r.deadline ? ` by ${r.deadline}` : "";
  const rt = r.rounds_to_agreement || {};
  const box = clear($("talks-summary"));
  box.appendChild(el("p", { class: "talks-p", "data-p": r.p_agreement },
    el("strong", {}, `P(agreement${by}) = ${pct(r.p_agreement)}`),
    ` (se ${pct(r.p_agreement_se)}; ${r.runs} runs, ${r.protocol}${r.mediator ? ", mediator " + r.mediator : ""}, ${r.rounds} rounds`
    + (rt.q50 !== undefined ? `; median agreement in round ${rt.q50}` : "") + ")"));
  const oo = r.outside_option || {};
  if (oo.crisis_model) box.appendChild(el("p", { class: "hint" },
    `no deal: ${oo.challenger} strikes ${oo.target} with probability ${pct(oo.strike_probability)} (crisis model), else the status quo stays; `
    + `P(no deal, then a strike within 30 days) = ${pct(oo.p_strike_after_deadline)}`));
  // agreed terms per issue: 5-95% band, median, Nash solution, status quo
  const rows = [];
  for (const i of r.issues) {
    const q = i.quantiles || {};
    if (q.q50 !== undefined) rows.push({ issue: i.issue, kind: "agreed (median, 5-95%)", value: q.q50, lo: q.q05, hi: q.q95 });
    if (i.nash !== null && i.nash !== undefined) rows.push({ issue: i.issue, kind: "Nash solution", value: i.nash, lo: i.nash, hi: i.nash });
    if (i.status_quo !== null && i.status_quo !== undefined) rows.push({ issue: i.issue, kind: "status quo", value: i.status_quo, lo: i.status_quo, hi: i.status_quo });
  }
  await embed("chart-talks-terms", {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json", width: "container", height: 40 * r.issues.length + 30,
    data: { values: rows },
    layer: [
      { mark: { type: "rule", strokeWidth: 3 }, encoding: { y: { field: "issue", type: "nominal" }, yOffset: { field: "kind" },
        x: { field: "lo", type: "quantitative", title: "agreed terms", scale: { domain: [0, 100] } }, x2: { field: "hi" }, color: { field: "kind", type: "nominal" } } },
      { mark: { type: "point", filled: true, size: 80 }, encoding: { y: { field: "issue", type: "nominal" }, yOffset: { field: "kind" },
        x: { field: "value", type: "quantitative" }, color: { field: "kind", type: "nominal", title: null },
        tooltip: [{ field: "issue" }, { field: "kind" }, { field: "value", format: ".1f" }, { field: "lo", format: ".1f" }, { field: "hi", format: ".1f" }] } },
    ],
  });
  // concession paths of the point run
  const path = [];
  for (const [actor, vals] of Object.entries((r.path || {}).aspiration || {}))
    vals.forEach((v, k) => path.push({ actor, round: k + 1, utility: v }));
  await embed("chart-talks-paths", {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json", width: "container", height: 180,
    data: { values: path },
    mark: { type: "line" },
    encoding: { x: { field: "round", type: "quantitative" }, y: { field: "utility", type: "quantitative", title: "utility demanded", scale: { zero: false } },
      color: { field: "actor", type: "nominal" }, tooltip: [{ field: "actor" }, { field: "round" }, { field: "utility", format: ".3f" }] },
  });
  const bt = clear($("talks-breakers"));
  bt.appendChild(el("tr", {}, ["issue", "P(agreement) off the table", "at half weight", "evidence"].map(h => el("th", {}, h))));
  for (const b of r.deal_breakers || []) {
    bt.appendChild(el("tr", { "data-issue": b.issue }, el("td", {}, b.issue),
      el("td", { class: "num" }, `${pct(b.p_removed)} (${b.delta_removed >= 0 ? "+" : ""}${(100 * b.delta_removed).toFixed(1)})`),
      el("td", { class: "num" }, `${pct(b.p_half_weight)} (${b.delta_half_weight >= 0 ? "+" : ""}${(100 * b.delta_half_weight).toFixed(1)})`),
      el("td", {}, el("ul", { class: "evidence" }, (b.evidence || []).map(e => el("li", {}, e))))));
  }
  const ct = clear($("talks-concessions"));
  const issues = r.issues.map(i => i.issue);
  ct.appendChild(el("tr", {}, ["actor", "deal utility", "no deal", ...issues.map(i => "moved on " + i)].map(h => el("th", {}, h))));
  for (const c of r.concessions) {
    ct.appendChild(el("tr", {}, el("td", {}, c.actor), el("td", { class: "num" }, c.utility.toFixed(2)),
      el("td", { class: "num" }, c.reservation.toFixed(2)),
      ...issues.map(i => el("td", { class: "num" }, c.conceded[i] !== undefined ? c.conceded[i].toFixed(1) : "-"))));
  }
  $("sec-talks").dataset.rendered = "1";
}

async function runTalks() {
  if (!state.scenario) return;
  const box = $("talks-summary");
  if (!token()) {
    clear(box).appendChild(el("p", { class: "hint need-token" }, "Playing the talks stores a job, so it needs a token: make one with "
      + "`accord token create --name analyst`, paste it in Token (top right), and press again."));
    return;
  }
  talks.busy = true;
  try {
    const body = { scenario_id: state.scenario, protocol: $("talks-protocol").value,
      mediator: $("talks-mediator").value || null, deadline: $("talks-deadline").value || null,
      runs: Number($("talks-runs").value) || 1000, seed: 1 };
    if (body.protocol !== "mediator") body.mediator = null;
    const job = await api("/api/talks", { method: "POST", json: body });
    for (let k = 0; k < 600; k++) {
      const j = await api("/api/jobs/" + job.id);
      status(`talks: ${j.status} ${j.progress.done}/${j.progress.total ?? "?"}`);
      if (j.status === "failed") throw new Error(j.error);
      if (j.status === "done") break;
      await new Promise(res => setTimeout(res, 300));
    }
    const r = (await api(`/api/jobs/${job.id}/result`)).result;
    await renderTalks(r);
    status("talks done");
  } catch (e) {
    clear(box).appendChild(el("p", { class: "hint" }, "talks: " + e.message));
  } finally {
    talks.busy = false;
  }
}

$("run-talks").addEventListener("click", () => runTalks());
$("scenario-select").addEventListener("change", () => { talks.scenario = null; setTimeout(() => loadTalks().catch(e => status("talks: " + e.message)), 300); });
// app.js marks every refresh on <body data-renders>: reload the panel after each
new MutationObserver(() => loadTalks().catch(e => status("talks: " + e.message)))
  .observe(document.body, { attributes: true, attributeFilter: ["data-renders"] });
