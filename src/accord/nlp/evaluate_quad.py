"""`accord eval quad`: the coder's quad class on a labelled file, against a bag-of-words baseline.

Two modes:

- frozen (no ``cv``, or ``frozen=True`` beside ``cv``): the packaged coder scored as shipped,
  nothing refitted. Where the file's sentences are in the packaged model's training data the
  figures are in-sample, and the report says how many rows are (the model stores a hash of
  every training sentence, never its text).
- out-of-fold (``cv`` = K): the file (and the PLOVER gold records, when given) is parsed
  once; for each of K folds the learned layer (`accord.nlp.train.fit`) and the TF-IDF +
  logistic regression baseline (`accord.nlp.baseline.QuadBaseline`) are trained on the same
  training rows and score the held-out rows. Folds are grouped by topic by default
  (`accord.nlp.folds`: k-means on TF-IDF), or random with ``folds="random"`` for comparison.

The quad a user reads off a sentence is `evaluate.sentence_quad` of its events.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from accord.nlp.train import (
    Progress,
    cross_validate,
    featurise,
    read_gold,
    read_quad_tsv,
    read_sentence_set,
)


def reliability_report(events: list[list[Any]], gold: list[int],
                       which: str = "nonneg") -> dict[str, Any]:
    """Is the confidence of the event a user reads off each sentence (see
    `evaluate.sentence_quad`) the chance that its quad is the sentence's?"""
    from accord.nlp.evaluate import expected_calibration_error, reliability

    conf, ok = [], []
    for evs, g in zip(events, gold, strict=True):
        keep = [e for e in evs if (e.asserted if which == "asserted" else not e.negated)]
        if keep:
            e = max(keep, key=lambda e: e.confidence)
            conf.append(e.confidence)
            ok.append(e.quad == g)
    table = reliability(conf, ok)
    return {"events": len(conf), "table": table, "ece": expected_calibration_error(table)}


def frozen_report(texts: list[str], y: list[int], which: str = "nonneg",
                  file: str = "") -> dict[str, Any]:
    """The packaged coder as shipped on the rows, with how many are in its training data."""
    from accord.nlp.evaluate import quad_report, sentence_quad
    from accord.nlp.learned import ENV_VAR, get_model, sentence_keys
    from accord.nlp.pipeline import extract_sentences

    evs = extract_sentences(texts)
    pred = [sentence_quad(e, which) for e in evs]
    m = get_model()
    seen = 0
    if m is not None and m.train_keys.size:
        seen = int(np.isin(sentence_keys(texts), m.train_keys).sum())
    coder = "rules" if m is None else (
        f"rules + learned ({m.meta.get('trained', '?')}; ${ENV_VAR} to change)")
    sources = {s.get("file") for s in m.meta.get("sources", [])} if m is not None else set()
    if m is None:
        label = "rules only, nothing fitted"
    elif seen:
        label = f"IN-SAMPLE: {seen} of {len(texts)} rows are in the model's training data"
    elif not m.train_keys.size:  # an older model without sentence hashes
        label = ("IN-SAMPLE (probably): the model was trained on a file of this name"
                 if Path(file).name in sources else "overlap with the training data unknown")
    else:
        label = "out-of-sample: no row is in the model's training data"
    return {"coder": coder, "sample": label, "rows_in_training": seen,
            **quad_report(y, pred), "reliability": reliability_report(evs, y, which)}


def evaluate_quad_file(path: str | Path, cv: int = 0, seed: int = 0,
                       gold: str | Path | None = None, which: str = "nonneg",
                       folds: str = "topic", frozen: bool = False,
                       progress: Progress | None = None, encoder: bool = False,
                       sentence_sets: Sequence[str | Path] = (),
                       ) -> dict[str, Any]:
    """Score the coder on a quad file (see the module docstring); `encoder`: the learned
    layer stacked with the sentence encoder (`accord.nlp.train.fit`). `sentence_sets`:
    annotated sentence sets (`accord.nlp.train.read_sentence_set`) added to every training
    fold of the coder and of the baseline alike, never scored."""
    from accord.nlp.baseline import quad_baseline_oof
    from accord.nlp.evaluate import quad_report, score, sentence_quad
    from accord.nlp.folds import describe, make_folds

    texts, y = read_quad_tsv(path)
    if cv < 2:
        return {"file": str(path), "events": which, "mode": "frozen",
                **frozen_report(texts, y, which, str(path))}
    records: list[dict[str, Any]] = []
    gtexts: list[str] = []
    gq: list[int] = []
    if gold is not None:
        records, gtexts, gq = read_gold(gold)
    pool = texts + gtexts
    ypool = y + gq
    if len(pool) < 2 * cv:
        from accord.errors import InputError

        raise InputError(f"{cv} folds need at least {2 * cv} rows, the file has {len(pool)}",
                         where="--cv")
    splits, topics = make_folds(pool, ypool, cv, folds, seed)
    extra_rows: list[dict[str, Any]] = []
    for sset in sentence_sets:
        et, eq = read_sentence_set(sset)
        extra = np.arange(len(pool), len(pool) + len(et))
        splits = [(np.concatenate([tr, extra]), te) for tr, te in splits]
        pool, ypool = pool + et, ypool + eq
        extra_rows.append({"set": str(sset), "rows": len(et)})
    f = featurise(pool, progress=progress, encoder=encoder)
    res = cross_validate(f, ypool, seed=seed, splits=splits, progress=progress)
    base = quad_baseline_oof(pool, ypool, splits)
    n = len(texts)
    rules = [sentence_quad(e, which) for e in f.events[:n]]
    learned = [sentence_quad(e, which) for e in res["events"][:n]]
    out: dict[str, Any] = {
        "file": str(path), "folds": len(splits), "fold_kind": folds,
        "fold_method": describe(folds, topics), "seed": seed, "events": which,
        "extra_training": str(gold) if gold else None, "encoder": encoder,
        "training_only": extra_rows,
        "rules": quad_report(y, rules),
        "learned_oof": quad_report(y, learned),
        "baseline_oof": quad_report(y, base[:n]),
        "reliability_oof": reliability_report(res["events"][:n], y, which),
        "fold_models": res["folds"],
    }
    out["margin_0_4"] = round(out["learned_oof"]["macro_f1_0_4"]
                              - out["baseline_oof"]["macro_f1_0_4"], 4)
    if frozen:
        out["frozen"] = frozen_report(texts, y, which, str(path))
    if records:
        out["gold_rules"] = {k: v for k, v in score(records, f.events[n:n + len(gtexts)]).items()
                             if isinstance(v, float)}
        out["gold_oof"] = {k: v for k, v in score(records, res["events"][n:n + len(gtexts)]).items()
                           if isinstance(v, float)}
    return out
