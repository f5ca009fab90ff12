"""Backtests: replay dated articles without look-ahead and score against known outcomes.

Two modes. ``backtest`` / ``run_backtest`` replay one stream of dated articles about given
actors and forecast after each day with news (no resolution: history and plot only).
``run_corpus_backtest`` takes a crisis corpus (``accord.forecast.corpus``: one folder per
crisis with a ``resolution.json``), fits the crisis model's signal gains
(``accord.forecast.fit``) in-sample and leave-one-crisis-out, and scores accord and the
baselines (``accord.forecast.baselines``) per crisis and overall: binary Brier on each
crisis's own question, 4-class Brier, log scores and calibration tables; JSON and an HTML
page with one plot per crisis (``write_html``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from accord.forecast.engine import make_forecast
from accord.types import OUTCOMES, Claim, Event, Extraction, Forecast, Question


def _group(extractions: Mapping[dt.date, Sequence[Extraction]] | Sequence[Extraction]
           ) -> dict[dt.date, list[Extraction]]:
    if isinstance(extractions, Mapping):
        return {d: list(v) for d, v in extractions.items()}
    out: dict[dt.date, list[Extraction]] = {}
    for x in extractions:
        if x.article.date is None:
            continue  # an undated article cannot be placed in the replay
        out.setdefault(x.article.date, []).append(x)
    return out


def backtest(
    extractions_by_date: Mapping[dt.date, Sequence[Extraction]] | Sequence[Extraction],
    actors: Sequence[str],
    question: Question | None = None,
    seed: int = 0,
    horizon_days: int | None = None,
    runs: int = 2000,
) -> list[Forecast]:
    """One forecast per day with new articles, each using only what was known that day.

    The horizon is ``horizon_days`` if given, else the days left to the question's
    resolution date (at least 1), else 30.
    """
    groups = _group(extractions_by_date)
    events: list[Event] = []
    claims: list[Claim] = []
    dates: dict[str, dt.date] = {}
    out: list[Forecast] = []
    for day in sorted(groups):
        for x in groups[day]:
            dates[x.article.id] = x.article.date or day
            events.extend(x.events)
            claims.extend(x.claims)
        h = horizon_days
        if h is None:
            h = (max((question.resolution_date - day).days, 1)
                 if question is not None and question.resolution_date else 30)
        out.append(make_forecast(events, claims, dates, actors, day, horizon_days=h, seed=seed,
                                 question=question, runs=runs))
    return out


def plot_history(forecasts: Sequence[Forecast], path: str | Path, title: str | None = None
                 ) -> Path:
    """Stacked outcome probabilities over the forecast dates, as a PNG."""
    from accord.report.cache import matplotlib_to_cache

    matplotlib_to_cache()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if not forecasts:
        raise ValueError("no forecasts to plot")
    path = Path(path)
    fs = sorted(forecasts, key=lambda f: f.as_of)
    x = [f.as_of for f in fs]
    ys = [[f.outcomes.get(k, 0.0) for f in fs] for k in OUTCOMES]
    colors = ["tab:green", "tab:blue", "tab:orange", "tab:red"]
    fig, ax = plt.subplots(figsize=(8, 4), dpi=100)
    if len(fs) == 1:
        bottom = 0.0
        for k, y, c in zip(OUTCOMES, ys, colors, strict=True):
            ax.bar([0], [y[0]], bottom=bottom, color=c, label=k)
            bottom += y[0]
        ax.set_xticks([0], [x[0].isoformat()])
    else:
        ax.stackplot(x, *ys, labels=list(OUTCOMES), colors=colors, alpha=0.85)
        fig.autofmt_xdate()
    ax.set_ylim(0, 1)
    ax.set_ylabel("probability")
    ax.set_title(title or f"{fs[-1].question} ({fs[-1].horizon_days}-day horizon)")
    ax.legend(loc="upper left", fontsize=8, ncol=4)
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)
    return path


def run_backtest(
    source: str | Path, actors: Sequence[str], *, question: str = "outcome",
    horizon_days: int | None = 30, seed: int = 0, out_dir: Path = Path("reports/backtest"),
    progress=None,  # noqa: ANN001
) -> dict:
    """Read and extract the dated articles under ``source``, replay them, write history + plot.

    Writes ``history.json`` (one forecast per day with news) and ``history.png`` to
    ``out_dir``; returns {"forecasts", "history", "plot", "skipped"}.
    """
    import json

    from accord.ingest.readers import iter_articles
    from accord.nlp.pipeline import extract_articles

    articles, skipped = [], []
    for item in iter_articles([source]):
        if item.article is None:
            skipped.append({"origin": item.origin, "error": item.error})
        elif item.article.date is None:
            skipped.append({"origin": item.origin, "error": "no publication date"})
        else:
            articles.append(item.article)
    extractions = []
    for k, ex in enumerate(extract_articles(articles), 1):
        extractions.append(ex)
        if progress:
            progress(k, len(articles), ex.article.id)
    q = Question(id=question[:64], text=question)
    forecasts = backtest(extractions, actors, question=q, seed=seed, horizon_days=horizon_days)
    out_dir.mkdir(parents=True, exist_ok=True)
    hist = out_dir / "history.json"
    rows = [f.model_dump(mode="json") for f in forecasts]
    hist.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    plot = plot_history(forecasts, out_dir / "history.png") if forecasts else None
    return {"forecasts": rows, "history": str(hist), "plot": str(plot) if plot else None,
            "skipped": skipped}


# ------------------------------------------------------------------ crisis corpus
METHODS = ("accord", "accord_loo", "structural", "structural_loo", "accord_judgement",
           "flat", "base_rate", "ladder", "other_share", "event_counts")
SPLIT_YEAR = 2022       # time split: fit on crises before it, score crises from it on
BOOTSTRAP = 2000        # resamples of crises for the intervals


def _question_p(row: Mapping, method: str, qclass: str) -> float:
    """P(yes) of a method: the layer's marginal P(class by the deadline) where there is one,
    else the outcome vector's probability of the class."""
    marg = row.get("question_probabilities", {}).get(method)
    return float(marg[qclass]) if marg and qclass in marg else float(row[method][qclass])


def _scores(rows: Sequence[Mapping], method: str, qclass: str, y: bool, outcome: str) -> dict:
    from accord.forecast.scoring import binary_brier, binary_log, brier, log_score

    b = [binary_brier(_question_p(r, method, qclass), y) for r in rows]
    b4 = [brier(r[method], outcome) for r in rows]
    lg = [log_score(r[method], outcome, eps=1e-3) for r in rows]
    bl = [binary_log(_question_p(r, method, qclass), y) for r in rows]
    return {"binary_brier": _r(sum(b) / len(b)), "brier4": _r(sum(b4) / len(b4)),
            "log4": _r(sum(lg) / len(lg)), "binary_log": _r(sum(bl) / len(bl)), "n": len(b)}


def _r(x: float) -> float:
    return round(float(x), 6)


def _moved(prev: Sequence, cur: Sequence) -> list[str]:
    """Names of the signals that are new at this date (for the plot annotations)."""
    old = {s.name for s in prev}
    return list(dict.fromkeys(s.name for s in cur if s.name not in old))


def run_corpus_backtest(
    directory: str | Path | Sequence[str | Path], *, seed: int = 0, runs: int | None = None,
    fit_runs: int | None = None, loo: bool = True, maxiter: int = 150, loo_maxiter: int = 20,
    cache_dir: Path | None = None, out_dir: Path | None = None, write_fit: Path | None = None,
    command: str = "", progress=None,  # noqa: ANN001
) -> dict:
    """Backtest over a crisis corpus: per crisis and overall scores of accord and baselines.

    For each crisis (``accord.forecast.corpus``): extract its pre-resolution articles once,
    prepare a forecast point per article date (no look-ahead), fit the gains on all crises
    (in-sample), refit without each crisis (leave-one-out) and score every point under
    both, under today's judgement values (gains 1) and under the baselines. ``write_fit``
    writes the fitted gains with provenance (``accord/data/crisis_fit.json`` format);
    ``out_dir`` gets ``index.html`` with one plot per crisis.
    """
    from accord.forecast import fit as F
    from accord.forecast.baselines import BASELINES, all_baselines, other_share
    from accord.forecast.corpus import extract_crisis, load_corpus
    from accord.forecast.scoring import calibration_table
    from accord.models.crisis import IDENTITY_FIT

    runs = runs or F.SCORE_RUNS
    fit_runs = fit_runs or F.FIT_RUNS
    tick = progress or (lambda done, total=None, note="": None)
    dirs = [Path(directory)] if isinstance(directory, (str, Path)) else [Path(d) for d in directory]
    crises = load_corpus(dirs)
    directory = " ".join(str(d) for d in dirs)
    n = len(crises)
    steps = 2 * n + (maxiter + (n * loo_maxiter if loo else 0))
    done = 0
    data = []
    for c in crises:
        xs = extract_crisis(c, cache_dir)
        done += 1
        tick(done, steps, f"extract {c.slug}")
        data.append((c, F.prepare_points(c, xs, seed=seed)))

    def fit_tick(k: int) -> None:
        tick(min(done + k, steps), steps, "fit")

    full, loss = F.fit_gains(data, runs=fit_runs, seed=seed, maxiter=maxiter, progress=fit_tick)
    done += maxiter
    loo_fits: dict = {}
    if loo:
        def loo_tick(slug: str) -> None:
            nonlocal done
            done += loo_maxiter
            tick(done, steps, f"leave out {slug}")

        loo_fits = F.leave_one_out(data, full, runs=fit_runs, seed=seed, maxiter=loo_maxiter,
                                   progress=loo_tick)
    layer = _layer_fits(data, loo)
    counts_loo = _count_fits(data) if loo else {}
    ys = [c.y for c, _ in data]
    per_crisis, pairs = [], {m: [] for m in (*METHODS, *BASELINES)}
    totals: dict[str, list[dict]] = {}
    for i, (c, pts) in enumerate(data):
        rows = []
        prev: list = []
        others = ys[:i] + ys[i + 1:]
        share = sum(others) / len(others) if others else 0.5
        for j, pt in enumerate(pts):
            row = {"as_of": pt.as_of.isoformat(), "horizon": pt.horizon, "level": pt.level,
                   "label": pt.label, "features": {k: _r(v) for k, v in pt.features.items()},
                   "structural": F.point_probs(pt, full, runs, seed),
                   "accord_judgement": F.point_probs(pt, IDENTITY_FIT, runs, seed),
                   **all_baselines(pt.level, pt.horizon, seed, share, c.question_class),
                   "new_signals": _moved(prev, pt.signals), "question_probabilities": {}}
            if c.slug in counts_loo:
                row["event_counts"] = other_share(counts_loo[c.slug][j], c.question_class,
                                                  pt.horizon, seed=seed)
            _calibrated(row, "accord", "structural", layer["full"], pt)
            if loo:
                row["structural_loo"] = F.point_probs(pt, loo_fits[c.slug], runs, seed)
                _calibrated(row, "accord_loo", "structural_loo", layer["folds"].get(c.slug),
                            pt)
            prev = pt.signals
            rows.append(row)
        methods = [m for m in METHODS if m in rows[0]]
        scores = {m: _scores(rows, m, c.question_class, c.y, c.outcome_class) for m in methods}
        for m in methods:
            totals.setdefault(m, []).append(scores[m])
            pairs[m].extend((_question_p(r, m, c.question_class), c.y) for r in rows)
        for r in rows:
            for m in methods:
                r[m] = {k: _r(v) for k, v in r[m].items()}
            for m, v in r["question_probabilities"].items():
                r["question_probabilities"][m] = {k: _r(x) for k, x in v.items()}
        tick(min(done + 1, steps), steps, f"score {c.slug}")
        done += 1
        per_crisis.append({
            "slug": c.slug, "question": c.question, "question_class": c.question_class,
            "resolved": c.resolved, "outcome_class": c.outcome_class,
            "resolution_date": c.resolution_date.isoformat(),
            "deadline": c.deadline.isoformat(), "last_pre_date": c.last_pre_date.isoformat(),
            "roles": dict(zip(("challenger", "target", "ally"), pts[-1].roles, strict=True)),
            "notes": sorted({x for p in pts for x in p.notes}),
            "loo_gains": loo_fits[c.slug].as_dict() if loo else None,
            "other_share": _r(share),
            "scores": scores, "forecasts": rows})
    overall = {}
    for m, lst in totals.items():
        overall[m] = {key: _r(sum(s[key] for s in lst) / len(lst))
                      for key in ("binary_brier", "brier4", "log4", "binary_log")}
        overall[m]["n_crises"] = len(lst)
        overall[m]["n_forecasts"] = sum(s["n"] for s in lst)
    se = F.jackknife_se(loo_fits) if loo else None
    result = {
        "corpus": str(directory), "seed": seed, "runs": runs, "fit_runs": fit_runs,
        "rules": {
            "horizon": "days from each as-of date to the question's deadline (the day before "
                       "its 'before YYYY-MM-DD' date; for a 'no' the resolution date)",
            "binary": "P(question class) at the horizon; question class = outcome_class if "
                      "resolved yes, else read from the question (accord.forecast.corpus)",
            "overall": "mean over crises of each crisis's mean over its as-of dates",
            "in_sample": "accord: the crisis model with gains fitted on all crises, then "
                         "the signal-hazard layer fitted on all crises; accord_loo: both "
                         "refitted without the crisis scored (the layer's penalty chosen "
                         "without it too); structural(_loo): the crisis model alone; "
                         "accord_judgement: the crisis model with gains 1, no layer; "
                         "other_share: P(yes) = share of yes among the other crises",
            "question_probability": "accord(_loo): the layer's P(class by the deadline), "
                                    "whatever comes first; others: P(class) of the vector"},
        "gains": {"fitted": full.as_dict(), "free": list(F.FREE), "jackknife_se": se,
                  "penalised_loss": _r(loss)},
        "signal_hazard": layer["summary"],
        "overall": overall,
        "calibration": {m: calibration_table(p, bins=5) for m, p in pairs.items() if p},
        "reliability": (calibration_table(pairs["accord_loo"], bins=10)
                        if pairs.get("accord_loo") else None),
        "extremes": _extremes(per_crisis),
        "intervals": _intervals(per_crisis, seed),
        "time_split": _time_split(data, per_crisis, seed) if loo else None,
        "crises": per_crisis,
    }
    if write_fit is not None:
        write_fit_file(write_fit, result, command or f"accord backtest {directory} --fit")
        write_layer_file(write_fit.with_name("signal_hazard.json"), result,
                         command or f"accord backtest {directory} --fit")
    if out_dir is not None:
        result["html"] = str(write_html(result, Path(out_dir)))
    return result


def _count_fits(data: Sequence) -> dict[str, list[float]]:
    """Leave-one-crisis-out P(yes) of the event-count baseline at every point of every crisis
    (its penalty chosen inside each fold)."""
    from accord.forecast.baselines import count_model_fit, count_model_predict

    rows = [(i, c, p) for i, (c, pts) in enumerate(data) for p in pts]
    out: dict[str, list[float]] = {}
    for i, (c, pts) in enumerate(data):
        tr = [(k, cc, p) for k, cc, p in rows if k != i]
        model = count_model_fit([p.counts for _, _, p in tr],
                                [cc.question_class == "deal" for _, cc, _ in tr],
                                [cc.y for _, cc, _ in tr], [k for k, _, _ in tr])
        out[c.slug] = count_model_predict(model, [p.counts for p in pts],
                                          [c.question_class == "deal"] * len(pts)).tolist()
    return out


def _extremes(per_crisis: Sequence[Mapping]) -> dict:
    """Forecasts on the wrong side of 0.9 / 0.1 (leave-one-out layer), counted."""
    hi = lo = n = 0
    for c in per_crisis:
        for r in c["forecasts"]:
            if "accord_loo" not in r:
                continue
            n += 1
            p = _question_p(r, "accord_loo", c["question_class"])
            hi += int(p > 0.9 and c["resolved"] == "no")
            lo += int(p < 0.1 and c["resolved"] == "yes")
    return {"forecasts": n, "above_0.9_on_no": hi, "below_0.1_on_yes": lo}


def _intervals(per_crisis: Sequence[Mapping], seed: int) -> dict:
    """95% bootstrap intervals over crises of each method's mean binary Brier, and of its
    difference from the leave-one-out layer (positive: the method is worse)."""
    import numpy as np

    methods = [m for m in METHODS if all(m in c["scores"] for c in per_crisis)]
    b = {m: np.array([c["scores"][m]["binary_brier"] for c in per_crisis]) for m in methods}
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(per_crisis), size=(BOOTSTRAP, len(per_crisis)))
    out = {}
    for m in methods:
        means = b[m][idx].mean(axis=1)
        row = {"mean": _r(b[m].mean()), "lo": _r(np.quantile(means, 0.025)),
               "hi": _r(np.quantile(means, 0.975))}
        if "accord_loo" in b and m != "accord_loo":
            diff = (b[m] - b["accord_loo"])[idx].mean(axis=1)
            row["minus_accord_loo"] = {"mean": _r((b[m] - b["accord_loo"]).mean()),
                                       "lo": _r(np.quantile(diff, 0.025)),
                                       "hi": _r(np.quantile(diff, 0.975))}
        out[m] = row
    return out


def _time_split(data: Sequence, per_crisis: Sequence[Mapping], seed: int) -> dict | None:
    """Fit on crises whose last article is before ``SPLIT_YEAR``, score the later ones: the
    layer (penalty chosen inside the early crises), the event-count model, the share of yes
    among the early crises, and the unfitted baselines."""
    import numpy as np

    from accord.forecast import signal_hazard as SH
    from accord.forecast.baselines import count_model_fit, count_model_predict

    early = [(c, pts) for c, pts in data if c.last_pre_date.year < SPLIT_YEAR]
    late = [(c, pts) for c, pts in data if c.last_pre_date.year >= SPLIT_YEAR]
    usable = [(c, pts) for c, pts in early if c.question_class in SH.QUESTION_CLASSES]
    if len(usable) < 3 or not late:
        return None
    d = SH.HazardData.build([(c.question_class, c.y, [(p.features, p.horizon) for p in pts])
                             for c, pts in usable])
    layer = SH.fit_with_penalty(d)
    rows = [(i, c, p) for i, (c, pts) in enumerate(early) for p in pts]
    counts = count_model_fit([p.counts for _, _, p in rows],
                             [c.question_class == "deal" for _, c, _ in rows],
                             [c.y for _, c, _ in rows], [i for i, _, _ in rows])
    share = sum(c.y for c, _ in early) / len(early)
    by_slug = {c["slug"]: c for c in per_crisis}
    scores: dict[str, list[float]] = {k: [] for k in ("accord", "event_counts", "other_share",
                                                     "flat", "base_rate", "ladder")}
    for c, pts in late:
        y = float(c.y)
        q = c.question_class
        if q in SH.QUESTION_CLASSES:
            pa = [SH.HazardFit.probability(layer, q, p.features, p.horizon) for p in pts]
        else:
            pa = [_question_p(r, "structural", q) for r in by_slug[c.slug]["forecasts"]]
        pc = count_model_predict(counts, [p.counts for p in pts], [q == "deal"] * len(pts))
        scores["accord"].append(float(np.mean([(p - y) ** 2 for p in pa])))
        scores["event_counts"].append(float(np.mean((pc - y) ** 2)))
        scores["other_share"].append((share - y) ** 2)
        for m in ("flat", "base_rate", "ladder"):
            scores[m].append(float(np.mean([(_question_p(r, m, q) - y) ** 2
                                            for r in by_slug[c.slug]["forecasts"]])))
    return {"fit_on": [c.slug for c, _ in early], "scored": [c.slug for c, _ in late],
            "split_year": SPLIT_YEAR, "layer": layer.as_dict(),
            "binary_brier": {k: _r(np.mean(v)) for k, v in scores.items()}}


def _layer_fits(data: Sequence, loo: bool) -> dict:
    """The signal-hazard layer fitted on all crises and, per held-out crisis, on the others
    (``accord.forecast.signal_hazard``); crises whose question is neither a strike nor a deal
    are left out of the fit (and keep the crisis model's answer)."""
    from accord.forecast import signal_hazard as SH

    usable = [(c, pts) for c, pts in data if c.question_class in SH.QUESTION_CLASSES]
    if len(usable) < 2:
        return {"full": None, "folds": {}, "summary": None}
    d = SH.HazardData.build([(c.question_class, c.y, [(p.features, p.horizon) for p in pts])
                             for c, pts in usable])
    full = SH.fit_with_penalty(d)
    folds = {}
    if loo:
        folds = {usable[i][0].slug: f for i, f in SH.leave_one_out(d).items()}
    summary = {"form": "P(class by H) = 1 - exp(-exp(intercept + deal_offset [deal] + shape "
                       "ln(H/30) + sum coef_j x_j)), inside bounds; " + "; ".join(
                           f"{k}: {', '.join(v)}" for k, v in SH.CLASS_FEATURES.items()),
               "features": list(SH.FEATURES), "class_features": dict(SH.CLASS_FEATURES),
               "window_days": SH.WINDOW, "half_life_days": SH.HALF_LIFE,
               "fitted": full.as_dict(),
               "jackknife_se": SH.jackknife_se(list(folds.values())) if folds else None,
               "folds": {k: v.as_dict() for k, v in folds.items()},
               "crises": [c.slug for c, _ in usable]}
    return {"full": full, "folds": folds, "summary": summary}


def _calibrated(row: dict, name: str, structural: str, fit, pt) -> None:  # noqa: ANN001
    """Row entry ``name``: the structural vector ``row[structural]`` through the layer ``fit``
    (unchanged without one), and its marginals in ``row['question_probabilities']``."""
    from accord.forecast import signal_hazard as SH

    if fit is None:
        row[name] = dict(row[structural])
        return
    vec, marg = SH.apply(fit, {pt.horizon: row[structural]}, pt.features)
    row[name] = vec[pt.horizon]
    row["question_probabilities"][name] = marg[pt.horizon]


def write_layer_file(path: Path, result: Mapping, command: str) -> Path:
    """The fitted signal-hazard layer with its uncertainty and provenance."""
    import datetime as dt
    import json

    from accord.forecast import signal_hazard as SH

    lay = result["signal_hazard"]
    ov = result["overall"]
    data = {
        "description": "Signal-hazard layer (accord.forecast.signal_hazard): P(strike) and "
                       "P(deal) by the horizon from recent typed signals, fitted by penalised "
                       "Brier minimisation on a crisis corpus",
        "form": lay["form"], "features": lay["features"], "window_days": SH.WINDOW,
        "half_life_days": SH.HALF_LIFE, "class_features": lay["class_features"],
        "fit": lay["fitted"], "jackknife_se": lay["jackknife_se"], "folds": lay["folds"],
        "provenance": {
            "corpus": result["corpus"], "crises": lay["crises"],
            "date": dt.date.today().isoformat(), "command": command, "seed": result["seed"],
            "loss": "binary Brier on each crisis's question, mean over crises, + penalty x "
                    "sum coef^2; penalty chosen by 6-fold crisis-grouped CV inside the training crises",
            "in_sample": {k: ov["accord"][k] for k in ("binary_brier", "brier4")},
            "leave_one_out": ({k: ov["accord_loo"][k] for k in ("binary_brier", "brier4")}
                              if "accord_loo" in ov else None),
            "leave_one_out_interval": (result.get("intervals") or {}).get("accord_loo"),
            "time_split": ({k: v for k, v in result["time_split"].items() if k != "fit_on"}
                           if result.get("time_split") else None),
            "extremes": result.get("extremes"),
        },
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path


def write_fit_file(path: Path, result: Mapping, command: str) -> Path:
    """The fitted gains with their uncertainty and provenance (crisis_fit.json)."""
    import datetime as dt
    import json

    from accord.forecast import fit as F

    data = {
        "description": "Gains on the crisis model's signal effects (accord.models.crisis."
                       "CrisisFit), fitted by penalised Brier minimisation on a crisis corpus",
        "gains": result["gains"]["fitted"],
        "jackknife_se": result["gains"]["jackknife_se"],
        "free": list(F.FREE),
        "provenance": {
            "corpus": result["corpus"],
            "crises": [c["slug"] for c in result["crises"]],
            "n_forecasts": sum(c["scores"]["structural"]["n"] for c in result["crises"]),
            "date": dt.date.today().isoformat(), "command": command,
            "seed": result["seed"], "fit_runs": result["fit_runs"],
            "penalty": F.PENALTY, "prior_scale": "ln 3",
            "loss": "binary Brier + 0.5 x 4-class Brier, mean over crises",
            "in_sample": {k: result["overall"]["structural"][k]
                          for k in ("binary_brier", "brier4")},
            "leave_one_out": ({k: result["overall"]["structural_loo"][k]
                               for k in ("binary_brier", "brier4")}
                              if "structural_loo" in result["overall"] else None),
            "judgement": {k: result["overall"]["accord_judgement"][k]
                          for k in ("binary_brier", "brier4")},
        },
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path


def plot_crisis(crisis: Mapping, path: Path) -> Path:
    """Forecast path over the article dates for one crisis: P(question class by the deadline)
    in-sample (thick) and leave-one-out (dashed), which outcome comes first (thin), the
    ladder baseline dotted, the
    resolution date marked and the signals that appeared where the forecast moved most."""
    import datetime as dt

    from accord.report.cache import matplotlib_to_cache


    matplotlib_to_cache()

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = crisis["forecasts"]
    x = [dt.date.fromisoformat(r["as_of"]) for r in rows]
    res = dt.date.fromisoformat(crisis["resolution_date"])
    q = crisis["question_class"]
    colors = {"deal": "tab:green", "talks_continue": "tab:blue", "collapse": "tab:orange",
              "strike": "tab:red"}
    fig, ax = plt.subplots(figsize=(9, 4.2), dpi=90)
    for k in OUTCOMES:
        ax.plot(x, [r["accord"][k] for r in rows], marker=".", color=colors[k],
                label=f"{k} first", lw=0.8, alpha=0.6)
    ax.plot(x, [_question_p(r, "accord", q) for r in rows], marker="o", color=colors[q],
            lw=2.4, label=f"P({q} by deadline)")
    if "accord_loo" in rows[0]:
        ax.plot(x, [_question_p(r, "accord_loo", q) for r in rows], ls="--", color=colors[q],
                lw=1.6, label=f"P({q}) leave-one-out")
    ax.plot(x, [r["ladder"][q] for r in rows], ls=":", color="grey", label=f"{q} (ladder)")
    ax.axvline(res, color="black", lw=1)
    ax.text(res, 1.02, f"resolution: {crisis['outcome_class']}", ha="right", fontsize=8)
    prev = None
    for xi, r in zip(x, rows, strict=True):
        cur = _question_p(r, "accord", q)
        if prev is not None and abs(cur - prev) >= 0.05 and r["new_signals"]:
            ax.annotate("\n".join(s[:48] for s in r["new_signals"][:2]), (xi, cur),
                        xytext=(4, 12), textcoords="offset points", fontsize=6,
                        arrowprops={"arrowstyle": "-", "lw": 0.5})
        prev = cur
    ax.set_ylim(0, 1.08)
    ax.set_ylabel(f"P at the deadline ({crisis['deadline']})")
    ax.set_title(f"{crisis['slug']}: question asks about '{q}', resolved {crisis['resolved']}",
                 fontsize=9)
    ax.legend(fontsize=7, ncol=3, loc="upper left")
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)
    return path


def write_html(result: Mapping, out_dir: Path) -> Path:
    """``index.html``: the overall and per-crisis score tables and one plot per crisis."""
    import html
    import os
    import tempfile

    os.environ.setdefault("MPLCONFIGDIR", tempfile.mkdtemp(prefix="accord-mpl-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    methods = [m for m in METHODS if m in result["overall"]]
    head = "".join(f"<th>{m}</th>" for m in methods)

    def row(name: str, scores: Mapping, key: str) -> str:
        return f"<tr><td>{html.escape(name)}</td>" + "".join(
            f"<td>{scores[m][key]:.3f}</td>" for m in methods) + "</tr>"

    parts = ["<!doctype html><meta charset='utf-8'><title>accord backtest</title>",
             "<style>body{font-family:sans-serif;max-width:1000px;margin:auto}"
             "td,th{padding:2px 8px;text-align:right}td:first-child{text-align:left}</style>",
             f"<h1>Backtest over {html.escape(str(result['corpus']))}</h1>",
             "<p>" + html.escape(result["rules"]["horizon"]) + ". "
             + html.escape(result["rules"]["binary"]) + ". "
             + html.escape(result["rules"]["in_sample"]) + ".</p>",
             f"<h2>Binary Brier (overall: {html.escape(result['rules']['overall'])})</h2>",
             f"<table><tr><th>crisis</th>{head}</tr>"]
    for c in result["crises"]:
        parts.append(row(c["slug"], c["scores"], "binary_brier"))
    parts.append(row("overall", result["overall"], "binary_brier") + "</table>")
    parts.append(f"<h2>4-class Brier</h2><table><tr><th>crisis</th>{head}</tr>")
    for c in result["crises"]:
        parts.append(row(c["slug"], c["scores"], "brier4"))
    parts.append(row("overall", result["overall"], "brier4") + "</table>")
    g = result["gains"]
    parts.append("<h2>Fitted gains</h2><p>" + ", ".join(
        f"{k} {v:.2f}" + (f" (jackknife se {g['jackknife_se'][k]:.2f})"
                          if g.get("jackknife_se") and k in g["jackknife_se"] else "")
        for k, v in g["fitted"].items()) + "</p>")
    lay = result.get("signal_hazard")
    if lay:
        f = lay["fitted"]
        se = lay.get("jackknife_se") or {}
        parts.append("<h2>Signal-hazard layer</h2><p>" + html.escape(lay["form"]) + ". "
                     + ", ".join(f"{k} {v:+.2f}" + (f" (se {se[k]:.2f})" if k in se else "")
                                 for k, v in [("intercept", f["intercept"]),
                                              *f["coef"].items()])
                     + f"; shape {f['shape']:.2f} (fixed), penalty {f['penalty']}.</p>")
    for c in result["crises"]:
        png = plot_crisis(c, out_dir / f"{c['slug']}.png")
        parts.append(f"<h3>{html.escape(c['slug'])}</h3><p>{html.escape(c['question'])}"
                     f" Resolved <b>{c['resolved']}</b> ({c['outcome_class']}, "
                     f"{c['resolution_date']}).</p><img src='{png.name}' width='900'>")
    path = out_dir / "index.html"
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path
