"""Command-line habits (issue 20, item 5): headers and legends, one-line errors at any
terminal width, impossible datelines stored undated, alternative country codes, `make demo`
saying how to run accord."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CLI = [sys.executable, "-m", "accord.cli.main"]
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "us-iran-2026"


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(CLI + args, cwd=cwd, env={**os.environ, **env}, capture_output=True,
                          text=True, timeout=300)


def test_long_failure_stays_one_line_at_40_columns(tmp_path: Path) -> None:
    """A failure longer than the terminal is one line on stderr (scripts read lines)."""
    deep: object = {"text": "x"}
    for _ in range(150):
        deep = {"a": deep}
    good = {"text": "Oman hosted talks between Iran and the United States on Monday.",
            "date": "2026-02-09"}
    (tmp_path / "mix.jsonl").write_text(json.dumps(good) + "\n" + json.dumps(deep) + "\n")
    proc = run(["--db", str(tmp_path / "a.db"), "ingest", "mix.jsonl"], tmp_path,
               COLUMNS="40", TERM="xterm", FORCE_COLOR="1")
    assert proc.returncode == 2, proc.stderr
    failed = [ln for ln in proc.stderr.splitlines() if "mix.jsonl:2" in ln]
    assert len(failed) == 1, proc.stderr
    assert "nested more than 100 levels deep" in failed[0], proc.stderr


def test_impossible_dateline_with_a_later_date_is_stored_undated(tmp_path: Path) -> None:
    """'February 30' in the dateline: stored with an unknown date and a warning, even when a
    real date follows in the text (it was 'cannot read: NoneType ... lower' before)."""
    (tmp_path / "a.txt").write_text(
        "TEHRAN, February 30, 2026 - Iran said it would send a delegation to Muscat, "
        "a week after the round of 6 February 2026.\n")
    proc = run(["--db", str(tmp_path / "a.db"), "ingest", "a.txt", "--json"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    item = json.loads(proc.stdout)["items"][0]
    assert item["status"] == "stored"
    assert "is not a real day" in item["note"]
    assert "February 30, 2026" in proc.stderr and "warning" in proc.stderr
    from accord.store import Store

    (art,) = Store(f"sqlite:///{tmp_path / 'a.db'}").articles()
    assert art.date is None


def test_alternative_country_codes_resolve() -> None:
    """XKX (EU, IMF, World Bank) and KSV (CAMEO) are Kosovo; withdrawn ISO codes map on."""
    from accord.api import resolve_actors
    from accord.situation.draft import table_actor

    assert resolve_actors("XKX,SRB") == ["KOS", "SRB"]
    assert resolve_actors(["ksv", "XKXGOV", "ROM", "ZAR", "GZS"]) == [
        "KOS", "KOSGOV", "ROU", "COD", "PSE"]
    assert resolve_actors("Kosovo") == ["KOS"]
    kos = table_actor("KOS")  # the capability table lists Kosovo under ISO's XKX
    assert kos.source.kind == "table" and kos.name == "Kosovo"


def test_xkx_on_the_command_line(tmp_path: Path) -> None:
    proc = run(["--db", str(tmp_path / "a.db"), "situation", "--actors", "XKX,SRB",
                "--as-of", "2024-01-01", "--json"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["actors"] == ["KOS", "SRB"]


def test_events_table_has_header_and_flag_legend(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "WASHINGTON, March 3, 2026 - The United States threatened Iran with strikes on "
        "Monday. Iran did not attack the carrier group.\n")
    db = str(tmp_path / "a.db")
    assert run(["--db", db, "ingest", "a.txt"], tmp_path).returncode == 0
    proc = run(["--db", db, "events"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split()[:4] == ["date", "type", "actor", "->"]
    assert "recipient" in lines[0] and "fl" in lines[0]
    legend = lines[-1]
    for flag in ("N negated", "H hypothetical", "P past", "F future"):
        assert flag in legend, legend
    assert any(ln.split()[1] == "THREATEN" for ln in lines[1:-1]), proc.stdout


def test_smp_confrontations_say_what_they_are(tmp_path: Path) -> None:
    proc = run(["simulate", str(EXAMPLE / "scenario.yaml"), "--model", "smp"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "on -" not in proc.stdout and "winner ?" not in proc.stdout
    assert "on all issues at once: challenge" in proc.stdout


def test_make_demo_says_how_to_run_accord() -> None:
    """The demo target ends by printing how to run accord (it is not on PATH)."""
    proc = subprocess.run(["make", "--no-print-directory", "-n", "demo"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    last = proc.stdout.strip().splitlines()[-1]
    assert ".venv/bin/accord --help" in last and ". .venv/bin/activate" in last
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    top = readme[:readme.index("## Python")]
    assert ".venv/bin/accord" in top and ". .venv/bin/activate" in top


def test_backtest_fit_file_names_both_files_it_writes(tmp_path: Path) -> None:
    """--fit-file X also writes signal_hazard.json beside X: said on stderr, and a gains file
    named signal_hazard.json (which the layer would overwrite) is refused."""
    import shutil

    from tests.conftest import SHARED, _need

    src = _need(SHARED / "data" / "crises")
    corpus = tmp_path / "corpus"
    for name in ("iran-israel-april-2024", "us-iran-soleimani-2020"):
        shutil.copytree(src / name, corpus / name)
    clash = run(["backtest", "corpus", "--fit-file", "fit/signal_hazard.json"], tmp_path)
    assert clash.returncode == 2 and "--fit-file" in clash.stderr
    proc = run(["backtest", "corpus", "--fit-file", "fit/gains.json", "--no-loo", "--maxiter",
                "1", "--runs", "100", "--json"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (tmp_path / "fit").iterdir()) == ["gains.json",
                                                                    "signal_hazard.json"]
    assert ("wrote the crisis-model gains to fit/gains.json and the signal-hazard layer to "
            "fit/signal_hazard.json") in proc.stderr
    json.loads(proc.stdout)  # stdout stays the JSON document


def test_situation_and_forecast_default_to_the_latest_article(tmp_path: Path) -> None:
    """A store of last year's news is read as of its latest article, not as of today, and
    the command says so; an explicit --as-of wins."""
    (tmp_path / "a.txt").write_text(
        "ATHENS, May 4, 2021 - Greek and Turkish warships shadowed each other near the "
        "island on Tuesday.\n")
    db = str(tmp_path / "a.db")
    assert run(["--db", db, "ingest", "a.txt"], tmp_path).returncode == 0
    sit = run(["--db", db, "situation", "--actors", "GRC,TUR", "--json"], tmp_path)
    assert sit.returncode == 0, sit.stderr
    assert json.loads(sit.stdout)["as_of"] == "2021-05-04"
    assert "as of 2021-05-04, the latest article date" in sit.stderr
    fc = run(["--db", db, "forecast", "--actors", "GRC,TUR", "--runs", "200", "--json"],
             tmp_path)
    assert fc.returncode == 0, fc.stderr
    assert json.loads(fc.stdout)["as_of"] == "2021-05-04"
    later = run(["--db", db, "situation", "--actors", "GRC,TUR", "--as-of", "2021-06-01",
                 "--json"], tmp_path)
    assert json.loads(later.stdout)["as_of"] == "2021-06-01"
    assert "latest article" not in later.stderr
