"""Monte Carlo over a scenario's uncertainty ranges, on all cores or a dask cluster.

Each run draws every uncertain input from a triangular distribution on its range with the
point value as the mode (the analyst's point estimate stays the most likely value; inputs
without a range keep their point value), solves the model, and records the outcome per
issue and the dyadic events the model predicts. The summary gives outcome quantiles, the
share of runs in which each confrontation occurs, and a sensitivity table: the Spearman
rank correlation of each drawn input with each issue's outcome.

Reproducibility: runs are cut into fixed chunks of ``CHUNK`` runs; chunk k draws from
``SeedSequence(seed).spawn(n_chunks)[k]``. The result therefore depends only on the seed
and the number of runs, not on how many workers (or which scheduler) run the chunks.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np

from accord.errors import InputError
from accord.models.base import Model, get_model
from accord.models.batch import EVENT_KINDS, EVENT_WINNER_IS_CHALLENGER
from accord.types import Confrontation, IssueResult, Result, Scenario, ScenarioArrays

CHUNK = 250
QUANTILES = {"q05": 0.05, "q25": 0.25, "q50": 0.50, "q75": 0.75, "q95": 0.95}
TOP_SENSITIVITY = 10  # inputs kept per issue in Result.sensitivity


@dataclass
class _Spec:
    """Which inputs vary and how: index arrays into the scenario's arrays plus ranges."""

    pos_idx: np.ndarray  # (m, 2) actor, issue
    pos_rng: np.ndarray  # (m, 2) low, high
    sal_idx: np.ndarray
    sal_rng: np.ndarray
    cap_idx: np.ndarray  # (m,)
    cap_rng: np.ndarray
    names: list[str]


def uncertainty_spec(scenario: Scenario, arr: ScenarioArrays) -> _Spec:
    ai = {a: k for k, a in enumerate(arr.actors)}
    ii = {i: k for k, i in enumerate(arr.issues)}
    pos_idx, pos_rng, sal_idx, sal_rng, names_p, names_s = [], [], [], [], [], []
    for p in scenario.positions:
        a, i = ai[p.actor], ii[p.issue]
        if p.position_range is not None and p.position_range[1] > p.position_range[0]:
            lo = max(p.position_range[0], arr.low[i])
            hi = min(p.position_range[1], arr.high[i])
            if hi > lo:
                pos_idx.append((a, i))
                pos_rng.append((lo, hi))
                names_p.append(f"position:{p.actor}:{p.issue}")
        if p.salience_range is not None and p.salience_range[1] > p.salience_range[0]:
            lo, hi = max(p.salience_range[0], 0.0), min(p.salience_range[1], 1.0)
            if hi > lo:
                sal_idx.append((a, i))
                sal_rng.append((lo, hi))
                names_s.append(f"salience:{p.actor}:{p.issue}")
    cap_idx, cap_rng, names_c = [], [], []
    for k, a in enumerate(scenario.actors):
        r = a.capability_range
        if r is not None and r[1] > r[0] and r[1] > 0:
            cap_idx.append(k)
            cap_rng.append((max(r[0], 1e-9), r[1]))
            names_c.append(f"capability:{a.id}")

    def arr2(v: list, shape: tuple) -> np.ndarray:
        return np.asarray(v, dtype=float).reshape(shape) if v else np.zeros(shape)

    return _Spec(
        pos_idx=np.asarray(pos_idx, dtype=int).reshape(-1, 2),
        pos_rng=arr2(pos_rng, (len(pos_rng), 2)),
        sal_idx=np.asarray(sal_idx, dtype=int).reshape(-1, 2),
        sal_rng=arr2(sal_rng, (len(sal_rng), 2)),
        cap_idx=np.asarray(cap_idx, dtype=int),
        cap_rng=arr2(cap_rng, (len(cap_rng), 2)),
        names=names_p + names_s + names_c,
    )


def _triangular(rng: np.random.Generator, lo: np.ndarray, mode: np.ndarray, hi: np.ndarray,
                size: int) -> np.ndarray:
    """size x m draws; the mode is clipped into [lo, hi]."""
    mode = np.clip(mode, lo, hi)
    u = rng.random((size, lo.size))
    span = hi - lo
    f = np.where(span > 0, (mode - lo) / np.where(span > 0, span, 1.0), 0.5)
    left = lo + np.sqrt(u * span * (mode - lo))
    right = hi - np.sqrt((1.0 - u) * span * (hi - mode))
    return np.where(u < f, left, right)


def draw_inputs(arr: ScenarioArrays, spec: _Spec, rng: np.random.Generator, size: int
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Drawn positions, saliences (size x n x d), capabilities (size x n), inputs matrix."""
    x = np.broadcast_to(arr.position, (size, *arr.position.shape)).copy()
    s = np.broadcast_to(arr.salience, (size, *arr.salience.shape)).copy()
    c = np.broadcast_to(arr.capability, (size, arr.capability.size)).copy()
    cols = []
    if len(spec.pos_idx):
        a, i = spec.pos_idx.T
        v = _triangular(rng, spec.pos_rng[:, 0], arr.position[a, i], spec.pos_rng[:, 1], size)
        x[:, a, i] = v
        cols.append(v)
    if len(spec.sal_idx):
        a, i = spec.sal_idx.T
        v = _triangular(rng, spec.sal_rng[:, 0], arr.salience[a, i], spec.sal_rng[:, 1], size)
        s[:, a, i] = v
        cols.append(v)
    if len(spec.cap_idx):
        k = spec.cap_idx
        v = _triangular(rng, spec.cap_rng[:, 0], arr.capability[k], spec.cap_rng[:, 1], size)
        c[:, k] = v
        cols.append(v)
    inputs = np.concatenate(cols, axis=1) if cols else np.zeros((size, 0))
    return x, s, c, inputs


def _solve_one(model: Model, scenario: Scenario, arr: ScenarioArrays, x: np.ndarray,
               s: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Generic path: rebuild the scenario with drawn values and call ``solve``."""
    ai = {a: k for k, a in enumerate(arr.actors)}
    ii = {i: k for k, i in enumerate(arr.issues)}
    actors = [a.model_copy(update={"capability": float(c[k])})
              for k, a in enumerate(scenario.actors)]
    positions = [p.model_copy(update={"position": float(x[ai[p.actor], ii[p.issue]]),
                                      "salience": float(s[ai[p.actor], ii[p.issue]])})
                 for p in scenario.positions]
    scen = scenario.model_copy(update={"actors": actors, "positions": positions})
    res = model.solve(scen)
    pred = np.array([r.prediction for r in res.issues])
    n, d = len(arr.actors), len(arr.issues)
    ev = np.zeros((d, n, n, len(EVENT_KINDS)), dtype=bool)
    for cf in res.confrontations:
        if cf.issue not in ii or cf.challenger not in ai or cf.target not in ai:
            continue
        if cf.kind == "confrontation":
            e = 0 if cf.winner == cf.challenger else 1
        elif cf.kind == "compromise":
            e = 2
        elif cf.kind == "capitulation":
            e = 3
        else:
            e = 0
        ev[ii[cf.issue], ai[cf.challenger], ai[cf.target], e] = True
    return pred, ev


def _run_chunk(scenario_json: str, model: Model, seed_seq: np.random.SeedSequence, size: int
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One chunk of runs: (outcomes size x d, inputs size x m, event counts d x n x n x 4)."""
    scenario = Scenario.model_validate_json(scenario_json)
    arr = scenario.arrays()
    spec = uncertainty_spec(scenario, arr)
    rng = np.random.default_rng(seed_seq)
    x, s, c, inputs = draw_inputs(arr, spec, rng, size)
    if hasattr(model, "solve_batch"):
        out = model.solve_batch(x, s, c, arr)
        pred = np.asarray(out.prediction, dtype=float)
        if out.events is not None:
            counts = out.events.sum(axis=0, dtype=np.int64)
        else:
            counts = np.zeros((len(arr.issues), len(arr.actors), len(arr.actors),
                               len(EVENT_KINDS)), dtype=np.int64)
    else:
        preds, counts = [], 0
        for b in range(size):
            p, ev = _solve_one(model, scenario, arr, x[b], s[b], c[b])
            preds.append(p)
            counts = counts + ev.astype(np.int64)
        pred = np.stack(preds)
    return pred, inputs, np.asarray(counts, dtype=np.int64)


def _rank(a: np.ndarray) -> np.ndarray:
    """Average ranks along axis 0 (ties share their mean rank)."""
    from scipy.stats import rankdata

    return rankdata(a, axis=0)


def _sensitivity(inputs: np.ndarray, outcomes: np.ndarray, names: list[str],
                 issues: list[str]) -> list[dict]:
    """Spearman correlation of each drawn input with each issue outcome (top per issue)."""
    if inputs.shape[1] == 0 or inputs.shape[0] < 3:
        return []
    ri = _rank(inputs)
    ro = _rank(outcomes)
    ri = ri - ri.mean(axis=0)
    ro = ro - ro.mean(axis=0)
    si = np.sqrt((ri ** 2).sum(axis=0))
    so = np.sqrt((ro ** 2).sum(axis=0))
    cov = ri.T @ ro
    denom = si[:, None] * so[None, :]
    rho = np.where(denom > 0, cov / np.where(denom > 0, denom, 1.0), 0.0)
    out = []
    for k, iss in enumerate(issues):
        order = np.argsort(-np.abs(rho[:, k]), kind="stable")[:TOP_SENSITIVITY]
        for m in order:
            if denom[m, k] > 0:
                out.append({"input": names[m], "issue": iss, "effect": round(float(rho[m, k]), 6)})
    return out


def _range_note(scenario: Scenario) -> list[str]:
    """Say so when the scenario has no uncertainty ranges: every run is then the same."""
    has = any(a.capability_range for a in scenario.actors) or any(
        p.position_range or p.salience_range for p in scenario.positions)
    return [] if has else ["the scenario gives no uncertainty ranges (position_range, "
                           "salience_range, capability_range): every run used the point "
                           "values, so the quantiles collapse to the prediction"]


def simulate(scenario: Scenario, model: str | Model, runs: int = 1, seed: int = 0,
             workers: int | None = None, scheduler: str | None = None,
             progress: Callable[[int, int], None] | None = None) -> Result:
    """Run ``model`` on ``runs`` draws of the scenario's uncertain inputs and summarise.

    Returns a Result whose issues carry the model's prediction on the point inputs (with its
    rounds and positions) and the outcome quantiles over the runs (q05..q95, mean), whose confrontations carry the share of runs in which each
    (challenger, target, issue, kind) event occurs, and whose sensitivity lists the inputs
    that move each issue's outcome most (Spearman rho). ``progress(done, total)`` is called
    after every finished chunk. ``scheduler="tcp://host:port"`` sends the chunks to a dask
    distributed scheduler instead of the local process pool.
    """
    if int(runs) != runs or runs < 1:
        raise InputError(f"runs must be a positive integer, got {runs}", where="--runs")
    if int(seed) != seed or seed < 0:
        raise InputError(f"seed must be a non-negative integer, got {seed}", where="--seed")
    if workers is not None and (int(workers) != workers or workers < 1):
        raise InputError(f"workers must be a positive integer, got {workers}", where="--workers")
    mdl = get_model(model) if isinstance(model, str) else model
    runs = int(runs)
    # the model on the analyst's point inputs: the prediction, its rounds and positions
    point = mdl.solve(scenario, rng=np.random.default_rng(int(seed)))
    if runs == 1:
        return point
    arr = scenario.arrays()
    spec = uncertainty_spec(scenario, arr)
    n_chunks = -(-runs // CHUNK)
    sizes = [min(CHUNK, runs - k * CHUNK) for k in range(n_chunks)]
    seqs = np.random.SeedSequence(int(seed)).spawn(n_chunks)
    payload = scenario.model_dump_json()
    results: list = [None] * n_chunks
    done = 0

    def _collect(k: int, value: tuple) -> None:
        nonlocal done
        results[k] = value
        done += sizes[k]
        if progress is not None:
            progress(done, runs)

    if scheduler:
        from dask.distributed import Client, as_completed

        with Client(scheduler) as client:
            futs = {client.submit(_run_chunk, payload, mdl, seqs[k], sizes[k], pure=False): k
                    for k in range(n_chunks)}
            for fut in as_completed(list(futs)):
                _collect(futs[fut], fut.result())
    else:
        nw = int(workers) if workers is not None else (os.cpu_count() or 1)
        nw = max(1, min(nw, n_chunks))
        if nw == 1:
            for k in range(n_chunks):
                _collect(k, _run_chunk(payload, mdl, seqs[k], sizes[k]))
        else:
            with ProcessPoolExecutor(max_workers=nw) as pool:
                futs = {pool.submit(_run_chunk, payload, mdl, seqs[k], sizes[k]): k
                        for k in range(n_chunks)}
                from concurrent.futures import as_completed as cf_done

                for fut in cf_done(futs):
                    _collect(futs[fut], fut.result())

    outcomes = np.concatenate([r[0] for r in results], axis=0)
    inputs = np.concatenate([r[1] for r in results], axis=0)
    counts = sum(r[2] for r in results)
    issues = []
    for k, iid in enumerate(arr.issues):
        col = outcomes[:, k]
        qs = {key: round(float(np.quantile(col, q)), 9) for key, q in QUANTILES.items()}
        qs["mean"] = round(float(col.mean()), 9)
        base = point.issues[k]
        issues.append(IssueResult(issue=iid, prediction=base.prediction, rounds=base.rounds,
                                  quantiles=qs))
    confs = []
    if isinstance(counts, np.ndarray) and counts.any():
        kk, jj, ii_, ee = np.nonzero(counts)
        for k, j, i, e in zip(kk.tolist(), jj.tolist(), ii_.tolist(), ee.tolist(), strict=True):
            confs.append(Confrontation(
                challenger=arr.actors[j], target=arr.actors[i], issue=arr.issues[k],
                kind=EVENT_KINDS[e],
                winner=arr.actors[j] if EVENT_WINNER_IS_CHALLENGER[e] else arr.actors[i],
                probability=round(float(counts[k, j, i, e]) / runs, 9), round=1))
        confs.sort(key=lambda cf: (-cf.probability, cf.issue or "", cf.challenger, cf.target,
                                   cf.kind, cf.winner or ""))
    return Result(
        model=getattr(mdl, "name", type(mdl).__name__),
        issues=issues,
        confrontations=confs,
        converged=point.converged,
        rounds=point.rounds,
        positions=point.positions,
        actors=arr.actors,
        sensitivity=_sensitivity(inputs, outcomes, spec.names, arr.issues),
        notes=point.notes + _range_note(scenario) + [
               "prediction, rounds and positions: the model on the point inputs; quantiles: "
               "over the Monte Carlo runs",
               f"Monte Carlo: {runs} runs, seed {seed}, chunks of {CHUNK}; triangular draws "
               "on each input's range with the point value as mode; confrontation "
               "probability = share of runs in which the event occurs in some round; "
               "sensitivity = Spearman rho of input and outcome"],
        runs=runs,
    )
