"""The compromise model (Achen 2006): the capability x salience weighted mean per issue.

It is the benchmark of the DEU studies: each actor pulls the outcome towards its position
with a force proportional to how strong it is and how much it cares. Actors silent on an
issue have salience 0 and do not pull. When no actor has weight on an issue, the plain
mean of the stated positions is returned.
"""

from __future__ import annotations

import numpy as np

from accord.models.base import register
from accord.models.batch import BatchOutcome, weighted_mean
from accord.types import IssueResult, Result, Scenario, ScenarioArrays


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
        return Result(
            model=self.name,
            issues=[IssueResult(issue=i, prediction=float(p), rounds=[float(p)])
                    for i, p in zip(arr.issues, pred)],
            actors=arr.actors,
            positions=[arr.position.tolist()],
            notes=["weighted mean of positions, weights = capability x salience"],
        )

    def solve_batch(self, position: np.ndarray, salience: np.ndarray, capability: np.ndarray,
                    base: ScenarioArrays) -> BatchOutcome:
        """Vectorised over draws: position/salience (B x n x d), capability (B x n)."""
        w = (capability ** self.capability_exponent)[:, :, None] * salience
        return BatchOutcome(prediction=weighted_mean(position, w, axis=1))
