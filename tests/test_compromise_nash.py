"""Compromise and Nash bargaining models on the shared example and DEU issues."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from accord.errors import InputError
from accord.io.bdm import read_bdm_csv
from accord.io.deu import read_deu
from accord.models.base import get_model
from accord.models.compromise import BlendModel, CompromiseModel
from accord.models.nash import NashModel


@pytest.fixture(scope="module")
def example(shared_data: Path):
    return read_bdm_csv(shared_data / "bdm" / "example_actors.csv")


def test_compromise_example(example) -> None:
    res = get_model("compromise").solve(example)
    assert res.model == "compromise"
    assert res.issues[0].prediction == pytest.approx(7.39, abs=0.005)


def test_compromise_batch_equals_solve(example) -> None:
    arr = example.arrays()
    out = CompromiseModel().solve_batch(arr.position[None], arr.salience[None],
                                        arr.capability[None], arr)
    assert out.prediction[0, 0] == pytest.approx(CompromiseModel().solve(example)
                                                 .issues[0].prediction)


def test_nash_without_status_quo_is_inside_positions(example) -> None:
    res = NashModel().solve(example)
    x = res.issues[0].prediction
    assert 4.0 < x < 10.0
    assert any("no status quo" in n for n in res.notes)


def test_nash_large_breakdown_cost_tends_to_compromise(example) -> None:
    lo, hi = example.issues[0].scale
    iss = example.issues[0].model_copy(update={"status_quo": 4.0})
    scen = example.model_copy(update={"issues": [iss]})
    comp = CompromiseModel().solve(scen).issues[0].prediction
    near = NashModel(breakdown_cost=1e4).solve(scen).issues[0].prediction
    assert near == pytest.approx(comp, abs=0.01)
    # textbook solution: actors sitting at the status quo veto any move
    assert NashModel().solve(scen).issues[0].prediction == pytest.approx(4.0)
    mid = NashModel(breakdown_cost=0.5).solve(scen).issues[0].prediction
    assert 4.0 < mid < comp + 1e-9


def test_nash_batch_matches_scipy_on_deu(shared_data: Path) -> None:
    model = NashModel(breakdown_cost=0.2)
    for d in read_deu(shared_data / "deu3_dev.tsv")[:40]:
        arr = d.scenario.arrays()
        batch = model.solve_batch(arr.position[None], arr.salience[None],
                                  arr.capability[None], arr).prediction[0, 0]
        single = model.solve(d.scenario).issues[0].prediction
        assert batch == pytest.approx(single, abs=1e-6)
        assert 0.0 <= single <= 100.0


def test_constructor_validation() -> None:
    with pytest.raises(ValueError):
        NashModel(breakdown_cost=-1)
    with pytest.raises(ValueError):
        CompromiseModel(capability_exponent=np.nan)
    with pytest.raises(ValueError):
        BlendModel(median_share=2.0)
    # through the registry (the CLI's path) the same problem is a user error naming --param
    with pytest.raises(InputError, match="--param"):
        get_model("blend", median_share=2.0)
