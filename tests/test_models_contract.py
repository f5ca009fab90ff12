"""Every registered model honours the common contract (as scikit-learn checks its estimators)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from accord.io.scenario_yaml import load_scenario
from accord.models import available_models, get_model
from accord.types import Result

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "us-iran-2026" / "scenario.yaml"


@pytest.fixture(scope="module")
def scenario():  # noqa: ANN201
    return load_scenario(EXAMPLE)


def test_the_four_engines_are_registered() -> None:
    assert {"compromise", "nash", "eum", "smp"} <= set(available_models())


@pytest.mark.parametrize("name", ["compromise", "nash", "eum", "smp", "snapped", "blend"])
def test_contract(name: str, scenario) -> None:  # noqa: ANN001
    model = get_model(name)
    res = model.solve(scenario, rng=np.random.default_rng(3))
    assert isinstance(res, Result)
    assert res.model == name
    assert [i.issue for i in res.issues] == [i.id for i in scenario.issues]
    arr = scenario.arrays()
    for k, ir in enumerate(res.issues):
        lo, hi = arr.position[:, k].min(), arr.position[:, k].max()
        assert lo - 1e-6 <= ir.prediction <= hi + 1e-6, (name, ir)
    # no hidden state: solving twice with the same seed gives the same result
    again = model.solve(scenario, rng=np.random.default_rng(3))
    assert again.model_dump_json() == res.model_dump_json()
    # the input is not modified
    assert load_scenario(EXAMPLE) == scenario


def test_unknown_model_is_a_user_error() -> None:
    from accord.errors import InputError

    with pytest.raises(InputError, match="unknown model"):
        get_model("oracle")
