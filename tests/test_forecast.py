"""Forecast engine, scoring and backtest: no look-ahead, same seed same bytes, drivers."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from _situation_seed import ACTORS, AID, DAY, seed_claims, seed_events
from accord.forecast.backtest import backtest, plot_history
from accord.forecast.engine import explain, make_forecast
from accord.forecast.scoring import (
    binary_pairs,
    brier,
    calibration_table,
    log_score,
    mean_scores,
    reliability_plot,
)
from accord.types import OUTCOMES, ActorRef, Article, Event, Evidence, Extraction, Question

DATES = {AID: DAY}
RUNS = 1500


@pytest.fixture(autouse=True)
def _structural_only(monkeypatch):  # noqa: ANN001, ANN202
    """These tests are about the crisis model's own state effects, so the signal-hazard layer
    on top of it (tests/test_signal_hazard.py) is turned off here."""
    monkeypatch.setenv("ACCORD_SIGNAL_FIT", "none")


def _late_events(aid: str) -> list[Event]:
    ev = Evidence(article_id=aid, start=0, end=10, sentence="Strikes hit sites in Iran.")
    return [Event(type="ASSAULT", actor=[ActorRef(code="USAMIL")], recipient=[ActorRef(code="IRN")],
                  quad=4, score=-9.5, confidence=0.9, evidence=ev)]


def test_forecast_on_seed_situation() -> None:
    f = make_forecast(seed_events(), seed_claims(), DATES, ACTORS, DAY, horizon_days=30, seed=1,
                      runs=RUNS)
    assert set(f.outcomes) == set(OUTCOMES)
    assert sum(f.outcomes.values()) == pytest.approx(1.0, abs=1e-9)
    assert f.escalation["level"] == 4 and f.escalation["evidence"]
    assert set(f.escalation["outlook"]) == {"7", "30", "90"}
    names = " | ".join(d.name for d in f.drivers)
    assert "mobilization" in names and "precedent" in names and "ally ISR" in names
    weighted = [d for d in f.drivers if d.weight > 0]
    assert weighted == sorted(weighted, key=lambda d: -d.weight)
    assert any(d.evidence for d in f.drivers)
    assert f.model_version and len(f.inputs_hash) == 64
    # deployments, a precedent and an independent-minded ally make a strike likelier than
    # the neutral ICB prior at the same horizon
    prior = next(d for d in f.drivers if d.name.startswith("base rates"))
    p_strike_prior = float(prior.effect.split("strike ")[1])
    assert f.outcomes["strike"] > p_strike_prior


def test_same_inputs_same_seed_same_bytes_and_seed_matters() -> None:
    a = make_forecast(seed_events(), seed_claims(), DATES, ACTORS, DAY, seed=4, runs=RUNS)
    b = make_forecast(list(reversed(seed_events())), seed_claims(), dict(DATES), ACTORS, DAY,
                      seed=4, runs=RUNS)
    assert a.model_dump_json() == b.model_dump_json()
    c = make_forecast(seed_events(), seed_claims(), DATES, ACTORS, DAY, seed=5, runs=RUNS)
    assert c.inputs_hash != a.inputs_hash


def test_no_look_ahead() -> None:
    base = make_forecast(seed_events(), seed_claims(), DATES, ACTORS, DAY, seed=2, runs=RUNS)
    later = "later-article"
    dates = {**DATES, later: DAY + dt.timedelta(days=1)}
    events = seed_events() + _late_events(later) + seed_events(aid=later)
    claims = seed_claims() + seed_claims(aid=later)
    more = make_forecast(events, claims, dates, ACTORS, DAY, seed=2, runs=RUNS)
    assert more.model_dump_json() == base.model_dump_json()
    # an event dated after as_of inside an old article is also ignored
    future = _late_events(AID)[0].model_copy(update={"date": DAY + dt.timedelta(days=5)})
    same = make_forecast(seed_events() + [future], seed_claims(), DATES, ACTORS, DAY, seed=2,
                         runs=RUNS)
    assert same.model_dump_json() == base.model_dump_json()
    # once the day comes, the strike is seen
    after = make_forecast(events, claims, dates, ACTORS, DAY + dt.timedelta(days=1), seed=2,
                          runs=RUNS)
    assert after.escalation["level"] >= 5
    moves = explain(base, after)
    assert moves[0]["kind"] == "outcome"
    assert any(m["kind"] == "escalation" for m in moves)


def test_scores() -> None:
    p = {"deal": 0.5, "talks_continue": 0.3, "collapse": 0.1, "strike": 0.1}
    assert brier(p, "deal") == pytest.approx(0.25 + 0.09 + 0.01 + 0.01)
    assert log_score(p, "strike") == pytest.approx(-math.log(0.1))
    sure = {"deal": 1.0, "talks_continue": 0.0, "collapse": 0.0, "strike": 0.0}
    assert brier(sure, "deal") == 0.0 and brier(sure, "strike") == 2.0
    m = mean_scores([(p, "deal"), (sure, "deal")])
    assert m["n"] == 2 and m["brier"] == pytest.approx(0.18)
    with pytest.raises(ValueError):
        brier(p, "war")


def test_calibration_table_and_plot(tmp_path) -> None:
    pairs = [(0.05, False)] * 9 + [(0.05, True)] + [(0.95, True)] * 9 + [(0.95, False)]
    t = calibration_table(pairs, bins=10)
    assert len(t) == 10 and sum(r["n"] for r in t) == 20
    assert t[0]["observed"] == pytest.approx(0.1) and t[9]["observed"] == pytest.approx(0.9)
    assert t[5]["n"] == 0 and t[5]["observed"] is None
    flat = binary_pairs([({"deal": 0.7, "talks_continue": 0.2, "collapse": 0.05,
                           "strike": 0.05}, "deal")])
    assert flat[0] == (0.7, True) and sum(y for _, y in flat) == 1
    png = reliability_plot(t, tmp_path / "rel.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_backtest_replays_by_date(tmp_path) -> None:
    day2 = DAY + dt.timedelta(days=3)
    a1 = Article(id=AID, text="first", date=DAY)
    a2 = Article(id="second", text="second", date=day2)
    x1 = Extraction(article=a1, events=seed_events(), claims=seed_claims())
    x2 = Extraction(article=a2, events=_late_events("second"))
    q = Question(id="usa-irn-q1", text="How will the US-Iran standoff stand on 31 March 2026?",
                 resolution_date=dt.date(2026, 3, 31))
    fs = backtest([x2, x1], ACTORS, q, seed=3, runs=RUNS)
    assert [f.as_of for f in fs] == [DAY, day2]
    assert [f.horizon_days for f in fs] == [52, 49]
    assert all(f.question == "usa-irn-q1" for f in fs)
    # the first forecast equals a direct forecast with only the first day's evidence
    direct = make_forecast(seed_events(), seed_claims(), DATES, ACTORS, DAY, horizon_days=52,
                           seed=3, question=q, runs=RUNS)
    assert fs[0].model_dump_json() == direct.model_dump_json()
    assert fs[1].escalation["level"] >= 5
    png = plot_history(fs, tmp_path / "history.png")
    assert png.read_bytes()[:4] == b"\x89PNG"


def test_pipeline_on_seed_article(seed_article) -> None:
    from accord.nlp import pipeline  # the project's own module: a broken import fails
    from accord.situation.draft import draft_scenario
    from accord.situation.timeline import situation

    art = Article(text=seed_article.read_text(encoding="utf-8"), date=DAY)
    x = next(iter(pipeline.extract_articles([art])))
    dates = {art.id: DAY}
    s = situation(x.events, dates, ACTORS, DAY)
    assert s["timeline"] and s["dyads"]
    assert s["escalation"]["level"] >= 3  # at least threats: the deployment and the warning
    assert s["escalation"]["evidence"]
    assert all(e["evidence"]["article_id"] == art.id for e in s["escalation"]["evidence"])
    sc = draft_scenario(x.events, x.claims, dates, ACTORS, DAY)
    assert {p.issue for p in sc.positions} & {"talks_scope", "use_of_force"}
    f = make_forecast(x.events, x.claims, dates, ACTORS, DAY, seed=0, runs=RUNS)
    assert sum(f.outcomes.values()) == pytest.approx(1.0, abs=1e-9)
    assert f.drivers and any(d.evidence for d in f.drivers)


# ---------------------------------------------------------------- state: evidence moves it
LATER_DAY = DAY + dt.timedelta(days=13)
AS_OF = DAY + dt.timedelta(days=14)
LATER_AID = "later-2026-02-20"


def _news(type_: str, actor: list[str], recipient: list[str], sentence: str, score: float,
          quad: int, start: int = 0, **flags: object) -> Event:
    """A hand-built event reported in the later article (dated LATER_DAY)."""
    return Event(type=type_, actor=[ActorRef(code=c) for c in actor],
                 recipient=[ActorRef(code=c) for c in recipient], score=score, quad=quad,
                 confidence=0.9, evidence=Evidence(article_id=LATER_AID, start=start,
                                                   end=start + len(sentence), sentence=sentence),
                 **flags)


STRIKE_SENTENCE = "American aircraft bombed Iranian nuclear facilities overnight."


def _strike(**flags: object) -> Event:
    return _news("ASSAULT", ["USAMIL"], ["IRN"], STRIKE_SENTENCE, -9.5, 4, **flags)


def _fc(extra: list[Event], seed: int = 1, horizon: int = 30):
    dates = {AID: DAY, LATER_AID: LATER_DAY}
    return make_forecast(seed_events() + extra, seed_claims(), dates, ACTORS, AS_OF,
                         horizon_days=horizon, seed=seed, runs=RUNS)


def test_recent_strike_changes_the_state_not_only_beliefs() -> None:
    quiet, hit = _fc([]), _fc([_strike()])
    assert hit.outcomes["strike"] >= 2 * quiet.outcomes["strike"]
    assert hit.outcomes["strike"] - quiet.outcomes["strike"] > 0.25
    assert hit.outcomes["talks_continue"] < quiet.outcomes["talks_continue"] - 0.2
    assert sum(hit.outcomes.values()) == pytest.approx(1.0, abs=1e-9)
    # the driver names the event and carries its sentence
    force = next(d for d in hit.drivers if d.name.startswith("force in use"))
    assert "USA ASSAULT -> IRN" in force.name and force.weight > 0.2
    assert [e.sentence for e in force.evidence] == [STRIKE_SENTENCE]
    assert hit.drivers[0] is force  # the largest driver


def test_strike_effect_dominates_seed_noise() -> None:
    seeds = range(4)
    quiet = [_fc([], seed=s).outcomes["strike"] for s in seeds]
    hit = [_fc([_strike()], seed=s).outcomes["strike"] for s in seeds]
    spread = max(quiet) - min(quiet)
    assert min(h - q for h, q in zip(hit, quiet, strict=True)) > 10 * spread


def test_flagged_strikes_are_not_actual_strikes() -> None:
    quiet, hit = _fc([]), _fc([_strike()])
    rise = hit.outcomes["strike"] - quiet.outcomes["strike"]
    for flags in ({"historical": True}, {"hypothetical": True}, {"negated": True}):
        other = _fc([_strike(**flags)])
        assert other.outcomes["strike"] - quiet.outcomes["strike"] < 0.25 * rise, flags
        assert not any(d.name.startswith("force in use") for d in other.drivers), flags
    # a hypothetical strike is a threat: it raises the strike hazard, moderately
    threat = _fc([_strike(hypothetical=True)])
    assert threat.outcomes["strike"] > quiet.outcomes["strike"]


def test_stale_strike_weighs_less_than_a_fresh_one() -> None:
    fresh = _fc([_strike()])
    old_day = AS_OF - dt.timedelta(days=25)
    dates = {AID: DAY, LATER_AID: old_day}
    stale = make_forecast(seed_events() + [_strike()], seed_claims(), dates, ACTORS, AS_OF,
                          horizon_days=30, seed=1, runs=RUNS)
    quiet = _fc([])
    assert quiet.outcomes["strike"] < stale.outcomes["strike"] < fresh.outcomes["strike"]


def test_refusal_of_talks_raises_collapse() -> None:
    quiet = _fc([])
    no = _fc([_news("REJECT", ["IRNGOV"], ["USAGOV"],
                    "Tehran ruled out any further talks with Washington.", -4.0, 3)])
    assert no.outcomes["collapse"] > quiet.outcomes["collapse"] + 0.15
    assert no.outcomes["talks_continue"] < quiet.outcomes["talks_continue"]
    d = next(d for d in no.drivers if d.name.startswith("talks refused"))
    assert d.evidence[0].sentence.startswith("Tehran ruled out")
    # talks reported on a later day void the refusal
    resumed = _fc([_news("REJECT", ["IRNGOV"], ["USAGOV"],
                         "Tehran ruled out any further talks with Washington.", -4.0, 3,
                         date=LATER_DAY - dt.timedelta(days=2)),
                   _news("CONSULT", ["USAGOV"], ["IRNGOV"],
                         "Envoys of both sides met in Muscat.", 4.0, 1, start=60)])
    assert resumed.outcomes["collapse"] <= quiet.outcomes["collapse"] + 0.02


def test_framework_agreement_raises_deal() -> None:
    quiet = _fc([])
    sentence = "Washington and Tehran agreed on a framework for a nuclear deal."
    deal = _fc([_news("AGREE", ["USAGOV", "IRNGOV"], [], sentence, 6.0, 1)])
    assert deal.outcomes["deal"] >= 2 * quiet.outcomes["deal"]
    assert deal.outcomes["deal"] - quiet.outcomes["deal"] > 0.15
    assert deal.outcomes["strike"] <= quiet.outcomes["strike"] + 0.005
    d = next(d for d in deal.drivers if d.name.startswith("framework agreement"))
    assert d.evidence[0].sentence == sentence
    # a deal that "could be reached" is not a framework
    maybe = _fc([_news("AGREE", ["USAGOV", "IRNGOV"], [], sentence, 6.0, 1, hypothetical=True)])
    assert maybe.outcomes["deal"] < quiet.outcomes["deal"] + 0.03


def test_threat_raises_strike_moderately() -> None:
    quiet = _fc([])
    hormuz = _fc([_news("THREATEN", ["IRNGOV"], ["USA"],
                        "Iran warned it would close the Strait of Hormuz.", -4.4, 3)])
    strike = _fc([_strike()])
    assert quiet.outcomes["strike"] + 0.01 < hormuz.outcomes["strike"] < strike.outcomes["strike"]


def test_explain_names_the_events_that_moved_the_forecast() -> None:
    quiet = make_forecast(seed_events(), seed_claims(), {AID: DAY}, ACTORS, DAY, seed=1,
                          runs=RUNS)
    hit = _fc([_strike()])
    moves = explain(quiet, hit)
    esc = next(m for m in moves if m["kind"] == "escalation")
    assert esc["new"] == 5
    assert [e["sentence"] for e in esc["evidence"]] == [STRIKE_SENTENCE]
    assert "USA ASSAULT -> IRN" in esc["effect"]
    top = next(m for m in moves if m["kind"] == "driver")
    assert top["name"].startswith("force in use") and top["change"] == "new"
    assert top["evidence"][0]["sentence"] == STRIKE_SENTENCE


def test_explain_matches_a_driver_whose_value_moved() -> None:
    # the same driver with a new value in its name is "changed", never "gone" and "new"
    from accord.types import Driver

    a = make_forecast(seed_events(), seed_claims(), {AID: DAY}, ACTORS, DAY, seed=1, runs=RUNS)
    b = a.model_copy(deep=True)
    a.drivers = [Driver(name="force in use touching the parties: 0.89 (acts of 2024-01-16)",
                        effect="x", weight=0.10)]
    b.drivers = [Driver(name="force in use touching the parties: 0.93 (acts of 2024-01-18)",
                        effect="x", weight=0.40)]
    moves = [m for m in explain(a, b) if m["kind"] == "driver"]
    assert [m["change"] for m in moves] == ["changed"], moves
    assert moves[0]["name"].endswith("(acts of 2024-01-18)")


def test_a_strike_question_during_a_war_says_how_it_was_read(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.delenv("ACCORD_SIGNAL_FIT", raising=False)  # the layer answers the question
    # a war under way: American and Iranian strikes on three days; a strike question that
    # asks about new force leaves the fighting under way out, one that does not counts it
    from accord.types import Question

    war = []
    for k in range(3):
        day_aid = f"war-{k}"
        war.append(Event(type="ASSAULT", actor=[ActorRef(code="USAMIL")],
                         recipient=[ActorRef(code="IRN")], score=-9.5, quad=4,
                         confidence=0.95, evidence=Evidence(
                             article_id=day_aid, start=0, end=40,
                             sentence="American jets struck Iranian bases again.")))
        war.append(Event(type="ASSAULT", actor=[ActorRef(code="IRNMIL")],
                         recipient=[ActorRef(code="USA")], score=-9.5, quad=4,
                         confidence=0.95, evidence=Evidence(
                             article_id=day_aid, start=41, end=80,
                             sentence="Iranian missiles hit an American base again.")))
    dates = {f"war-{k}": AS_OF - dt.timedelta(days=3 - k) for k in range(3)} | {AID: DAY}
    deadline = AS_OF + dt.timedelta(days=30)
    plain = Question(id="q1", text="Will the United States strike Iran by the deadline?",
                     kind="strike", parties=["USA", "IRN"], resolution_date=deadline)
    new = Question(id="q2", text="Will the United States open a new front against Iran, "
                   "beyond the fighting under way?", kind="strike", parties=["USA", "IRN"],
                   resolution_date=deadline)
    fa = make_forecast(seed_events() + war, seed_claims(), dates, ACTORS, AS_OF,
                       horizon_days=30, seed=1, runs=RUNS, question=plain)
    fb = make_forecast(seed_events() + war, seed_claims(), dates, ACTORS, AS_OF,
                       horizon_days=30, seed=1, runs=RUNS, question=new)
    assert fa.escalation["level"] == 6
    assert fa.escalation["question_reading"]["reading"] == "any force"
    assert fb.escalation["question_reading"]["reading"] == "new force"
    assert fb.question_probabilities["strike"] < fa.question_probabilities["strike"] - 0.2
    # counted, the fighting under way answers the plain question: American strikes on three
    # days of the last 30 go on at that rate, so a strike by the deadline is near certain (at
    # the layer's upper bound), and a driver says so with the sentences behind it
    assert fa.question_probabilities["strike"] == pytest.approx(0.9)
    assert fa.escalation["question_reading"]["persistence"]["days"] == 3
    d = next(d for d in fa.drivers if d.name.startswith("fighting under way"))
    assert "pts" in d.effect and d.evidence[0].sentence.startswith("American jets")
    assert "persistence" not in fb.escalation["question_reading"]
    # the subject's own fighting is not read as a blow delivered in a war, whatever the reading
    assert fa.escalation["signal_hazard"]["features"]["own_force"] == 0.0
    assert fb.escalation["signal_hazard"]["features"]["own_force"] == 0.0
    # no war: no reading about the fighting
    calm = make_forecast(seed_events(), seed_claims(), {AID: DAY}, ACTORS, DAY, seed=1,
                         runs=RUNS, question=plain)
    assert calm.escalation["question_reading"]["war_under_way"] is False


def test_state_from_extracted_articles() -> None:
    from accord.nlp import pipeline  # the project's own module: a broken import fails
    day, later = dt.date(2026, 2, 7), dt.date(2026, 2, 20)
    first = Article(id="a1", date=day, text=(
        "The United States sent a second carrier group toward the Gulf on Saturday. "
        "Envoys of the United States and Iran held talks in Oman."))
    arts = {
        "strike": ("The United States struck Iranian nuclear sites on Friday. "
                   "Iran rejected any further talks with Washington."),
        "framework": ("The United States and Iran agreed on a framework for a nuclear "
                      "deal in Oman on Friday."),
    }
    base_x = next(iter(pipeline.extract_articles([first])))
    as_of = later + dt.timedelta(days=1)
    quiet = make_forecast(base_x.events, base_x.claims, {"a1": day}, ACTORS, as_of, seed=1,
                          runs=RUNS)
    out = {}
    for name, text in arts.items():
        art = Article(id=name, date=later, text=text)
        x = next(iter(pipeline.extract_articles([art])))
        out[name] = make_forecast(base_x.events + x.events, base_x.claims + x.claims,
                                  {"a1": day, name: later}, ACTORS, as_of, seed=1, runs=RUNS)
    assert out["strike"].outcomes["strike"] >= 2 * quiet.outcomes["strike"]
    assert out["strike"].outcomes["talks_continue"] < quiet.outcomes["talks_continue"] - 0.2
    assert out["strike"].outcomes["collapse"] > quiet.outcomes["collapse"]
    assert out["framework"].outcomes["deal"] > quiet.outcomes["deal"] + 0.15
