"""DEU III reader and the validation of the models on real EU decisions."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from accord.errors import InputError
from accord.io.deu import read_deu
from accord.models.compromise import CompromiseModel
from accord.models.validation import blend_out_of_fold, eval_deu


def test_read_deu(shared_data: Path) -> None:
    issues = read_deu(shared_data / "deu3_dev.tsv")
    assert len(issues) == 233  # 241 coded issues, 8 without outcome skipped
    assert len({d.proposal for d in issues}) == 90
    first = issues[0]
    assert first.proposal == "1" and first.meta["prnr"] == "d00032" and first.outcome == 100.0
    assert first.reference_point == 0.0 and first.scenario.issues[0].status_quo == 0.0
    caps = {a.id: a.capability for a in first.scenario.actors}
    assert caps["COM"] == pytest.approx(4.1) and caps["FR"] == pytest.approx(2.8)
    # actors without a position are not active: Bulgaria (no position in 2000) is absent
    assert "BU" not in caps and len(first.scenario.actors) == 17
    assert all(0 <= p.salience <= 1 for d in issues for p in d.scenario.positions)


def test_read_deu_bad_value(tmp_path: Path, shared_data: Path) -> None:
    lines = (shared_data / "deu3_dev.tsv").read_text().splitlines()
    lines[3] = lines[3].replace("\t100\t", "\tabc\t", 1)
    f = tmp_path / "deu.tsv"
    f.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match=r"deu.tsv:4: column 'p\w+': not a number"):
        read_deu(f)


def test_eval_deu(shared_data: Path) -> None:
    path = shared_data / "deu3_dev.tsv"
    res = eval_deu(path, models=("compromise", "nash", "blend"))
    assert res["n"] == 233
    issues = read_deu(path)
    y = np.array([d.outcome for d in issues])
    pred = np.array([CompromiseModel().solve(d.scenario).issues[0].prediction for d in issues])
    assert res["models"]["compromise"]["mae"] == pytest.approx(np.abs(pred - y).mean(), abs=1e-3)
    for name in ("compromise", "nash", "blend"):
        m = res["models"][name]
        assert 0 < m["mae"] < 50 and 0 <= m["within10"] <= 1
    assert res["models"]["blend"]["out_of_fold"] is True
    # every outer fold chose its own parameters on the other folds only
    assert len(res["blend"]["chosen"]) == 10


def test_blend_oof_is_grouped(shared_data: Path) -> None:
    issues = read_deu(shared_data / "deu3_dev.tsv")
    a = blend_out_of_fold(issues, folds=5, seed=1)
    b = blend_out_of_fold(issues, folds=5, seed=1)
    assert a == b and len(a["chosen"]) == 5
