"""The mediator protocol on real EU decisions (DEU III), scored out of fold beside compromise.

Each DEU issue is one negotiation: the active actors (salience > 0) with their positions,
saliences and GDP as capability; the mediator is the Commission (``COM``, which drafts the
proposal and brokers compromise texts) or the rotating Council presidency of the half-year
in which the proposal was introduced (DEU III does not code which presidency brokered the
deal; an inactive presidency leaves an outside broker), chosen with the other parameters;
the value of no agreement is the utility of the reference point
``rp`` (the status quo) where coded, else of the worst position on the table. The text
starts at the compromise and moves along the parties' criticisms; it is adopted when the
accepting parties hold ``quota`` of the power (unanimity issues always need all). With no
agreement within ``ROUNDS`` rounds the prediction is the reference point (the law stays as
it is), or the compromise where no reference point is coded.

Five parameters are chosen on the data (mediator, concession exponent e, capability
exponent, mediator weight, quota), so the talks model is scored out of fold only, with the protocol
of ``accord.models.validation``: nested cross-validation grouped by proposal, repeated over
fold splits, each outer fold picking its grid point on the other folds; a bootstrap over
proposals gives the intervals and the paired difference to compromise.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np

from accord.errors import InputError
from accord.io.deu import DeuIssue, read_deu
from accord.models.talks import negotiators as ng
from accord.models.talks import protocols as pr
from accord.models.talks.utility import build_domain, utility
from accord.models.validation import (
    active_only,
    fixed_errors,
    nested_oof_errors,
    percentile_ci,
    proposal_bootstrap,
    proposal_folds,
)
from accord.types import Scenario, ScenarioArrays

ROUNDS = 50
MEDIATOR = "COM"
# the rotating Council presidency by year and half-year (1 = January-June), DEU codes
PRESIDENCY = {
    1996: ("IT", "IE"), 1997: ("NL", "LU"), 1998: ("UK", "AT"), 1999: ("DE", "FI"),
    2000: ("PT", "FR"), 2001: ("SE", "BE"), 2002: ("ES", "DK"), 2003: ("EL", "IT"),
    2004: ("IE", "NL"), 2005: ("LU", "UK"), 2006: ("AT", "FI"), 2007: ("DE", "PT"),
    2008: ("SI", "FR"), 2009: ("CZ", "SE"), 2010: ("ES", "BE"), 2011: ("HU", "PL"),
    2012: ("DK", "CY"), 2013: ("IE", "LT"), 2014: ("EL", "IT"), 2015: ("LV", "LU"),
    2016: ("NL", "SK"), 2017: ("MT", "EE"), 2018: ("BU", "AT"), 2019: ("RO", "FI"),
}
MEDIATORS = ("commission", "presidency")
GRID = tuple(itertools.product(MEDIATORS,
                               (0.2, 0.5, 1.0, 2.0, 5.0),    # concession exponent e
                               (0.0, 0.5, 1.0),               # capability exponent
                               (1.0, 5.0),                    # mediator weight
                               (1.0, 0.65)))                  # quota of power to adopt
NAMES = ("mediator", "e", "capability_exponent", "mediator_weight", "quota")


def presidency(issue: DeuIssue) -> str | None:
    """The Council presidency when the proposal was introduced (``intro``, dd-mm-yy), or None.

    A proxy: a proposal's negotiation often outlasts one presidency; DEU III does not code
    which presidency brokered the deal."""
    parts = issue.meta.get("intro", "").strip().split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    yy, month = int(parts[2]), int(parts[1])
    year = 2000 + yy if yy < 50 else 1900 + yy
    pair = PRESIDENCY.get(year)
    return None if pair is None or not 1 <= month <= 12 else pair[0 if month <= 6 else 1]


def predict_grid(issue: DeuIssue) -> tuple[np.ndarray, np.ndarray]:
    """The talks model's prediction for one DEU issue at every grid point, and whether the
    text was adopted (both (len(GRID),))."""
    sc = active_only(issue.scenario)
    arr = sc.arrays()
    out = [_predict(issue, sc, arr, mode) for mode in MEDIATORS]
    return np.concatenate([o[0] for o in out]), np.concatenate([o[1] for o in out])


def _predict(issue: DeuIssue, sc: Scenario, arr: ScenarioArrays, mode: str
             ) -> tuple[np.ndarray, np.ndarray]:
    """Predictions at the grid points of one mediator choice (in GRID's order)."""
    g = np.array([row[1:] for row in GRID if row[0] == mode])
    R, n = len(g), len(arr.actors)
    pos = np.broadcast_to(arr.position, (R, n, 1))
    sal = np.broadcast_to(arr.salience, (R, n, 1))
    cap = np.broadcast_to(arr.capability, (R, n))
    dom = build_domain(sc, pos, sal, cap)
    rp = arr.status_quo[0]
    if np.isnan(rp):   # no reference point: the worst stated position is the threat point
        worst = np.min(utility(dom.ideal[:, :, 0][..., None], dom.ideal, dom.weight), axis=1)
        dom = dom.with_reservation(worst)
    st = ng.Strategies(kind=np.zeros((R, n), dtype=np.int8),
                       e=np.broadcast_to(g[:, 0:1], (R, n)).copy(), name="grid")
    who = MEDIATOR if mode == "commission" else presidency(issue)
    med = arr.actors.index(who) if who in arr.actors else None   # else an outside broker
    quota = g[:, 3] if "unan" not in issue.voting.lower() else np.ones(R)
    tr = pr.mediator(dom, st, ROUNDS, med, capability_exponent=g[:, 1],
                     mediator_weight=g[:, 2], quota=quota)
    start = pr.text_start(dom, dom.ideal, pr.power(dom, g[:, 1:2]))
    fallback = np.full(R, rp) if not np.isnan(rp) else dom.unscale(start)[:, 0]
    return np.where(tr.agreed, dom.unscale(np.nan_to_num(tr.terms))[:, 0], fallback), tr.agreed


def eval_talks_deu(path: str | Path, folds: int = 10, seed: int = 0, bootstrap: int = 2000,
                   splits: int = 5) -> dict:
    """MAE of the talks model out of fold and of compromise on the DEU issues (module doc)."""
    if bootstrap < 100:
        raise InputError("at least 100 resamples", where="--bootstrap")
    issues = read_deu(path)
    if not issues:
        raise InputError("no issue with an outcome", where=str(path))
    y = np.array([d.outcome for d in issues])
    out = [predict_grid(d) for d in issues]
    pred = np.column_stack([o[0] for o in out])                     # grid x issues
    agreed = np.column_stack([o[1] for o in out])
    err = np.abs(pred - y)
    groups = np.array([d.proposal for d in issues])
    k = min(folds, len(np.unique(groups)))
    if k < 3:
        raise InputError("needs at least 3 proposals", where="--folds")
    runs, chosen = [], []
    for s in range(seed, seed + max(1, splits)):
        oof, picks = nested_oof_errors(err, groups, proposal_folds(groups, k, s), k - 1, s)
        runs.append(oof)
        if not chosen:
            chosen = [dict(zip(NAMES, GRID[p], strict=True)) for p in picks]
    talks_err = np.mean(runs, axis=0)
    comp_err, _ = fixed_errors("compromise", issues)
    errors = np.column_stack([comp_err, talks_err])
    draws = proposal_bootstrap(errors, groups, bootstrap, seed)
    diff_ci = percentile_ci(draws[:, 1] - draws[:, 0])
    mae = errors.mean(axis=0)
    verdict = ("better" if diff_ci[1] < 0 else "worse" if diff_ci[0] > 0
               else "not distinguishable")
    best = int(np.argmin(err.mean(axis=1)))
    default = GRID.index(("commission", 1.0, 1.0, 1.0, 1.0))
    return {
        "n": len(issues), "proposals": int(len(np.unique(groups))),
        "method": {"bootstrap": bootstrap, "seed": seed, "unit": "proposal", "folds": k,
                   "splits": splits, "rounds": ROUNDS,
                   "mediator": "the Commission or the Council presidency at introduction "
                               "(chosen with the other parameters)",
                   "grid_points": len(GRID)},
        "compromise": {"mae": round(float(mae[0]), 4), "mae_ci": percentile_ci(draws[:, 0]),
                       "evaluation": "in-sample (fits nothing)"},
        "talks": {"mae": round(float(mae[1]), 4), "mae_ci": percentile_ci(draws[:, 1]),
                  "evaluation": "out-of-fold",
                  "split_mae": [round(float(r.mean()), 4) for r in runs],
                  "within10": round(float((np.array(runs) <= 10).mean()), 4),
                  "chosen": chosen},
        "talks_in_sample": {"best": dict(zip(NAMES, GRID[best], strict=True)),
                            "best_mae": round(float(err[best].mean()), 4),
                            "best_agreement_share": round(float(agreed[best].mean()), 4),
                            "best_mae_when_agreed": round(float(err[best][agreed[best]].mean()), 4),
                            "best_mae_by_mediator": {
                                m: round(float(err[[g[0] == m for g in GRID]].mean(axis=1)
                                               .min()), 4) for m in MEDIATORS},
                            "default": dict(zip(NAMES, GRID[default], strict=True)),
                            "default_mae": round(float(err[default].mean()), 4),
                            "default_agreement_share": round(float(agreed[default].mean()), 4)},
        "vs_compromise": {"diff": round(float(mae[1] - mae[0]), 4), "ci": diff_ci,
                          "verdict": verdict},
    }
