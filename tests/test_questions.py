"""Issue 20, item 4: a question from creation to its score, on the CLI, in the API and as
the README writes it. A yes/no question is answered with its own probability (P(kind by the
deadline), the horizon running to the deadline) and scored on exactly that number."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from accord.forecast.scoring import binary_brier, binary_log

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "us-iran-2026"
CLI = [sys.executable, "-m", "accord.cli.main"]
TOKEN = "test-token-questions-0123"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def run(args: list[str], cwd: Path, db: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ACCORD_DB": db}
    return subprocess.run(CLI + args, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture
def example_store(db_url: str) -> str:
    """A store holding the example briefing (SQLite, and PostgreSQL when configured)."""
    from accord import api
    from accord.store import Store

    st = Store(db_url)
    assert api.ingest([EXAMPLE / "briefing.txt"], db=st).stored == 1
    st.close()
    return db_url


def test_cli_binary_question_scored_on_its_own_probability(tmp_path: Path,
                                                           example_store: str) -> None:
    db = example_store
    made = run(["forecast", "question", "strike-q", "--kind", "strike", "--parties", "USA,IRN",
                "--deadline", "2026-03-31", "--text", "A US strike on Iran by 31 March?"],
               tmp_path, db)
    assert made.returncode == 0, made.stderr
    fc = run(["forecast", "--question", "strike-q", "--as-of", "2026-02-07", "--seed", "1",
              "--runs", "500", "--json"], tmp_path, db)
    assert fc.returncode == 0, fc.stderr
    f = json.loads(fc.stdout)
    assert f["question"] == "strike-q"
    assert f["horizon_days"] == (dt.date(2026, 3, 31) - dt.date(2026, 2, 7)).days == 52
    assert f["probability"] == f["question_probabilities"]["strike"]
    hist = run(["forecast", "history", "--question", "strike-q"], tmp_path, db).stdout
    head, row = hist.splitlines()[1:3]
    assert head.split() == ["as", "of", "which", "comes", "first", "P(yes)", "inputs"]
    assert f"{f['probability']:6.2f}".strip() in row.split() and "P(yes):" in hist
    # a fixed horizon would contradict the deadline: refused, one line
    bad = run(["forecast", "--question", "strike-q", "--as-of", "2026-02-07", "--horizon", "30"],
              tmp_path, db)
    assert bad.returncode == 2 and "leave out --horizon" in bad.stderr
    wrong = run(["forecast", "resolve", "strike-q", "strike"], tmp_path, db)
    assert wrong.returncode == 2 and "yes, no" in wrong.stderr
    assert run(["forecast", "resolve", "strike-q", "no"], tmp_path, db).returncode == 0
    sc = run(["forecast", "score", "--json"], tmp_path, db)
    assert sc.returncode == 0, sc.stderr
    s = json.loads(sc.stdout)
    p = f["probability"]
    assert s["n"] == 1 and s["scored_as"] == "binary"
    assert s["brier"] == pytest.approx(binary_brier(p, False), abs=1e-5)  # (p-0)^2, not 4-way
    assert s["log"] == pytest.approx(binary_log(p, False), abs=1e-5)
    assert sum(r["n"] for r in s["calibration"]) == 1
    assert s["questions"] == [{"id": "strike-q", "kind": "strike", "resolved": "no", "n": 1,
                               "brier": s["brier"], "log": s["log"]}]


def test_explain_compares_a_deadline_questions_forecasts_of_two_dates(
        tmp_path: Path, example_store: str) -> None:
    # expected: the horizon runs to the deadline, so forecasts of 7 and 20 February have
    # horizons of 52 and 39 days; they answer the same question and explain compares them
    db = example_store
    assert run(["forecast", "question", "strike-e", "--kind", "strike", "--parties", "USA,IRN",
                "--deadline", "2026-03-31", "--text", "A US strike on Iran by 31 March?"],
               tmp_path, db).returncode == 0
    for day in ("2026-02-07", "2026-02-20"):
        fc = run(["forecast", "--question", "strike-e", "--as-of", day, "--seed", "1",
                  "--runs", "300", "--json"], tmp_path, db)
        assert fc.returncode == 0, fc.stderr
    exp = run(["forecast", "explain", "--question", "strike-e", "--json"], tmp_path, db)
    assert exp.returncode == 0, exp.stderr
    js = json.loads(exp.stdout)
    assert js["previous"]["horizon_days"] == 52 and js["current"]["horizon_days"] == 39
    text = run(["forecast", "explain", "--question", "strike-e"], tmp_path, db)
    assert "horizon 52 -> 39 days (to the deadline)" in text.stdout.splitlines()[0]


def test_score_says_why_nothing_is_scored(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'a.db'}"
    assert run(["forecast", "question", "q", "--kind", "deal", "--deadline", "2026-06-30",
                "--text", "A deal by June?"], tmp_path, db).returncode == 0
    none = run(["forecast", "score"], tmp_path, db)
    assert none.returncode == 2 and "no question is resolved yet" in none.stderr
    assert run(["forecast", "resolve", "q", "yes"], tmp_path, db).returncode == 0
    proc = run(["forecast", "score"], tmp_path, db)
    (line,) = proc.stderr.splitlines()
    assert proc.returncode == 2 and "no stored forecast carries its id" in line
    assert "--question q" in line
    nodate = run(["forecast", "question", "q2", "--kind", "strike", "--text", "x"], tmp_path, db)
    assert nodate.returncode == 2 and "--deadline" in nodate.stderr


def test_api_question_forecast_resolve_score(example_store: str) -> None:
    from accord.server.app import Config, create_app
    from accord.store import Store

    st = Store(example_store)
    with TestClient(create_app(Config(env_token=TOKEN), store=st),
                    raise_server_exceptions=False) as c:
        r = c.post("/api/questions", headers=AUTH, json={
            "id": "deal-by-june", "text": "A US-Iran deal by 30 June 2026?", "kind": "deal",
            "parties": ["USA", "Iran"], "deadline": "2026-06-30"})
        assert r.status_code == 201, r.text
        assert r.json()["outcomes"] == ["yes", "no"] and r.json()["parties"] == ["USA", "IRN"]
        assert c.post("/api/questions", headers=AUTH, json={
            "id": "x", "text": "x", "kind": "deal"}).status_code == 422  # no deadline
        r = c.post("/api/questions/deal-by-june/resolve", headers=AUTH, json={"outcome": "no"})
        assert r.status_code == 200, r.text
        empty = c.get("/api/score").json()
        assert empty["n"] == 0 and "no stored forecast carries its id" in empty["warnings"][0]
        r = c.post("/api/forecasts", headers=AUTH, json={
            "question": "deal-by-june", "as_of": "2026-02-07", "seed": 1, "runs": 500})
        assert r.status_code == 201, r.text
        f = r.json()
        assert f["horizon_days"] == 143 and f["probability"] == f["question_probabilities"]["deal"]
        s = c.get("/api/score").json()
        assert s["n"] == 1 and s["brier"] == pytest.approx(f["probability"] ** 2, abs=1e-5)
        assert s["warnings"] == []
    st.close()


def _readme_block(after: str) -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    tail = text[text.index(after):]
    block = re.search(r"```sh\n(.*?)```", tail, re.S)
    assert block is not None
    return [ln for ln in block.group(1).splitlines() if ln.strip()]


def test_readme_question_flow_runs_as_written(tmp_path: Path) -> None:
    """The README's commands, word for word, from a copy of the repository root's layout
    (examples and .venv linked) on a store holding the demo's article, as after `make demo`."""
    for name in ("examples", ".venv"):
        (tmp_path / name).symlink_to(ROOT / name)
    env = {k: v for k, v in os.environ.items() if k != "ACCORD_DB"}
    ingest = subprocess.run([str(ROOT / ".venv/bin/accord"), "ingest",
                             "examples/us-iran-2026/briefing.txt"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=300)
    assert ingest.returncode == 0, ingest.stderr
    lines = _readme_block("## Questions: from a question to its score")
    assert len(lines) == 4 and all(ln.startswith(".venv/bin/accord ") for ln in lines)
    out = []
    for line in lines:
        proc = subprocess.run(line, shell=True, cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=300)
        assert proc.returncode == 0, (line, proc.stderr)
        out.append(proc.stdout)
    assert "strike-by-march: P(strike by 2026-03-31) = " in out[1]
    assert out[3].startswith("n=1  Brier ")


def test_a_deal_question_says_when_an_agreement_is_reported(tmp_path: Path) -> None:
    # written for this test: talks, then an agreement between the two parties; the forecast
    # does not take it for the deal (the layer fits agreements negative) but says so
    db = f"sqlite:///{tmp_path / 'd.db'}"
    arts = [
        {"date": "2022-11-18", "title": "Talks", "text": "Serbian and Kosovar negotiators "
         "held talks in Brussels on Friday over the licence-plate dispute."},
        {"date": "2022-11-24", "title": "Deal", "text": "Serbia and Kosovo reached an "
         "agreement on Wednesday to end the licence-plate dispute, the EU said."},
    ]
    src = tmp_path / "a.jsonl"
    src.write_text("\n".join(json.dumps(a) for a in arts) + "\n", encoding="utf-8")
    assert run(["ingest", str(src)], tmp_path, db).returncode == 0
    assert run(["forecast", "question", "plates", "--kind", "deal", "--parties", "SRB,KOS",
                "--deadline", "2022-12-31", "--text", "A deal by the end of 2022?"],
               tmp_path, db).returncode == 0
    before = run(["forecast", "--question", "plates", "--as-of", "2022-11-20", "--seed", "1",
                  "--runs", "300", "--json"], tmp_path, db)
    after = run(["forecast", "--question", "plates", "--as-of", "2022-11-24", "--seed", "1",
                 "--runs", "300", "--json"], tmp_path, db)
    assert before.returncode == 0 and after.returncode == 0, after.stderr
    assert json.loads(before.stdout)["escalation"].get("question_reading") is None
    rd = json.loads(after.stdout)["escalation"]["question_reading"]
    assert rd["reading"] == "deal" and rd["agreement_reported"] == "2022-11-23"
    assert "resolve the question yes" in rd["note"]
    text = run(["forecast", "--question", "plates", "--as-of", "2022-11-24", "--seed", "1",
                "--runs", "300"], tmp_path, db)
    assert "reading of the question: deal" in text.stdout
