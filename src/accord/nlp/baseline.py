"""Bag-of-words baselines the coder is measured against, trained on the same training folds.

- Quad (`QuadBaseline`): TF-IDF of word unigrams and bigrams (sublinear term frequency) and a
  multinomial logistic regression, on the raw sentence text: no parse, no rules, no lexicon.
  If the coder does not beat this, its rules and features add nothing a bag of words lacks.
- Roles (`RoleBaseline`): a token tagger, logistic regression over one-hot features of each
  token and its neighbours (lower-cased word two either side, capitalisation, position in
  the sentence), predicting actor (S), recipient (T), both (R) or neither (O); the predicted
  actor and recipient spans are runs of tagged tokens, scored with the same content-word
  match as the coder (`accord.nlp.evaluate_roles`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from accord.nlp.roles_gold import RoleSentence, content_words


class QuadBaseline:
    """TF-IDF (word 1-2 grams) + logistic regression over the five quad classes."""

    def __init__(self, c: float = 10.0) -> None:
        self.c = c
        self.vec: Any = None
        self.lr: Any = None

    def fit(self, texts: Sequence[str], y: Sequence[int]) -> QuadBaseline:
        """Fit on labelled sentences."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self.vec = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2))
        x = self.vec.fit_transform(list(texts))
        self.lr = LogisticRegression(C=self.c, max_iter=2000).fit(x, np.asarray(y))
        return self

    def predict(self, texts: Sequence[str]) -> list[int]:
        """Quad class of each sentence."""
        return [int(v) for v in self.lr.predict(self.vec.transform(list(texts)))]


def quad_baseline_oof(texts: Sequence[str], y: Sequence[int],
                      folds: Sequence[tuple[np.ndarray, np.ndarray]],
                      extra: tuple[Sequence[str], Sequence[int], np.ndarray] | None = None,
                      ) -> list[int]:
    """Out-of-fold baseline predictions; `extra` (texts, labels, train mask per fold as a
    (folds, rows) bool array) adds training-only rows to each fold."""
    pred = [0] * len(texts)
    y = list(y)
    for k, (tr, te) in enumerate(folds):
        tt = [texts[i] for i in tr]
        ty = [y[i] for i in tr]
        if extra is not None:
            et, ey, emask = extra
            tt += [et[j] for j in np.flatnonzero(emask[k])]
            ty += [ey[j] for j in np.flatnonzero(emask[k])]
        m = QuadBaseline().fit(tt, ty)
        for i, p in zip(te, m.predict([texts[i] for i in te]), strict=True):
            pred[i] = p
    return pred


# =========================================================================== roles
def _token_feats(tokens: list[str]) -> list[dict[str, float]]:
    low = [t.lower() for t in tokens]
    n = len(tokens)
    out = []
    for i, t in enumerate(tokens):
        f = {f"w={low[i]}": 1.0, f"cap={t[:1].isupper()}": 1.0,
             f"pos={min(4, 5 * i // max(n, 1))}": 1.0}
        for d in (-2, -1, 1, 2):
            j = i + d
            f[f"w{d}={low[j] if 0 <= j < n else '<s>'}"] = 1.0
        out.append(f)
    return out


class RoleBaseline:
    """Logistic-regression token tagger for actor / recipient spans."""

    def __init__(self, c: float = 1.0) -> None:
        self.c = c
        self.vec: Any = None
        self.lr: Any = None

    def fit(self, sents: Sequence[RoleSentence]) -> RoleBaseline:
        """Fit on gold-tagged sentences."""
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        feats = [f for s in sents for f in _token_feats(s.tokens)]
        tags = [t for s in sents for t in s.tags]
        self.vec = DictVectorizer()
        self.lr = LogisticRegression(C=self.c, max_iter=2000).fit(
            self.vec.fit_transform(feats), tags)
        return self

    def spans(self, sent: RoleSentence) -> tuple[list[str], list[str]]:
        """The predicted actor span and recipient span of one sentence: of the runs of
        tokens tagged actor (S or R) / recipient (T or R), the one with the highest mean
        probability of that role. One of each, as the coder's main event names its parties
        (tagging many runs would make the any-word-matches score meaningless)."""
        proba = self.lr.predict_proba(self.vec.transform(_token_feats(sent.tokens)))
        cls = list(self.lr.classes_)
        tags = [cls[i] for i in proba.argmax(axis=1)]

        def col(c: str) -> np.ndarray:
            return proba[:, cls.index(c)] if c in cls else np.zeros(len(tags))

        p_act, p_rec = col("S") + col("R"), col("T") + col("R")
        return (_best_run(sent.tokens, tags, ("S", "R"), p_act),
                _best_run(sent.tokens, tags, ("T", "R"), p_rec))


def _best_run(tokens: list[str], tags: list[str], kinds: tuple[str, ...], p: np.ndarray,
              ) -> list[str]:
    """The run of consecutive tokens with a tag in `kinds` whose mean `p` is highest."""
    best: tuple[float, list[str]] = (-1.0, [])
    i = 0
    while i < len(tags):
        if tags[i] in kinds:
            j = i
            while j < len(tags) and tags[j] in kinds:
                j += 1
            score = float(p[i:j].mean())
            if score > best[0]:
                best = (score, [" ".join(tokens[i:j])])
            i = j
        else:
            i += 1
    return best[1]


def score_spans(sents: Sequence[RoleSentence], spans: Sequence[tuple[list[str], list[str]]],
                ) -> dict[str, float]:
    """Actor / recipient accuracy of predicted span texts, as `evaluate_roles.score_roles`
    scores the coder (a content word shared with a gold S or R / T or R span)."""
    n_act = n_rec = act_ok = rec_ok = 0
    for s, (act, rec) in zip(sents, spans, strict=True):
        ag = [content_words(" ".join(x)) for x in s.spans.get("S", []) + s.spans.get("R", [])]
        rg = [content_words(" ".join(x)) for x in s.spans.get("T", []) + s.spans.get("R", [])]
        if ag:
            n_act += 1
            act_ok += any(content_words(a) & g for a in act for g in ag)
        if rg:
            n_rec += 1
            rec_ok += any(content_words(r) & g for r in rec for g in rg)
    return {"actor": round(act_ok / n_act, 3) if n_act else 0.0,
            "recipient": round(rec_ok / n_rec, 3) if n_rec else 0.0}


def roles_baseline_oof(sents: Sequence[RoleSentence], fold_of: Sequence[int], folds: int,
                       ) -> dict[str, float]:
    """Out-of-fold actor / recipient accuracy of the token tagger."""
    spans: list[tuple[list[str], list[str]]] = [([], [])] * len(sents)
    for k in range(folds):
        tr = [s for s, f in zip(sents, fold_of, strict=True) if f != k]
        te = [i for i, f in enumerate(fold_of) if f == k]
        if not tr or not te:
            continue
        m = RoleBaseline().fit(tr)
        for i in te:
            spans[i] = m.spans(sents[i])
    return score_spans(sents, spans)
