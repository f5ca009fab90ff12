"""The learned type layer: P(PLOVER type | sentence), used to choose an event's type inside the
class the quad model reads (`accord.nlp.learned`).

Why. The quad model decides whether a sentence reports an act and of which class (0-4); the
type inside that class came from the trigger's lexicon entry for the class, else a generic
type per class (AGREE, COOPERATE, ACCUSE, COERCE). On the annotated 2017-24 sentence sets that
picked a key type of the sentence for 48% of sentences with an act; this layer, a multinomial
logistic regression over the sentence's word and character TF-IDF blocks and its sentence
vector, picks one for 70% (5 folds grouped by crisis, type chosen among the types of the
sentence's gold class; `accord train types --cv 5`).

Where it acts (`accord.nlp.learned.combine`): the type of an event the model emits for a
sentence with no rule event, and of a rule event the model moves to another class; and a rule
event whose type the layer gives less than ``OVERRIDE_BELOW`` while another type of the same
class has at least ``OVERRIDE_TOP`` (and no other event of the sentence has that type) takes
that type. The layer never makes an act an ASSAULT nor re-types one
(`accord.nlp.learned.RULES_ONLY_TYPES`: force is read from force triggers only). Both
thresholds were chosen on out-of-fold probabilities of the sentence sets
(rule events typed right 637 -> 651 of 1,135), never on an evaluation set.

Training and its cross-validation: `accord.nlp.train_types` (`accord train types`).
Files: packaged ``nlp/data/type_model.npz`` (plain arrays, no pickle);
``ACCORD_TYPE_MODEL=PATH`` uses another, ``none`` turns the layer off.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from accord.nlp.learned_features import (
    TextTfidf,
    add_text_scores,
    read_text_blocks,
    text_block_arrays,
)

OVERRIDE_BELOW = 0.1   # a rule type this improbable ...
OVERRIDE_TOP = 0.3     # ... gives way to a type of its class at least this probable
TEXT_KINDS = ("word", "char")
# the type of each class when nothing better is known (before the layer: every fallback)
GENERIC_TYPE = {1: "AGREE", 2: "COOPERATE", 3: "ACCUSE", 4: "COERCE"}
C_DEFAULT = 16.0       # chosen by crisis-grouped 5-fold CV among 1, 4, 16 (0.675, 0.688, 0.700)


def type_names() -> list[str]:
    from accord.nlp.lexicon import plover

    return list(plover()["types"])


@dataclass
class TypeModel:
    """Linear softmax over TF-IDF blocks of the sentence text and its sentence vector."""

    types: list[str]
    bias: np.ndarray                                     # (n_types,)
    text: list[TextTfidf] = field(default_factory=list)
    w_text: list[np.ndarray] = field(default_factory=list)   # (len(block.idx), n_types)
    w_emb: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))  # (384, n_types)
    meta: dict[str, Any] = field(default_factory=dict)

    def proba(self, texts: Sequence[str], emb: np.ndarray | None = None) -> np.ndarray:
        """P(type) per sentence (rows) over ``types`` (columns); a missing vector counts as
        zero."""
        z = np.tile(self.bias, (len(texts), 1))
        add_text_scores(z, self.text, self.w_text, texts)
        if self.w_emb.size and emb is not None:
            z += emb @ self.w_emb
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def pick(self, probs: np.ndarray, quad: int, exclude: frozenset[str] = frozenset()
             ) -> str | None:
        """The most probable type of the quad files' class ``quad`` (class 0 holds REQUEST
        only), None for a class without types."""
        from accord.nlp.lexicon import label_quad

        cands = [j for j, t in enumerate(self.types)
                 if label_quad(t) == quad and t not in exclude]
        if not cands:
            return None
        return self.types[max(cands, key=lambda j: probs[j])]

    def probability(self, probs: np.ndarray, etype: str) -> float:
        return float(probs[self.types.index(etype)]) if etype in self.types else 0.0

    def save(self, path: str | Path) -> None:
        np.savez_compressed(
            path, bias=self.bias.astype(np.float32), w_emb=self.w_emb.astype(np.float32),
            types=np.array(self.types, dtype="U16"),
            meta=np.array(json.dumps(self.meta, sort_keys=True)),
            **text_block_arrays(self.text, self.w_text))

    @classmethod
    def load(cls, path: str | Path) -> TypeModel:
        with np.load(path, allow_pickle=False) as z:
            m = cls(types=[str(t) for t in z["types"]], bias=z["bias"].astype(np.float64),
                    w_emb=z["w_emb"].astype(np.float64), meta=json.loads(str(z["meta"])))
            m.text, m.w_text = read_text_blocks(z)
        if m.types != type_names():
            raise ValueError(f"{path}: not an accord type model for this PLOVER version")
        return m


# ------------------------------------------------------------------------------ loading
def packaged_path() -> Path:
    return Path(str(resources.files("accord").joinpath("nlp/data/type_model.npz")))


@lru_cache(maxsize=4)
def _load(spec: str) -> TypeModel | None:
    if spec.lower() == "none":
        return None
    p = Path(spec)
    return TypeModel.load(p) if p.is_file() else None


def get_type_model() -> TypeModel | None:
    """The type layer in use ($ACCORD_TYPE_MODEL, else the packaged file), or None."""
    return _load(os.environ.get("ACCORD_TYPE_MODEL") or str(packaged_path()))
