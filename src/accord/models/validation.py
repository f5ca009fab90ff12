"""Validation of the bargaining models on real EU decisions (DEU III) and the "blend" model.

``eval_deu(path)`` runs each model on every DEU issue with an outcome and reports the mean
absolute error (MAE, on the 0..100 scale) and the share of issues predicted within 10 points.

The "blend" model is a small, principled generalisation of the compromise model fitted by
cross-validation: the forecast is a mix of the weighted mean and the weighted median of
the positions, ``(1 - median_share) * mean + median_share * median``, with weights
``capability ** capability_exponent * salience``. The mean is Achen's compromise (actors
trade on every margin); the median is the median voter (outcome set by the pivotal
coalition); a capability exponent below 1 damps the GDP differences that stand in for
power. Both parameters are chosen on a small grid by cross-validation grouped by proposal
(``prnrnmc``: issues of one proposal are never split between fitting and testing), and the
blend's MAE in ``eval_deu`` is the out-of-fold figure of a nested procedure: each outer fold
picks its parameters on the other folds only. The model's default parameters are the grid
point that cross-validation picks on the whole development file; nothing else is fitted.

The "snapped" model (accord.models.procedural) is the compromise moved to the nearest
option on the table (a stated position or the reference point) when one lies within a
share of the scale width. Its two parameters (capability exponent, snap distance) are
tuned the same way, by nested cross-validation grouped by proposal; because the figure
moves with the fold split on 90 proposals, ``snapped_out_of_fold`` also reports it over
repeated splits and with one proposal left out per outer fold.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np

from accord.errors import InputError, ScenarioError
from accord.io.deu import DeuIssue, read_deu
from accord.models.base import available_models, get_model
from accord.models.compromise import GRID, _blend
from accord.models.procedural import CAPABILITY_EXPONENTS, SNAP_DISTANCES, snapped_compromise
from accord.types import Scenario

SNAP_GRID = tuple(itertools.product(CAPABILITY_EXPONENTS, SNAP_DISTANCES))


# ------------------------------------------------------------------------ evaluation
def _folds(groups: np.ndarray, k: int, seed: int) -> np.ndarray:
    """Fold number per issue; all issues of one proposal share a fold."""
    uniq = np.unique(groups)
    perm = np.random.default_rng(seed).permutation(uniq)
    fold_of = {g: i % k for i, g in enumerate(perm)}
    return np.array([fold_of[g] for g in groups])


def _grid_errors(issues: list[DeuIssue]) -> np.ndarray:
    """Absolute error of every blend grid point on every issue (grid x issues)."""
    y = np.array([d.outcome for d in issues])
    err = np.empty((len(GRID), len(issues)))
    for k, d in enumerate(issues):
        arr = d.scenario.arrays()
        x, s, c = arr.position[:, 0], arr.salience[:, 0], arr.capability
        for g, (a, m) in enumerate(GRID):
            err[g, k] = abs(float(_blend(x, s, c, a, m)) - y[k])
    return err


def _snapped_grid_errors(issues: list[DeuIssue]) -> np.ndarray:
    """Absolute error of every snapped-compromise grid point on every issue (grid x issues).

    Actors with salience 0 are left out as in :func:`eval_deu`.
    """
    a = np.array([g[0] for g in SNAP_GRID])[:, None]
    r = np.array([g[1] for g in SNAP_GRID])
    err = np.empty((len(SNAP_GRID), len(issues)))
    for k, d in enumerate(issues):
        arr = active_only(d.scenario).arrays()
        x = np.broadcast_to(arr.position[:, 0], (len(SNAP_GRID), len(arr.actors)))
        s = np.broadcast_to(arr.salience[:, 0], x.shape)
        # the grid runs along the leading axis: capabilities already raised to each exponent
        pred = snapped_compromise(x, s, arr.capability ** a, np.repeat(arr.status_quo[0], len(r)),
                                  r * (arr.high[0] - arr.low[0]), 1.0, 1.0)
        err[:, k] = np.abs(pred - d.outcome)
    return err


def _select(err: np.ndarray, groups: np.ndarray, folds: int, seed: int) -> int:
    """Grid index with the lowest grouped cross-validated MAE (ties: earliest, simplest)."""
    f = _folds(groups, min(folds, len(np.unique(groups))), seed)
    cv = np.mean([err[:, f == k].mean(axis=1) for k in np.unique(f)], axis=0)
    return int(np.argmin(cv))


def _nested(err: np.ndarray, groups: np.ndarray, outer: np.ndarray, inner_folds: int,
            seed: int) -> tuple[np.ndarray, list[int]]:
    """Out-of-fold errors: each outer fold's grid point is chosen on the other folds only."""
    oof = np.empty(err.shape[1])
    chosen = []
    for j, k in enumerate(np.unique(outer)):
        test = outer == k
        g = _select(err[:, ~test], groups[~test], inner_folds, seed + 1 + j)
        chosen.append(g)
        oof[test] = err[g, test]
    return oof, chosen


def fit_blend(issues: list[DeuIssue], folds: int = 10, seed: int = 0) -> dict[str, float]:
    """Blend parameters chosen by grouped cross-validation on ``issues``."""
    err = _grid_errors(issues)
    groups = np.array([d.proposal for d in issues])
    a, m = GRID[_select(err, groups, folds, seed)]
    return {"capability_exponent": a, "median_share": m}


def blend_out_of_fold(issues: list[DeuIssue], folds: int = 10, seed: int = 0) -> dict:
    """Nested grouped CV: each outer fold's parameters are chosen on the other folds only."""
    err = _grid_errors(issues)
    groups = np.array([d.proposal for d in issues])
    oof, picks = _nested(err, groups, _folds(groups, folds, seed), folds - 1, seed)
    chosen = [{"capability_exponent": GRID[g][0], "median_share": GRID[g][1]} for g in picks]
    return {"mae": float(oof.mean()), "within10": float((oof <= 10.0).mean()),
            "folds": folds, "chosen": chosen}


def fit_snapped(issues: list[DeuIssue], folds: int = 10, seed: int = 0) -> dict[str, float]:
    """Snapped-compromise parameters chosen by grouped cross-validation on ``issues``."""
    err = _snapped_grid_errors(issues)
    groups = np.array([d.proposal for d in issues])
    a, r = SNAP_GRID[_select(err, groups, folds, seed)]
    return {"capability_exponent": a, "snap_distance": r}


def snapped_out_of_fold(issues: list[DeuIssue], folds: int = 10, seed: int = 0,
                        repeats: int = 10) -> dict:
    """Nested grouped CV of the snapped compromise (both parameters tuned inside each fold).

    The headline figure uses the fold split of ``seed``. Because 90 proposals make the
    split matter, it also reports the out-of-fold MAE over ``repeats`` further splits
    (seeds seed .. seed + repeats - 1) and with one proposal left out per outer fold.
    """
    err = _snapped_grid_errors(issues)
    groups = np.array([d.proposal for d in issues])
    oof, picks = _nested(err, groups, _folds(groups, folds, seed), folds - 1, seed)
    chosen = [{"capability_exponent": SNAP_GRID[g][0], "snap_distance": SNAP_GRID[g][1]}
              for g in picks]
    rep = [float(_nested(err, groups, _folds(groups, folds, s), folds - 1, s)[0].mean())
           for s in range(seed, seed + repeats)]
    _, lopo_idx = np.unique(groups, return_inverse=True)
    lopo, _ = _nested(err, groups, lopo_idx, folds, seed)
    return {"mae": float(oof.mean()), "within10": float((oof <= 10.0).mean()),
            "folds": folds, "chosen": chosen,
            "repeated_splits": {"mae_mean": float(np.mean(rep)), "mae_min": float(np.min(rep)),
                                "mae_max": float(np.max(rep)), "n": len(rep)},
            "leave_one_proposal_out": {"mae": float(lopo.mean()),
                                       "within10": float((lopo <= 10.0).mean())}}


def active_only(scenario: Scenario) -> Scenario:
    """The scenario without actors whose salience is 0 on every issue (they carry no weight
    in any of accord's models; some models reject them). Unchanged if none would remain."""
    keep = {p.actor for p in scenario.positions if p.salience > 0}
    if not keep or len(keep) == len(scenario.actors):
        return scenario
    return scenario.model_copy(update={
        "actors": [a for a in scenario.actors if a.id in keep],
        "positions": [p for p in scenario.positions if p.actor in keep]})


def eval_deu(path: str | Path, models: tuple[str, ...] | None = None, folds: int = 10,
             seed: int = 0) -> dict:
    """MAE and share within 10 points of each model on the DEU issues with an outcome.

    Actors with salience 0 are left out of each issue (see :func:`active_only`); a model
    that rejects an issue outright is scored with the compromise forecast there, and the
    count is reported as ``compromise_fallbacks``.

    ``models`` defaults to compromise, nash, eum, smp (when registered), blend and snapped;
    the figures of blend and snapped are out-of-fold (nested, grouped by proposal; details
    under the top-level keys "blend" and "snapped"), the others need no fit.
    """
    issues = read_deu(path)
    if not issues:
        raise InputError("no issue with an outcome", where=str(path))
    if models is None:
        reg = available_models()
        models = tuple(m for m in ("compromise", "nash", "eum", "smp", "blend", "snapped")
                       if m in reg)
    y = np.array([d.outcome for d in issues])
    fallback = get_model("compromise")
    fitted = {"blend": (blend_out_of_fold, fit_blend),
              "snapped": (snapped_out_of_fold, fit_snapped)}
    out: dict = {"n": len(issues), "proposals": len({d.proposal for d in issues}),
                 "models": {}}
    for name in models:
        if name in fitted:  # fitted models are scored out of fold only
            out_of_fold, fit = fitted[name]
            res = out_of_fold(issues, folds=folds, seed=seed)
            out["models"][name] = {"mae": round(res["mae"], 4),
                                   "within10": round(res["within10"], 4), "out_of_fold": True}
            out[name] = {**res, "fitted_on_all": fit(issues, folds, seed)}
            continue
        model = get_model(name)
        pred = np.empty(len(issues))
        failed = 0
        for k, d in enumerate(issues):
            scen = active_only(d.scenario)
            try:
                pred[k] = model.solve(scen).issues[0].prediction
            except ScenarioError:
                # the model cannot handle this issue (e.g. every salience is 0)
                pred[k] = fallback.solve(scen).issues[0].prediction
                failed += 1
        err = np.abs(pred - y)
        out["models"][name] = {"mae": round(float(err.mean()), 4),
                               "within10": round(float((err <= 10.0).mean()), 4)}
        if failed:
            out["models"][name]["compromise_fallbacks"] = failed
    return out
