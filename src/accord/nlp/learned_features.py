"""Sentence features for the learned quad layer, read off the spaCy parse that already exists.

Nothing here runs a model: every feature comes from the Doc the pipeline has parsed and from
the rule coder's events for the sentence. Work is vectorised per Doc (one `Doc.to_array` and
numpy over all tokens); the only Python loops run over sentences and events.

Two blocks, per unit (a sentence at coding time, a whole labelled row at training time):

- hashed (sparse, binary): lemma unigrams and bigrams, verb lemmas with their negation, verb +
  direct-object lemma pairs, verb + subject entity type, the root lemma with its negation, and
  the rule coder's trigger lemma with its PLOVER type. Proper nouns and entity tokens are
  replaced by their entity label (or "PROPN"), so names are not memorised: the features are
  meant to carry over to other years and outlets.
- dense: the rule coder's candidate types, quads, main quad and factuality, its best
  confidence per quad (the role evidence: actor and recipient found), entity-label counts,
  sentence length, and the mean of `doc.tensor` over the unit (the small model's contextual
  token vectors: free, and they generalise beyond words seen in training).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IS_PUNCT, IS_SPACE, LEMMA, POS
from spacy.tokens import Doc, Span

from accord.types import Event

N_HASH = 1 << 14
TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
FACTUALITY = ("asserted", "negated", "hypothetical", "proposed", "future", "historical",
              "alleged", "denied")
ENT_LABELS = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART",
              "LAW", "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL",
              "CARDINAL")
_TYPE_IX = {t: i for i, t in enumerate(TYPES)}
_FACT_IX = {f: i for i, f in enumerate(FACTUALITY)}
# dense layout: types | quads | main quad | main factuality | max confidence per quad |
# no event | log(1+n events) | entity labels | log(1+tokens) | tensor mean
N_RULE = len(TYPES) + 4 + 4 + len(FACTUALITY) + 4 + 2
N_ENT = len(ENT_LABELS)

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_SALT = {name: np.uint64(k * 0x9E3779B97F4A7C15 % (1 << 64)) for k, name in enumerate(
    ("uni", "bi", "verb", "vneg", "vobj", "vsubj", "root", "rootneg", "trig", "ent", "propn"),
    start=1)}


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: a stable 64-bit hash of uint64 values (Python's hash is salted)."""
    with np.errstate(over="ignore"):
        x = (x ^ (x >> np.uint64(30))) * _M1
        x = (x ^ (x >> np.uint64(27))) * _M2
        return x ^ (x >> np.uint64(31))


def _bucket(h: np.ndarray, ns: str) -> np.ndarray:
    return (_mix(h ^ _SALT[ns]) % np.uint64(N_HASH)).astype(np.int64)


def _strhash(doc: Doc, s: str) -> np.uint64:
    return np.uint64(doc.vocab.strings.add(s))


def _rule_block(units: Sequence[Sequence[Event]]) -> np.ndarray:
    out = np.zeros((len(units), N_RULE), dtype=np.float32)
    q0 = len(TYPES)
    for r, evs in enumerate(units):
        if not evs:
            out[r, N_RULE - 2] = 1.0
            continue
        for e in evs:
            out[r, _TYPE_IX[e.type]] = 1.0
            out[r, q0 + e.quad - 1] = 1.0
            c = q0 + 8 + len(FACTUALITY) + e.quad - 1
            out[r, c] = max(out[r, c], e.confidence)
        main = evs[0]
        out[r, q0 + 4 + main.quad - 1] = 1.0
        out[r, q0 + 8 + _FACT_IX.get(main.factuality or "asserted", 0)] = 1.0
        out[r, N_RULE - 1] = np.log1p(len(evs))
    return out


def unit_features(doc: Doc, units: Sequence[Span], events: Sequence[Sequence[Event]],
                  triggers: Sequence[Sequence[str]] | None = None,
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features of each unit (contiguous, non-overlapping spans of `doc`).

    Returns (rows, cols, dense): the hashed block as coordinate pairs (unit index, bucket),
    deduplicated (binary features), and the dense block, one row per unit."""
    n_units = len(units)
    n_dense = N_RULE + N_ENT + 1 + (doc.tensor.shape[1] if doc.tensor is not None
                                    and doc.tensor.size else 0)
    dense = np.zeros((n_units, n_dense), dtype=np.float32)
    if n_units == 0 or len(doc) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), dense
    arr = doc.to_array([LEMMA, POS, ENT_TYPE, ENT_IOB, DEP, HEAD, IS_PUNCT, IS_SPACE])
    lemma, pos, ent, iob, dep = (arr[:, k] for k in range(5))
    head = np.arange(len(doc)) + arr[:, 5].view(np.int64)
    skip = (arr[:, 6] != 0) | (arr[:, 7] != 0)
    starts = np.fromiter((u.start for u in units), np.int64, n_units)
    ends = np.fromiter((u.end for u in units), np.int64, n_units)
    unit = np.searchsorted(starts, np.arange(len(doc)), side="right") - 1
    inside = (unit >= 0) & (np.arange(len(doc)) < ends[np.clip(unit, 0, None)])
    s = doc.vocab.strings
    propn = pos == s["PROPN"]
    word = np.where(ent != 0, ent ^ _SALT["ent"], np.where(propn, _SALT["propn"], lemma))
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    keep = np.flatnonzero(inside & ~skip)
    rows.append(unit[keep])
    cols.append(_bucket(word[keep], "uni"))
    if len(keep) > 1:
        a, b = keep[:-1], keep[1:]
        same = unit[a] == unit[b]
        a, b = a[same], b[same]
        with np.errstate(over="ignore"):
            rows.append(unit[a])
            cols.append(_bucket(word[a] * np.uint64(31) + word[b], "bi"))
    # verbs with their negation; verb + object; verb + subject entity label; the root
    negated = np.zeros(len(doc), bool)
    neg_ix = np.flatnonzero((dep == s["neg"]) & inside)
    negated[head[neg_ix]] = True
    verbs = np.flatnonzero(inside & (pos == s["VERB"]))
    rows.append(unit[verbs])
    cols.append(_bucket(lemma[verbs] ^ (negated[verbs] * _SALT["vneg"]), "verb"))
    objs = np.flatnonzero(inside & ((dep == s["dobj"]) | (dep == s["nsubjpass"])))
    with np.errstate(over="ignore"):
        rows.append(unit[objs])
        cols.append(_bucket(lemma[head[objs]] * np.uint64(31) + word[objs], "vobj"))
        subj = np.flatnonzero(inside & (dep == s["nsubj"]) & (ent != 0))
        rows.append(unit[subj])
        cols.append(_bucket(lemma[head[subj]] * np.uint64(31) + ent[subj], "vsubj"))
    roots = np.flatnonzero(inside & (dep == s["ROOT"]))
    rows.append(unit[roots])
    cols.append(_bucket(lemma[roots] ^ (negated[roots] * _SALT["rootneg"]), "root"))
    if triggers is not None:
        tr_rows, tr_h = [], []
        for r, (evs, trs) in enumerate(zip(events, triggers, strict=True)):
            for e, t in zip(evs, trs, strict=True):
                tr_rows.append(r)
                tr_h.append(_strhash(doc, f"{t}|{e.type}"))
        if tr_rows:
            rows.append(np.asarray(tr_rows, np.int64))
            cols.append(_bucket(np.asarray(tr_h, np.uint64), "trig"))
    r_all = np.concatenate(rows)
    c_all = np.concatenate(cols)
    code = np.unique(r_all * N_HASH + c_all)
    # dense block
    dense[:, :N_RULE] = _rule_block(events)
    begins = np.flatnonzero(inside & (iob == 3))
    if len(begins):
        labels = {s[lab]: k for k, lab in enumerate(ENT_LABELS)}
        lab_ix = np.fromiter((labels.get(int(v), -1) for v in ent[begins]), np.int64,
                             len(begins))
        ok = lab_ix >= 0
        np.add.at(dense, (unit[begins][ok], N_RULE + lab_ix[ok]), 1.0)
    dense[:, N_RULE:N_RULE + N_ENT] = np.log1p(dense[:, N_RULE:N_RULE + N_ENT])
    dense[:, N_RULE + N_ENT] = np.log1p(ends - starts)
    if n_dense > N_RULE + N_ENT + 1:
        tens = doc.tensor
        for r in range(n_units):
            if ends[r] > starts[r]:
                dense[r, N_RULE + N_ENT + 1:] = tens[starts[r]:ends[r]].mean(axis=0)
    return code // N_HASH, code % N_HASH, dense


# =========================================================================== text n-grams
TEXT_KINDS = {"word": ("word", (1, 2)), "char": ("char_wb", (2, 5))}
N_TEXT = 1 << 18


def _hasher(kind: str):  # noqa: ANN202  (sklearn HashingVectorizer)
    from sklearn.feature_extraction.text import HashingVectorizer

    analyzer, ngrams = TEXT_KINDS[kind]
    return HashingVectorizer(analyzer=analyzer, ngram_range=ngrams, n_features=N_TEXT,
                             alternate_sign=False, norm=None, lowercase=True)


class TextTfidf:
    """TF-IDF of hashed word (1-2) or character (2-5, within words) n-grams of raw text.

    Sublinear term frequency, smoothed IDF from the training sentences, rows L2-normalised,
    as scikit-learn's TfidfVectorizer does; the vocabulary is hashed (a stable MurmurHash,
    no vocabulary to ship) and only the buckets seen in training (`idx`) keep an IDF, the rest
    take the IDF of a term seen in no training sentence."""

    def __init__(self, kind: str, idx: np.ndarray | None = None, idf: np.ndarray | None = None,
                 idf_default: float = 1.0) -> None:
        self.kind = kind
        self.idx = np.zeros(0, np.int64) if idx is None else np.asarray(idx, np.int64)
        self.idf = np.zeros(0) if idf is None else np.asarray(idf, np.float64)
        self.idf_default = float(idf_default)

    def fit(self, texts: Sequence[str]) -> TextTfidf:
        """Document frequencies of the training sentences."""
        x = _hasher(self.kind).transform(list(texts)).tocsc()
        df = np.diff(x.indptr)
        self.idx = np.flatnonzero(df).astype(np.int64)
        n = len(texts)
        self.idf = np.log((1.0 + n) / (1.0 + df[self.idx])) + 1.0
        self.idf_default = float(np.log(1.0 + n) + 1.0)
        return self

    def transform(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(rows, positions in `idx`, values) of the normalised TF-IDF entries of known
        buckets (unknown buckets count towards each row's norm only)."""
        x = _hasher(self.kind).transform(list(texts)).tocoo()
        val = (1.0 + np.log(x.data)) if x.data.size else x.data.astype(np.float64)
        pos = np.searchsorted(self.idx, x.col)
        pos_c = np.minimum(pos, max(len(self.idx) - 1, 0))
        known = (self.idx[pos_c] == x.col) if len(self.idx) else np.zeros(len(val), bool)
        val = val * np.where(known, self.idf[pos_c] if len(self.idf) else 0.0,
                             self.idf_default)
        norm = np.sqrt(np.bincount(x.row, val * val, minlength=len(texts)))
        val = val / np.maximum(norm[x.row], 1e-12)
        return x.row[known].astype(np.int64), pos_c[known].astype(np.int64), val[known]

    def matrix(self, texts: Sequence[str]) -> Any:
        """The transform as a sparse (rows, len(idx)) matrix."""
        import scipy.sparse as sp

        r, c, v = self.transform(texts)
        return sp.csr_matrix((v, (r, c)), shape=(len(texts), len(self.idx)))


# --------------------------------------------------- TF-IDF blocks inside a linear model
def add_text_scores(z: np.ndarray, blocks: Sequence[TextTfidf], weights: Sequence[np.ndarray],
                    texts: Sequence[str]) -> None:
    """Add each block's TF-IDF of `texts` times its weights (len(block.idx), classes) to the
    scores `z` (rows: texts), in place."""
    for block, w in zip(blocks, weights, strict=True):
        r, c, v = block.transform(texts)
        np.add.at(z, r, v[:, None] * w[c])


def text_block_arrays(blocks: Sequence[TextTfidf], weights: Sequence[np.ndarray]
                      ) -> dict[str, np.ndarray]:
    """The blocks and their weights as plain arrays for an `.npz` (`read_text_blocks`)."""
    out: dict[str, np.ndarray] = {"text_kinds": np.array([b.kind for b in blocks], dtype="U8")}
    for i, (b, w) in enumerate(zip(blocks, weights, strict=True)):
        out.update({f"text{i}_idx": b.idx.astype(np.int32), f"text{i}_idf": b.idf.astype(np.float32),
                    f"text{i}_idf_default": np.array(b.idf_default),
                    f"text{i}_w": w.astype(np.float32)})
    return out


def read_text_blocks(z: Any) -> tuple[list[TextTfidf], list[np.ndarray]]:
    """The blocks and weights `text_block_arrays` wrote (none in files without them)."""
    kinds = [str(k) for k in z["text_kinds"]] if "text_kinds" in z.files else []
    blocks = [TextTfidf(k, z[f"text{i}_idx"], z[f"text{i}_idf"], float(z[f"text{i}_idf_default"]))
              for i, k in enumerate(kinds)]
    return blocks, [z[f"text{i}_w"].astype(np.float64) for i in range(len(kinds))]
