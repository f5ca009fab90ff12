"""Batched model evaluation: many draws of one scenario at once (leading array axis).

Models that can solve many input draws in one vectorised pass expose
``solve_batch(position, salience, capability, base) -> BatchOutcome``; the Monte Carlo
wrapper uses it when present and falls back to one ``solve`` per draw otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.types import IssueResult, Result, ScenarioArrays

# kinds of dyadic outcome recorded in BatchOutcome.events (last axis)
EVENT_KINDS = ("confrontation", "confrontation", "compromise", "capitulation")
EVENT_WINNER_IS_CHALLENGER = (True, False, True, True)


@dataclass
class BatchOutcome:
    """Per-draw predictions (B x issues) and, optionally, dyadic events.

    ``events[b, k, j, i, e]`` is True when in draw b, on issue k, challenger j and target i
    ended in event kind e in some round (e indexes EVENT_KINDS: confrontation won by the
    challenger, confrontation won by the target, compromise, capitulation).
    """

    prediction: np.ndarray
    events: np.ndarray | None = None


def weighted_mean(x: np.ndarray, w: np.ndarray, axis: int = -2) -> np.ndarray:
    """Weighted mean along ``axis``; where all weights are zero, the plain mean."""
    tot = w.sum(axis=axis)
    num = (w * x).sum(axis=axis)
    plain = x.mean(axis=axis)
    safe = np.where(tot > 0, tot, 1.0)
    return np.where(tot > 0, num / safe, plain)


def one_shot_result(model: str, arr: ScenarioArrays, prediction: np.ndarray,
                    notes: list[str]) -> Result:
    """Result of a model that predicts in one step (no rounds of position changes)."""
    return Result(
        model=model,
        issues=[IssueResult(issue=i, prediction=float(p), rounds=[float(p)])
                for i, p in zip(arr.issues, prediction, strict=True)],
        actors=arr.actors,
        positions=[arr.position.tolist()],
        notes=notes,
    )
