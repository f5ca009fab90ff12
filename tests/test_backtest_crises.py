"""Backtest over a crisis corpus: no look-ahead, hand-checked scores, leave-one-out, same bytes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from accord.forecast import fit as F
from accord.forecast.backtest import run_corpus_backtest
from accord.forecast.corpus import load_corpus, load_crisis, question_class
from accord.models.crisis import OUTCOMES, CrisisFit, apply_signals, current_fit

CRISES = ("us-iran-soleimani-2020", "russia-ukraine-buildup-apr-2021")
FAST = {"runs": 300, "fit_runs": 150, "maxiter": 4, "loo_maxiter": 2}


@pytest.fixture(scope="module")
def corpus(shared_data: Path, tmp_path_factory) -> Path:  # noqa: ANN001
    """Two small crises copied to a temporary corpus folder."""
    root = tmp_path_factory.mktemp("crises")
    for slug in CRISES:
        shutil.copytree(shared_data / "crises" / slug, root / slug)
    return root


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:  # noqa: ANN001
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def result(corpus: Path, cache: Path) -> dict:
    return run_corpus_backtest(corpus, cache_dir=cache, **FAST)


def test_question_class_rule_on_the_dev_corpus(shared_data: Path) -> None:
    # expected classes written from the questions before running: what each question asks
    want = {"china-taiwan-pelosi-2022": "strike", "egypt-ethiopia-gerd-talks-2023": "deal",
            "niger-ecowas-2023": "strike", "russia-ukraine-buildup-apr-2021": "strike",
            "israel-hamas-truce-nov-2023": "deal", "us-iran-soleimani-2020": "strike"}
    got = {c.slug: c.question_class for c in load_corpus(shared_data / "crises")}
    assert {k: got[k] for k in want} == want
    with pytest.raises(Exception, match="question_outcome"):
        question_class({"resolved": "no", "question": "Will the weather be fine?"})


def test_corpus_backtest_scores_every_method(result: dict) -> None:
    assert [c["slug"] for c in result["crises"]] == sorted(CRISES)
    methods = {"accord", "accord_loo", "structural", "structural_loo", "accord_judgement",
               "flat", "base_rate", "ladder", "other_share", "event_counts"}
    assert set(result["overall"]) == methods
    for c in result["crises"]:
        assert set(c["scores"]) == methods
        assert all(f["as_of"] <= c["last_pre_date"] for f in c["forecasts"])
        for f in c["forecasts"]:
            for m in methods:
                assert sum(f[m].values()) == pytest.approx(1.0, abs=1e-5)
    flat = result["overall"]["flat"]
    # flat 0.25: binary Brier 0.5625 on a yes question, 0.0625 on a no question
    assert flat["binary_brier"] == pytest.approx((0.5625 + 0.0625) / 2)
    assert flat["brier4"] == pytest.approx(0.75)


def test_scores_match_a_hand_computation(result: dict) -> None:
    c = next(x for x in result["crises"] if x["slug"] == "us-iran-soleimani-2020")
    assert c["question_class"] == "strike" and c["resolved"] == "yes"
    f = c["forecasts"][0]
    # the binary score of accord is on the layer's P(strike by the deadline), whatever
    # comes first; the structural model's on its outcome vector
    p = f["question_probabilities"]["accord"]["strike"]
    assert p >= f["accord"]["strike"] - 1e-6  # "by the deadline" >= "comes first"
    assert f["horizon"] == (31 - 1 - 30) + 31  # 2019-12-30 to 2020-01-30
    by_hand = [(r["question_probabilities"]["accord"]["strike"] - 1.0) ** 2
               for r in c["forecasts"]]
    st = [(r["structural"]["strike"] - 1.0) ** 2 for r in c["forecasts"]]
    assert c["scores"]["structural"]["binary_brier"] == pytest.approx(
        sum(st) / len(st), abs=1e-5)
    assert (p - 1.0) ** 2 == pytest.approx(by_hand[0])
    assert c["scores"]["accord"]["binary_brier"] == pytest.approx(
        sum(by_hand) / len(by_hand), abs=1e-5)
    four = [sum((r["accord"][k] - (k == "strike")) ** 2 for k in OUTCOMES)
            for r in c["forecasts"]]
    assert c["scores"]["accord"]["brier4"] == pytest.approx(sum(four) / len(four), abs=1e-5)


def test_no_look_ahead_post_resolution_files_never_read(corpus: Path, result: dict,
                                                        tmp_path: Path) -> None:
    changed = tmp_path / "crises"
    shutil.copytree(corpus, changed)
    for slug in CRISES:
        crisis = load_crisis(changed / slug)
        later = [f for f in sorted((changed / slug).glob("[0-9]*.json"))
                 if f.name[3:13] > crisis.last_pre_date.isoformat()]
        assert later, "each dev crisis has post-resolution files"
        later[0].write_text("not JSON at all {", encoding="utf-8")  # would fail if opened
        for f in later[1:]:
            f.unlink()
        # a new, strongly worded file dated after last_pre_date must change nothing either
        (changed / slug / "99-2030-01-01.json").write_text(json.dumps(
            {"date": "2030-01-01", "url": "", "title": "", "text": "War broke out. " * 20}))
    again = run_corpus_backtest(changed, cache_dir=None, **FAST)
    strip = lambda r: json.dumps([c["forecasts"] for c in r["crises"]])  # noqa: E731
    assert strip(again) == strip(result)


def test_leave_one_out_refits_exclude_the_held_out_crisis(corpus: Path, cache: Path,
                                                          monkeypatch) -> None:  # noqa: ANN001
    seen: list[list[str]] = []
    original = F.fit_gains

    def spy(data, **kw):  # noqa: ANN001, ANN003, ANN202
        seen.append([c.slug for c, _ in data])
        return original(data, **kw)

    monkeypatch.setattr(F, "fit_gains", spy)
    res = run_corpus_backtest(corpus, cache_dir=cache, **FAST)
    assert seen[0] == sorted(CRISES)  # the in-sample fit sees every crisis
    assert [s for s in seen[1:]] == [[b] for b in reversed(sorted(CRISES))]
    for c in res["crises"]:
        assert c["loo_gains"] is not None


def test_same_seed_same_bytes(corpus: Path, cache: Path, result: dict) -> None:
    again = run_corpus_backtest(corpus, cache_dir=cache, **FAST)
    assert json.dumps(again, sort_keys=True) == json.dumps(result, sort_keys=True)


def test_html_page_has_one_plot_per_crisis(result: dict, tmp_path: Path) -> None:
    from accord.forecast.backtest import write_html

    page = write_html(result, tmp_path / "out")
    text = page.read_text(encoding="utf-8")
    for slug in CRISES:
        assert (tmp_path / "out" / f"{slug}.png").read_bytes()[:4] == b"\x89PNG"
        assert f"{slug}.png" in text


def test_fit_file_is_read_at_run_time(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    from accord.models.crisis import Effect, Priors

    path = tmp_path / "fit.json"
    path.write_text(json.dumps({"gains": {"threat": 2.0, "resolve": 0.5}}))
    monkeypatch.setenv("ACCORD_CRISIS_FIT", str(path))
    assert current_fit() == CrisisFit(threat=2.0, resolve=0.5)
    monkeypatch.setenv("ACCORD_CRISIS_FIT", str(tmp_path / "absent.json"))
    assert current_fit() == CrisisFit()  # no file: today's values
    prm = Priors.from_base_rates().params()
    sig = [Effect(name="t", group="threats", effect="", threat=1.5)]
    one, two = apply_signals(prm, sig, CrisisFit()), apply_signals(prm, sig, CrisisFit(threat=2))
    assert two.strike_hazard == pytest.approx(prm.strike_hazard * 1.5 ** 2)
    assert one.strike_hazard == pytest.approx(prm.strike_hazard * 1.5)
    # a crisis without signals keeps its ICB calibration whatever the gains
    none = apply_signals(prm, [], CrisisFit(threat=3, breakdown=3, deal=3, resolve=3))
    for k in ("strike_hazard", "breakdown_hazard", "round_interval", "resolve", "talks_off"):
        assert getattr(none, k) == pytest.approx(getattr(prm, k))


def test_bundled_fit_file_is_the_default(monkeypatch) -> None:  # noqa: ANN001
    from importlib import resources

    monkeypatch.delenv("ACCORD_CRISIS_FIT", raising=False)
    path = Path(str(resources.files("accord").joinpath("data/crisis_fit.json")))
    if not path.exists():
        assert current_fit() == CrisisFit()
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    assert current_fit() == CrisisFit.from_mapping(data["gains"])
    prov = data["provenance"]
    assert "backtest" in prov["command"].split() and len(prov["crises"]) >= 2
    assert set(data["jackknife_se"]) == set(data["free"])


def test_other_share_baseline_sees_only_the_other_crises(result: dict) -> None:
    # two crises: Soleimani resolved yes, the 2021 build-up no; each one's baseline is the
    # other's outcome, never its own
    by = {c["slug"]: c for c in result["crises"]}
    assert by["us-iran-soleimani-2020"]["other_share"] == 0.0
    assert by["russia-ukraine-buildup-apr-2021"]["other_share"] == 1.0
    for c in result["crises"]:
        for f in c["forecasts"]:
            assert f["other_share"][c["question_class"]] == pytest.approx(c["other_share"])


def test_layer_folds_fit_on_the_training_crises_only(result: dict) -> None:
    from accord.forecast import signal_hazard as SH

    lay = result["signal_hazard"]
    assert set(lay["folds"]) == set(CRISES)
    # the held-out crisis's leave-one-out forecasts use its fold's numbers, not the full fit's
    for c in result["crises"]:
        fd = lay["folds"][c["slug"]]
        fit = SH.HazardFit(fd["intercept"], fd["shape"], fd["coef"], fd["penalty"],
                           fd["deal_offset"], tuple(fd["bounds"]))
        for f in c["forecasts"]:
            want = fit.probability(c["question_class"], f["features"], f["horizon"])
            got = f["question_probabilities"]["accord_loo"][c["question_class"]]
            assert got == pytest.approx(want, abs=2e-5)


def test_layer_fit_moves_toward_the_outcomes() -> None:
    # synthetic: strikes followed force in use 9 times in 10 and came 2 times in 10 without
    # it; the fit gives force a positive coefficient, and a strong penalty keeps it near 0
    import numpy as np

    from accord.forecast import signal_hazard as SH

    rng = np.random.default_rng(0)
    n = 120
    force = (np.arange(n) % 2).astype(float)
    y = np.where(force > 0, rng.random(n) < 0.9, rng.random(n) < 0.2).astype(float)
    x = np.zeros((n, len(SH.FEATURES)))
    x[:, SH.FEATURES.index("force")] = force
    d = SH.HazardData(x, np.zeros(n), np.full(n, 30.0), y, np.arange(n) % 12)
    loose, tight = SH.fit(d, 0.001), SH.fit(d, 100.0)
    assert loose.coef["force"] > 1.5 and abs(tight.coef["force"]) < 0.05
    exact = SH.fit(d, 0.0)  # unpenalised: the sample's own rates
    assert exact.probability("strike", {"force": 1.0}, 30) == pytest.approx(
        y[force > 0].mean(), abs=0.01)
    assert exact.probability("strike", {"force": 0.0}, 30) == pytest.approx(
        y[force == 0].mean(), abs=0.01)
    # a longer horizon never lowers the probability; a deal ignores evacuation
    assert loose.probability("strike", {"force": 1.0}, 90) > loose.probability(
        "strike", {"force": 1.0}, 7)
    assert loose.probability("deal", {"evacuation": 1.0}, 30) == loose.probability(
        "deal", {}, 30)


def test_one_country_crises_and_alternative_codes_run(shared_data: Path, tmp_path: Path) -> None:
    # a government and an armed group of one country (actors ["ETH"]) and Kosovo given as XKX
    # (the EU / IMF code): both are read, drafted and scored like any other crisis
    root = tmp_path / "more"
    for slug in ("ethiopia-tigray-pretoria-2022", "kosovo-banjska-2023"):
        shutil.copytree(shared_data / "crises-more" / slug, root / slug)
    res = run_corpus_backtest([root], cache_dir=tmp_path / "cache", **FAST)
    by = {c["slug"]: c for c in res["crises"]}
    assert by["ethiopia-tigray-pretoria-2022"]["roles"]["challenger"] == "ETH"
    assert by["ethiopia-tigray-pretoria-2022"]["roles"]["target"] == "ETHREB"
    assert by["kosovo-banjska-2023"]["roles"]["target"] == "KOS"
    for c in res["crises"]:
        assert c["forecasts"] and all(0.0 <= f["question_probabilities"]["accord"][
            c["question_class"]] <= 1.0 for f in c["forecasts"])
    assert res["extremes"]["forecasts"] == sum(len(c["forecasts"]) for c in res["crises"])
    assert set(res["intervals"]["accord_loo"]) >= {"mean", "lo", "hi"}


def test_several_corpus_folders_are_one_corpus(shared_data: Path, tmp_path: Path) -> None:
    from accord.errors import InputError

    both = load_corpus([shared_data / "crises", shared_data / "crises-more"])
    assert len(both) == 36 and len({c.slug for c in both}) == 36
    assert sum(c.y for c in both) == 16
    with pytest.raises(InputError, match="more than one folder"):
        load_corpus([shared_data / "crises", shared_data / "crises"])
