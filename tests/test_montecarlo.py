"""Monte Carlo wrapper: quantiles, confrontation probabilities, sensitivity, reproducibility."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.io.bdm import read_bdm_csv
from accord.models.montecarlo import simulate
from accord.types import Scenario


def _uncertain(scen: Scenario) -> Scenario:
    """The Scholz example with ranges on Germany's position and the UK's capability."""
    actors = [a.model_copy(update={"capability_range": (0.08, 0.24)}) if a.id == "UK" else a
              for a in scen.actors]
    positions = [p.model_copy(update={"position_range": (4.0, 9.0),
                                      "salience_range": (0.6, 1.0)})
                 if p.actor == "Germany" else p for p in scen.positions]
    return scen.model_copy(update={"actors": actors, "positions": positions})


@pytest.fixture(scope="module")
def scen(shared_data: Path) -> Scenario:
    return _uncertain(read_bdm_csv(shared_data / "bdm" / "example_actors.csv"))


def test_summary(scen: Scenario) -> None:
    seen = []
    res = simulate(scen, "eum", runs=600, seed=7, workers=1,
                   progress=lambda done, total: seen.append((done, total)))
    q = res.issues[0].quantiles
    assert set(q) == {"q05", "q25", "q50", "q75", "q95", "mean"}
    assert 4.0 <= q["q05"] <= q["q25"] <= q["q50"] <= q["q75"] <= q["q95"] <= 10.0
    assert res.issues[0].prediction == q["q50"] and res.runs == 600
    assert seen[-1] == (600, 600)
    assert res.confrontations and all(0 < c.probability <= 1 for c in res.confrontations)
    inputs = {s["input"] for s in res.sensitivity}
    assert inputs == {"position:Germany:example_actors", "salience:Germany:example_actors",
                      "capability:UK"}
    top = max(res.sensitivity, key=lambda s: abs(s["effect"]))
    assert top["input"] == "position:Germany:example_actors" and top["effect"] > 0


def test_point_values_without_ranges(shared_data: Path) -> None:
    plain = read_bdm_csv(shared_data / "bdm" / "example_actors.csv")
    res = simulate(plain, "compromise", runs=50, seed=1, workers=1)
    q = res.issues[0].quantiles
    assert q["q05"] == pytest.approx(q["q95"]) == pytest.approx(7.39, abs=0.005)
    assert res.sensitivity == []


def test_same_seed_same_bytes_any_worker_count(scen: Scenario) -> None:
    one = simulate(scen, "eum", runs=700, seed=3, workers=1)
    two = simulate(scen, "eum", runs=700, seed=3, workers=2)
    assert one.model_dump_json() == two.model_dump_json()
    other = simulate(scen, "eum", runs=700, seed=4, workers=1)
    assert other.model_dump_json() != one.model_dump_json()


def test_generic_solve_path_and_nash(scen: Scenario) -> None:
    # a model instance without solve_batch goes through per-draw solve()
    from accord.models.compromise import CompromiseModel

    class Plain:
        name = "plain-compromise"

        def solve(self, scenario, rng=None):
            return CompromiseModel().solve(scenario)

    a = simulate(scen, Plain(), runs=300, seed=5, workers=1)
    b = simulate(scen, "compromise", runs=300, seed=5, workers=1)
    assert a.issues[0].quantiles == pytest.approx(b.issues[0].quantiles)
    n = simulate(scen, "nash", runs=300, seed=5, workers=1)
    assert 4.0 <= n.issues[0].quantiles["q50"] <= 10.0


def test_dask_scheduler_matches_local(scen: Scenario) -> None:
    distributed = pytest.importorskip("dask.distributed")
    local = simulate(scen, "eum", runs=520, seed=11, workers=1)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        remote = simulate(scen, "eum", runs=520, seed=11, scheduler=cluster.scheduler_address)
    assert remote.model_dump_json() == local.model_dump_json()


def test_bad_arguments(scen: Scenario) -> None:
    from accord.errors import InputError

    with pytest.raises(InputError):
        simulate(scen, "eum", runs=0)
    with pytest.raises(InputError):
        simulate(scen, "no-such-model", runs=10)
