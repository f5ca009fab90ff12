"""A learned recipient ranker for events the recipient rules leave without one.

The parse rules of accord.nlp.events find a recipient in grammatical positions (object,
dative, to/against/on phrases ...). When none of them yields one, this ranker looks at every
candidate in the sentence -- each resolved actor mention that is not the event's actor and
each unlisted party noun (accord.nlp.parties) -- and scores it with a logistic regression over
parse features: the dependency path from the event's predicate to the candidate, the
preposition that governs it, the event type, the candidate's kind and entity label, whether
it shares the actor's country, its side and distance. The best candidate becomes the recipient
when its probability reaches the model's threshold; otherwise the unlisted-party rule runs.

Training (`accord train recipients FILE`: accord.nlp.recipients_train, or `fit` here on
collected rows) reads a BIO roles file (S actor, T recipient, R both; see
accord.nlp.roles_gold): each sentence is coded by the rules, the candidates of every event
without a rule recipient are collected, and a candidate is a
positive when it shares a content word with a gold T or R span. The threshold is chosen by
inner cross-validation. Weights ship as a plain ``.npz`` (hashed feature indices and
values, no pickle). ``ACCORD_RECIPIENT_MODEL`` selects a model file, or ``none``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Token

from accord.nlp.roles_gold import content_words

ENV_VAR = "ACCORD_RECIPIENT_MODEL"
N_FEATURES = 1 << 18
MAX_PATH = 5


@dataclass
class Candidate:
    """One possible recipient: its head token, the mention (or None for a party noun), the
    surface text and the feature strings."""

    head: Token
    mention: Any
    text: str
    feats: list[str]


@dataclass
class RecipientModel:
    """Hashed-feature logistic regression: weights by feature index, bias, threshold."""

    index: np.ndarray
    weight: np.ndarray
    bias: float
    threshold: float
    meta: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._w = np.zeros(N_FEATURES)
        self._w[self.index] = self.weight

    def proba(self, feats: Sequence[Sequence[str]]) -> np.ndarray:
        z = np.array([self._w[_hash(f)].sum() for f in feats]) + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    def save(self, path: str | Path) -> None:
        np.savez_compressed(path, index=self.index.astype(np.int32),
                            weight=self.weight.astype(np.float32),
                            params=np.array([self.bias, self.threshold]),
                            meta=np.array(json.dumps(self.meta)))

    @classmethod
    def load(cls, path: str | Path) -> RecipientModel:
        with np.load(path, allow_pickle=False) as z:
            b, t = (float(x) for x in z["params"])
            return cls(z["index"].astype(np.int64), z["weight"].astype(np.float64), b, t,
                       json.loads(str(z["meta"])))


def _hash(feats: Sequence[str]) -> np.ndarray:
    import zlib

    return np.fromiter((zlib.crc32(f.encode()) % N_FEATURES for f in feats), np.int64,
                       count=len(feats))


def packaged_model_path() -> Path:
    return Path(str(resources.files("accord.nlp").joinpath("data/recipient_model.npz")))


@cache
def _load(spec: str) -> RecipientModel | None:
    if spec.lower() in ("none", "off", "rules", ""):
        return None
    path = packaged_model_path() if spec == "packaged" else Path(spec)
    if not path.exists():
        return None
    return RecipientModel.load(path)


def get_model() -> RecipientModel | None:
    """$ACCORD_RECIPIENT_MODEL (a path or "none"), else the packaged model, else None."""
    return _load(os.environ.get(ENV_VAR, "packaged"))


# ----------------------------------------------------------------------------- features
def _path(src: Token, dst: Token) -> str:
    """Dependency path src -> dst: up-steps to the lowest common ancestor, then down-steps,
    prepositions named by their lemma ("^nsubj" ... "v:prep_in v:pobj")."""
    up: list[Token] = []
    t = src
    for _ in range(12):
        up.append(t)
        if t.head == t:
            break
        t = t.head
    down: list[Token] = []
    t = dst
    idx = {x.i: k for k, x in enumerate(up)}
    for _ in range(12):
        if t.i in idx:
            break
        down.append(t)
        if t.head == t:
            return "nopath"
        t = t.head
    else:
        return "nopath"
    ups = ["^" + x.dep_ for x in up[: idx[t.i]]]
    downs = [("v:" + x.dep_ + ("_" + x.lower_ if x.dep_ in ("prep", "agent") else ""))
             for x in reversed(down)]
    steps = ups + downs
    return " ".join(steps[:MAX_PATH]) + (" ..." if len(steps) > MAX_PATH else "")


def _gov_prep(t: Token) -> str:
    h = t
    for _ in range(3):
        if h.dep_ == "pobj" and h.head.dep_ in ("prep", "agent"):
            return h.head.lower_
        if h.dep_ not in ("conj", "appos", "compound"):
            break
        h = h.head
    return "-"


def features(pred: Token, trig: Token, cand: Token, kind: str, etype: str,
             own_countries: set[str], code: str, n_cands: int) -> list[str]:
    """Feature strings of one candidate (see the module doc)."""
    path = _path(pred, cand)
    tpath = _path(trig, cand) if trig != pred else path
    prep = _gov_prep(cand)
    dist = cand.i - pred.i
    side = "after" if dist > 0 else "before"
    ad = abs(dist)
    dbin = "1" if ad <= 1 else "2-3" if ad <= 3 else "4-6" if ad <= 6 else "7-12" if ad <= 12 else "13+"
    same = "same" if code[:3] in own_countries else "other"
    lem = cand.lemma_.lower()
    f = [
        "bias", f"path={path}", f"tpath={tpath}", f"prep={prep}", f"kind={kind}",
        f"ner={cand.ent_type_ or '-'}", f"pos={cand.pos_}", f"side={side}", f"dist={dbin}",
        f"same={same}", f"lemma={lem}", f"dep={cand.dep_}", f"ncand={min(n_cands, 5)}",
        f"type={etype}", f"type_path={etype}|{path}", f"type_prep={etype}|{prep}",
        f"type_kind={etype}|{kind}", f"type_side={etype}|{side}", f"kind_prep={kind}|{prep}",
        f"same_kind={same}|{kind}", f"predlemma_prep={pred.lemma_.lower()}|{prep}",
        f"code3={'---' if code.startswith('---') else 'known'}",
    ]
    return f


# ----------------------------------------------------------------------------- collection
_COLLECT: list[dict] | None = None


@contextmanager
def collecting() -> Iterator[list[dict]]:
    """Record the candidates of every ranked event (for training) while coding."""
    global _COLLECT
    old, _COLLECT = _COLLECT, []
    try:
        yield _COLLECT
    finally:
        _COLLECT = old


def active() -> bool:
    """Is there anything to rank for (a model, or a training collection under way)?"""
    return _COLLECT is not None or get_model() is not None


def rank(cands: list[Candidate], sentence: str) -> Candidate | None:
    """The chosen candidate, or None (no model, no candidate, or below threshold)."""
    return rank_scored(cands, sentence)[0]


def rank_scored(cands: list[Candidate], sentence: str) -> tuple[Candidate | None, float]:
    """The chosen candidate (or None) and the model's probability for it (0 without one)."""
    if _COLLECT is not None and cands:
        _COLLECT.append({"sentence": sentence, "texts": [c.text for c in cands],
                         "feats": [c.feats for c in cands]})
    model = get_model()
    if model is None or not cands:
        return None, 0.0
    p = model.proba([c.feats for c in cands])
    k = int(np.argmax(p))
    return (cands[k], float(p[k])) if p[k] >= model.threshold else (None, float(p[k]))


# ----------------------------------------------------------------------------- training
def _labels(rows: list[dict], gold: dict[str, list[set[str]]]) -> list[np.ndarray]:
    out = []
    for r in rows:
        spans = gold.get(r["sentence"].strip(), [])
        out.append(np.array([bool(spans) and any(content_words(t) & g for g in spans)
                             for t in r["texts"]], dtype=bool))
    return out


def _matrix(rows: list[dict]):  # noqa: ANN202
    from scipy.sparse import csr_matrix

    ind, ptr = [], [0]
    for r in rows:
        for f in r["feats"]:
            h = np.unique(_hash(f))
            ind.append(h)
            ptr.append(ptr[-1] + len(h))
    ind_a = np.concatenate(ind) if ind else np.zeros(0, np.int64)
    return csr_matrix((np.ones(len(ind_a)), ind_a, np.array(ptr)), shape=(len(ptr) - 1,
                                                                            N_FEATURES))


def _pick_rate(rows: list[dict], ys: list[np.ndarray], p: np.ndarray, t: float) -> float:
    """Share of rows with a positive candidate where the top candidate is positive and
    above t, minus the share of rows with no positive where something is picked (a wrong
    recipient costs as much as a missed one)."""
    good = bad = 0
    k = 0
    for y in ys:
        q = p[k:k + len(y)]
        k += len(y)
        j = int(np.argmax(q))
        if q[j] >= t:
            good += bool(y[j])
            bad += not bool(y[j])
    return (good - bad) / max(1, len(ys))


def fit(rows: list[dict], gold: dict[str, list[set[str]]], c: float = 0.5, seed: int = 0,
        ) -> RecipientModel:
    """Fit the ranker on collected rows with labels from `gold` (sentence -> span word sets);
    the threshold maximises picks right minus picks wrong in inner 3-fold CV."""
    from sklearn.linear_model import LogisticRegression

    ys = _labels(rows, gold)
    keep = [i for i, y in enumerate(ys) if len(y)]
    rows, ys = [rows[i] for i in keep], [ys[i] for i in keep]
    x = _matrix(rows)
    y = np.concatenate(ys) if ys else np.zeros(0, bool)
    if len(rows) < 10 or y.all() or not y.any():
        raise ValueError("too few labelled candidates to fit a recipient ranker")
    rng = np.random.default_rng(seed)
    fold = rng.integers(0, 3, len(rows))
    row_of = np.repeat(np.arange(len(rows)), [len(v) for v in ys])
    oof = np.zeros(len(y))
    for k in range(3):
        tr = fold[row_of] != k
        lr = LogisticRegression(C=c, max_iter=2000)
        lr.fit(x[tr], y[tr])
        oof[~tr] = lr.predict_proba(x[~tr])[:, 1]
    grid = np.round(np.arange(0.2, 0.81, 0.05), 2)
    scores = [_pick_rate(rows, ys, oof, t) for t in grid]
    threshold = float(grid[int(np.argmax(scores))])
    lr = LogisticRegression(C=c, max_iter=2000)
    lr.fit(x, y)
    w = lr.coef_[0]
    nz = np.flatnonzero(np.abs(w) > 1e-6)
    meta = {"rows": len(rows), "candidates": int(len(y)), "positives": int(y.sum()), "C": c,
            "threshold_grid_score": round(max(scores), 4), "seed": seed}
    return RecipientModel(nz, w[nz], float(lr.intercept_[0]), threshold, meta)


def gold_spans(sents: Sequence[Any]) -> dict[str, list[set[str]]]:
    """Sentence text -> content-word sets of its gold T and R spans (RoleSentence list)."""
    return {s.text.strip(): [content_words(" ".join(sp)) for sp in
                             s.spans.get("T", []) + s.spans.get("R", [])] for s in sents}
