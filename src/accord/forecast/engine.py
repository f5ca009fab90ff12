"""Forecasts from stored evidence: situation -> scenario -> engines -> crisis model -> drivers.

``make_forecast`` uses only evidence from articles dated on or before ``as_of`` (and events
whose own date is not later), runs the crisis model of ``accord.models.crisis`` with the
ICB-calibrated priors, the signals read from the event stream and, when a scenario can be
drafted, the EUM and SMP engines' predictions; every driver is measured by leaving it out
and re-running with the same random numbers. Roles: ``actors[0]`` is the challenger,
``actors[1]`` the target, ``actors[2]`` (optional) the challenger's ally.

The events become typed, evidence-linked signals in the situation stage
(``accord.situation.signals.read_signals``); the crisis model turns them into parameter
moves (``accord.models.crisis.signal_effects``) and never reads text. Recent signals change
the state the crisis model starts from, not only its beliefs: force already in use, talks
refused, a framework agreement, threats. Each of these is a driver named after its events,
with their sentences, so ``explain`` shows which reports moved the forecast.

On top of the crisis model, the fitted signal-hazard layer (``accord.forecast.signal_hazard``)
sets P(strike) and P(deal) from force in use, evacuations and offers on the table: out of
sample the crisis model alone has no skill on a crisis's own question. The crisis model's
probabilities stay in ``escalation['structural_outlook']``; the layer's marginals, P(strike
by the horizon) and P(deal by the horizon) whatever comes first, are
``Forecast.question_probabilities``; each layer feature present is a driver with its
evidence. ``ACCORD_SIGNAL_FIT=none`` turns the layer off.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping, Sequence

import numpy as np

from accord.errors import AccordError, InputError
from accord.forecast import signal_hazard as SH
from accord.models.crisis import (
    OUTCOMES,
    Ally,
    CrisisParams,
    Effect,
    Priors,
    adjust_p_for_ally,
    apply_signals,
    engine_adjustments,
    signal_effects,
    simulate,
)
from accord.situation.draft import claims_as_of, draft_scenario, table_actor
from accord.situation.escalation import country, escalation, events_as_of, evidence_list
from accord.situation.signals import read_signals
from accord.types import (
    Actor,
    Claim,
    Driver,
    Event,
    Forecast,
    Question,
    Result,
    Scenario,
    Signal,
)

MODEL_VERSION = "accord-crisis-1.1"  # 1.1: the signal-hazard layer
ENGINES = ("eum", "smp")
HORIZONS = (7, 30, 90)


def capability_of(code: str, scenario: Scenario | None) -> float:
    """The scenario's capability for ``code``, else the COW table's, else the documented
    fallback for parties without a row (``accord.situation.draft.capability_fallback``)."""
    return _capability_actor(code, scenario).capability


def _capability_actor(code: str, scenario: Scenario | None) -> Actor:
    if scenario is not None:
        for a in scenario.actors:
            if a.id == code:
                return a
    return table_actor(code)


def _fallback_driver(final: CrisisParams, scen: Scenario | None, run, horizon: int  # noqa: ANN001
                     ) -> Driver | None:
    """A driver for core parties whose capability is the fallback (no table row, no analyst
    value): the rule, and how far the forecast moves across the fallback's wide range."""
    codes = [final.challenger, final.target] + ([final.ally.id] if final.ally else [])
    acts = {c: _capability_actor(c, scen) for c in codes}
    fb = [c for c, a in acts.items() if a.source.kind == "default" and a.capability_range]
    if not fb:
        return None

    def p_of(caps: dict[str, float]) -> float:
        pc, pt = caps[final.challenger], caps[final.target]
        p = pc / (pc + pt)
        if final.ally is not None:
            p = adjust_p_for_ally(p, pc, pt, caps[final.ally.id], final.ally.support)
        return min(max(p, 0.02), 0.98)

    ps = []
    for k in range(2 ** len(fb)):  # every corner of the fallback ranges
        caps = {c: a.capability for c, a in acts.items()}
        for j, c in enumerate(fb):
            caps[c] = acts[c].capability_range[(k >> j) & 1]
        ps.append(p_of(caps))
    full = run(final)[horizon]
    lo = run(final.model_copy(update={"p": min(ps)}))[horizon]
    hi = run(final.model_copy(update={"p": max(ps)}))[horizon]
    notes = "; ".join(acts[c].source.note for c in fb)
    return Driver(
        name=f"capability fallback for {', '.join(fb)} (wide uncertainty)",
        effect=f"{notes}. Across that range p runs {min(ps):.3f}-{max(ps):.3f}: at the low "
               f"end {_effect(lo, full)}; at the high end {_effect(hi, full)}",
        weight=round(max(_tv(full, lo), _tv(full, hi)), 6))


def normalised_saliences(scenario: Scenario) -> Scenario:
    """The scenario with each actor's saliences divided by their sum when it exceeds 1.

    SMP (KTAB's convention) reads saliences as shares of an actor's attention summing to at
    most 1; drafted saliences are per issue in [0, 1], so they are rescaled for SMP only.
    """
    tot: dict[str, float] = {}
    for p in scenario.positions:
        tot[p.actor] = tot.get(p.actor, 0.0) + p.salience
    pos = [p.model_copy(update={"salience": p.salience / tot[p.actor]})
           if tot[p.actor] > 1.0 else p for p in scenario.positions]
    return scenario.model_copy(update={"positions": pos})


def run_engines(scenario: Scenario, seed: int, names: Sequence[str]
                 ) -> tuple[list[Result], list[str]]:
    from accord.models.base import available_models, get_model

    have = set(available_models())
    results, used = [], []
    for name in names:
        if name not in have:
            continue
        scen = normalised_saliences(scenario) if name == "smp" else scenario
        try:
            results.append(get_model(name).solve(scen, rng=np.random.default_rng(seed)))
            used.append(name)
        except (AccordError, ValueError, FloatingPointError):
            continue  # an engine that cannot take this scenario is left out, see notes
    return results, used


def canonical_json(x: Event | Claim) -> str:
    return json.dumps(x.model_dump(mode="json"), sort_keys=True)


def _tv(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    return 0.5 * sum(abs(a[k] - b[k]) for k in OUTCOMES)


def _effect(full: Mapping[str, float], without: Mapping[str, float]) -> str:
    parts = [f"{k} {100 * (full[k] - without[k]):+.1f} pts" for k in OUTCOMES
             if abs(full[k] - without[k]) >= 0.0005]
    return ", ".join(parts) if parts else "no measurable effect"


def inputs_hash(events: Sequence[Event], claims: Sequence[Claim],
                article_dates: Mapping[str, dt.date], params: Mapping) -> str:
    """SHA-256 over the evidence actually used (order-free) and the parameters."""
    ev = sorted(json.dumps(e.model_dump(mode="json"), sort_keys=True) for e in events)
    cl = sorted(json.dumps(c.model_dump(mode="json"), sort_keys=True) for c in claims)
    aids = {x.evidence.article_id for x in [*events, *claims]}
    dates = {a: article_dates[a].isoformat() for a in sorted(a for a in aids if a)}
    blob = json.dumps({"events": ev, "claims": cl, "dates": dates, "params": params},
                      sort_keys=True, default=str).encode()
    return hashlib.sha256(blob).hexdigest()


def make_forecast(
    events: Sequence[Event],
    claims: Sequence[Claim],
    article_dates: Mapping[str, dt.date],
    actors: Sequence[str],
    as_of: dt.date,
    horizon_days: int = 30,
    seed: int = 0,
    scenario: Scenario | None = None,
    question: Question | None = None,
    runs: int = 2000,
    *,
    engines: Sequence[str] = ENGINES,
) -> Forecast:
    """Outcome probabilities (deal, talks_continue, collapse, strike) at ``horizon_days``."""
    if len(actors) < 2:
        raise InputError("need at least a challenger and a target", where="actors")
    if horizon_days < 1:
        raise InputError("horizon must be at least one day", where="horizon_days")
    core = [country(a) for a in actors]
    ch, tg = core[0], core[1]
    al = core[2] if len(core) > 2 else None
    # canonical order: the same evidence in any order gives the same bytes
    evs = sorted(events_as_of(events, article_dates, as_of), key=canonical_json)
    cls = sorted(claims_as_of(claims, article_dates, as_of), key=canonical_json)
    esc = escalation(evs, article_dates, core, as_of)
    scen = scenario
    if scen is None:
        try:
            scen = draft_scenario(evs, cls, article_dates, core, as_of)
        except AccordError:
            scen = None
    cap_c, cap_t = capability_of(ch, scen), capability_of(tg, scen)
    priors = Priors.from_base_rates()
    p_pair = cap_c / (cap_c + cap_t)
    ally = None
    p = p_pair
    if al is not None:
        ally = Ally(id=al)
        p = adjust_p_for_ally(p_pair, cap_c, cap_t, capability_of(al, scen), ally.support)
    p = min(max(p, 0.02), 0.98)
    base = priors.params(challenger=ch, target=tg, p=p, ally=ally)
    typed = read_signals(evs, article_dates, core, as_of)
    signals = signal_effects(typed, ch, tg, al, as_of)
    with_signals = apply_signals(base, signals)
    results, used = ([], [])
    notes: list[dict] = []
    final = with_signals
    if scen is not None and engines:
        results, used = run_engines(scen, seed, engines)
        final, notes = engine_adjustments(with_signals, scen, results)
    horizons = tuple(sorted({*HORIZONS, int(horizon_days)}))

    layer = SH.current_fit()
    feats = SH.features(typed, core, as_of, side=[al] if al else ())
    reading = question_reading(question, esc.level) or deal_reading(question, feats["agreement"])
    own = feats["own_force"]
    if reading is not None and reading["war_under_way"] and own.value > 0:
        # in a war the subject's fighting is no sign that its strike is done: it is the
        # question's event ("any force") or beside the point ("new force")
        own.value = 0.0
        own.note = "a war under way: the subject's own fighting is not a blow delivered"
    x = SH.values(feats)

    def structural(prm: CrisisParams) -> dict[int, dict[str, float]]:
        return simulate(prm, np.random.default_rng(seed), horizons, runs).probabilities

    final_structural = structural(final)  # simulated once: the layer's drivers reuse it

    def run(prm: CrisisParams, x: Mapping[str, float] = x) -> dict[int, dict[str, float]]:
        out = final_structural if prm is final else structural(prm)
        return out if layer is None else SH.apply(layer, out, x)[0]

    full = run(final)
    probs = full[horizon_days]
    drivers = _drivers(final, with_signals, base, signals, notes, used, results, p_pair, run,
                       horizon_days, priors, scen)
    if (fallback := _fallback_driver(final, scen, run, horizon_days)) is not None:
        drivers = [*drivers, fallback]
    marginals: dict[str, float] = {}
    if layer is not None:
        marginals = SH.apply(layer, {horizon_days: final_structural[horizon_days]},
                             x)[1][horizon_days]
        if reading is not None and reading["reading"] == "new force":
            # the fighting under way is not evidence of new force: its force features out
            marginals["strike"] = layer.probability(
                "strike", {**x, "force": 0.0, "force_between": 0.0}, horizon_days)
        elif reading is not None and reading["war_under_way"]:
            p_fight, n_days = SH.fighting_persists(own, as_of, horizon_days, layer.bounds)
            if p_fight > marginals["strike"]:
                drivers.append(Driver(
                    name=f"fighting under way: the subject's force on {n_days} day(s) of the "
                         f"last {SH.PERSIST_DAYS}",
                    effect=f"P(strike by {horizon_days}d) {100 * (p_fight - marginals['strike']):+.1f}"
                           f" pts ({marginals['strike']:.1%} -> {p_fight:.1%}): the question "
                           "counts the fighting under way, which goes on at that rate",
                    weight=round(p_fight - marginals["strike"], 6),
                    evidence=own.evidence[:20]))
                marginals["strike"] = p_fight
                reading = {**reading, "persistence": {"days": n_days,
                                                      "probability": round(p_fight, 4)}}
        drivers += _layer_drivers(layer, feats, lambda xx: run(final, xx)[horizon_days],
                                  probs, horizon_days)
    drivers = sorted((d for d in drivers if d.name.startswith("capability fallback")
                      or not d.effect.endswith("no measurable effect")),
                     key=lambda d: (-d.weight, d.name))
    # a government and an armed group of one country keep their own codes in the label
    # ("SDN-SDNREB", not "SDN-SDN"); the layer reads them as a one-country crisis
    pair = f"{ch}-{tg}" if ch != tg else f"{actors[0].upper()}-{actors[1].upper()}"
    q_id = question.id if question is not None else f"{pair} outcome {horizon_days}d"
    params = {
        "actors": core, "as_of": as_of.isoformat(), "horizon_days": horizon_days, "seed": seed,
        "runs": runs, "engines": used, "model_version": MODEL_VERSION,
        "scenario": scen.digest() if scen is not None else None,
        "question": question.model_dump(mode="json") if question is not None else None,
    }
    esc_d = esc.to_dict(article_dates)
    esc_d["outlook"] = {str(h): full[h] for h in horizons}
    # the capability balance the crisis model used, shown even when its driver row is gone
    # because its effect is within Monte Carlo noise (the layer sets the marginals)
    esc_d["capability"] = {"challenger": final.challenger, "target": final.target,
                           "p": round(float(final.p), 4),
                           "source": "fallback" if fallback is not None
                           else "COW NMC CINC 2016"}
    if layer is not None:
        esc_d["structural_outlook"] = {str(h): v for h, v in final_structural.items()}
        esc_d["signal_hazard"] = {"features": x, "fit": layer.as_dict(),
                                  "interval": SH.interval(x, horizon_days),
                                  "notes": {k: f.note for k, f in feats.items() if f.note}}
    if reading is not None:
        esc_d["question_reading"] = reading
    esc_d["crisis_parameters"] = final.model_dump(mode="json")
    return Forecast(
        question=q_id, as_of=as_of, horizon_days=horizon_days,
        outcomes={k: probs[k] for k in OUTCOMES}, escalation=esc_d, drivers=drivers,
        model_version=MODEL_VERSION, inputs_hash=inputs_hash(evs, cls, article_dates, params),
        runs=runs, question_probabilities=marginals,
    )


NEW_FORCE = re.compile(r"\b(new|fresh|renewed|further|another|beyond|escalat\w*|expand\w*|"
                       r"widen\w*|second front|ground (invasion|offensive|operation))\b", re.I)


def question_reading(question: Question | None, level: int) -> dict | None:
    """How a strike question is read when a war is under way (ladder level 6): about new
    force beyond the fighting only when its text or criteria say so ("a new offensive",
    "escalate beyond", "a ground invasion"); otherwise any force counts, the fighting under
    way included. None for other questions."""
    if question is None or question.kind != "strike":
        return None
    if level < 6:
        return {"reading": "any force", "war_under_way": False,
                "note": "no war under way between the parties: any strike counts"}
    if NEW_FORCE.search(f"{question.text} {question.criteria}"):
        return {"reading": "new force", "war_under_way": True,
                "note": "a war is under way and the question asks about new force beyond it: "
                        "the fighting under way is not counted as force in use"}
    return {"reading": "any force", "war_under_way": True,
            "note": "a war is under way and the question does not ask about new force: the "
                    "fighting under way counts (say 'new' or 'beyond' in the question to ask "
                    "about escalation)"}


def deal_reading(question: Question | None, agreement: SH.Feature) -> dict | None:
    """For a deal question, the latest agreement between the parties reported in the window,
    said and left to the user: the layer does not take a reported agreement for the deal (in
    the corpus, agreements on procedure or in principle came before talks that failed, and
    the feature fits negative), so a deal already reached must be resolved by hand. None
    for other questions or without such an agreement."""
    if question is None or question.kind != "deal" or not agreement.signals:
        return None
    last = max(agreement.signals, key=lambda s: s.date)
    quote = (last.evidence[0].sentence or "").strip() if last.evidence else ""
    quote = quote if len(quote) <= 160 else quote[:157].rstrip() + "..."
    return {"reading": "deal", "war_under_way": False,
            "agreement_reported": last.date.isoformat(),
            "note": f"an agreement between the parties is reported for "
                    f"{last.date.isoformat()}" + (f" (\"{quote}\")" if quote else "")
                    + ": if it is the deal this question asks about, resolve the question yes;"
                    " the forecast does not take a reported agreement for the deal"}


_FEATURE_NAMES = {
    "force": "force in use touching the parties",
    "retaliation": "force on the question's subject not yet answered",
    "force_between": "force between the parties (a war under way, where ceasefires are agreed)",
    "evacuation": "citizens or embassy staff told to leave",
    "talks": "talks held",
    "offer": "ceasefire or deal offer on the table",
    "threat": "threats by the question's subject",
    "own_force": "force the question's subject has already used on the other side",
    "talk_rounds": "rounds of talks already held without a deal (beyond the opening two)",
    "restraint": "the question's subject saying it does not intend force",
    "deployment": "troops, ships or aircraft deployed by the question's subject",
    "ultimatum": "threats by the question's subject with a deadline",
    "agreement": "agreements or frameworks between the parties",
    "refusal": "talks refused or called off by a party",
    "mediation": "third parties mediating or offering to host talks",
}


def _layer_drivers(layer: SH.HazardFit, feats: Mapping[str, SH.Feature], run_x,  # noqa: ANN001
                   probs: Mapping[str, float], horizon: int) -> list[Driver]:
    """In the question's units: the prior of P(strike by H) and P(deal by H) with no evidence,
    then one driver per feature that moved either, by how many points (the feature set to 0,
    same random numbers), with its evidence and the dates of the acts behind it."""
    x = SH.values(feats)
    moved = any((f.value > 0 or f.note) and any(k in fs for fs in SH.CLASS_FEATURES.values())
                for k, f in feats.items())
    out = [Driver(
        name=f"base rate with no evidence (crisis corpus, {horizon}-day horizon)",
        effect=", ".join(f"P({c} by {horizon}d) prior {layer.prior(c, horizon):.1%}"
                         for c in SH.QUESTION_CLASSES)
        + ("; the evidence rows below move it from there" if moved else
           "; nothing in the window moves it (no force, evacuation, ceasefire or rounds of "
           "talks touching the parties), so this is the answer: the share of strikes and "
           "deals in a corpus of crises chosen because force or a deal was in question"),
        weight=0.0)]
    for k, f in feats.items():
        classes = [c for c, fs in SH.CLASS_FEATURES.items() if k in fs]
        if not classes or not (f.value > 0 or f.note):
            continue
        moves = []
        for c in classes:
            before = layer.probability(c, {**x, k: 0.0}, horizon)
            after = layer.probability(c, x, horizon)
            if f.note:  # ceasefire holding, or the subject's fighting in a war under way
                moves.append(f"P({c} by {horizon}d) not "
                             f"{'lowered' if layer.coef.get(k, 0.0) < 0 else 'raised'}: "
                             f"{f.note}")
            elif abs(after - before) >= 0.0005:
                moves.append(f"P({c} by {horizon}d) {100 * (after - before):+.1f} pts "
                             f"({before:.1%} -> {after:.1%})")
        if not moves:
            continue
        w = run_x({**x, k: 0.0})
        dates = sorted({s.date for s in f.signals})
        when = (f"acts of {dates[0].isoformat()}" + (f" to {dates[-1].isoformat()}"
                                                      if dates[-1] != dates[0] else "")
                if dates else "")
        out.append(Driver(
            name=f"{_FEATURE_NAMES[k]}: {f.value:.2f}" + (f" ({when})" if when else ""),
            effect="; ".join(moves) + f" (signal-hazard layer, coefficient "
                   f"{layer.coef.get(k, 0.0):+.2f})",
            weight=round(max(_tv(probs, w), 1e-6), 6), evidence=f.evidence[:20]))
    return out


def _names(sig: Sequence[Effect], limit: int = 300) -> str:
    """The distinct effect names of a driver, whole names only up to about `limit`
    characters, then how many more ("...; and 4 more"), never a name cut mid-word."""
    names = list(dict.fromkeys(s.name for s in sig))
    kept: list[str] = []
    for n in names:
        if kept and sum(len(k) + 2 for k in kept) + len(n) > limit:
            break
        kept.append(n)
    more = len(names) - len(kept)
    return "; ".join(kept) + (f"; and {more} more" if more else "")


def _drivers(final: CrisisParams, with_signals: CrisisParams, base: CrisisParams,
             signals: Sequence[Effect], notes: Sequence[dict], engines_used: Sequence[str],
             results: Sequence[Result], p_pair: float, run, horizon: int, priors: Priors,
             scen: Scenario | None) -> list[Driver]:
    """Each driver's weight = total-variation change of the horizon forecast when removed."""
    full = run(final)[horizon]
    out: list[Driver] = []
    groups: dict[str, list[Effect]] = {}
    for s in signals:
        groups.setdefault(s.group, []).append(s)
    for g, sig in sorted(groups.items()):
        rest = [s for s in signals if s.group != g]
        prm = apply_signals(base, rest)
        if engines_used and scen is not None:
            prm = engine_adjustments(prm, scen, results)[0]
        w = run(prm)[horizon]
        out.append(Driver(
            name=_names(sig), effect=f"{sig[0].effect}; {_effect(full, w)}",
            weight=round(_tv(full, w), 6),
            evidence=evidence_list_from(sig)))
    if engines_used:
        w = run(with_signals)[horizon]
        desc = "; ".join(f"{n['name']} {n['value']:.2f} ({n['effect']})" for n in notes)
        ev = []
        if scen is not None:
            ev = [e for p in scen.positions for e in p.source.evidence]
        out.append(Driver(name=f"bargaining engines ({', '.join(engines_used)})",
                          effect=f"{desc or 'no adjustment'}; {_effect(full, w)}",
                          weight=round(_tv(full, w), 6), evidence=ev[:20]))
    even = final.model_copy(update={"p": 0.5})
    w = run(even)[horizon]
    out.append(Driver(name=f"capability balance p = {final.p:.3f} "
                           f"({final.challenger} vs {final.target}, COW NMC CINC 2016)",
                      effect=f"against an even balance: {_effect(full, w)}",
                      weight=round(_tv(full, w), 6)))
    if final.ally is not None:
        w = run(final.model_copy(update={"ally": None, "p": p_pair}))[horizon]
        out.append(Driver(name=f"ally {final.ally.id}: threat {final.ally.threat:.2f}, "
                               f"constraint {final.ally.constraint:.2f}",
                          effect=f"independent strikes and support: {_effect(full, w)}",
                          weight=round(_tv(full, w), 6)))
    if final.deadline is not None:
        w = run(final.model_copy(update={"deadline": None}))[horizon]
        out.append(Driver(name=f"deadline in {final.deadline} days",
                          effect=f"hazards rise toward it: {_effect(full, w)}",
                          weight=round(_tv(full, w), 6)))
    prior = run(priors.params(challenger=final.challenger, target=final.target))[horizon]
    out.append(Driver(
        name="base rates (ICB v14 crises 1918-2017)",
        effect="neutral prior at this horizon: " + ", ".join(
            f"{k} {prior[k]:.3f}" for k in OUTCOMES), weight=0.0))
    out.sort(key=lambda d: (-d.weight, d.name))
    return out


def evidence_list_from(signals: Sequence[Effect | Signal]) -> list:
    """Evidence spans of some signals (crisis-model effects or typed signals) without
    duplicates."""
    seen, out = set(), []
    for s in signals:
        for e in s.evidence:
            key = (e.article_id, e.start, e.end)
            if key not in seen:
                seen.add(key)
                out.append(e)
    return out


def _event_label(e: Mapping) -> str:
    """'USA ASSAULT -> IRN (2026-02-20)' from an escalation evidence entry."""
    src = "/".join(sorted({country(c) for c in e.get("actor", [])})) or "?"
    dst = "/".join(sorted({country(c) for c in e.get("recipient", [])}))
    flags = e.get("flags") or []
    return (f"{src} {e.get('type')}" + (f" -> {dst}" if dst else "")
            + (f" [{', '.join(flags)}]" if flags else "")
            + (f" ({e['date']})" if e.get("date") else ""))


def _flat_evidence(e: Mapping) -> dict:
    """An escalation evidence entry as an evidence span with its event named beside it."""
    return {**(e.get("evidence") or {}), "event": _event_label(e)}


def _ladder_effect(esc: Mapping, events: Sequence[Mapping]) -> str:
    labels = list(dict.fromkeys(_event_label(e) for e in events))
    return f"now '{esc.get('label')}' on the ladder, set by: " + ("; ".join(labels) or "nothing")


DEFAULT_RUNS = 2000  # runs assumed for forecasts stored before ``Forecast.runs`` existed
NOISE_Z = 2.0  # a change smaller than NOISE_Z standard errors of the difference is noise


def monte_carlo_noise(previous: Forecast, current: Forecast) -> dict:
    """Monte Carlo standard errors of two forecasts and the threshold below which a change
    between them is noise: se = sqrt(p (1 - p) / runs) per outcome and forecast, threshold =
    NOISE_Z * sqrt(se_previous^2 + se_current^2) (the difference of two estimates)."""
    r_a = previous.runs or DEFAULT_RUNS
    r_b = current.runs or DEFAULT_RUNS
    se, thr = {}, {}
    for k in OUTCOMES:
        a, b = previous.outcomes.get(k, 0.0), current.outcomes.get(k, 0.0)
        se_a, se_b = (a * (1 - a) / r_a) ** 0.5, (b * (1 - b) / r_b) ** 0.5
        se[k] = round(se_b, 6)
        thr[k] = NOISE_Z * (se_a ** 2 + se_b ** 2) ** 0.5
    return {"runs": current.runs or DEFAULT_RUNS, "runs_recorded": current.runs is not None,
            "standard_error": se, "threshold": {k: round(v, 6) for k, v in thr.items()},
            "z": NOISE_Z}


def explain(previous: Forecast, current: Forecast, *, ignored: list | None = None
            ) -> list[dict]:
    """What moved the forecast most: outcome shifts, then drivers that appeared, went or moved.

    Items are sorted by size (probability points for outcomes, weight change for drivers)
    and carry the driver's evidence; the escalation item names the events that set the new
    level, each evidence span with its sentence (key ``sentence``) and event (``event``).
    Outcome shifts and driver-weight changes within Monte Carlo noise
    (``monte_carlo_noise``) are left out; pass a list as ``ignored`` to receive them.
    """
    noise = monte_carlo_noise(previous, current)
    thr = noise["threshold"]
    weight_thr = max(thr.values())  # a driver weight is a total-variation distance
    skipped: list[dict] = ignored if ignored is not None else []
    out: list[dict] = []
    for k in OUTCOMES:
        a, b = previous.outcomes.get(k, 0.0), current.outcomes.get(k, 0.0)
        if abs(b - a) <= 1e-12:
            continue
        item = {"kind": "outcome", "name": k, "old": a, "new": b, "delta": b - a,
                "size": abs(b - a)}
        if abs(b - a) < thr[k]:
            skipped.append({**item, "threshold": thr[k]})
        else:
            out.append(item)
    lv_a, lv_b = previous.escalation.get("level"), current.escalation.get("level")
    if lv_a != lv_b:
        events = current.escalation.get("evidence", [])
        out.append({"kind": "escalation", "name": "level", "old": lv_a, "new": lv_b,
                    "delta": (lv_b or 0) - (lv_a or 0), "size": abs((lv_b or 0) - (lv_a or 0)),
                    "effect": _ladder_effect(current.escalation, events),
                    "events": events, "evidence": [_flat_evidence(e) for e in events]})
    # a driver is the same driver when only its numbers or dates changed ("force in use:
    # 0.89 (acts of ...)" -> "force in use: 0.93 (...)"): matched on its name without them
    old = {_driver_key(d.name): d for d in previous.drivers}
    new = {_driver_key(d.name): d for d in current.drivers}
    for key in new.keys() - old.keys():
        d = new[key]
        out.append({"kind": "driver", "name": d.name, "change": "new", "old": None,
                    "new": d.weight, "delta": d.weight, "size": d.weight, "effect": d.effect,
                    "evidence": [e.model_dump(mode="json") for e in d.evidence]})
    for key in old.keys() - new.keys():
        d = old[key]
        out.append({"kind": "driver", "name": d.name, "change": "gone", "old": d.weight,
                    "new": None, "delta": -d.weight, "size": d.weight, "effect": d.effect,
                    "evidence": [e.model_dump(mode="json") for e in d.evidence]})
    for key in old.keys() & new.keys():
        a, b = old[key], new[key]
        if abs(a.weight - b.weight) > 1e-9:
            item = {"kind": "driver", "name": b.name, "change": "changed", "old": a.weight,
                    "new": b.weight, "delta": b.weight - a.weight,
                    "size": abs(b.weight - a.weight), "effect": b.effect,
                    "evidence": [e.model_dump(mode="json") for e in b.evidence]}
            if item["size"] < weight_thr:
                skipped.append({**item, "threshold": weight_thr})
            else:
                out.append(item)
    kind_rank = {"outcome": 0, "escalation": 1, "driver": 2}
    out.sort(key=lambda x: (kind_rank[x["kind"]], -x["size"], x["name"]))
    return out


def _driver_key(name: str) -> str:
    """A driver's name without its numbers, parenthesised dates and the list of signals
    behind it: what stays the same when its value moves or a signal joins it ("threat: IRN
    THREATEN -> IRQ, 2022-11-14; threat: ..." is the driver "threat")."""
    head = name.split(":", 1)[0] if ":" in name else name
    return re.sub(r"\s+", " ", re.sub(r"\([^)]*\)|[-+]?\d[\d.,:%-]*", "#", head)).strip()


__all__ = ["MODEL_VERSION", "evidence_list", "explain", "inputs_hash", "make_forecast",
           "monte_carlo_noise"]
