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
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from accord.errors import InputError, ScenarioError
from accord.io.deu import DeuIssue, read_deu
from accord.models.base import available_models, get_model
from accord.models.compromise import GRID, _blend
from accord.types import Scenario


# ------------------------------------------------------------------------ evaluation
def _folds(groups: np.ndarray, k: int, seed: int) -> np.ndarray:
    """Fold number per issue; all issues of one proposal share a fold."""
    uniq = np.unique(groups)
    perm = np.random.default_rng(seed).permutation(uniq)
    fold_of = {g: i % k for i, g in enumerate(perm)}
    return np.array([fold_of[g] for g in groups])


def _grid_errors(issues: list[DeuIssue]) -> np.ndarray:
    """Absolute error of every grid point on every issue (grid x issues)."""
    y = np.array([d.outcome for d in issues])
    err = np.empty((len(GRID), len(issues)))
    for k, d in enumerate(issues):
        arr = d.scenario.arrays()
        x, s, c = arr.position[:, 0], arr.salience[:, 0], arr.capability
        for g, (a, m) in enumerate(GRID):
            err[g, k] = abs(float(_blend(x, s, c, a, m)) - y[k])
    return err


def _select(err: np.ndarray, groups: np.ndarray, folds: int, seed: int) -> int:
    """Grid index with the lowest grouped cross-validated MAE (ties: earliest, simplest)."""
    f = _folds(groups, min(folds, len(np.unique(groups))), seed)
    cv = np.mean([err[:, f == k].mean(axis=1) for k in np.unique(f)], axis=0)
    return int(np.argmin(cv))


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
    outer = _folds(groups, folds, seed)
    oof = np.empty(len(issues))
    chosen = []
    for k in range(folds):
        test = outer == k
        if not test.any():
            continue
        g = _select(err[:, ~test], groups[~test], folds - 1, seed + 1 + k)
        chosen.append({"capability_exponent": GRID[g][0], "median_share": GRID[g][1]})
        oof[test] = err[g, test]
    return {"mae": float(oof.mean()), "within10": float((oof <= 10.0).mean()),
            "folds": folds, "chosen": chosen}


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

    ``models`` defaults to compromise, nash, eum, smp (when registered) and blend; the
    blend's figures are out-of-fold (nested, grouped by proposal), the others need no fit.
    """
    issues = read_deu(path)
    if not issues:
        raise InputError("no issue with an outcome", where=str(path))
    if models is None:
        reg = available_models()
        models = tuple(m for m in ("compromise", "nash", "eum", "smp", "blend") if m in reg)
    y = np.array([d.outcome for d in issues])
    fallback = get_model("compromise")
    out: dict = {"n": len(issues), "proposals": len({d.proposal for d in issues}),
                 "models": {}}
    for name in models:
        if name == "blend":
            res = blend_out_of_fold(issues, folds=folds, seed=seed)
            out["models"]["blend"] = {"mae": round(res["mae"], 4),
                                      "within10": round(res["within10"], 4),
                                      "out_of_fold": True}
            out["blend"] = {**res, "fitted_on_all": fit_blend(issues, folds, seed)}
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
