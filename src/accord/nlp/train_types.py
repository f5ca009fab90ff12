"""Training of the learned type layer (`accord.nlp.type_model`): rows from annotated sentence
sets and PLOVER gold records, the fit, and cross-validation over folds of whole crises
(`accord train types`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from accord.nlp.learned_features import TextTfidf
from accord.nlp.type_model import C_DEFAULT, GENERIC_TYPE, TEXT_KINDS, TypeModel, type_names


def read_type_rows(sentence_sets: Sequence[str | Path] = (), gold_files: Sequence[str | Path] = ()
                   ) -> tuple[list[str], list[list[str]], list[str]]:
    """(sentences, their acted types, their groups) from annotated sentence sets (every act
    not negated or denied; a sentence without one is not a row) and PLOVER gold records. A
    group is the article's crisis when the set's ``articles.jsonl`` names it, else the
    article; gold records are one group each."""
    from accord.errors import InputError
    from accord.nlp.lexicon import canonical_type
    from accord.nlp.train import read_gold

    known = set(type_names())
    texts: list[str] = []
    types: list[list[str]] = []
    groups: list[str] = []
    for s in sentence_sets:
        d = Path(s)
        gold = d / "gold.jsonl" if d.is_dir() else d
        crisis: dict[str, str] = {}
        arts = gold.parent / "articles.jsonl"
        if arts.is_file():
            for line in arts.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    a = json.loads(line)
                    crisis[str(a.get("id"))] = str(a.get("crisis") or a.get("id"))
        if not gold.is_file():
            raise InputError("no gold.jsonl in the sentence set", where=str(s))
        for n, line in enumerate(gold.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                acts = [canonical_type(str(a["type"])) for a in rec["acts"]
                        if a.get("factuality") not in ("negated", "denied")]
                text = str(rec["sentence"]).strip()
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(f"not a sentence record ({exc})", where=f"{gold}:{n}") from exc
            acts = [t for t in dict.fromkeys(acts) if t in known]
            if text and acts:
                art = str(rec.get("article_id", n))
                texts.append(text)
                types.append(acts)
                groups.append(f"{d.name}:{crisis.get(art, art)}")
    for g in gold_files:
        recs, gtexts, _ = read_gold(g)
        for k, (r, text) in enumerate(zip(recs, gtexts, strict=True)):
            t = canonical_type(str(r.get("event", "")))
            if t in known and text:
                texts.append(text)
                types.append([t])
                groups.append(f"gold:{k}")
    return texts, types, groups


def fit(texts: Sequence[str], types: Sequence[Sequence[str]], emb: np.ndarray | None,
        c: float = C_DEFAULT, seed: int = 0) -> TypeModel:
    """Multinomial logistic regression, one training row per (sentence, type)."""
    import scipy.sparse as sp
    from sklearn.linear_model import LogisticRegression

    names = type_names()
    rows = [i for i, ts in enumerate(types) for _ in ts]
    y = np.array([names.index(t) for ts in types for t in ts])
    blocks = [TextTfidf(k).fit(list(texts)) for k in TEXT_KINDS]
    tx = [texts[i] for i in rows]
    mats = [b.matrix(tx) for b in blocks]
    if emb is not None:
        mats.append(sp.csr_matrix(emb[rows]))
    lr = LogisticRegression(C=c, max_iter=5000, random_state=seed).fit(
        sp.hstack(mats).tocsr(), y)
    coef = np.zeros((lr.coef_.shape[1], len(names)))
    bias = np.full(len(names), -30.0)  # a type never seen in training is never picked
    coef[:, lr.classes_] = lr.coef_.T
    bias[lr.classes_] = lr.intercept_
    w_text, at = [], 0
    for b in blocks:
        w_text.append(coef[at:at + len(b.idx)])
        at += len(b.idx)
    w_emb = coef[at:] if emb is not None else np.zeros((0, len(names)))
    return TypeModel(types=names, bias=bias, text=blocks, w_text=w_text, w_emb=w_emb,
                     meta={"c": c, "rows": len(rows), "sentences": len(texts),
                           "encoder": emb is not None})


def cross_validate(texts: Sequence[str], types: Sequence[Sequence[str]],
                   groups: Sequence[str], emb: np.ndarray | None, k: int = 5,
                   c: float = C_DEFAULT, seed: int = 0) -> dict[str, Any]:
    """Folds of whole groups: the share of sentences with an act whose pick inside the class of
    their first act is one of their acted types, for the layer and for the generic type of
    the class (the fallback before the layer)."""
    from accord.nlp.lexicon import label_quad

    uniq = sorted(set(groups))
    perm = np.random.default_rng(seed).permutation(len(uniq))
    fold_of = {uniq[j]: n % k for n, j in enumerate(perm)}
    fold = np.array([fold_of[g] for g in groups])
    right = generic = n = 0
    for f in range(k):
        tr, te = np.flatnonzero(fold != f), np.flatnonzero(fold == f)
        m = fit([texts[i] for i in tr], [types[i] for i in tr],
                None if emb is None else emb[tr], c, seed)
        probs = m.proba([texts[i] for i in te], None if emb is None else emb[te])
        for j, i in enumerate(te):
            q = label_quad(types[i][0])
            if q == 0:
                continue
            ok = {t for t in types[i] if label_quad(t) == q}
            n += 1
            right += m.pick(probs[j], q) in ok
            generic += GENERIC_TYPE[q] in ok
    return {"folds": k, "sentences": n, "layer": right / max(n, 1),
            "generic": generic / max(n, 1)}
