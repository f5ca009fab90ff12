"""Generalised (asymmetric) Nash bargaining solution, issue by issue.

For one issue with positions scaled to z_i in [0, 1], the outcome x maximises the weighted
Nash product  sum_i w_i log(u_i(x) - d_i)  over the points every actor prefers to
disagreement, where

* bargaining power  w_i = capability_i ** capability_exponent * salience_i;
* utility  u_i(x) = -(x - z_i)**2  (quadratic loss on the scaled issue: losses grow
  faster than distance, so actors accept moderate concessions more readily than large
  ones). Salience enters as bargaining power, not as curvature: scaling an actor's
  utility by a positive constant leaves the Nash solution unchanged, so a salience factor
  on u_i would have no effect;
* disagreement  d_i = u_i(q) - breakdown_cost, with q the issue's status quo (reference
  point). ``breakdown_cost`` (default 0, the textbook solution) is an extra loss everyone
  suffers when talks fail; as it grows the solution moves from the status quo towards the
  weighted mean of the positions (Achen's compromise model is its limit).

When the issue has no status quo the disagreement utility of each actor is that of its
least-preferred stated position (the farthest position on the table): with no agreement,
an actor must fear the worst outcome anyone proposes. With that fallback every point
between the stated positions is acceptable to all, and the solution is an interior
weighted compromise.

If only one point is acceptable to all (e.g. an actor with power sits exactly at the
status quo and breakdown_cost is 0) the solution is the status quo. The one-dimensional
problem is concave; ``solve`` finds the root of its derivative with scipy's ``brentq``,
``solve_batch`` runs a vectorised bisection on the same derivative for Monte Carlo.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import brentq

from accord.models.base import register
from accord.models.batch import BatchOutcome, one_shot_result
from accord.types import Result, Scenario, ScenarioArrays

_EPS = 1e-12


def _setup(z: np.ndarray, w: np.ndarray, q: np.ndarray, beta: float
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per-actor disagreement slack D (… x n) and the feasible interval [lo, hi] (…).

    z, w: (..., n) scaled positions and powers; q: (...) scaled status quo or NaN.
    """
    active = w > 0
    big = np.where(active[..., :, None] & active[..., None, :],
                   (z[..., :, None] - z[..., None, :]) ** 2, 0.0).max(axis=-1)
    sq = (q[..., None] - z) ** 2
    D = np.where(np.isnan(q)[..., None], big, sq) + beta
    half = np.sqrt(np.maximum(D, 0.0))
    lo = np.where(active, z - half, -np.inf).max(axis=-1)
    hi = np.where(active, z + half, np.inf).min(axis=-1)
    lo = np.clip(lo, 0.0, 1.0)
    hi = np.clip(hi, 0.0, 1.0)
    return D, lo, hi, active


def _slope(x: np.ndarray, z: np.ndarray, w: np.ndarray, D: np.ndarray,
           active: np.ndarray) -> np.ndarray:
    """Derivative of the log Nash product at x (…), strictly decreasing in x."""
    dx = x[..., None] - z
    gain = D - dx ** 2
    term = np.where(active, -2.0 * w * dx / np.where(active, np.maximum(gain, 1e-300), 1.0),
                    0.0)
    return term.sum(axis=-1)


def _fallback_point(q: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Where nothing but a single point is acceptable: the status quo (or the interval)."""
    mid = 0.5 * (lo + hi)
    return np.where(np.isnan(q), mid, np.clip(np.nan_to_num(q, nan=0.5), lo, hi))


@register("nash")
class NashModel:
    """Asymmetric Nash bargaining with the status quo as disagreement point."""

    name = "nash"

    def __init__(self, breakdown_cost: float = 0.0, capability_exponent: float = 1.0,
                 xtol: float = 1e-12) -> None:
        if not np.isfinite(breakdown_cost) or breakdown_cost < 0:
            raise ValueError("breakdown_cost must be a finite number >= 0")
        if not np.isfinite(capability_exponent) or capability_exponent < 0:
            raise ValueError("capability_exponent must be a finite number >= 0")
        if not 0 < xtol < 1e-3:
            raise ValueError("xtol must be in (0, 1e-3)")
        self.breakdown_cost = float(breakdown_cost)
        self.capability_exponent = float(capability_exponent)
        self.xtol = float(xtol)

    # ------------------------------------------------------------------ helpers
    def _inputs(self, arr: ScenarioArrays) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        z = arr.scaled().T  # issues x actors
        w = ((arr.capability ** self.capability_exponent)[:, None] * arr.salience).T
        q = (arr.status_quo - arr.low) / (arr.high - arr.low)
        return z, w, q

    def predict_scaled(self, z: np.ndarray, w: np.ndarray, q: np.ndarray) -> np.ndarray:
        """Nash points (scaled 0..1) for each row of z, w (k x n) with status quo q (k)."""
        D, lo, hi, active = _setup(z, w, q, self.breakdown_cost)
        out = np.empty(z.shape[0])
        for k in range(z.shape[0]):
            a = active[k]
            if not a.any():
                out[k] = z[k].mean()
                continue
            width = hi[k] - lo[k]
            if width <= _EPS:
                out[k] = _fallback_point(q[k:k + 1], lo[k:k + 1], hi[k:k + 1])[0]
                continue

            def f(x: float, k: int = k) -> float:
                return float(_slope(np.array(x), z[k], w[k], D[k], active[k]))

            a_, b_ = lo[k] + _EPS * width, hi[k] - _EPS * width
            fa, fb = f(a_), f(b_)
            if fa <= 0:
                out[k] = lo[k]
            elif fb >= 0:
                out[k] = hi[k]
            else:
                out[k] = brentq(f, a_, b_, xtol=self.xtol * width, rtol=4 * np.finfo(float).eps)
        return out

    def predict_scaled_batch(self, z: np.ndarray, w: np.ndarray, q: np.ndarray) -> np.ndarray:
        """Vectorised bisection on the same first-order condition; shapes (..., n), (...)."""
        D, lo, hi, active = _setup(z, w, q, self.breakdown_cost)
        width = hi - lo
        a = lo + _EPS * width
        b = hi - _EPS * width
        fa = _slope(a, z, w, D, active)
        fb = _slope(b, z, w, D, active)
        for _ in range(int(np.ceil(np.log2(1.0 / self.xtol))) + 2):
            m = 0.5 * (a + b)
            fm = _slope(m, z, w, D, active)
            up = fm > 0
            a = np.where(up, m, a)
            b = np.where(up, b, m)
        x = 0.5 * (a + b)
        x = np.where(fa <= 0, lo, np.where(fb >= 0, hi, x))
        x = np.where(width <= _EPS, _fallback_point(q, lo, hi), x)
        none = ~active.any(axis=-1)
        return np.where(none, z.mean(axis=-1), x)

    # ------------------------------------------------------------------ protocol
    def solve(self, scenario: Scenario, rng: np.random.Generator | None = None) -> Result:
        arr = scenario.arrays()
        z, w, q = self._inputs(arr)
        pred = arr.unscale(self.predict_scaled(z, w, q))
        notes = ["asymmetric Nash bargaining, quadratic loss, power = capability x salience"]
        for i, qq, pp, sq in zip(arr.issues, q, pred, arr.status_quo, strict=True):
            if np.isnan(qq):
                notes.append(f"issue {i}: no status quo; disagreement = each actor's "
                             "least-preferred stated position")
            elif self.breakdown_cost == 0 and np.isclose(pp, sq):
                notes.append(f"issue {i}: the status quo is the only outcome every actor "
                             "prefers to no deal (actors stand on both sides of it); a "
                             "breakdown_cost > 0 models a costly failure of talks")
        return one_shot_result(self.name, arr, pred, notes)

    def solve_batch(self, position: np.ndarray, salience: np.ndarray, capability: np.ndarray,
                    base: ScenarioArrays) -> BatchOutcome:
        """Draws on the leading axis: position/salience (B x n x d), capability (B x n)."""
        span = base.high - base.low
        z = np.moveaxis((position - base.low) / span, 1, 2)  # B x d x n
        w = np.moveaxis((capability ** self.capability_exponent)[:, :, None] * salience, 1, 2)
        q = np.broadcast_to((base.status_quo - base.low) / span, z.shape[:2])
        x = self.predict_scaled_batch(z, w, q)
        return BatchOutcome(prediction=base.low + x * span)
