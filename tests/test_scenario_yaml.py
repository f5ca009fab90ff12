"""Scenario YAML: the example loads, round-trips, and errors name the line and field."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from accord.errors import ScenarioError
from accord.io.scenario_yaml import dump_scenario, load_scenario, parse_scenario


def test_example_loads_with_sources(example_dir: Path) -> None:
    sc = load_scenario(example_dir / "scenario.yaml")
    assert {a.id for a in sc.actors} == {"USA", "IRN", "ISR", "OMN", "TUR"}
    assert {i.id for i in sc.issues} >= {"scope", "sanctions", "enrichment"}
    # every number says where it comes from
    assert all(p.source.note for p in sc.positions)
    assert all(a.source.note for a in sc.actors)
    arr = sc.arrays()
    assert arr.position.shape == (5, len(sc.issues))
    assert np.all((arr.salience >= 0) & (arr.salience <= 1))


def test_round_trip(example_dir: Path) -> None:
    sc = load_scenario(example_dir / "scenario.yaml")
    again = parse_scenario(dump_scenario(sc))
    assert again == sc
    assert again.digest() == sc.digest()


def test_errors_name_line_and_field() -> None:
    text = "name: t\nactors:\n  - {id: A, capability: 1}\nissues:\n  - {id: x}\npositions:\n" \
           "  - {actor: A, issue: x, position: 140, salience: 0.5}\n"
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(text, where="t.yaml")
    msg = str(exc.value)
    assert msg.startswith("t.yaml:7:") and "positions[0].position" in msg and "outside" in msg


def test_missing_issue_positions_rejected() -> None:
    text = "actors:\n  - {id: A, capability: 1}\nissues:\n  - {id: x}\n  - {id: y}\npositions:\n" \
           "  - {actor: A, issue: x, position: 10, salience: 0.5}\n"
    with pytest.raises(ScenarioError, match="no positions"):  # at load, as `simulate` needs
        parse_scenario(text)


@pytest.mark.parametrize(
    ("cell", "message"),
    [("position: 85, salience: 0.5, position_range: [90, 95]", "must contain"),
     ("position: 85, salience: 0.5, salience_range: [0.6, 0.9]", "must contain"),
     ("position: 85, salience: 0.5, position_range: [80, 120]", "outside scale")],
)
def test_uncertainty_ranges_must_hold_the_value(cell: str, message: str) -> None:
    text = ("actors:\n  - {id: A, capability: 1}\nissues:\n  - {id: x}\npositions:\n"
            f"  - {{actor: A, issue: x, {cell}}}\n")
    with pytest.raises(ScenarioError, match=message) as exc:
        parse_scenario(text, where="r.yaml")
    assert str(exc.value).startswith("r.yaml:6:")
