"""The talks simulator against theory (Rubinstein, Nash), Genius files, scope and seeds."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import minimize

from accord.io.scenario_yaml import load_scenario, parse_scenario
from accord.models.talks import TalksConfig, run_talks
from accord.models.talks import genius as gx
from accord.models.talks import negotiators as ng
from accord.models.talks import protocols as pr
from accord.models.talks.utility import build_domain, utility
from accord.types import Actor, Issue, Position, Scenario

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "us-iran-2026" / "scenario.yaml"
GENIUS = ROOT / "tests" / "data" / "genius"


def _two_party(saliences: tuple[tuple[float, ...], tuple[float, ...]], d: int) -> Scenario:
    """Party A wants every issue at 0, party B at 100; equal capabilities."""
    issues = [Issue(id=f"i{k}", scale=(0.0, 100.0)) for k in range(d)]
    pos = [Position(actor=a, issue=f"i{k}", position=p, salience=saliences[j][k])
           for j, (a, p) in enumerate((("A", 0.0), ("B", 100.0))) for k in range(d)]
    return Scenario(name="two", actors=[Actor(id="A", capability=1.0),
                                        Actor(id="B", capability=1.0)],
                    issues=issues, positions=pos)


def _domain(sc: Scenario, reservation: float = 0.0):  # noqa: ANN202
    arr = sc.arrays()
    dom = build_domain(sc, arr.position[None], arr.salience[None], arr.capability[None])
    return dom.with_reservation(np.full((1, len(arr.actors)), reservation))


@pytest.mark.parametrize("da,db", [(0.9, 0.9), (0.9, 0.8), (0.95, 0.7), (0.6, 0.99)])
def test_rubinstein_split(da: float, db: float) -> None:
    """Two parties, one issue, alternating offers with discount factors: the first
    proposer's share is (1 - delta_B) / (1 - delta_A delta_B), agreed at once."""
    dom = _domain(_two_party(((1.0,), (1.0,)), 1))
    tr = pr.spe(dom, 600, np.array([[da, db]]))
    assert tr.agreed[0] and tr.round[0] == 0
    share_a = 1.0 - tr.terms[0, 0]         # A's ideal is 0: its share is 1 - x
    assert abs(share_a - (1 - db) / (1 - da * db)) < 1e-6


def test_rubinstein_through_run_talks() -> None:
    """The same split from the user-facing API (protocol spe, no crisis model): the value of
    no agreement comes only at the deadline, discounted by 0.9 ** 400, so it vanishes."""
    sc = _two_party(((1.0,), (1.0,)), 1)
    res = run_talks(sc, TalksConfig(protocol="spe", strategy="spe", discount=0.9, rounds=400,
                                    runs=1, crisis=False, deal_breakers=False))
    share_a = 1.0 - res.issues[0].point / 100.0
    assert abs(share_a - (1 - 0.9) / (1 - 0.81)) < 1e-6
    assert res.rounds_to_agreement["q50"] == 1


def _nash_reference(dom, run: int = 0) -> np.ndarray:  # noqa: ANN001
    """Nash bargaining solution by a general-purpose optimiser (many starts)."""
    z, w, r = dom.ideal[run], dom.weight[run], dom.reservation[run]

    def neg(x: np.ndarray) -> float:
        u = 1.0 - (w * np.abs(x - z)).sum(axis=1)
        return 1e9 if (u <= r).any() else -float(np.log(u - r).sum())

    d = z.shape[1]
    best = None
    for start in itertools.product((0.2, 0.5, 0.8), repeat=d):
        res = minimize(neg, np.array(start), method="Nelder-Mead",
                       options={"xatol": 1e-9, "fatol": 1e-12, "maxiter": 20000})
        if best is None or res.fun < best.fun:
            best = res
    return best.x


@pytest.mark.parametrize("sal", [((1.0,), (1.0,)), ((0.7, 0.3), (0.3, 0.7)),
                                 ((0.5, 0.5), (0.5, 0.5))])
def test_mediator_converges_to_nash(sal: tuple) -> None:
    """Symmetric parties under the single negotiating text agree on the Nash solution."""
    sc = _two_party(sal, len(sal[0]))
    dom = _domain(sc)
    st = ng.draw_strategies("boulware", 1, 2, np.random.default_rng(0))
    tr = pr.mediator(dom, st, 200)
    assert tr.agreed[0]
    nash = _nash_reference(dom)
    u_agree = utility(tr.terms, dom.ideal, dom.weight)[0]
    u_nash = utility(nash[None], dom.ideal, dom.weight)[0]
    assert np.allclose(u_agree, u_nash, atol=1e-3)
    assert abs(u_agree[0] - u_agree[1]) < 1e-3          # symmetric parties, equal shares
    assert np.allclose(pr.nash_point(dom)[0], tr.terms[0], atol=1e-3)


def test_genius_xml_round_trip(tmp_path: Path) -> None:
    """Genius domain and profiles read, written and read back unchanged."""
    dom = gx.read_domain(GENIUS / "iran_domain.xml")
    profs = [gx.read_profile(GENIUS / f"iran_{p}.xml", dom) for p in ("usa", "irn")]
    assert [n for n, _ in dom.issues] == ["scope", "sanctions", "enrichment"]
    assert profs[1].discount == 0.95 and profs[0].reservation == 0.35
    gx.write_domain(dom, tmp_path / "d.xml")
    dom2 = gx.read_domain(tmp_path / "d.xml")
    assert dom2.issues == dom.issues
    for k, p in enumerate(profs):
        gx.write_profile(p, dom, tmp_path / f"p{k}.xml")
        p2 = gx.read_profile(tmp_path / f"p{k}.xml", dom2)
        assert (p2.weights, p2.evaluations, p2.reservation, p2.discount) == (
            p.weights, p.evaluations, p.reservation, p.discount)
        assert np.array_equal(p2.utilities(dom2), p.utilities(dom))
    # a second write gives the same bytes
    gx.write_profile(profs[0], dom, tmp_path / "again.xml")
    assert (tmp_path / "again.xml").read_bytes() == (tmp_path / "p0.xml").read_bytes()


def test_genius_pareto_exact_and_agreements_efficient() -> None:
    """The frontier equals a brute-force dominance check; negotiators that model the
    opponent exactly agree on it."""
    dom = gx.read_domain(GENIUS / "iran_domain.xml")
    profs = [gx.read_profile(GENIUS / f"iran_{p}.xml", dom) for p in ("usa", "irn")]
    U = np.stack([p.utilities(dom) for p in profs])
    m = U.shape[1]
    brute = [j for j in range(m) if not any(
        (U[:, k] >= U[:, j]).all() and (U[:, k] > U[:, j]).any() for k in range(m))]
    assert gx.pareto_frontier(U).tolist() == brute
    # three parties: the chunked test agrees with brute force too
    U3 = np.vstack([U, 1.0 - U[0] * 0.5])
    brute3 = [j for j in range(m) if not any(
        (U3[:, k] >= U3[:, j]).all() and (U3[:, k] > U3[:, j]).any() for k in range(m))]
    assert gx.pareto_frontier(U3).tolist() == brute3
    for e in ((0.3, 0.3), (1.0, 1.0), (3.0, 3.0), (0.3, 3.0)):
        out = gx.negotiate(dom, profs, rounds=100, e=e, opponent="known")
        assert out["outcome"] is not None and out["pareto_efficient"]


def test_scenario_to_genius_matches_talks_utility(tmp_path: Path) -> None:
    """An accord scenario written as Genius files has the talks model's utilities."""
    sc = load_scenario(EXAMPLE)
    dom, profs = gx.scenario_to_genius(sc, levels=21)   # steps of 5: every position on it
    gx.write_domain(dom, tmp_path / "d.xml")
    d2 = gx.read_domain(tmp_path / "d.xml")
    out = d2.outcomes()
    grid = out / 20.0                                  # scaled package of every outcome
    arr = sc.arrays()
    tdom = build_domain(sc, arr.position[None], arr.salience[None], arr.capability[None])
    for k, p in enumerate(profs):
        gx.write_profile(p, dom, tmp_path / f"{p.name}.xml")
        back = gx.read_profile(tmp_path / f"{p.name}.xml", d2)
        u_genius = back.utilities(d2)
        u_talks = 1.0 - (tdom.weight[0, k] * np.abs(grid - tdom.ideal[0, k])).sum(axis=1)
        # Genius divides each issue's evaluation by its best value: 1 at the position,
        # which lies on the grid here (every position of the example is a multiple of 5)
        assert np.allclose(u_genius, u_talks, atol=1e-9)


def test_refused_issue_is_honoured() -> None:
    """Iran refuses the wider scope: every agreement keeps scope at its status quo; priced
    instead, the issue is negotiated."""
    text = EXAMPLE.read_text().replace("    code: IRN\n", "    code: IRN\n    refuses: [scope]\n")
    sc = parse_scenario(text, "refuses.yaml")
    cfg = dict(protocol="mediator", mediator="OMN", rounds=30, runs=300, seed=3,
               deal_breakers=False)
    res = run_talks(sc, TalksConfig(**cfg))
    scope = next(i for i in res.issues if i.issue == "scope")
    assert not scope.on_table and res.p_agreement > 0
    assert scope.quantiles["q05"] == scope.quantiles["q95"] == 50.0
    assert res.refused == [{"actor": "IRN", "issue": "scope", "treatment": "honour"}]
    sao = run_talks(sc, TalksConfig(**{**cfg, "protocol": "sao", "mediator": None}))
    assert next(i for i in sao.issues if i.issue == "scope").quantiles["q95"] == 50.0
    priced = run_talks(sc, TalksConfig(**cfg, refusals="price"))
    ps = next(i for i in priced.issues if i.issue == "scope")
    assert ps.on_table and ps.quantiles["q95"] > ps.quantiles["q05"]
    # pricing makes Iran's scope demand weigh more: the agreed scope moves its way
    free = run_talks(load_scenario(EXAMPLE), TalksConfig(**cfg))
    fs = next(i for i in free.issues if i.issue == "scope")
    assert ps.quantiles["q50"] < fs.quantiles["q50"]


def test_same_seed_same_bytes() -> None:
    sc = load_scenario(EXAMPLE)
    cfg = TalksConfig(protocol="sao", deadline=dt.date(2026, 3, 1), runs=400, seed=7)
    a = run_talks(sc, cfg).model_dump_json()
    b = run_talks(sc, cfg).model_dump_json()
    assert a == b
    c = run_talks(sc, cfg.model_copy(update={"seed": 8})).model_dump_json()
    assert c != a


def test_stronger_outside_option_asks_more() -> None:
    """A higher chance of a strike without a deal (which the US camp expects to win)
    raises the US reservation value and moves the agreed terms towards the US."""
    sc = load_scenario(EXAMPLE)
    base = dict(protocol="mediator", mediator="OMN", rounds=30, runs=400, seed=2,
                deal_breakers=False)
    low = run_talks(sc, TalksConfig(**base, strike_probability=0.0))
    high = run_talks(sc, TalksConfig(**base, strike_probability=0.8))
    oo = high.outside_option
    assert oo["p_strike_after_deadline"] == round((1 - high.p_agreement) * 0.8, 6)
    assert low.outside_option["p_strike_after_deadline"] == 0.0
    r = {x.actor: x.reservation for x in low.concessions}
    r2 = {x.actor: x.reservation for x in high.concessions}
    assert r2["USA"] > r["USA"] and r2["IRN"] < r["IRN"]
    lo = next(i for i in low.issues if i.issue == "sanctions").quantiles["q50"]
    hi = next(i for i in high.issues if i.issue == "sanctions").quantiles["q50"]
    assert hi < lo                  # less relief for Iran when the US walks away stronger


def test_learner_tradeoffs_are_more_efficient_than_straight_lines() -> None:
    """Offers that trade off issues by learned saliences end nearer the Pareto frontier
    than straight-line concessions (SAO, two parties with opposed priorities)."""
    dom = _domain(_two_party(((0.8, 0.2), (0.2, 0.8)), 2))
    u = {}
    for name in ("linear", "learner"):
        st = ng.draw_strategies(name, 1, 2, np.random.default_rng(0))
        tr = pr.sao(dom, st, 100)
        assert tr.agreed[0]
        u[name] = utility(tr.terms, dom.ideal, dom.weight)[0].sum()
    assert u["learner"] > u["linear"] + 0.2


def test_talks_cli(tmp_path: Path) -> None:
    from tests._cli import run

    def run_cli(a: list[str]):  # noqa: ANN202
        return run(a, ROOT, f"sqlite:///{tmp_path / 'a.db'}")

    args = ["talks", str(EXAMPLE), "--protocol", "mediator", "--mediator", "OMN",
            "--deadline", "2026-03-07", "--runs", "300", "--seed", "1", "--json",
            "--plot", str(tmp_path / "p.png"), "--genius-out", str(tmp_path / "g")]
    r1 = run_cli(args)
    r2 = run_cli(args)
    assert r1.returncode == 0, r1.stderr
    assert r1.stdout == r2.stdout
    assert (tmp_path / "p.png").read_bytes()[:4] == b"\x89PNG"
    assert (tmp_path / "g" / "us-iran-2026_domain.xml").exists()
    bad = run_cli(["talks", str(EXAMPLE), "--mediator", "XXX"])
    assert bad.returncode == 2 and "--mediator" in bad.stderr
    bad = run_cli(["talks", str(EXAMPLE), "--refuse", "IRN-scope"])
    assert bad.returncode == 2 and "--refuse" in bad.stderr


def test_deu_mediator_out_of_fold(shared_data: Path) -> None:
    """The mediator protocol on DEU III: out-of-fold MAE with its interval beside
    compromise, the same figures for the same seed."""
    from accord.models.talks.deu_eval import GRID, eval_talks_deu

    path = shared_data / "deu3_dev.tsv"
    res = eval_talks_deu(path, bootstrap=300, splits=2)
    assert res["n"] == 233 and res["proposals"] == 90
    t, c = res["talks"], res["compromise"]
    assert t["evaluation"] == "out-of-fold" and len(t["chosen"]) == 10
    assert t["mae_ci"][0] < t["mae"] < t["mae_ci"][1]
    assert c["mae_ci"][0] < c["mae"] < c["mae_ci"][1]
    # out of fold can never beat the best grid point chosen on all issues
    assert t["mae"] >= res["talks_in_sample"]["best_mae"] - 1e-9
    assert res["vs_compromise"]["verdict"] in ("better", "worse", "not distinguishable")
    assert len(GRID) == res["method"]["grid_points"]
    assert eval_talks_deu(path, bootstrap=300, splits=2) == res
    from accord.io.deu import read_deu
    from accord.models.talks.deu_eval import presidency

    first = read_deu(path)[0]
    assert first.meta["intro"] == "26-01-00" and presidency(first) == "PT"  # Portugal, 2000 H1
    assert set(res["talks_in_sample"]["best_mae_by_mediator"]) == {"commission", "presidency"}


def test_talks_job_in_the_service(tmp_path: Path) -> None:
    """POST /api/talks runs the talks as a job; the result is `accord talks --json` plus the
    plot; bad input is a 422 problem naming the field."""
    import time
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from accord.server.app import Config, create_app
    from accord.store import Store

    token = "talks-token-0123456789"
    auth = {"Authorization": f"Bearer {token}"}
    st = Store(f"sqlite:///{tmp_path / 't.db'}")
    with TestClient(create_app(Config(env_token=token), store=st),
                    raise_server_exceptions=False) as c:
        r = c.put("/api/scenarios/example", headers={**auth, "Content-Type": "application/yaml"},
                  content=EXAMPLE.read_bytes())
        assert r.status_code in (200, 201), r.text
        body = {"scenario_id": "example", "protocol": "mediator", "mediator": "OMN",
                "deadline": "2026-03-07", "runs": 200, "seed": 1}
        assert c.post("/api/talks", json=body).status_code == 401
        bad = c.post("/api/talks", headers=auth, json={**body, "mediator": "XXX"})
        assert bad.status_code == 422 and "body.mediator" in bad.json()["detail"]
        job = c.post("/api/talks", headers=auth, json=body)
        assert job.status_code == 202, job.text
        jid = job.json()["id"]
        for _ in range(600):
            view = c.get(f"/api/jobs/{jid}").json()
            if view["status"] in ("done", "failed"):
                break
            time.sleep(0.1)
        assert view["status"] == "done", view
        res = c.get(f"/api/jobs/{jid}/result").json()["result"]
        cfg = TalksConfig(protocol="mediator", mediator="OMN", deadline=dt.date(2026, 3, 7),
                          runs=200, seed=1)
        direct = run_talks(load_scenario(EXAMPLE), cfg).model_dump(mode="json")
        assert res["p_agreement"] == direct["p_agreement"]
        assert res["deal_breakers"] == direct["deal_breakers"]
        assert res["plot_png"].startswith("iVBOR")
    st.close()


def test_talks_model_protocol_and_python_api() -> None:
    """`talks` follows the common model protocol (get_model, solve -> Result, same seed same
    result) and `accord.talks` is the CLI's run in Python."""
    import accord
    from accord.models import get_model
    from accord.types import Result

    sc = load_scenario(EXAMPLE)
    model = get_model("talks", mediator="OMN", rounds=30)
    res = model.solve(sc, rng=np.random.default_rng(3))
    assert isinstance(res, Result) and res.model == "talks"
    assert [i.issue for i in res.issues] == [i.id for i in sc.issues]
    assert res.model_dump_json() == model.solve(sc, rng=np.random.default_rng(3)).model_dump_json()
    assert res.notes[0].startswith("P(agreement) = ")
    out = accord.talks(EXAMPLE, mediator="OMN", rounds=30, runs=100, seed=1,
                       deal_breakers=False)
    assert 0 <= out.p_agreement <= 1 and out.runs == 100
    from accord.errors import InputError

    with pytest.raises(InputError, match="runs"):
        accord.talks(EXAMPLE, runs=0)


def test_talks_genius_cli(tmp_path: Path) -> None:
    """`accord talks-genius` negotiates Genius files, including ones accord wrote."""
    import json

    from tests._cli import run

    db = f"sqlite:///{tmp_path / 'a.db'}"
    files = [str(GENIUS / n) for n in ("iran_domain.xml", "iran_usa.xml", "iran_irn.xml")]
    out = run(["talks-genius", *files, "--opponent", "known", "--json"], ROOT, db)
    assert out.returncode == 0, out.stderr
    res = json.loads(out.stdout)
    assert res["outcomes"] == 48 and res["frontier_size"] == 13 and res["pareto_efficient"]
    # the example scenario exported to Genius files (two of its parties) negotiates too
    gdir = tmp_path / "g"
    ok = run(["talks", str(EXAMPLE), "--runs", "20", "--no-breakers", "--genius-out",
              str(gdir)], ROOT, db)
    assert ok.returncode == 0, ok.stderr
    out = run(["talks-genius", str(gdir / "us-iran-2026_domain.xml"),
               str(gdir / "us-iran-2026_USA.xml"), str(gdir / "us-iran-2026_IRN.xml"),
               "--opponent", "known", "--json"], ROOT, db)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["outcomes"] == 11 ** 3
    bad = run(["talks-genius", files[0], files[1]], ROOT, db)
    assert bad.returncode == 2 and "PROFILES" in bad.stderr


def test_pareto_gap_is_exact() -> None:
    """The equal-gain gap to the frontier: 0.2 for the straight-line split of two mirrored
    priorities (the trade (0, 1) gives both 0.7 instead of 0.5), 0 at that trade."""
    from accord.models.talks.analysis import pareto_gap

    dom = _domain(_two_party(((0.7, 0.3), (0.3, 0.7)), 2))
    assert abs(pareto_gap(np.array([0.5, 0.5]), dom, 0) - 0.2) < 1e-9
    assert abs(pareto_gap(np.array([0.0, 1.0]), dom, 0)) < 1e-9


def test_cost_of_delay_closes_the_window() -> None:
    """A per-round cost of delay raises what each party needs as the talks drag on (its
    walk-away value does not shrink while the deal's worth does): fewer deals by the
    deadline, none when the cost eats the whole surplus."""
    sc = load_scenario(EXAMPLE)
    base = dict(protocol="sao", rounds=40, runs=400, seed=5, deal_breakers=False,
                strategy="linear")
    free = run_talks(sc, TalksConfig(**base))
    costly = run_talks(sc, TalksConfig(**base, delay_cost=0.001))
    ruinous = run_talks(sc, TalksConfig(**base, delay_cost=0.004))
    assert free.p_agreement > costly.p_agreement > ruinous.p_agreement == 0.0


def test_nash_point_matches_an_optimiser_with_unequal_power() -> None:
    """The mediator's text dynamics reach the asymmetric Nash bargaining solution (power =
    capability x salience) on the example: its weighted Nash product is as high as a
    general-purpose optimiser's, from many starts."""
    sc = load_scenario(EXAMPLE)
    arr = sc.arrays()
    dom = build_domain(sc, arr.position[None], arr.salience[None], arr.capability[None])
    x = pr.nash_point(dom, 1.0)[0]
    z, w, r = dom.ideal[0], dom.weight[0], dom.reservation[0]
    power = pr.power(dom, 1.0)[0]

    def log_product(y: np.ndarray) -> float:
        u = 1.0 - (w * np.abs(y - z)).sum(axis=1)
        return -1e9 if (u <= r).any() else float((power * np.log(u - r)).sum())

    best = -np.inf
    for start in itertools.product((0.1, 0.5, 0.9), repeat=3):
        res = minimize(lambda y: -log_product(np.clip(y, 0, 1)), np.array(start),
                       method="Nelder-Mead",
                       options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 20000})
        best = max(best, -res.fun)
    assert best > -1e9                  # some package beats no deal for everyone
    assert log_product(x) >= best - 1e-6
