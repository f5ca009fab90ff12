"""The compromise model snapped to the options on the table ("snapped").

In EU legislative bargaining the outcome is usually one of the alternatives that were on
the table, not an arithmetic average of them. The DEU issue scales are built from those
alternatives: each actor's stated position and the reference point (the default if the
Council, and under codecision the Parliament, fail to agree) are places a legal text can
land. On DEU III about two outcomes in three coincide with a stated position. The
compromise model (Achen 2006; Thomson, Stokman, Achen and Koenig 2006) still says best
*where* the bargain lies; it is biased only in never landing on an option.

The model therefore does two steps per issue:

1. the compromise: the mean of the positions weighted by capability ** a x salience
   (a = 1 is Achen's model; a < 1 damps the GDP gaps that stand in for bargaining power);
2. the choice of text: if an option (a position of an actor that cares, salience > 0, or
   the reference point, when coded) lies within ``snap_distance`` x (scale width) of the
   compromise, the forecast is the nearest such option; otherwise the compromise itself.
   When two options are equally near on both sides, the compromise is kept.

``snap_distance = 0`` gives back the compromise model. Procedural refinements tried on
DEU III and not kept (each moved the MAE by under 0.1 point or raised it): no Parliament weight
under consultation, equal Council weights under unanimity, the reference point as an
extra actor pulling the compromise. The two parameters are chosen by
cross-validation grouped by proposal (accord.models.validation.fit_snapped); the defaults
are the grid point that procedure picks on the DEU III development file.
"""

from __future__ import annotations

import numpy as np

from accord.models.base import register
from accord.models.batch import BatchOutcome, one_shot_result, weighted_mean
from accord.types import Result, Scenario, ScenarioArrays

CAPABILITY_EXPONENTS = (0.0, 0.25, 0.5, 0.75, 1.0)
SNAP_DISTANCES = (0.0, 0.05, 0.10, 0.15, 0.20, 0.25, 0.30, 0.40, 0.50, 1.0)
# chosen by grouped 10-fold cross-validation on DEU III deu3_dev.tsv
# (accord.models.validation.fit_snapped; eval_deu(...)["snapped"]["fitted_on_all"])
FITTED = {"capability_exponent": 0.25, "snap_distance": 0.20}
_TOL = 1e-9


def snap_to_options(pred: np.ndarray, options: np.ndarray, valid: np.ndarray,
                    reach: np.ndarray) -> np.ndarray:
    """Move each forecast to its unique nearest valid option if that is within ``reach``.

    ``pred`` (...,), ``options`` and ``valid`` (..., m), ``reach`` broadcastable to
    ``pred``. Ties between an option below and one above keep the forecast.
    """
    dist = np.where(valid, np.abs(options - pred[..., None]), np.inf)
    k = np.argmin(dist, axis=-1)
    dmin = np.take_along_axis(dist, k[..., None], axis=-1)[..., 0]
    nearest = np.take_along_axis(options, k[..., None], axis=-1)[..., 0]
    at_min = valid & (np.abs(dist - dmin[..., None]) <= _TOL)
    below = (at_min & (options < pred[..., None] - _TOL)).any(axis=-1)
    above = (at_min & (options > pred[..., None] + _TOL)).any(axis=-1)
    snap = np.isfinite(dmin) & (dmin <= reach) & ~(below & above)
    return np.where(snap, nearest, pred)


def snapped_compromise(x: np.ndarray, s: np.ndarray, c: np.ndarray, sq: np.ndarray,
                       width: np.ndarray, a: float, r: float) -> np.ndarray:
    """Snapped compromise along the actor axis (-1): x, s, c (..., n); sq, width (...,).

    ``sq`` is the reference point (NaN when not coded), ``width`` the scale width.
    """
    w = np.where(s > 0, c ** a * s, 0.0)
    pred = weighted_mean(x, w, axis=-1)
    # options: positions of actors that care (all positions if none does), and the
    # reference point when it is coded
    active = s > 0
    active = np.where(active.any(axis=-1, keepdims=True), active, True)
    opts = np.concatenate([x, np.nan_to_num(sq)[..., None]], axis=-1)
    valid = np.concatenate([active, np.isfinite(sq)[..., None]], axis=-1)
    return snap_to_options(pred, opts, valid, r * width)


@register("snapped")
class SnappedCompromiseModel:
    """Compromise forecast moved to the nearest option on the table when one is close."""

    name = "snapped"

    def __init__(self, capability_exponent: float = FITTED["capability_exponent"],
                 snap_distance: float = FITTED["snap_distance"],
                 reference_point: bool = True) -> None:
        # snap_distance is a share of the scale width; reference_point: whether
        # the status quo counts as an option
        if not (np.isfinite(capability_exponent) and capability_exponent >= 0):
            raise ValueError("capability_exponent must be a finite number >= 0")
        if not (np.isfinite(snap_distance) and 0.0 <= snap_distance <= 1.0):
            raise ValueError("snap_distance must be in [0, 1] (a share of the scale width)")
        self.capability_exponent = float(capability_exponent)
        self.snap_distance = float(snap_distance)
        self.reference_point = bool(reference_point)

    def _sq(self, sq: np.ndarray) -> np.ndarray:
        return sq if self.reference_point else np.full_like(sq, np.nan)

    def predict_arrays(self, arr: ScenarioArrays) -> np.ndarray:
        """Prediction per issue from the array view of a scenario."""
        x, s = arr.position.T, arr.salience.T
        c = np.broadcast_to(arr.capability, x.shape)
        return snapped_compromise(x, s, c, self._sq(arr.status_quo), arr.high - arr.low,
                                  self.capability_exponent, self.snap_distance)

    def solve(self, scenario: Scenario, rng: np.random.Generator | None = None) -> Result:
        arr = scenario.arrays()
        pred = self.predict_arrays(arr)
        return one_shot_result(self.name, arr, pred, [f"compromise (weights capability^{self.capability_exponent:g} x salience)"
                   f" moved to the nearest option within {self.snap_distance:g} of the scale"
                   " width" + (" (options include the reference point)"
                               if self.reference_point else "")])

    def solve_batch(self, position: np.ndarray, salience: np.ndarray, capability: np.ndarray,
                    base: ScenarioArrays) -> BatchOutcome:
        """Vectorised over draws: position/salience (B x n x d), capability (B x n)."""
        x = np.moveaxis(position, 1, 2)
        s = np.moveaxis(salience, 1, 2)
        c = np.broadcast_to(capability[:, None, :], x.shape)
        sq = np.broadcast_to(self._sq(base.status_quo), x.shape[:2])
        width = np.broadcast_to(base.high - base.low, x.shape[:2])
        return BatchOutcome(prediction=snapped_compromise(
            x, s, c, sq, width, self.capability_exponent, self.snap_distance))
