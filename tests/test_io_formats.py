"""Readers for BDM actor tables and Decide exchange-model inputs, on the shared files."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.errors import InputError
from accord.io.bdm import read_bdm_csv
from accord.io.decide import read_decide


def test_bdm_example_scales(shared_data: Path) -> None:
    sc = read_bdm_csv(shared_data / "bdm" / "example_actors.csv")
    assert [a.id for a in sc.actors][:3] == ["Netherlands", "Belgium", "Luxembourg"]
    assert sc.issues[0].scale == (0.0, 10.0)
    sal = {p.actor: p.salience for p in sc.positions}
    assert sal["Denmark"] == pytest.approx(1.0) and sal["Ireland"] == pytest.approx(0.1)


def test_bdm_stakeholder_resources_columns(shared_data: Path) -> None:
    china = read_bdm_csv(shared_data / "bdm" / "china.csv")
    assert len(china.actors) == 24 and china.issues[0].scale == (0.0, 100.0)
    hond = read_bdm_csv(shared_data / "bdm" / "honduras_crisis.csv")
    assert hond.issues[0].scale == (0.0, 1.0)
    assert {p.actor: p.salience for p in hond.positions}["Costa Rica"] == pytest.approx(0.3)
    assert hond.actors[3].capability == pytest.approx(0.2550486)


def test_bdm_bad_number_names_line(tmp_path: Path) -> None:
    f = tmp_path / "bad.csv"
    f.write_text("Actor,Capability,Position,Salience\nA,1,5,50\nB,x,4,40\n")
    with pytest.raises(InputError, match=r"bad.csv:3.*Capability"):
        read_bdm_csv(f)
    f.write_text("Actor,Capability,Salience\nA,1,50\n")
    with pytest.raises(InputError, match="position"):
        read_bdm_csv(f)


def test_decide_files(shared_data: Path) -> None:
    cop = read_decide(shared_data / "decide" / "cop21.csv")
    assert len(cop.actors) == 15 and len(cop.issues) == 13 and len(cop.positions) == 181
    caps = {a.id: a.capability for a in cop.actors}
    assert caps["African_grp"] == pytest.approx(0.25)
    cph = read_decide(shared_data / "decide" / "copenhagen.csv")
    assert len(cph.actors) == 11 and len(cph.issues) == 7
    usa = {(p.actor, p.issue): (p.position, p.salience) for p in cph.positions}
    assert usa[("USA", "MRVdecrease")] == (90.0, 1.0)
    sample = read_decide(shared_data / "decide" / "sample_data.txt")
    assert {i.id: i.scale for i in sample.issues}["tol-hoogte"] == (0.5, 7.0)
    # every scenario read this way can be turned into model arrays
    assert sample.arrays().position.shape == (10, 6)


def test_decide_errors_name_line(tmp_path: Path, shared_data: Path) -> None:
    lines = (shared_data / "decide" / "copenhagen.csv").read_text().splitlines()
    k = next(i for i, ln in enumerate(lines) if ln.startswith("'#D'"))
    bad = lines.copy()
    bad[k] = bad[k].replace("'Newtreaty'", "'Nosuchissue'")
    f = tmp_path / "bad.csv"
    f.write_text("\n".join(bad) + "\n")
    with pytest.raises(InputError, match=rf"bad.csv:{k + 1}: .*undeclared issue"):
        read_decide(f)
    bad = lines.copy()
    bad[k] = bad[k].rsplit("\t", 1)[0] + "\tlots"
    f.write_text("\n".join(bad) + "\n")
    with pytest.raises(InputError, match=rf"bad.csv:{k + 1}: power"):
        read_decide(f)
