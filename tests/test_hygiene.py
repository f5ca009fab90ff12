"""Forecast hygiene: report dates, explain vs Monte Carlo noise, history groups, drafted issues."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from pathlib import Path

import pytest
import yaml

from _cli import ok, run
from accord.forecast.engine import explain, monte_carlo_noise
from accord.store import Store
from accord.types import Forecast

HAMAS = "israel-hamas-truce-nov-2023"


@pytest.fixture(scope="module")
def crisis_store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = shared_data / "crises" / HAMAS
    tmp = tmp_path_factory.mktemp("hygiene")
    db = f"sqlite:///{tmp / 'h.db'}"
    ok(run(["ingest", str(folder)], tmp, db))
    dates = [json.loads(p.read_text(encoding="utf-8"))["date"] for p in folder.glob("*.json")
             if p.name != "resolution.json"]
    return {"tmp": tmp, "db": db, "last": max(dates), "folder": folder}


def test_report_without_as_of_uses_the_last_article_date(crisis_store: dict) -> None:
    tmp, db, last = crisis_store["tmp"], crisis_store["db"], crisis_store["last"]
    assert last != dt.date.today().isoformat()
    ok(run(["report", "--actors", "Israel,Hamas", "--runs", "20", "-o", "r.html"], tmp, db))
    html = (tmp / "r.html").read_text(encoding="utf-8")
    assert f"As of <b>{last}</b>" in html


def _fc(outcomes: dict[str, float], day: int, horizon: int = 30, runs: int | None = 2000,
        question: str = "q") -> Forecast:
    return Forecast(question=question, as_of=dt.date(2026, 2, day), horizon_days=horizon,
                    outcomes=outcomes, runs=runs, inputs_hash=f"h{day}{horizon}",
                    model_version="test")


BASE = {"deal": 0.30, "talks_continue": 0.50, "collapse": 0.10, "strike": 0.10}
NOISY = {"deal": 0.305, "talks_continue": 0.495, "collapse": 0.10, "strike": 0.10}
MOVED = {"deal": 0.40, "talks_continue": 0.40, "collapse": 0.10, "strike": 0.10}


def test_explain_sets_aside_changes_within_monte_carlo_noise() -> None:
    a, b = _fc(BASE, 1), _fc(NOISY, 2)
    noise = monte_carlo_noise(a, b)
    assert noise["standard_error"]["deal"] == pytest.approx(math.sqrt(0.305 * 0.695 / 2000),
                                                            abs=1e-6)
    ignored: list[dict] = []
    assert explain(a, b, ignored=ignored) == []
    assert {m["name"] for m in ignored} == {"deal", "talks_continue"}
    moved = explain(a, _fc(MOVED, 2))
    assert [m["name"] for m in moved if m["kind"] == "outcome"] == ["deal", "talks_continue"]
    # fewer runs, more noise: the same 10-point move is noise at 20 runs
    few: list[dict] = []
    assert explain(_fc(BASE, 1, runs=20), _fc(MOVED, 2, runs=20), ignored=few) == []
    assert few


def test_explain_and_history_on_the_command_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'f.db'}"
    st = Store(db)
    for f in (_fc(BASE, 1, 7), _fc(BASE, 1, 30), _fc(MOVED, 3, 7), _fc(NOISY, 3, 30)):
        st.save_forecast(f)
    st.close()
    hist = json.loads(ok(run(["forecast", "history", "--json"], tmp_path, db)).stdout)
    groups = [(g["question"], g["horizon_days"], [f["as_of"] for f in g["forecasts"]])
              for g in hist["groups"]]
    assert groups == [("q", 7, ["2026-02-01", "2026-02-03"]),
                      ("q", 30, ["2026-02-01", "2026-02-03"])]
    text = ok(run(["forecast", "history"], tmp_path, db)).stdout.splitlines()
    # each group: its title, a header line, one line per forecast; a legend at the end
    assert text[0] == "q, horizon 7 days:" and text[4] == "q, horizon 30 days:"
    assert text[1].split()[:2] == ["as", "of"] and text[-1].startswith("P(yes):")
    # the newest forecast overall is the 30-day one: its change is within noise
    exp = json.loads(ok(run(["forecast", "explain", "--horizon", "30", "--json"], tmp_path,
                            db)).stdout)
    assert [c for c in exp["changes"] if c["kind"] == "outcome"] == []
    assert {m["name"] for m in exp["within_noise"]} == {"deal", "talks_continue"}
    assert exp["monte_carlo"]["runs"] == 2000
    out = ok(run(["forecast", "explain", "--horizon", "30"], tmp_path, db)).stdout
    assert "standard error" in out and "within Monte Carlo noise" in out
    assert "no change beyond Monte Carlo noise" in out
    seven = json.loads(ok(run(["forecast", "explain", "--horizon", "7", "--json"], tmp_path,
                              db)).stdout)
    assert {c["name"] for c in seven["changes"]} >= {"deal", "talks_continue"}


def test_issue_table_names_no_crisis() -> None:
    from accord.nlp.actors import load_actor_tables
    from accord.situation.draft import issue_table

    tables = load_actor_tables()
    places = {n.lower() for n in tables.country_names.values()}
    places |= {k for k, ms in tables.folded.items()
               if any(m.type in ("country", "demonym", "capital") for m in ms) and len(k) > 3}
    for iid, spec in issue_table().items():
        words = " ".join([spec["name"], spec["low"], spec["high"]]).lower()
        hits = [p for p in places if re.search(rf"\b{re.escape(p)}\b", words)]
        assert not hits, (iid, hits)


def test_draft_issues_come_from_this_crisis_and_unplaced_actors_are_named(
        crisis_store: dict) -> None:
    tmp, db = crisis_store["tmp"], crisis_store["db"]
    proc = ok(run(["scenario", "draft", "--actors", "Israel,Hamas,Norway"], tmp, db))
    sc = yaml.safe_load(proc.stdout)
    # a party the evidence cannot place is left out, and the draft says so and why
    assert "NOR" not in {a["id"] for a in sc["actors"]}
    assert "NOR left out of the draft: no stated stance" in sc["description"]
    assert "NOR left out of the draft" in proc.stderr and "by hand" in proc.stderr
    st = Store(db)
    ids = {a.id for a in st.articles()}
    st.close()
    for issue in sc["issues"]:
        backed = [p for p in sc["positions"] if p["issue"] == issue["id"]
                  and p["source"]["kind"] == "evidence"]
        assert backed, issue["id"]  # every issue is there because this crisis's evidence says so
        assert all(e["article_id"] in ids for p in backed for e in p["source"]["evidence"])
