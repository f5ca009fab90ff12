"""The main job through the real CLI: demo, no look-ahead, reproducible forecasts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CLI = [sys.executable, "-m", "accord.cli.main", "--quiet"]
ROOT = Path(__file__).resolve().parents[1]

LATER = {
    "title": "Strikes reported after talks collapse",
    "date": "2026-03-01",
    "text": ("WASHINGTON, March 1, 2026 - The United States bombed Iranian nuclear sites on "
             "Sunday after the talks in Oman broke down, officials said. Iran accused "
             "Washington of aggression and threatened to retaliate against American bases."),
}


def run(args: list[str], cwd: Path, db: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, ACCORD_DB=db)
    return subprocess.run(CLI + args, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=900)


def test_demo_writes_report(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'accord.db'}"
    proc = run(["demo", str(ROOT / "examples" / "us-iran-2026"), "--runs", "200"], tmp_path, db)
    assert proc.returncode == 0, proc.stderr
    path = Path(proc.stdout.strip().splitlines()[-1].split("report: ", 1)[1])
    html = path.read_text(encoding="utf-8")
    for section in ("Forecast", "Situation", "Evidence: events, quotes, claims",
                    "Bargaining models", "Scenario drafted from the evidence"):
        assert section in html
    assert html.count("data:image/png;base64,") >= 3
    # running the demo again is safe: the article is stored once
    again = run(["demo", str(ROOT / "examples" / "us-iran-2026"), "--runs", "200"], tmp_path, db)
    assert again.returncode == 0, again.stderr
    info = json.loads(run(["db", "info", "--json"], tmp_path, db).stdout)
    assert info["counts"]["articles"] == 1


@pytest.fixture()
def seeded_store(tmp_path: Path, seed_article: Path) -> tuple[Path, str]:
    db = f"sqlite:///{tmp_path / 'a.db'}"
    assert run(["ingest", str(seed_article)], tmp_path, db).returncode == 0
    again = run(["extract"], tmp_path, db)  # ingest extracted already: says so, exit 0
    assert again.returncode == 0 and "nothing to extract" in again.stdout
    return tmp_path, db


FORECAST = ["forecast", "--actors", "USA,IRN,ISR", "--as-of", "2026-02-07", "--seed", "3",
            "--json"]


def test_forecast_reproducible_and_complete(seeded_store: tuple[Path, str]) -> None:
    cwd, db = seeded_store
    first, second = run(FORECAST, cwd, db), run(FORECAST, cwd, db)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    f = json.loads(first.stdout)
    assert set(f["outcomes"]) == {"deal", "talks_continue", "collapse", "strike"}
    assert abs(sum(f["outcomes"].values()) - 1) < 1e-6
    assert f["drivers"] and all(d["name"] and d["effect"] for d in f["drivers"])
    assert f["escalation"]["level"] >= 3  # a hypothetical threat and a deployment are on record
    # the same forecast made twice is stored once; another seed is another forecast
    hist = json.loads(run(["forecast", "history", "--json"], cwd, db).stdout)["forecasts"]
    assert len(hist) == 1
    run(FORECAST[:-2] + ["4", "--json"], cwd, db)
    hist = json.loads(run(["forecast", "history", "--json"], cwd, db).stdout)["forecasts"]
    assert len(hist) == 2  # the seed is part of the inputs hash


def test_no_look_ahead(seeded_store: tuple[Path, str]) -> None:
    cwd, db = seeded_store
    before = run(FORECAST, cwd, db)
    sit_before = run(["situation", "--actors", "USA,IRN,ISR", "--as-of", "2026-02-07", "--json"],
                     cwd, db)
    (cwd / "later.jsonl").write_text(json.dumps(LATER) + "\n", encoding="utf-8")
    assert run(["ingest", "later.jsonl"], cwd, db).returncode == 0
    assert run(["extract"], cwd, db).returncode == 0
    after = run(FORECAST, cwd, db)
    assert after.returncode == 0, after.stderr
    assert after.stdout == before.stdout
    sit_after = run(["situation", "--actors", "USA,IRN,ISR", "--as-of", "2026-02-07", "--json"],
                    cwd, db)
    assert sit_after.stdout == sit_before.stdout
    # the later evidence does count once the date has passed
    later = run(["forecast", "--actors", "USA,IRN,ISR", "--as-of", "2026-03-02", "--seed", "3",
                 "--json"], cwd, db)
    assert json.loads(later.stdout)["inputs_hash"] != json.loads(before.stdout)["inputs_hash"]


def test_scenario_draft_and_diff(seeded_store: tuple[Path, str]) -> None:
    cwd, db = seeded_store
    proc = run(["scenario", "draft", "--actors", "USA,IRN,ISR", "--as-of", "2026-02-07",
                "-o", "draft.yaml"], cwd, db)
    assert proc.returncode == 0, proc.stderr
    check = run(["scenario", "check", "draft.yaml", "--json"], cwd, db)
    assert check.returncode == 0, check.stderr
    sc = json.loads(check.stdout)
    assert {"USA", "IRN"} <= {a["id"] for a in sc["actors"]}
    assert sc["positions"] and all(p["source"]["kind"] for p in sc["positions"])
    diff = run(["scenario", "diff", "draft.yaml",
                str(ROOT / "examples" / "us-iran-2026" / "scenario.yaml"), "--json"], cwd, db)
    assert diff.returncode == 0, diff.stderr
    assert json.loads(diff.stdout)["changes"]


def test_scenario_draft_and_convert_write_into_a_new_folder(seeded_store: tuple[Path, str],
                                                            ) -> None:
    """The README's `-o reports/draft.yaml` works in a checkout with no reports/ yet."""
    cwd, db = seeded_store
    out = cwd / "new-folder" / "draft.yaml"
    assert not out.parent.exists()
    proc = run(["scenario", "draft", "--actors", "USA,IRN,ISR", "--as-of", "2026-02-07",
                "-o", str(out)], cwd, db)
    assert proc.returncode == 0, proc.stderr
    assert out.exists()
    csv = cwd / "other-folder" / "draft.csv"
    conv = run(["scenario", "convert", str(out), str(csv)], cwd, db)
    assert conv.returncode == 0, conv.stderr
    assert csv.exists()


def test_event_exports(seeded_store: tuple[Path, str]) -> None:
    import csv
    import io

    import pyarrow.parquet as pq

    cwd, db = seeded_store
    js = json.loads(run(["events", "--json"], cwd, db).stdout)
    assert js["count"] == len(js["events"]) > 5
    keys = {"type", "mode", "context", "actor", "recipient", "date", "location", "negated",
            "hypothetical", "historical", "future", "quad", "score", "confidence", "evidence"}
    assert keys <= set(js["events"][0])
    rows = list(csv.DictReader(io.StringIO(run(["events", "--csv"], cwd, db).stdout)))
    assert len(rows) == js["count"]
    assert run(["events", "--parquet", "ev.parquet"], cwd, db).returncode == 0
    assert pq.read_table(cwd / "ev.parquet").num_rows == js["count"]
    plover = [json.loads(x) for x in run(["events", "--plover"], cwd, db).stdout.splitlines()]
    assert len(plover) == js["count"]
    assert {"id", "date", "event", "mode", "context", "actor", "recipient", "quad_code",
            "event_scale", "text"} <= set(plover[0])
    assert isinstance(plover[0]["event"], list) and "entity_text" in plover[0]["actor"][0]
    usa_irn = run(["events", "--actors", "IRN", "--types", "ASSAULT", "--json"], cwd, db)
    assert all(e["type"] == "ASSAULT" for e in json.loads(usa_irn.stdout)["events"])


def test_questions_explain_resolve_score(seeded_store: tuple[Path, str]) -> None:
    cwd, db = seeded_store
    assert run(["forecast", "question", "deal30", "--text", "Deal within 30 days?",
                "--resolves", "2026-03-09"], cwd, db).returncode == 0
    (cwd / "later.jsonl").write_text(json.dumps(LATER) + "\n", encoding="utf-8")
    run(["ingest", "later.jsonl"], cwd, db)
    run(["extract"], cwd, db)
    for day in ("2026-02-07", "2026-03-02"):
        proc = run(["forecast", "--actors", "USA,IRN,ISR", "--as-of", day, "--question", "deal30",
                    "--json"], cwd, db)
        assert proc.returncode == 0, proc.stderr
    exp = json.loads(run(["forecast", "explain", "--question", "deal30", "--json"], cwd, db).stdout)
    assert exp["changes"] and exp["current"]["as_of"] == "2026-03-02"
    # the strike reported on 1 March raises the escalation level
    assert exp["current"]["escalation"]["level"] > exp["previous"]["escalation"]["level"]
    bad = run(["forecast", "resolve", "deal30", "maybe"], cwd, db)
    assert bad.returncode == 2 and "maybe" in bad.stderr
    assert run(["forecast", "resolve", "deal30", "strike"], cwd, db).returncode == 0
    score = run(["forecast", "score", "--plot", "rel.png", "--json"], cwd, db)
    assert score.returncode == 0, score.stderr
    res = json.loads(score.stdout)
    assert res["n"] == 2 and 0 <= res["brier"] <= 2 and len(res["calibration"]) == 10
    assert (cwd / "rel.png").stat().st_size > 1000
