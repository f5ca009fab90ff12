"""`accord simulate` and `accord eval deu` through the real command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CLI = [sys.executable, "-m", "accord.cli.main"]
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "us-iran-2026" / "scenario.yaml"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(CLI + list(args), capture_output=True, timeout=600)


def test_eum_monte_carlo_same_bytes_twice() -> None:
    args = ("simulate", str(EXAMPLE), "--model", "eum", "--runs", "1000", "--seed", "1", "--json")
    first, second = _run(*args), _run(*args)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    out = json.loads(first.stdout)
    assert set(out) >= {"model", "issues", "confrontations", "converged", "rounds"}
    assert out["model"] == "eum" and out["runs"] == 1000
    for issue in out["issues"]:
        assert set(issue) == {"issue", "prediction", "rounds", "quantiles"}
        q = issue["quantiles"]
        assert q["q05"] <= q["q25"] <= q["q50"] <= q["q75"] <= q["q95"]
    # a different seed gives a different sample
    other = _run("simulate", str(EXAMPLE), "--model", "eum", "--runs", "1000", "--seed", "2",
                 "--json")
    assert other.stdout != first.stdout


def test_every_engine_runs_from_the_cli() -> None:
    for model in ("compromise", "nash", "eum", "smp"):
        proc = _run("simulate", str(EXAMPLE), "--model", model, "--json")
        assert proc.returncode == 0, (model, proc.stderr)
        assert json.loads(proc.stdout)["model"] == model


def test_ktab_csv_runs_through_the_cli(shared_data: Path) -> None:
    proc = _run("simulate", str(shared_data / "ktab" / "dummyData_3Dim.csv"), "--model", "smp",
                "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["rounds"] == 10 and out["converged"]


def test_eval_deu_table(shared_data: Path) -> None:
    proc = _run("eval", "deu", str(shared_data / "deu3_dev.tsv"), "--json")
    assert proc.returncode == 0, proc.stderr
    res = json.loads(proc.stdout)
    assert res["n"] > 200
    models = res["models"]
    assert {"compromise", "nash", "eum", "smp", "snapped"} <= set(models)
    for m in models.values():
        assert 0 < m["mae"] < 60 and 0 <= m["within10"] <= 1
    # fitted models are reported out of fold only, and the dev file says it is one
    assert models["snapped"]["evaluation"] == "out-of-fold"
    assert models["compromise"]["evaluation"] == "in-sample"
    assert res["development_file"] is True


def test_model_parameters_from_the_cli() -> None:
    base = json.loads(_run("simulate", str(EXAMPLE), "--model", "nash", "--json").stdout)
    costly = json.loads(_run("simulate", str(EXAMPLE), "--model", "nash", "-p",
                             "breakdown_cost=0.2", "--json").stdout)
    # textbook Nash with the status quo as disagreement point stays at the status quo here;
    # a costly breakdown opens a bargaining range and moves the solution
    assert base["issues"][0]["prediction"] == 50.0
    assert costly["issues"][0]["prediction"] != 50.0
    bad = _run("simulate", str(EXAMPLE), "--model", "eum", "-p", "votes=net")
    assert bad.returncode == 2 and b"--param" in bad.stderr


def test_ktab_xml_brings_its_own_smp_parameters(shared_data: Path) -> None:
    """smpExample.xml asks for stochastic transitions: seeds differ, a seed repeats."""
    xml = str(shared_data / "ktab" / "smpExample.xml")
    runs = [_run("simulate", xml, "--model", "smp", "--seed", str(s), "--json") for s in (3, 3, 4)]
    assert all(r.returncode == 0 for r in runs), runs[0].stderr
    assert runs[0].stdout == runs[1].stdout
    assert runs[0].stdout != runs[2].stdout


def test_every_shared_csv_loads_through_the_cli(shared_data: Path, tmp_path: Path) -> None:
    """KTAB CSVs (any column labels) and BDM CSVs are told apart by shape, not by names."""
    files = (sorted((shared_data / "ktab").glob("*.csv")) + sorted((shared_data / "bdm").glob("*.csv"))
             + sorted((shared_data / "decide").glob("*")))
    assert len(files) >= 13
    for f in files:
        proc = _run("scenario", "check", str(f))
        assert proc.returncode == 0, (f.name, proc.stderr)
    # accord's own KTAB CSV output reads back
    out = tmp_path / "sc.csv"
    assert _run("scenario", "convert", str(EXAMPLE), str(out)).returncode == 0
    back = _run("scenario", "check", str(out), "--json")
    assert back.returncode == 0, back.stderr
    assert len(json.loads(back.stdout)["positions"]) == 15
