"""KTAB SMP parity: accord's SMP against KTAB's own runs (../shared/data/ktab).

Deterministic CSV runs are compared line for line with the outputs of ``smpc --logmin
--csv`` (generated/*.positions.csv, generated/*.fractional-prob.txt). The stochastic XML
example is checked step by step against the 2017 reference log and in distribution over
seeds.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from accord.errors import InputError, ScenarioError
from accord.io.ktab import read_ktab_csv, read_ktab_xml
from accord.models import get_model
from accord.models.smp import (
    SMP,
    SMPConfig,
    SMPTrace,
    adjust_ideals,
    run_smp,
    step_options,
)
from accord.types import Actor, Issue, Position, Scenario

CSV_SCENARIOS = ["dummyData_3Dim", "dummyData_6Dim", "SOE-Pol-Comp", "dummyData-a040",
                 "dummyData-a080"]  # every CSV with KTAB targets in generated/ (a080: ~1 s)


@pytest.fixture(scope="module")
def ktab(shared_data: Path) -> Path:
    return shared_data / "ktab"


@cache
def _trace(path: str) -> SMPTrace:
    arr = read_ktab_csv(path).arrays()
    return run_smp(arr.scaled(), arr.salience, arr.capability)


def _targets(ktab: Path, name: str) -> tuple[np.ndarray, list[str]]:
    rows = np.loadtxt(ktab / "generated" / f"{name}.positions.csv", delimiter=",", skiprows=1)
    idx = rows[:, :3].astype(int)
    pos = np.full(tuple(idx.max(axis=0) + 1), np.nan)
    pos[idx[:, 0], idx[:, 1], idx[:, 2]] = rows[:, 3]
    lines = (ktab / "generated" / f"{name}.fractional-prob.txt").read_text().splitlines()
    return pos, [ln.rstrip() for ln in lines if ln.strip()]


# ------------------------------------------------------------------ CSV parity
@pytest.mark.parametrize("name", CSV_SCENARIOS)
def test_positions_match_ktab_every_turn(ktab: Path, name: str) -> None:
    ref, _ = _targets(ktab, name)
    tr = _trace(str(ktab / f"{name}.csv"))
    assert not np.isnan(ref).any()
    assert tr.positions.shape == ref.shape  # same number of turns, actors, dimensions
    assert np.abs(tr.positions * 100 - ref).max() <= 0.01
    assert tr.turns == ref.shape[0] - 1
    assert tr.converged


@pytest.mark.parametrize("name", CSV_SCENARIOS)
def test_fractional_change_and_prob_lines_match_ktab(ktab: Path, name: str) -> None:
    _, lines = _targets(ktab, name)
    scen = read_ktab_csv(ktab / f"{name}.csv")
    tr = _trace(str(ktab / f"{name}.csv"))
    mine = [f"Fractional change compared to first step: {v:.4f}  (target=0.0200)"
            for v in tr.fractional_change]
    mine += [f"{a.id}, prob : " + " ".join(f"{p:.4f}" for p in row)
             for a, row in zip(scen.actors, tr.prob, strict=True)]
    assert mine == lines


def test_ideals_follow_positions_for_csv_runs(ktab: Path) -> None:
    tr = _trace(str(ktab / "dummyData_3Dim.csv"))
    assert np.array_equal(tr.ideals, tr.positions)
    # every move is a KTAB bargain coordinate, rounded to 4 decimals on the [0, 1] scale
    moved = tr.positions[1:][tr.positions[1:] != tr.positions[:-1]]
    assert moved.size and np.allclose(moved * 1e4, np.round(moved * 1e4), atol=1e-6)


# --------------------------------------------------------------- model protocol
def test_registered_model_solves_a_scenario(ktab: Path) -> None:
    scen = read_ktab_csv(ktab / "SOE-Pol-Comp.csv")
    model = get_model("smp")
    assert isinstance(model, SMP)
    res = model.solve(scen)
    tr = _trace(str(ktab / "SOE-Pol-Comp.csv"))
    assert res.model == "smp" and res.rounds == tr.turns == 27 and res.converged
    assert np.allclose(np.array(res.positions), tr.positions * 100)
    assert res.actors == [a.id for a in scen.actors]
    assert [r.issue for r in res.issues] == [i.id for i in scen.issues]
    for k, r in enumerate(res.issues):
        assert len(r.rounds) == tr.turns + 1
        assert r.prediction == r.rounds[-1]
        uniq, p = tr.state_options[-1]
        assert r.prediction == pytest.approx(100 * p @ tr.positions[-1][uniq, k])
        finals = np.array(res.positions[-1])[:, k]
        assert finals.min() - 1e-9 <= r.prediction <= finals.max() + 1e-9
    assert res.confrontations and {c.kind for c in res.confrontations} == {"challenge"}
    assert {c.round for c in res.confrontations} <= set(range(1, res.rounds + 1))
    first = [c for c in res.confrontations if c.round == 1]
    assert [(c.challenger, c.target) for c in first] == [
        (scen.actors[i].id, scen.actors[j].id) for i, j, _, _ in tr.challenges[0]]


def test_scenario_on_another_scale_gives_the_same_dynamics(ktab: Path) -> None:
    scen = read_ktab_csv(ktab / "dummyData_3Dim.csv")
    base = SMP().solve(scen)
    issues = [i.model_copy(update={"scale": (-1.0, 1.0)}) for i in scen.issues]
    positions = [p.model_copy(update={"position": p.position / 50.0 - 1.0})
                 for p in scen.positions]
    moved = scen.model_copy(update={"issues": issues, "positions": positions})
    res = SMP().solve(moved)
    assert res.rounds == base.rounds
    assert np.allclose((np.array(res.positions) + 1.0) * 50.0, base.positions, atol=1e-9)


def test_invalid_inputs_are_refused() -> None:
    with pytest.raises(InputError, match="voting_rule"):
        SMP(voting_rule="Majority")
    x = np.array([[0.2], [0.5], [0.9]])
    with pytest.raises(ScenarioError, match="sum"):
        run_smp(x, np.array([[0.0], [0.5], [0.5]]), np.ones(3))
    with pytest.raises(InputError, match="rng"):
        run_smp(x, np.full((3, 1), 0.5), np.ones(3), SMPConfig(state_transitions="Stochastic"))
    actors = [Actor(id=a, capability=1.0) for a in "AB"]
    issues = [Issue(id="x"), Issue(id="y")]
    positions = [Position(actor="A", issue="x", position=10, salience=0.5),
                 Position(actor="B", issue="x", position=90, salience=0.5),
                 Position(actor="B", issue="y", position=50, salience=0.5)]
    no_y = Scenario(actors=actors, issues=issues, positions=positions)
    assert SMP().solve(no_y).rounds >= 1  # A is silent on y: salience 0 there, still valid


def test_other_options_run_and_differ(ktab: Path) -> None:
    arr = read_ktab_csv(ktab / "dummyData_3Dim.csv").arrays()
    base = _trace(str(ktab / "dummyData_3Dim.csv"))
    for opts in ({"bargain_model": "PWCompInterp"}, {"bargain_model": "InitRcvrInterp"},
                 {"inter_vec_brgn": "S1P1"}, {"voting_rule": "Binary"},
                 {"pce_model": "MarkovUniform"}, {"third_party_commit": "NoCommit"},
                 {"victory_prob_model": "Quartic", "big_r_adjust": "Full"}):
        tr = run_smp(arr.scaled(), arr.salience, arr.capability, SMPConfig(**opts))
        assert 1 <= tr.turns <= 100 and np.isfinite(tr.positions).all()
        assert ((tr.positions >= 0) & (tr.positions <= 1)).all()
        same = tr.positions.shape == base.positions.shape and np.allclose(
            tr.positions, base.positions)
        assert not same, opts


# ----------------------------------------------------- stochastic XML example
@pytest.fixture(scope="module")
def example(ktab: Path) -> tuple[Scenario, SMP, str]:
    scen, params = read_ktab_xml(ktab / "smpExample.xml")
    assert params.pop("seed") == 3507583219545544127
    assert params["pce_model"] == "MarkovIncentive" and params["voting_rule"] == "PropCbc"
    assert params["state_transitions"] == "Stochastic"
    return scen, SMP(**params), (ktab / "20170530_ref-smpExample.txt").read_text()


def test_example_first_turn_matches_reference_log(example: tuple[Scenario, SMP, str]) -> None:
    scen, model, log = example
    tr = model.trace(scen, np.random.default_rng(1))
    # turn 0 is deterministic: risk attitudes, targets, gains, bargains, probabilities
    block = log.split("Inferred risk attitudes:")[1].splitlines()[1:6]
    assert np.allclose(tr.risk[0], [float(v) for v in block], atol=5e-4)
    turn0 = log.split("Starting Model::run iteration 2")[0]
    found = re.findall(r"In turn 0 actor (\d+) has most advantageous target (\d+) worth ([\d.]+)",
                       turn0)
    assert sorted((int(i), int(j), float(w)) for i, j, w in found) == [
        (i, j, round(g, 3)) for i, j, _, g in tr.challenges[0]]
    for i, j, b_i, b_j in tr.bargains[0]:
        # the challenger's own proposal comes first in its block: "i proposes i/j adopt"
        block = turn0.split(f"In turn 0 actor {i} has most advantageous target {j}")[1]
        offers = re.findall(r" {3}(\d+) proposes (\d+) adopt: ([\d. ]+)", block)[:2]
        assert [(int(a), int(b)) for a, b, _ in offers] == [(i, i), (i, j)]
        assert np.allclose([float(v) for v in offers[0][2].split()], b_i * 100, atol=1e-9)
        assert np.allclose([float(v) for v in offers[1][2].split()], b_j * 100, atol=1e-9)
    first_probs = [float(re.search(rf"^{a.id}, prob : ([\d.]+)", log, re.M).group(1))
                   for a in scen.actors]
    assert [round(p, 4) for p in tr.prob[:, 0]] == first_probs


def _log_states(log: str, n: int, d: int) -> tuple[list[np.ndarray], list[np.ndarray],
                                                     list[dict[int, list[float]]]]:
    """Positions, ideals (0-100) after each turn and each actor's bargain-election
    probabilities, from KTAB's reference log of the stochastic example."""
    positions, ideals, elections = [], [], []
    for sec in log.split("rms (pstn, ideal)")[:-1]:
        lines = sec.splitlines()
        pos, idl, el = np.zeros((n, d)), np.zeros((n, d)), {}
        for k, ln in enumerate(lines):
            if m := re.match(r"postn (\d+) , \d+ :", ln):
                pos[int(m.group(1))] = [float(v) for v in lines[k + 1].split()]
            if m := re.match(r"ideal (\d+) , \d+ :", ln):
                idl[int(m.group(1))] = [float(v) for v in lines[k + 1].split()]
            if m := re.match(r"Doing scalarPCE for the (\d+) bargains of actor (\d+)", ln):
                nb, a = int(m.group(1)), int(m.group(2))
                q = next(q for q in range(k, len(lines))
                         if lines[q].strip() == "Probability Opt_i")
                el[a] = sorted(float(lines[q + 1 + r]) for r in range(nb))
        positions.append(pos)
        ideals.append(idl)
        elections.append(el)
    return positions, ideals, elections


def test_example_every_reference_step_is_a_possible_step(example: tuple[Scenario, SMP, str]
                                                         ) -> None:
    """From each logged state, KTAB's next positions are among accord's options, with the
    same election probabilities. The log prints ideals to 4 decimals (0-100), so a bargain
    coordinate on a rounding boundary may differ by one unit (0.01) and shift its
    probability slightly; tolerances allow for exactly that."""
    scen, model, log = example
    arr = scen.arrays()
    n, d = arr.position.shape
    positions, ideals, elections = _log_states(log, n, d)
    assert len(positions) == 14  # the reference run took 14 steps
    states = [(arr.position, arr.position)] + list(zip(positions, ideals, strict=True))
    close = 0
    for t, el in enumerate(elections):
        x, ideal = states[t]
        opts = step_options(x / 100, ideal / 100, arr.salience, arr.capability, model.config)
        nxt = states[t + 1][0] / 100
        for k in range(n):
            where, prob = opts[k]
            assert np.abs(where - nxt[k]).max(axis=1).min() <= 1.5e-4, (t, k)
            assert len(prob) == len(el[k]), (t, k)
            err = np.abs(np.sort(prob) - el[k]).max()
            assert err < 1e-3, (t, k)
            close += err < 6e-5  # within the log's print precision
    assert close >= 0.9 * n * len(elections)


def test_example_ideals_adjust_as_in_reference_log(example: tuple[Scenario, SMP, str]) -> None:
    scen, model, log = example
    arr = scen.arrays()
    n, d = arr.position.shape
    positions, ideals, _ = _log_states(log, n, d)
    acc = model._accommodation(arr.actors)
    assert acc is not None and acc[1, 0] == 0.07 and acc[4, 4] == 1.0
    before = arr.position
    for pos, idl in zip(positions, ideals, strict=True):
        mine = adjust_ideals(before / 100, pos / 100, acc) * 100
        assert np.abs(mine - idl).max() < 2e-4  # the log prints 4 decimals
        before = idl


def test_example_reference_run_lies_within_the_seed_distribution(
        example: tuple[Scenario, SMP, str]) -> None:
    scen, model, log = example
    ref = np.array([[float(v) for v in ln.split(":")[1].split()]
                    for ln in re.findall(r"^\w+, \w+:  [\d. ]+$", log, re.M)])
    ref_final = ref[:, -1].reshape(5, 3)
    ref_turns = ref.shape[1] - 1
    finals, turns = [], []
    for seed in range(40):
        tr = model.trace(scen, np.random.default_rng(seed))
        finals.append(tr.positions[-1] * 100)
        turns.append(tr.turns)
        assert tr.converged
        # ideals lag positions by KTAB's adjustment rates (Ellie's ideal follows fully)
        assert np.array_equal(tr.ideals[:, 4], tr.positions[:, 4])
    finals = np.array(finals)
    lo, hi = np.quantile(finals, 0.05, axis=0), np.quantile(finals, 0.95, axis=0)
    inside = (ref_final >= lo - 0.05) & (ref_final <= hi + 0.05)
    assert inside.mean() >= 0.8, np.argwhere(~inside)
    assert min(turns) <= ref_turns <= max(turns)
    assert len({round(float(f.sum()), 6) for f in finals}) > 20  # seeds do matter
    again = model.trace(scen, np.random.default_rng(7))
    first = model.trace(scen, np.random.default_rng(7))
    assert np.array_equal(again.positions, first.positions)
