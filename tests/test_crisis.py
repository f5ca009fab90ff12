"""Crisis model: textbook special cases (Fearon 1995) and the behaviour of the extensions."""

from __future__ import annotations

import math

import numpy as np
import pytest

from accord.models.crisis import (
    OUTCOMES,
    Ally,
    CrisisParams,
    Priors,
    apply_signals,
    bargaining_range,
    complete_information_demand,
    optimal_demand,
    optimal_demand_uniform,
    signal_effects,
    simulate,
    war_probability_uniform,
)


def one_round(p: float, c_a: float, lo: float, hi: float, **kw: object) -> CrisisParams:
    """A single take-it-or-leave-it round on day 1; a rejection means war."""
    return CrisisParams(p=p, p_concentration=None, cost_a=(c_a, c_a), cost_b=(lo, hi),
                        resolve=0.5, round_days=(1,), fight_after_reject=1.0,
                        collapse_after_reject=0.0, strike_hazard=0.0, breakdown_hazard=0.0,
                        **kw)


def test_complete_information_no_war_and_settlement_inside_range() -> None:
    p, c_a, c_b = 0.6, 0.1, 0.15
    lo, hi = bargaining_range(p, c_a, c_b)
    assert (lo, hi) == pytest.approx((0.5, 0.75))
    x = complete_information_demand(p, c_a, c_b)
    assert lo <= x <= hi and x == pytest.approx(0.75)
    # simulated: cost known exactly (degenerate uniform) -> every draw settles, nobody fights
    out = simulate(one_round(p, c_a, c_b, c_b), np.random.default_rng(0), horizons=(1,), runs=500)
    assert out.at(1)["deal"] == 1.0 and out.at(1)["strike"] == 0.0
    assert out.mean_demand == pytest.approx(c_b)  # demand premium t = c_B: x = p + c_B


@pytest.mark.parametrize("p,c_a,lo,hi", [(0.5, 0.1, 0.0, 0.4), (0.4, 0.05, 0.02, 0.3),
                                         (0.55, 0.2, 0.0, 0.35)])
def test_uniform_cost_optimal_demand_and_war_probability(p, c_a, lo, hi) -> None:
    t = optimal_demand_uniform(p, c_a, lo, hi)
    assert t == pytest.approx((hi - c_a) / 2)
    pw = war_probability_uniform(p, c_a, lo, hi)
    assert pw == pytest.approx((hi - c_a - 2 * lo) / (2 * (hi - lo)))
    # the grid optimum on the two-type belief equals the closed form in the uniform case
    r = np.ones(4)
    tg = optimal_demand(p * r, c_a * r, lo * r, (lo + hi) / 2 * r, hi * r, 0.5 * r, hi * r)
    assert np.allclose(tg, t, atol=(hi - lo) / 256)
    # Monte Carlo frequency of war in one round matches the closed form
    runs = 20000
    out = simulate(one_round(p, c_a, lo, hi), np.random.default_rng(7), horizons=(1,), runs=runs)
    se = math.sqrt(pw * (1 - pw) / runs)
    assert abs(out.at(1)["strike"] - pw) < 4 * se
    assert out.at(1)["deal"] + out.at(1)["strike"] == pytest.approx(1.0)


def test_uniform_corner_no_war_when_challenger_costs_are_high() -> None:
    # hi - c_A <= 2 lo: the challenger asks for lo, which every type accepts
    assert optimal_demand_uniform(0.5, 0.3, 0.1, 0.4) == pytest.approx(0.1)
    assert war_probability_uniform(0.5, 0.3, 0.1, 0.4) == 0.0
    out = simulate(one_round(0.5, 0.3, 0.1, 0.4), np.random.default_rng(1), horizons=(1,),
                   runs=2000)
    assert out.at(1)["strike"] == 0.0


def test_higher_challenger_cost_lowers_war_risk() -> None:
    a = war_probability_uniform(0.5, 0.05, 0.0, 0.4)
    b = war_probability_uniform(0.5, 0.25, 0.0, 0.4)
    assert a > b > 0  # the risk-return trade-off: costlier war, more modest demand


def test_probabilities_sum_to_one_and_same_seed_same_numbers() -> None:
    prm = Priors.from_base_rates().params(p=0.8, ally=Ally())
    a = simulate(prm, np.random.default_rng(3), runs=1500)
    b = simulate(prm, np.random.default_rng(3), runs=1500)
    assert a.probabilities == b.probabilities
    for h in (7, 30, 90):
        assert sum(a.at(h)[k] for k in OUTCOMES) == pytest.approx(1.0, abs=1e-12)
    # absorbing outcomes only accumulate over time
    assert a.at(7)["strike"] <= a.at(30)["strike"] <= a.at(90)["strike"]
    assert a.at(7)["deal"] <= a.at(30)["deal"] <= a.at(90)["deal"]


def test_neutral_prior_reproduces_icb_base_rates() -> None:
    pr = Priors.from_base_rates()
    out = simulate(pr.params(), np.random.default_rng(11), horizons=(90,), runs=8000).at(90)
    for k in ("deal", "collapse", "strike"):
        assert out[k] == pytest.approx(pr.targets_90[k], abs=0.03)
    # targets come from the ICB v14 table: 53.5% of crises over by 90 days
    assert sum(pr.targets_90.values()) == pytest.approx(0.535, abs=1e-9)


def test_ally_threat_and_deadline_raise_strike_risk() -> None:
    pr = Priors.from_base_rates()
    rng = lambda: np.random.default_rng(5)  # noqa: E731  (common random numbers)
    calm = pr.params(p=0.8, ally=Ally(threat=0.1, constraint=0.8))
    hot = pr.params(p=0.8, ally=Ally(threat=0.9, constraint=0.0))
    s_calm = simulate(calm, rng(), horizons=(30,), runs=4000).at(30)["strike"]
    s_hot = simulate(hot, rng(), horizons=(30,), runs=4000)
    assert s_hot.at(30)["strike"] > s_calm
    assert s_hot.strike_source[30]["ally_independent"] > 0
    near = pr.params(p=0.8, deadline=10, ultimatum=True)
    none = pr.params(p=0.8)
    assert (simulate(near, rng(), horizons=(30,), runs=4000).at(30)["strike"]
            > simulate(none, rng(), horizons=(30,), runs=4000).at(30)["strike"])


def test_scheduled_talks_bring_deals_sooner() -> None:
    pr = Priors.from_base_rates()
    base = pr.params(p=0.6)
    talks = base.model_copy(update={"round_days": (3, 10, 17, 24)})
    rng = lambda: np.random.default_rng(2)  # noqa: E731
    assert (simulate(talks, rng(), horizons=(30,), runs=3000).at(30)["deal"]
            > simulate(base, rng(), horizons=(30,), runs=3000).at(30)["deal"])


def effects(events: list, dates: dict, ch: str, tg: str, al: str | None, day: object) -> list:
    """Events -> typed signals (situation stage) -> the crisis model's parameter moves."""
    from accord.situation.signals import read_signals

    core = [c for c in (ch, tg, al) if c]
    return signal_effects(read_signals(events, dates, core, day), ch, tg, al, day)


def test_learning_from_signals_updates_resolve() -> None:
    from _situation_seed import ACTORS, AID, DAY, seed_events

    sig = effects(seed_events(), {AID: DAY}, "USA", "IRN", "ISR", DAY)
    groups = {s.group for s in sig}
    assert {"target_resolve", "mobilization", "precedent", "challenger_threat",
            "ally_coordination"} <= groups
    prm = Priors.from_base_rates().params(p=0.8, ally=Ally())
    after = apply_signals(prm, sig)
    assert after.resolve > prm.resolve          # the target asked for conditions: resolve up
    assert after.strike_hazard > prm.strike_hazard  # deployment and precedent
    assert after.ally.constraint > prm.ally.constraint  # US-Israel coordination
    assert ACTORS[0] == "USA"
    # a concession moves the belief the other way
    from accord.types import ActorRef, Event, Evidence

    conc = Event(type="CONCEDE", actor=[ActorRef(code="IRN")], recipient=[ActorRef(code="USA")],
                 quad=1, score=4.5, confidence=1.0,
                 evidence=Evidence(article_id=AID, start=0, end=1, sentence="x"))
    soft = apply_signals(prm, effects([conc], {AID: DAY}, "USA", "IRN", None, DAY))
    assert soft.resolve < prm.resolve


def _quiet(**kw: object) -> CrisisParams:
    """No rounds, no hazards: only the state effects under test act."""
    return CrisisParams(p=0.6, p_concentration=None, round_interval=1e9, strike_hazard=0.0,
                        breakdown_hazard=0.0, **kw)


def test_force_in_use_continuation_hazard_matches_its_closed_form() -> None:
    from accord.models.crisis import FORCE_HALF_LIFE

    prm = _quiet(force=1.0)
    out = simulate(prm, np.random.default_rng(4), horizons=(7, 30, 90), runs=20000)
    lam = -math.log(1.0 - prm.force_continuation)
    for h in (7, 30, 90):
        want = 1.0 - math.exp(-lam * (1.0 - 0.5 ** (h / FORCE_HALF_LIFE)))
        se = math.sqrt(want * (1 - want) / 20000)
        assert abs(out.at(h)["strike"] - want) < 4 * se
    assert out.strike_source[30]["continuation_of_force"] == 1.0
    # the anchor is the ICB share of violent crises that went beyond minor clashes
    assert Priors.from_base_rates().force_continuation == pytest.approx(219 / 361, abs=1e-3)


def test_talks_off_and_framework_are_state_transitions() -> None:
    off = simulate(_quiet(talks_off=0.4), np.random.default_rng(1), horizons=(30,), runs=10000)
    assert off.at(30)["collapse"] == pytest.approx(0.4, abs=0.02)
    fw = _quiet(framework=1.0)
    out = simulate(fw, np.random.default_rng(1), horizons=(30, 90), runs=10000)
    for h in (30, 90):
        assert out.at(h)["deal"] == pytest.approx(
            1 - math.exp(-fw.framework_deal_hazard * h), abs=0.02)
    assert out.at(90)["deal"] == pytest.approx(0.7, abs=0.02)


def test_state_effects_leave_a_neutral_crisis_unchanged() -> None:
    # the state draws come last: without events the numbers are those of the plain model
    prm = Priors.from_base_rates().params(p=0.7, ally=Ally())
    a = simulate(prm, np.random.default_rng(9), horizons=(30,), runs=3000)
    same = apply_signals(prm, [])
    for k in ("force", "talks_off", "framework", "strike_hazard", "breakdown_hazard"):
        assert getattr(same, k) == getattr(prm, k)
    assert a.at(30)["strike"] > 0 and a.strike_source[30]["continuation_of_force"] == 0.0


def test_state_effects_flags_and_window() -> None:
    import datetime as dt

    from accord.types import ActorRef, Event, Evidence

    day = dt.date(2026, 2, 20)

    def ev(aid: str, **flags: object) -> Event:
        return Event(type="ASSAULT", actor=[ActorRef(code="USA")],
                     recipient=[ActorRef(code="IRN")], quad=4, score=-9.5, confidence=1.0,
                     evidence=Evidence(article_id=aid, start=0, end=5, sentence="Strike."),
                     **flags)

    dates = {"now": day, "old": day - dt.timedelta(days=40), "late": day + dt.timedelta(days=1)}

    def state(events: list, as_of: dt.date = day) -> list:
        groups = {"force_in_use", "talks_refused", "framework", "talks", "threats"}
        return [s for s in effects(events, dates, "USA", "IRN", "ISR", as_of)
                if s.group in groups and (s.force or s.threat != 1.0 or s.talks_off
                                          or s.framework or s.breakdown != 1.0)]

    sig = state([ev("now")])
    assert [s.group for s in sig] == ["force_in_use"] and sig[0].force == pytest.approx(1.0)
    assert state([ev("old"), ev("late")]) == []
    assert state([ev("now", historical=True), ev("now", negated=True)]) == []
    hyp = state([ev("now", hypothetical=True)])
    assert [s.group for s in hyp] == ["threats"] and 1.0 < hyp[0].threat < 1.5
    week = state([ev("now")], day + dt.timedelta(days=10))
    assert week[0].force == pytest.approx(0.5)  # half-life of ten days
