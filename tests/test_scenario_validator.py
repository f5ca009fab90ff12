"""Issue 20, item 3 without the crisis corpus: one validator for `scenario check`, `simulate`
and the Python API, naming the actor and field; the analyst's draft places a party only
where the evidence states its stance (mediators get a mediator's profile)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from accord.errors import ScenarioError
from accord.io.scenario_yaml import parse_scenario
from accord.situation.draft import draft_scenario
from accord.types import ActorRef, Claim, Event, Evidence

CLI = [sys.executable, "-m", "accord.cli.main"]

# MYS named as a party with no position: the draft of issue 20 that SMP refused by index
SILENT_PARTY = """\
name: silent party
actors:
  - {id: THA, capability: 0.01}
  - {id: KHM, capability: 0.002}
  - {id: MYS, capability: 0.005}
issues:
  - {id: border, low: withdraw, high: hold the line}
positions:
  - {actor: THA, issue: border, position: 80, salience: 0.7}
  - {actor: KHM, issue: border, position: 10, salience: 0.9}
"""


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(CLI + args, cwd=cwd, capture_output=True, text=True, timeout=300)


def test_check_and_simulate_refuse_with_the_same_line(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(SILENT_PARTY)
    check = run(["scenario", "check", "s.yaml"], tmp_path)
    smp = run(["simulate", "s.yaml", "--model", "smp"], tmp_path)
    assert check.returncode == 2 and smp.returncode == 2, (check.stderr, smp.stderr)
    assert check.stderr == smp.stderr
    (line,) = check.stderr.splitlines()
    assert line.startswith("accord: error: s.yaml: actors[MYS].salience: MYS has no position")
    assert "model smp" in line and "#2" not in line
    # models that can run it do, and `check --model` says so
    assert run(["simulate", "s.yaml", "--model", "compromise"], tmp_path).returncode == 0
    assert run(["scenario", "check", "s.yaml", "--model", "compromise"], tmp_path).returncode == 0
    zero = SILENT_PARTY.replace("positions:\n", "positions:\n  - {actor: MYS, issue: border, "
                                "position: 50, salience: 0}\n")
    (tmp_path / "z.yaml").write_text(zero)
    proc = run(["scenario", "check", "z.yaml"], tmp_path)
    assert proc.returncode == 2 and "actors[MYS].salience: MYS has salience 0 on every issue" \
        in proc.stderr, proc.stderr


def test_report_refuses_like_check(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(SILENT_PARTY)
    check = run(["scenario", "check", "s.yaml"], tmp_path)
    rep = run(["--db", str(tmp_path / "a.db"), "report", "--actors", "THA,KHM",
               "--scenario", "s.yaml", "-o", "r.html"], tmp_path)
    assert rep.returncode == 2 and rep.stderr.splitlines()[-1] == check.stderr.strip()


def test_python_api_gives_the_same_message() -> None:
    import accord

    sc = parse_scenario(SILENT_PARTY, where="s.yaml")  # shared limits only: loads
    with pytest.raises(ScenarioError, match=r"actors\[MYS\]\.salience: MYS has no position"):
        accord.simulate(sc, model="smp")
    with pytest.raises(ScenarioError, match=r"s\.yaml:\d+: actors\[MYS\]\.salience"):
        parse_scenario(SILENT_PARTY, where="s.yaml", model="smp")  # with the line


# ------------------------------------------------------------------ the analyst's draft
DAY = dt.date(2025, 7, 20)
DATES = {"a1": DAY}


def _ev(kind: str, actor: str, recipient: str, sentence: str, **flags: object) -> Event:
    return Event(type=kind, actor=[ActorRef(code=actor)], recipient=[ActorRef(code=recipient)],
                 quad=3 if kind == "THREATEN" else 1, score=-4.0 if kind == "THREATEN" else 1.0,
                 evidence=Evidence(article_id="a1", start=0, end=len(sentence),
                                   sentence=sentence), **flags)


def _claim(actor: str, issue: str, stance: str) -> Claim:
    return Claim(actor=ActorRef(code=actor), issue=issue, stance=stance,
                 evidence=Evidence(article_id="a1", start=0, end=10, sentence=stance))


EVENTS = [
    _ev("THREATEN", "THA", "KHM", "Thailand threatened to strike Cambodian artillery positions."),
    _ev("THREATEN", "KHM", "THA", "Cambodia warned Thailand of new tariffs and a halt to trade."),
    _ev("CONSULT", "MYS", "THA", "Malaysia offered to mediate between Thailand and Cambodia."),
]
CLAIMS = [
    _claim("THA", "ceasefire", "Thailand will not accept a ceasefire until the shelling stops"),
    _claim("KHM", "ceasefire", "Cambodia spoke about the ceasefire"),  # no stance term
]


def _positions(sc) -> dict[tuple[str, str], float]:  # noqa: ANN001
    return {(p.actor, p.issue): p.position for p in sc.positions}


def test_draft_places_only_what_the_evidence_states() -> None:
    notes: list[str] = []
    sc = draft_scenario(EVENTS, CLAIMS, DATES, ["THA", "KHM", "MYS", "LAO"], DAY,
                        evidence_only=True, notes=notes)
    pos = _positions(sc)
    # the military threat places Thailand; the trade warning does not place Cambodia at 75
    assert pos[("THA", "use_of_force")] == 75.0
    assert ("KHM", "use_of_force") in pos and pos[("KHM", "use_of_force")] == 0.0  # threatened
    assert sc.positions[[p.actor for p in sc.positions].index("KHM")].source.kind == "default"
    # a claim that states no stance gives no position, and the draft says so
    assert ("THA", "ceasefire") in pos and ("KHM", "ceasefire") not in pos
    assert any("issue ceasefire: the claims of KHM" in n for n in notes)
    # the mediator gets a mediator's profile with its evidence; Laos is left out, with why
    roles = {a.id: a.role for a in sc.actors}
    assert roles["MYS"] == "mediator" and "LAO" not in roles
    med = [p for p in sc.positions if p.actor == "MYS"]
    assert {p.issue for p in med} == {"use_of_force", "ceasefire"}
    assert all(p.salience == 0.3 and p.source.evidence for p in med)
    assert _positions(sc)[("MYS", "use_of_force")] == 37.5  # midway between 0 and 75
    assert any(n.startswith("LAO left out of the draft") for n in notes)
    assert "LAO left out" in sc.description
    # and the draft runs on every model the report runs
    from accord.io.scenario_yaml import REPORT_MODELS, problem_message

    assert all(problem_message(sc, m) is None for m in REPORT_MODELS)


def test_forecast_engine_draft_is_unchanged_by_default() -> None:
    """The forecast engine's inputs (its figures were measured on them) keep the old rules."""
    sc = draft_scenario(EVENTS, CLAIMS, DATES, ["THA", "KHM", "MYS"], DAY)
    pos = _positions(sc)
    assert pos[("KHM", "use_of_force")] == 75.0 and pos[("KHM", "ceasefire")] == 50.0
    assert {a.id for a in sc.actors} == {"THA", "KHM", "MYS"}


def test_demo_follows_the_scenarios_parties() -> None:
    """The demo reports on the example's parties as its scenario marks them (OMN and TUR
    are `role: mediator`), not on codes written into the pipeline."""
    from accord.io.scenario_yaml import load_scenario
    from accord.pipeline import parties

    example = Path(__file__).resolve().parents[1] / "examples" / "us-iran-2026"
    assert parties(load_scenario(example / "scenario.yaml")) == ["USA", "IRN", "ISR"]
    notes: list[str] = []
    sc = draft_scenario(EVENTS, CLAIMS, DATES, ["THA", "KHM", "MYS"], DAY,
                        evidence_only=True, notes=notes)
    assert parties(sc) == ["THA", "KHM"]
    src = (example.parents[1] / "src" / "accord" / "pipeline.py").read_text(encoding="utf-8")
    assert '"USA"' not in src and '"IRN"' not in src


def test_api_validate_refuses_like_check(tmp_path: Path) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from accord.server.app import Config, create_app
    from accord.store import Store

    st = Store(f"sqlite:///{tmp_path / 'a.db'}")
    with TestClient(create_app(Config(env_token="t" * 20), store=st),
                    raise_server_exceptions=False) as c:
        r = c.post("/api/scenarios/validate", content=SILENT_PARTY,
                   headers={"Content-Type": "application/yaml"})
        assert r.status_code == 422, r.text
        body = r.json()
        assert body["errors"][0]["field"] == "actors[MYS].salience"
        assert body["detail"].startswith("body: actors[MYS].salience: MYS has no position")
        ok = SILENT_PARTY.replace("  - {id: MYS, capability: 0.005}\n", "")
        r = c.post("/api/scenarios/validate", content=ok,
                   headers={"Content-Type": "application/yaml"})
        assert r.status_code == 200 and r.json()["valid"] is True
    st.close()


def test_draft_with_one_placeable_party_is_written_and_refused_by_check(tmp_path: Path) -> None:
    """Thailand states a stance on a ceasefire; Cambodia's only act is a trade warning and
    Laos does nothing: the one-party draft is written for the analyst to complete, each
    reason is a note, and check and every model refuse it with the same line."""
    from accord.io.scenario_yaml import dump_scenario

    notes: list[str] = []
    sc = draft_scenario([EVENTS[1]], CLAIMS[:1], DATES, ["THA", "KHM", "LAO"], DAY,
                        evidence_only=True, notes=notes)
    assert [a.id for a in sc.actors] == ["THA"]
    assert any(n.startswith("KHM left out") for n in notes)
    assert any(n.startswith("LAO left out") for n in notes)
    assert any(n.startswith("only THA could be placed") for n in notes)
    (tmp_path / "d.yaml").write_text(dump_scenario(sc))
    check = run(["scenario", "check", "d.yaml"], tmp_path)
    assert check.returncode == 2 and "actors: only THA: bargaining needs at least two" \
        in check.stderr, check.stderr
    for model in ("compromise", "nash", "eum", "smp"):
        sim = run(["simulate", "d.yaml", "--model", model], tmp_path)
        assert sim.returncode == 2 and sim.stderr == check.stderr, (model, sim.stderr)


def test_draft_threatened_party_that_fights_is_not_assumed_opposed_to_force() -> None:
    fight = [
        _ev("THREATEN", "THA", "KHM", "Thailand threatened to strike Cambodian artillery."),
        Event(type="ASSAULT", actor=[ActorRef(code="KHM")], recipient=[ActorRef(code="THA")],
              quad=4, score=-9.0, factuality="asserted",
              evidence=Evidence(article_id="a1", start=0, end=40,
                                sentence="Cambodian troops shelled Thai border posts on Monday.")),
        Event(type="MOBILIZE", actor=[ActorRef(code="KHM")], quad=4, score=-6.5, future=True,
              evidence=Evidence(article_id="a1", start=0, end=40,
                                sentence="Cambodia will deploy troops to its own border towns.")),
    ]
    claims = [*CLAIMS[:1], _claim("KHM", "ceasefire", "Cambodia will accept a ceasefire")]
    notes: list[str] = []
    sc = draft_scenario(fight, claims, DATES, ["THA", "KHM"], DAY, evidence_only=True,
                        notes=notes)
    pos = _positions(sc)
    assert pos[("THA", "use_of_force")] == 75.0
    # not 0 "assumed opposed to force" (it attacks), nor 70 from a deployment at home
    assert ("KHM", "use_of_force") not in pos and ("KHM", "ceasefire") in pos
    assert any(n.startswith("KHM is threatened by THA but reported attacking it") for n in notes)
