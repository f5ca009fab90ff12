"""DEU III reader and the validation of the models on real EU decisions."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from accord import api
from accord.errors import InputError
from accord.io.deu import is_eu_legislative, read_deu
from accord.io.scenario_yaml import dump_scenario
from accord.models import get_model
from accord.models.compromise import CompromiseModel
from accord.models.procedural import FITTED, SnappedCompromiseModel, snap_to_options
from accord.models.validation import (
    active_only,
    blend_out_of_fold,
    default_model,
    eval_deu,
    fixed_errors,
    proposal_bootstrap,
)
from accord.types import Actor, Issue, Position, Scenario

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "us-iran-2026" / "scenario.yaml"


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
    roles = {a.id: a.role for a in first.scenario.actors}
    assert roles["COM"] == "EU institution" and roles["FR"] == "EU member state"
    assert all(0 <= p.salience <= 1 for d in issues for p in d.scenario.positions)


def test_read_deu_bad_value(tmp_path: Path, shared_data: Path) -> None:
    lines = (shared_data / "deu3_dev.tsv").read_text().splitlines()
    lines[3] = lines[3].replace("\t100\t", "\tabc\t", 1)
    f = tmp_path / "deu.tsv"
    f.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match=r"deu.tsv:4: column 'p\w+': not a number"):
        read_deu(f)


def test_eval_deu_intervals(shared_data: Path) -> None:
    path = shared_data / "deu3_dev.tsv"
    res = eval_deu(path, models=("nash", "blend", "snapped"), bootstrap=500, seed=3)
    assert res["n"] == 233 and res["proposals"] == 90
    assert res["method"]["unit"] == "proposal" and res["method"]["bootstrap"] == 500
    models = res["models"]
    # compromise, the reference, is always scored, first
    assert list(models) == ["compromise", "nash", "blend", "snapped"]
    issues = read_deu(path)
    y = np.array([d.outcome for d in issues])
    pred = np.array([CompromiseModel().solve(d.scenario).issues[0].prediction for d in issues])
    assert models["compromise"]["mae"] == pytest.approx(np.abs(pred - y).mean(), abs=1e-3)
    for name, m in models.items():
        lo, hi = m["mae_ci"]
        assert lo < m["mae"] < hi and hi - lo > 1.0, name  # a point is not an interval
        if name == "compromise":
            assert "vs_compromise" not in m
            continue
        vs = m["vs_compromise"]
        assert vs["ci"][0] < vs["diff"] < vs["ci"][1], name
        assert vs["diff"] == pytest.approx(m["mae"] - models["compromise"]["mae"], abs=1e-3)
        want = ("better" if vs["ci"][1] < 0 else "worse" if vs["ci"][0] > 0
                else "not distinguishable")
        assert vs["verdict"] == want
    # labels: only fitted models are out of fold, and they get no in-sample figure at all
    assert {n: m["evaluation"] for n, m in models.items()} == {
        "compromise": "in-sample", "nash": "in-sample",
        "blend": "out-of-fold", "snapped": "out-of-fold"}
    assert set(res["fits"]) == {"blend", "snapped"}
    for name in ("blend", "snapped"):
        fit = res["fits"][name]
        assert len(fit["chosen"]) == 10 and len(fit["split_mae"]) == 5
        assert models[name]["mae"] == pytest.approx(np.mean(fit["split_mae"]), abs=1e-3)
    # the model defaults are what grouped cross-validation picks on the whole file
    assert res["fits"]["snapped"]["fitted_on_all"] == {
        "capability_exponent": FITTED["capability_exponent"],
        "snap_distance": FITTED["snap_distance"]}
    # the development file is recognised, and a dev-file gain is never the last word
    assert res["development_file"] is True
    # figures the user's file cannot give (the held-out issues are not shipped) are not output
    assert "held_out" not in res
    if any(m.get("vs_compromise", {}).get("verdict") == "better" for m in models.values()):
        assert "on held-out DEU III issues no model beat compromise" in res["verdict"]
    else:
        assert res["verdict"].startswith("no model is better than compromise")


def test_eval_deu_same_seed_same_result(shared_data: Path) -> None:
    path = shared_data / "deu3_dev.tsv"
    a = eval_deu(path, models=("compromise", "nash"), bootstrap=300, seed=7)
    b = eval_deu(path, models=("compromise", "nash"), bootstrap=300, seed=7)
    c = eval_deu(path, models=("compromise", "nash"), bootstrap=300, seed=8)
    assert a == b
    assert a["models"]["compromise"]["mae"] == c["models"]["compromise"]["mae"]
    assert a["models"]["compromise"]["mae_ci"] != c["models"]["compromise"]["mae_ci"]
    with pytest.raises(InputError, match="--bootstrap"):
        eval_deu(path, models=("compromise",), bootstrap=10)


def test_bootstrap_resamples_proposals(shared_data: Path) -> None:
    """The bootstrap spread matches the cluster (by proposal) standard error of the MAE."""
    issues = read_deu(shared_data / "deu3_dev.tsv")
    err, _ = fixed_errors("compromise", issues)
    groups = np.array([d.proposal for d in issues])
    draws = proposal_bootstrap(err[:, None], groups, 3000, 11)[:, 0]
    _, gi = np.unique(groups, return_inverse=True)
    total, size = np.bincount(gi, err), np.bincount(gi)
    p, n, mae = len(size), len(err), err.mean()
    cluster_se = np.sqrt(p / (p - 1) * ((total - mae * size) ** 2).sum()) / n
    assert draws.std() == pytest.approx(cluster_se, rel=0.1)
    assert draws.mean() == pytest.approx(mae, abs=0.2)
    # the same seed draws the same resamples
    assert np.array_equal(proposal_bootstrap(err[:, None], groups, 3000, 11)[:, 0], draws)


def test_eval_deu_command_labels(shared_data: Path) -> None:
    from typer.testing import CliRunner

    from accord.cli.main import app

    path = str(shared_data / "deu3_dev.tsv")
    args = ["eval", "deu", path, "--models", "compromise,snapped", "--bootstrap", "200"]
    out = CliRunner().invoke(app, args)
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    row = {ln.split()[0]: ln for ln in lines if ln.startswith("  ") and ln.split()}
    assert "in-sample" in row["compromise"] and "reference" in row["compromise"]
    assert "out-of-fold" in row["snapped"] and "in-sample" not in row["snapped"]
    # the held-out MAEs are quoted figures, not computed from this file: not printed
    assert not any(ln.startswith("held-out") for ln in lines) and "21.1" not in out.output
    assert lines[-1].startswith("verdict: ")
    again = CliRunner().invoke(app, args)
    assert again.output == out.output
    js = CliRunner().invoke(app, [*args, "--json"])
    assert js.exit_code == 0
    res = json.loads(js.output)
    assert res["models"]["snapped"]["out_of_fold"] is True
    assert res["models"]["snapped"]["evaluation"] == "out-of-fold"


# ------------------------------------------------------------------ default model
def _eu_scenario(ids: list[str], roles: dict[str, str] | None = None) -> Scenario:
    roles = roles or {}
    return Scenario(
        actors=[Actor(id=a, capability=1.0 + k, role=roles.get(a)) for k, a in enumerate(ids)],
        issues=[Issue(id="i1")],
        positions=[Position(actor=a, issue="i1", position=10.0 * k, salience=0.5)
                   for k, a in enumerate(ids)])


def test_default_model_for_deu_is_compromise(shared_data: Path, tmp_path: Path) -> None:
    issues = read_deu(shared_data / "deu3_dev.tsv")
    assert all(is_eu_legislative(d.scenario) for d in issues)
    scen = active_only(issues[0].scenario)
    assert default_model(scen)[0] == "compromise"
    res = api.simulate(scen)
    comp = CompromiseModel().solve(scen).issues[0].prediction
    assert res.model == "compromise" and res.issues[0].prediction == pytest.approx(comp)
    assert any("held-out DEU III" in n for n in res.notes)
    # a user's choice wins, without the note
    named = api.simulate(scen, model="eum")
    assert named.model == "eum" and not any("held-out" in n for n in named.notes)
    # the same through the command line, from a YAML scenario written from the DEU row
    f = tmp_path / "deu.yaml"
    f.write_text(dump_scenario(scen))
    from typer.testing import CliRunner

    from accord.cli.main import app

    out = CliRunner().invoke(app, ["simulate", str(f), "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["model"] == "compromise"


def test_default_model_elsewhere_is_unchanged() -> None:
    scen = api.load_scenario(EXAMPLE)
    assert not is_eu_legislative(scen)
    res = api.simulate(scen)
    assert res.model == "eum" and res == api.simulate(scen, model="eum")
    # ISO codes and the Commission: EU; a bilateral pair of member states, or EU members
    # among outsiders, or a scale other than 0..100: not an EU legislative decision
    assert is_eu_legislative(_eu_scenario(["COM", "FRA", "DEU", "ITA"]))
    assert is_eu_legislative(_eu_scenario(["FRA", "DEU", "ITA", "ESP", "POL", "NLD"]))
    assert not is_eu_legislative(_eu_scenario(["FRA", "DEU"]))
    assert not is_eu_legislative(_eu_scenario(["FRA", "DEU", "ITA", "USA", "CHN", "RUS"]))
    wide = _eu_scenario(["COM", "FRA", "DEU"]).model_copy(
        update={"issues": [Issue(id="i1", scale=(0.0, 200.0))]})
    assert not is_eu_legislative(wide)


def test_blend_oof_is_grouped(shared_data: Path) -> None:
    issues = read_deu(shared_data / "deu3_dev.tsv")
    a = blend_out_of_fold(issues, folds=5, seed=1)
    b = blend_out_of_fold(issues, folds=5, seed=1)
    assert a == b and len(a["chosen"]) == 5


# ------------------------------------------------------------ snapped compromise model
def test_snap_to_options_rules() -> None:
    opts = np.array([[0.0, 40.0, 100.0], [0.0, 40.0, 100.0], [30.0, 50.0, 0.0],
                     [0.0, 40.0, 100.0]])
    valid = np.array([[True, True, True], [True, True, True], [True, True, False],
                      [True, False, True]])
    pred = np.array([33.0, 70.0, 40.0, 33.0])
    got = snap_to_options(pred, opts, valid, np.full(4, 10.0))
    # 33 -> 40 (7 away); 70 stays (30 from any option); 40 sits midway between 30 and 50:
    # a tie on both sides keeps the compromise; an invalid option (40) is never a target
    assert got.tolist() == [40.0, 70.0, 40.0, 33.0]
    assert snap_to_options(pred, opts, valid, np.zeros(4)).tolist() == pred.tolist()


def test_snapped_without_snapping_is_the_compromise(shared_data: Path) -> None:
    issues = read_deu(shared_data / "deu3_dev.tsv")[:60]
    plain = SnappedCompromiseModel(capability_exponent=1.0, snap_distance=0.0)
    comp = CompromiseModel()
    for d in issues:
        scen = active_only(d.scenario)
        assert plain.solve(scen).issues[0].prediction == pytest.approx(
            comp.solve(scen).issues[0].prediction)


def test_snapped_lands_on_options_and_batches(shared_data: Path) -> None:
    issues = read_deu(shared_data / "deu3_dev.tsv")
    model = get_model("snapped")
    snapped = 0
    for d in issues[:80]:
        scen = active_only(d.scenario)
        pred = model.solve(scen).issues[0].prediction
        opts = [p.position for p in scen.positions if p.salience > 0]
        if d.reference_point is not None:
            opts.append(d.reference_point)
        wide = CompromiseModel(capability_exponent=0.25).solve(scen).issues[0].prediction
        # either kept the compromise or moved at most 20 points to a stated option
        assert pred == pytest.approx(wide) or (
            min(abs(pred - o) for o in opts) < 1e-9 and abs(pred - wide) <= 20.0 + 1e-9)
        snapped += pred != pytest.approx(wide)
        # the batched (Monte Carlo) path gives the same forecast
        arr = scen.arrays()
        batch = model.solve_batch(arr.position[None], arr.salience[None],
                                  arr.capability[None], arr).prediction
        assert batch[0, 0] == pytest.approx(pred)
    assert snapped > 10


def test_snapped_contract_on_example() -> None:
    from accord.io.scenario_yaml import load_scenario

    path = Path(__file__).resolve().parents[1] / "examples" / "us-iran-2026" / "scenario.yaml"
    scen = load_scenario(path)
    res = get_model("snapped").solve(scen, rng=np.random.default_rng(0))
    arr = scen.arrays()
    assert [i.issue for i in res.issues] == [i.id for i in scen.issues]
    for k, ir in enumerate(res.issues):
        assert arr.position[:, k].min() - 1e-6 <= ir.prediction <= arr.position[:, k].max() + 1e-6
    with pytest.raises(ValueError):
        SnappedCompromiseModel(snap_distance=1.5)
