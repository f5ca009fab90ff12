"""The compromise model (Achen 2006) and the "blend" model (mean-median mix).

It is the benchmark of the DEU studies: each actor pulls the outcome towards its position
with a force proportional to how strong it is and how much it cares. Actors silent on an
issue have salience 0 and do not pull. When no actor has weight on an issue, the plain
mean of the stated positions is returned.
"""

from __future__ import annotations

import itertools

import numpy as np

from accord.models.base import register
from accord.models.batch import BatchOutcome, one_shot_result, weighted_mean
from accord.models.eum import weighted_median
from accord.types import Result, Scenario, ScenarioArrays


@register("compromise")
class CompromiseModel:
    """Capability x salience weighted mean of the positions, issue by issue."""

    name = "compromise"

    def __init__(self, capability_exponent: float = 1.0) -> None:
        # exponent on capability (1 = Achen's model; 0 = salience-weighted mean)
        if not np.isfinite(capability_exponent) or capability_exponent < 0:
            raise ValueError("capability_exponent must be a finite number >= 0")
        self.capability_exponent = float(capability_exponent)

    def predict_arrays(self, arr: ScenarioArrays) -> np.ndarray:
        """Prediction per issue from the array view of a scenario."""
        w = (arr.capability ** self.capability_exponent)[:, None] * arr.salience
        return weighted_mean(arr.position, w, axis=0)

    def solve(self, scenario: Scenario, rng: np.random.Generator | None = None) -> Result:
        arr = scenario.arrays()
        pred = self.predict_arrays(arr)
        return one_shot_result(self.name, arr, pred, ["weighted mean of positions, weights = capability x salience"])

    def solve_batch(self, position: np.ndarray, salience: np.ndarray, capability: np.ndarray,
                    base: ScenarioArrays) -> BatchOutcome:
        """Vectorised over draws: position/salience (B x n x d), capability (B x n)."""
        w = (capability ** self.capability_exponent)[:, :, None] * salience
        return BatchOutcome(prediction=weighted_mean(position, w, axis=1))


CAPABILITY_EXPONENTS = (0.0, 0.25, 0.5, 0.75, 1.0)
MEDIAN_SHARES = (0.0, 0.25, 0.5)
GRID = tuple(itertools.product(CAPABILITY_EXPONENTS, MEDIAN_SHARES))
# chosen by grouped 10-fold cross-validation on DEU III deu3_dev.tsv
# (accord.models.validation.fit_blend; eval_deu(...)["blend"]["fitted_on_all"])
FITTED = {"capability_exponent": 0.25, "median_share": 0.0}


def blend_forecast(x: np.ndarray, s: np.ndarray, c: np.ndarray, a: float, m: float) -> np.ndarray:
    """Blend forecast along the actor axis (-1) for x, s (..., n) and c (..., n)."""
    w = np.where(s > 0, c ** a * s, 0.0)
    tot = w.sum(axis=-1)
    mean = np.where(tot > 0, (w * x).sum(axis=-1) / np.where(tot > 0, tot, 1.0),
                    x.mean(axis=-1))
    med = weighted_median(x, w)
    return (1.0 - m) * mean + m * med


@register("blend")
class BlendModel:
    """Mix of the weighted mean (compromise) and the weighted median (median voter)."""

    name = "blend"

    def __init__(self, capability_exponent: float = FITTED["capability_exponent"],
                 median_share: float = FITTED["median_share"]) -> None:
        if not (np.isfinite(capability_exponent) and capability_exponent >= 0):
            raise ValueError("capability_exponent must be a finite number >= 0")
        if not (np.isfinite(median_share) and 0.0 <= median_share <= 1.0):
            raise ValueError("median_share must be in [0, 1]")
        self.capability_exponent = float(capability_exponent)
        self.median_share = float(median_share)

    def predict_arrays(self, arr: ScenarioArrays) -> np.ndarray:
        return blend_forecast(arr.position.T, arr.salience.T, np.broadcast_to(arr.capability,
                      arr.position.T.shape), self.capability_exponent, self.median_share)

    def solve(self, scenario: Scenario, rng: np.random.Generator | None = None) -> Result:
        arr = scenario.arrays()
        pred = self.predict_arrays(arr)
        return one_shot_result(self.name, arr, pred, [f"blend: {1 - self.median_share:g} x weighted mean + {self.median_share:g}"
                   f" x weighted median, weights = capability^{self.capability_exponent:g}"
                   " x salience"])

    def solve_batch(self, position: np.ndarray, salience: np.ndarray, capability: np.ndarray,
                    base: ScenarioArrays) -> BatchOutcome:
        x = np.moveaxis(position, 1, 2)
        s = np.moveaxis(salience, 1, 2)
        c = np.broadcast_to(capability[:, None, :], x.shape)
        return BatchOutcome(prediction=blend_forecast(x, s, c, self.capability_exponent,
                                              self.median_share))


